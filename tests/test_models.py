"""The models reject every malformed entry, and say where the problem is."""

from __future__ import annotations

import copy
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ketamine_cli.data import validation_problems
from ketamine_cli.fields import name_key
from ketamine_cli.models import TEN_YEARS_IN_MINUTES, DataSet
from ketamine_cli.timeline import layout_row
from ketamine_cli.views import format_minutes, format_percent

MINIMAL = tomllib.loads((Path(__file__).parent / "data" / "minimal.toml").read_text())


def problems_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        DataSet.model_validate(document)
    return validation_problems(caught.value)


def edited(**changes: Any) -> dict[str, Any]:
    """The minimal document with fields of its first route replaced (dotted names reach into figures)."""
    document = copy.deepcopy(MINIMAL)
    for dotted, value in changes.items():
        target = document["routes"][0]
        *parents, field = dotted.split("__")
        for parent in parents:
            target = target[parent]
        target[field] = value
    return document


def test_minimal_document_is_valid() -> None:
    data = DataSet.model_validate(MINIMAL)
    assert data.routes[0].onset.min_minutes == 30
    assert data.routes[0].duration.min_minutes is None


def test_unknown_key_is_rejected_with_its_path() -> None:
    assert problems_of(edited(onset__typo=1)) == ["routes[0].onset.typo: Extra inputs are not permitted"]


def test_min_above_max_is_rejected() -> None:
    assert problems_of(edited(onset__min_minutes=50)) == ["routes[0].onset: min_minutes must be <= max_minutes"]


def test_negative_minutes_are_rejected() -> None:
    assert problems_of(edited(onset__min_minutes=-1)) == [
        "routes[0].onset.min_minutes: Input should be greater than or equal to 0"
    ]


def test_percent_above_100_is_rejected() -> None:
    document = edited(bioavailability={"text": "x", "max_percent": 120, "sources": ["article"]})
    assert problems_of(document) == ["routes[0].bioavailability.max_percent: Input should be less than or equal to 100"]


@pytest.mark.parametrize(("field", "value"), [("max_minutes", 10**400), ("max_minutes", 1e308), ("min_minutes", 1e308)])
def test_minutes_beyond_ten_years_are_rejected_with_their_place(field: str, value: float) -> None:
    assert problems_of(edited(**{f"onset__{field}": value})) == [
        f"routes[0].onset.{field}: Input should be less than or equal to {TEN_YEARS_IN_MINUTES}"
    ]


def test_the_largest_figures_that_pass_can_be_drawn_and_shown() -> None:
    most = {
        "text": "x",
        "min_minutes": TEN_YEARS_IN_MINUTES,
        "max_minutes": TEN_YEARS_IN_MINUTES,
        "sources": ["article"],
    }
    document = edited(onset=most, duration=most | {"min_minutes": float(TEN_YEARS_IN_MINUTES)}, lasting_relief=most)
    route = DataSet.model_validate(document).routes[0]
    assert layout_row(route, 60).spans[-1].end == 59
    assert format_minutes(route.duration.min_minutes, route.duration.max_minutes) == "521.4 wk"
    assert format_percent(0, 100) == "0-100%"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("onset__max_minutes", math.nan),
        ("onset__max_minutes", math.inf),
        ("onset__min_minutes", -math.inf),
        ("bioavailability__max_percent", math.nan),
        ("bioavailability__min_percent", math.inf),
    ],
)
def test_nan_and_infinity_are_not_numbers(field: str, value: float) -> None:
    document = edited(bioavailability={"text": "x", "sources": ["article"]}, **{field: value})
    assert problems_of(document) == [f"routes[0].{field.replace('__', '.')}: must be a number, not {value}"]


