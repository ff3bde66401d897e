"""The models reject every malformed entry, and say where the problem is."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ketamine_cli.data import validation_problems
from ketamine_cli.models import DataSet

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


def test_condition_must_name_known_routes() -> None:
    document = copy.deepcopy(MINIMAL)
    document["conditions"] = [
        {"id": "crps", "name": "CRPS", "article_claim": "Helps.", "routes": ["iv"], "sources": ["article"]}
    ]
    assert problems_of(document) == ["conditions[0].routes[0]: unknown route id 'iv'"]


@pytest.mark.parametrize("text", ["0.5 mg/kg over 40 minutes", "give 50 mg", "10 mcg", "2 mg per kg"])
def test_text_that_gives_a_dose_is_rejected(text: str) -> None:
    problems = problems_of(edited(notes=[text]))
    assert len(problems) == 1
    assert problems[0].startswith("routes[0].notes[0]: gives a dose")


@pytest.mark.parametrize("text", ["93%", "a 1% cream", "12-25 minutes", "n=92", "0.24 h"])
def test_figures_that_are_not_doses_are_accepted(text: str) -> None:
    DataSet.model_validate(edited(notes=[text]))


def test_control_characters_are_rejected() -> None:
    assert problems_of(edited(name="Oral\x1b[31m")) == [
        "routes[0].name: contains the control character U+001B; text must be plain and on one line"
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
    finding = {"text": "A trial.", "sources": ["article"], "substance": "esketamine"}
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