def test_negative_zero_is_stored_as_zero_and_an_int_stays_an_int() -> None:
    document = edited(
        onset__min_minutes=-0.0, bioavailability={"text": "x", "min_percent": -0.0, "sources": ["article"]}
    )
    route = DataSet.model_validate(document).routes[0]
    assert math.copysign(1, route.onset.min_minutes or 0) == 1
    assert math.copysign(1, route.bioavailability.min_percent or 0) == 1
    dumped = json.loads(route.model_dump_json())
    assert (dumped["onset"]["min_minutes"], dumped["onset"]["max_minutes"]) == (0, 45)
    assert type(dumped["onset"]["max_minutes"]) is int
    assert '"min_minutes":-' not in route.model_dump_json()
    assert format_minutes(route.onset.min_minutes, route.onset.max_minutes) == "0-45 min"


def test_a_year_written_as_a_string_is_rejected() -> None:
    document = copy.deepcopy(MINIMAL)
    document["sources"][0]["year"] = "2023"
    assert problems_of(document) == ["sources[0].year: Input should be a valid integer"]
    document["sources"][0]["year"] = 2023
    assert DataSet.model_validate(document).sources[0].year == 2023


def test_true_is_not_a_number_of_minutes() -> None:
    problems = problems_of(edited(onset__max_minutes=True))
    assert all(p.startswith("routes[0].onset.max_minutes") for p in problems), problems


def test_a_number_needs_a_source() -> None:
    assert problems_of(edited(onset__sources=[])) == [
        "routes[0].onset: a number needs at least one source id in 'sources'"
    ]


def test_unknown_source_id_is_named_with_its_place() -> None:
    assert problems_of(edited(onset__sources=["nobody2020"])) == [
        "routes[0].onset.sources[0]: unknown source id 'nobody2020'"
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = problems_of(edited(sources=["ghost"], onset__sources=["phantom"]))
    assert problems == [
        "routes[0].sources[0]: unknown source id 'ghost'",
        "routes[0].onset.sources[0]: unknown source id 'phantom'",
    ]


def test_broken_references_are_reported_beside_field_problems() -> None:
    assert problems_of(edited(onset__min_minutes=-1, sources=["ghost"])) == [
        "routes[0].onset.min_minutes: Input should be greater than or equal to 0",
        "routes[0].sources[0]: unknown source id 'ghost'",
    ]


def test_an_id_of_the_wrong_type_is_reported_not_a_crash() -> None:
    assert problems_of(edited(id=["oral"])) == ["routes[0].id: Input should be a valid string"]


def test_bidirectional_controls_are_rejected() -> None:
    assert problems_of(edited(name="Oral\u202e")) == [
        "routes[0].name: contains the control character U+202E; text must be plain and on one line"
    ]


def test_duplicate_route_ids_are_rejected() -> None:
    document = copy.deepcopy(MINIMAL)
    document["routes"].append(copy.deepcopy(document["routes"][0]))
    assert problems_of(document) == [
        "routes[1].id: 'oral' is already used by routes[0] ('oral')",
        "routes[1].name: 'Oral' is already used by routes[0] ('oral')",
        "routes[1].aliases[0]: 'po' is already used by routes[0] ('oral')",
    ]


def test_an_alias_may_not_name_two_routes() -> None:
    document = copy.deepcopy(MINIMAL)
    other = copy.deepcopy(document["routes"][0]) | {"id": "iv", "name": "Intravenous", "aliases": ["PO"]}
    document["routes"].append(other)
    assert problems_of(document) == ["routes[1].aliases[0]: 'PO' is already used by routes[0] ('oral')"]


def second_route(name: str) -> dict[str, Any]:
    """The minimal document whose route is 'Intravenous' ('iv'), with a second route of this name."""
    document = copy.deepcopy(MINIMAL)
    document["routes"][0] |= {"id": "iv", "name": "Intravenous", "aliases": []}
    document["routes"].append(copy.deepcopy(document["routes"][0]) | {"id": "iv-2", "name": name})
    return document


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Intravenous", "'Intravenous' is already used by routes[0] ('iv')"),
        ("INTRAVENOUS", "'INTRAVENOUS' is already used by routes[0] ('iv')"),
        (
            "\uff29\uff4e\uff54\uff52\uff41\uff56\uff45\uff4e\uff4f\uff55\uff53",
            "'\uff29\uff4e\uff54\uff52\uff41\uff56\uff45\uff4e\uff4f\uff55\uff53' is already used by routes[0] ('iv')",
        ),
        ("Intra\u200bvenous", "contains the format character U+200B; text must be plain and on one line"),
        ("Intr\u0430venous", "mixes Latin and Cyrillic letters in one word ('Intr\u0430venous')"),
    ],
)
def test_a_name_that_looks_like_another_is_rejected(name: str, problem: str) -> None:
    assert problems_of(second_route(name)) == [f"routes[1].name: {problem}"]


@pytest.mark.parametrize(
    ("alias", "problem"),
    [
        ("\u0432\u0435\u043da vein", "mixes Cyrillic and Latin letters in one word ('\u0432\u0435\u043da')"),
        ("\u03b2-blocker", "mixes Greek and Latin letters in one word ('\u03b2-blocker')"),
    ],
)
def test_a_word_of_a_name_or_alias_may_not_mix_scripts(alias: str, problem: str) -> None:
    assert problems_of(edited(aliases=[alias])) == [f"routes[0].aliases[0]: {problem}"]


@pytest.mark.parametrize(
    "alias",
    [
        "\u9759\u8108\u5185\u6295\u4e0e",  # kanji
        "\u3051\u3044\u3053\u3046 \u30bf\u30d6\u30ec\u30c3\u30c8\u306e\u670d\u7528",  # katakana, hiragana, kanji
        "\u043f\u0435\u0440\u043e\u0440\u0430\u043b\u044c\u043d\u043e",  # Cyrillic alone
        "Cafe\u0301 route 2",  # a combining mark and a digit
        "\uff42\uff59 \uff4d\uff4f\uff55\uff54\uff48",  # full-width Latin
    ],
)
def test_a_name_in_one_script_per_word_passes(alias: str) -> None:
    assert DataSet.model_validate(edited(aliases=[alias])).routes[0].aliases == [alias]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("IV", "iv"),
        ("\uff29\uff36", "iv"),  # full-width
        ("\ufb01bro", "fibro"),  # the "fi" ligature
        ("Stra\u00dfe", "strasse"),
        ("  padded  ", "padded"),
        ("\u2160", "i"),  # the Roman numeral one
        ("Intr\u0430venous", "intr\u0430venous"),  # a Cyrillic letter stays Cyrillic: the script rule catches it
    ],
)
def test_names_are_compared_after_nfkc_and_case_folding(name: str, key: str) -> None:
    assert name_key(name) == key


def test_condition_must_name_known_routes() -> None:
    document = copy.deepcopy(MINIMAL)
    document["conditions"] = [
        {"id": "crps", "name": "CRPS", "article_claim": "Helps.", "routes": ["iv"], "sources": ["article"]}
    ]
    assert problems_of(document) == ["conditions[0].routes[0]: unknown route id 'iv'"]


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        ("0.5 mg/kg over 40 minutes", "0.5 mg"),
        ("give 50 mg", "50 mg"),
        ("10 mcg", "10 mcg"),
        ("2 mg per kg", "2 mg"),
        ("25 micrograms", "25 micrograms"),
        ("10 milliliters", "10 milliliters"),
        ("0.5 milligrams/kilogram", "0.5 milligrams"),
        ("titrated per kilogram", "per kilogram"),
        ("5 mgs", "5 mgs"),
        ("2 \uff4d\uff47 (full-width)", "2 \uff4d\uff47"),
        ("5 \u338e (one sign for mg)", "5 \u338e"),
        ("1 gram", "1 gram"),
        ("1 cc", "1 cc"),
        ("two milligrams", "two milligrams"),
        ("Twenty-five micrograms", "Twenty-five micrograms"),
        ("half a gram", "half a gram"),
        ("a quarter of a gram", "quarter of a gram"),
        ("1 litre", "1 litre"),
        ("100 international units", "100 international units"),
        ("5 units", "5 units"),
        ("a 5-mg tablet", "5-mg"),
        ("take a milligram", "a milligram"),
        ("1 dl", "1 dl"),
        ("1 cm3", "1 cm3"),
        ("1 cm\u00b3", "1 cm\u00b3"),
        ("1 oz", "1 oz"),
        ("1 ounce", "1 ounce"),
        ("a teaspoon", "a teaspoon"),
        ("1 mmol", "1 mmol"),
        ("5 milli-grams", "5 milli-grams"),
    ],
)
def test_text_that_gives_a_dose_is_rejected(text: str, dose: str) -> None:
    assert problems_of(edited(notes=[text])) == [
        f"routes[0].notes[0]: gives a dose ('{dose}'); this data never states doses"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "93%",
        "a 1% cream",
        "12-25 minutes",
        "n=92",
        "0.24 h",
        "40 minutes",
        "programme",
        "a diagram",
        "Schedule III",
        "CIII",
        "(esketamine)",
        "the half-life",
        "an intensive care unit",
        "one of the units",
        "a third of patients",
        "70 kg adults",
        "per kilometre",
        "someone gets",
    ],
)
def test_figures_that_are_not_doses_are_accepted(text: str) -> None:
    DataSet.model_validate(edited(notes=[text]))


@pytest.mark.parametrize("title", ["Intranasal 1% ketamine for migraine", "Ketamine 25 mg nasal spray: a trial"])
def test_a_title_is_cited_as_published_even_where_it_names_an_amount(title: str) -> None:
    document = copy.deepcopy(MINIMAL)
    document["sources"][0]["title"] = title
    assert DataSet.model_validate(document).sources[0].title == title
    document["sources"][0]["note"] = "Gives 25 mg."
    assert problems_of(document) == ["sources[0].note: gives a dose ('25 mg'); this data never states doses"]


def test_control_characters_are_rejected() -> None:
    assert problems_of(edited(name="Oral\x1b[31m")) == [
        "routes[0].name: contains the control character U+001B; text must be plain and on one line"
    ]


@pytest.mark.parametrize(
    ("character", "kind"),
    [
        ("\u200b", "format character"),
        ("\u00ad", "format character"),
        ("\ufeff", "format character"),
        ("\u2028", "line separator"),
        ("\u2029", "paragraph separator"),
    ],
)
def test_format_characters_and_line_separators_are_rejected(character: str, kind: str) -> None:
    code = f"{ord(character):04X}"
    assert problems_of(edited(notes=[f"A{character}note."])) == [
        f"routes[0].notes[0]: contains the {kind} U+{code}; text must be plain and on one line"
    ]


def test_a_source_title_doi_and_url_are_plain_text_too() -> None:
    document = copy.deepcopy(MINIMAL)
    document["sources"][0] |= {
        "title": "An\u200b article",
        "doi": "10.1000/abc\u200b",
        "url": "https://example.org/\u2060",
        "pmid": "\u0661\u0662\u0663",
    }
    assert problems_of(document) == [
        "sources[0].title: contains the format character U+200B; text must be plain and on one line",
        "sources[0].doi: contains the format character U+200B; text must be plain and on one line",
        "sources[0].pmid: String should match pattern '^[0-9]{1,9}$'",
        "sources[0].url: contains the format character U+2060; text must be plain and on one line",
    ]


def test_source_needs_a_title_or_venue() -> None:
    document = copy.deepcopy(MINIMAL)
    document["sources"][0] = {"id": "article", "kind": "article"}
    assert problems_of(document) == ["sources[0]: a source needs a title or a venue"]


def with_collections(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    document = copy.deepcopy(MINIMAL)
    document.update(collections)
    return document


CAUTION = {
    "id": "sedation",
    "kind": "warning",
    "name": "Sedation",
    "text": "Concomitant use may result in profound sedation (a label).",
    "routes": ["oral"],
    "substance": "racemic",
    "sources": ["article"],
}
OVERVIEW = {"id": "origin", "topic": "Origin", "quotes": ["An anaesthetic."], "sources": ["article"]}


def test_a_caution_and_an_overview_entry_load_with_their_defaults() -> None:
    data = DataSet.model_validate(with_collections(cautions=[CAUTION], overview=[OVERVIEW]))
    assert data.cautions[0].model_dump(mode="json") == CAUTION | {"secondary": False, "quotes": []}
    assert data.overview[0].model_dump(mode="json") == OVERVIEW | {"literature": None}


def test_a_caution_must_name_known_routes_and_sources_and_a_known_kind() -> None:
    caution = CAUTION | {"kind": "advice", "routes": ["iv"], "sources": ["ghost"]}
    assert problems_of(with_collections(cautions=[caution])) == [
        "cautions[0].kind: Input should be 'warning', 'contraindication', 'interaction', 'population', "
        "'monitoring' or 'regulatory'",
        "cautions[0].sources[0]: unknown source id 'ghost'",
        "cautions[0].routes[0]: unknown route id 'iv'",
    ]


def test_a_caution_says_which_substance_it_concerns() -> None:
    caution = {key: value for key, value in CAUTION.items() if key != "substance"}
    assert problems_of(with_collections(cautions=[caution, CAUTION | {"id": "b", "substance": "arketamine"}])) == [
        "cautions[0].substance: Field required",
        "cautions[1].substance: Input should be 'racemic', 'esketamine' or 'both'",
    ]


def test_an_overview_entry_needs_the_articles_words_and_a_source() -> None:
    assert problems_of(with_collections(overview=[OVERVIEW | {"quotes": [], "sources": []}])) == [
        "overview[0].quotes: List should have at least 1 item after validation, not 0",
        "overview[0].sources: List should have at least 1 item after validation, not 0",
    ]


def test_caution_and_overview_ids_are_unique_within_their_collection() -> None:
    document = with_collections(cautions=[CAUTION, CAUTION], overview=[OVERVIEW, OVERVIEW])
    assert problems_of(document) == [
        "cautions[1].id: 'sedation' is already used by cautions[0] ('sedation')",
        "overview[1].id: 'origin' is already used by overview[0] ('origin')",
    ]


def test_a_figure_or_finding_is_racemic_unless_it_says_esketamine() -> None:
    finding = {"text": "A trial.", "design": "randomised trial", "sources": ["article"], "substance": "esketamine"}
    condition = {"id": "crps", "name": "CRPS", "article_claim": "Helps.", "findings": [finding], "sources": ["article"]}
    data = DataSet.model_validate(with_collections(conditions=[condition]))
    assert (data.routes[0].onset.substance, data.conditions[0].findings[0].substance) == ("racemic", "esketamine")
    assert problems_of(edited(onset__substance="ketamine")) == [
        "routes[0].onset.substance: Input should be 'racemic' or 'esketamine'"
    ]


def test_quotes_are_text_like_any_other() -> None:
    assert problems_of(edited(quotes=["fine", "give 50 mg"])) == [
        "routes[0].quotes[1]: gives a dose ('50 mg'); this data never states doses"
    ]


def test_an_id_listed_twice_in_one_list_is_rejected() -> None:
    document = with_collections(cautions=[CAUTION | {"routes": ["oral", "oral"], "sources": ["article", "article"]}])
    assert problems_of(document) == [
        "cautions[0].sources[1]: 'article' is listed twice",
        "cautions[0].routes[1]: 'oral' is listed twice",
    ]


def test_quotes_need_a_source_of_kind_article() -> None:
    document = edited(quotes=["The article's words."], onset__quotes=["More of them."])
    document["sources"][0]["kind"] = "trial"
    document["overview"] = [OVERVIEW]
    assert problems_of(document) == [
        "routes[0].quotes: quotes the article but cites no source of kind 'article'",
        "routes[0].onset.quotes: quotes the article but cites no source of kind 'article'",
        "overview[0].quotes: quotes the article but cites no source of kind 'article'",
    ]
    document["sources"][0]["kind"] = "article"
    DataSet.model_validate(document)


@pytest.mark.parametrize(
    ("character", "code"),
    [("\u034f", "034F"), ("\ufe0f", "FE0F"), ("\U000e0100", "E0100"), ("\u2800", "2800"), ("\u3164", "3164")],
)
def test_invisible_characters_are_rejected_in_names(character: str, code: str) -> None:
    assert problems_of(edited(name=f"Or{character}al")) == [
        f"routes[0].name: contains the invisible character U+{code}; text must be plain and on one line"
    ]
