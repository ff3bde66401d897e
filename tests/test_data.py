"""The shipped data says what its sources say, cites them, and gives no doses; bad files fail clearly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ketamine_cli.data import embedded_data_path, load_dataset
from ketamine_cli.errors import DataFileError
from ketamine_cli.fields import route_figures

if TYPE_CHECKING:
    from ketamine_cli.models import DataSet, Route

HOURS = 60
WEEKS = 7 * 24 * 60


def route(data: DataSet, route_id: str) -> Route:
    return next(r for r in data.routes if r.id == route_id)


# Fidelity to the article (../shared/sources/): its words in `text`, its numbers in the bounds.


def test_iv_takes_effect_within_1_minute(data: DataSet) -> None:
    onset = route(data, "iv").onset
    assert (onset.text, onset.min_minutes, onset.max_minutes, onset.sources) == (
        "within 1 minute",
        0,
        1,
        ["pierre2023"],
    )


def test_iv_lasts_about_20_minutes_as_the_acute_effect_of_one_dose(data: DataSet) -> None:
    duration = route(data, "iv").duration
    assert (duration.text, duration.min_minutes, duration.max_minutes) == ("~20 minutes", 20, 20)
    assert duration.describes == "the acute effect of a single dose"


def test_iv_keeps_both_sides_of_the_articles_contradiction(data: DataSet) -> None:
    iv = route(data, "iv")
    caveats = " ".join(iv.caveats)
    assert "'lasts ~20 minutes'" in caveats
    assert "similar at 4-6 hours with all routes" in caveats
    assert "'may last for a few hours up to a few weeks'" in caveats
    assert iv.lasting_relief is not None
    assert iv.lasting_relief.max_minutes == 12 * WEEKS
    assert iv.lasting_relief.describes == "pain relief after a course of infusions, not the effect of one dose"


def test_oral_starts_in_30_to_45_minutes_and_lasts_4_to_6_hours(data: DataSet) -> None:
    oral = route(data, "oral")
    assert (oral.onset.text, oral.onset.min_minutes, oral.onset.max_minutes) == ("30-45 minutes", 30, 45)
    assert (oral.duration.text, oral.duration.min_minutes, oral.duration.max_minutes) == ("4-6 hours", 240, 360)


def test_intranasal_starts_in_about_15_minutes_and_lasts_4_to_6_hours(data: DataSet) -> None:
    nasal = route(data, "intranasal")
    assert (nasal.onset.min_minutes, nasal.onset.max_minutes) == (15, 15)
    assert "15 minutes" in nasal.onset.text
    assert (nasal.duration.min_minutes, nasal.duration.max_minutes) == (4 * HOURS, 6 * HOURS)


def test_spravato_is_named_as_esketamine_wherever_it_appears(data: DataSet) -> None:
    texts = [text for r in data.routes for text in (*r.notes, *r.caveats) if "Spravato" in text]
    assert texts
    assert all("esketamine" in text and "not racemic ketamine" in text for text in texts)


def test_vague_article_words_are_kept_for_intramuscular(data: DataSet) -> None:
    im = route(data, "im")
    assert "slower onset than IV" in im.onset.text
    assert "longer duration of action than IV" in im.duration.text
    assert (im.onset.describes, im.duration.describes) == (
        "anaesthetic use, from the Ketalar label",
        "anaesthesia after a single dose, from the Ketalar label",
    )


@pytest.mark.parametrize("route_id", ["sublingual", "topical", "rectal", "subcutaneous"])
def test_onset_and_duration_the_sources_do_not_state_are_null(data: DataSet, route_id: str) -> None:
    r = route(data, route_id)
    for figure in (r.onset, r.duration):
        assert (figure.text, figure.min_minutes, figure.max_minutes) == ("not stated", None, None)


# Literature figures, checked against ../shared/reference/ketamine-literature.md.


@pytest.mark.parametrize(
    ("route_id", "low", "high", "sources", "secondary"),
    [
        ("iv", 100, 100, ["pharmacotherapy2022"], False),
        ("im", 93, 93, ["clements1982"], True),
        ("intranasal", 8, 50, ["yanagihara2003", "malinovsky1996", "pharmacotherapy2022"], False),
        ("oral", 17, 24, ["pierre2023", "yanagihara2003", "chong2006"], False),
        ("sublingual", 29, 32, ["rolan2014", "chong2006", "yanagihara2003"], False),
        ("rectal", 25, 30, ["yanagihara2003", "malinovsky1996"], False),
        ("topical", None, None, ["lynch2005", "pierre2023"], False),
        ("subcutaneous", None, None, [], False),
    ],
)
def test_bioavailability_matches_the_literature_sheet(
    data: DataSet, route_id: str, low: int | None, high: int | None, sources: list[str], secondary: bool
) -> None:
    figure = route(data, route_id).bioavailability
    assert (figure.min_percent, figure.max_percent, figure.sources, figure.secondary) == (
        low,
        high,
        sources,
        secondary,
    )


@pytest.mark.parametrize(
    ("route_id", "low", "high"),
    [("iv", 2, 2), ("im", 5, 15), ("intranasal", 14, 23), ("sublingual", 15, 60), ("rectal", 40, 45)],
)
def test_time_to_peak_matches_the_literature_sheet(data: DataSet, route_id: str, low: int, high: int) -> None:
    peak = route(data, route_id).time_to_peak
    assert peak is not None
    assert (peak.min_minutes, peak.max_minutes) == (low, high)


def test_intramuscular_label_figures_are_the_ketalar_anaesthetic_ones(data: DataSet) -> None:
    im = route(data, "im")
    assert (im.onset.min_minutes, im.onset.max_minutes) == (0, 4)
    assert (im.duration.min_minutes, im.duration.max_minutes) == (12, 25)
    assert "ketalar-label" in im.onset.sources


def test_conditions_from_the_article_are_all_there_with_their_aliases(data: DataSet) -> None:
    ids = {c.id: c for c in data.conditions}
    assert set(ids) >= {"neuropathic-pain", "headache", "crps", "back-pain", "cancer-pain", "fibromyalgia"}
    assert {"migraine", "cluster headache"} <= set(ids["headache"].aliases)
    assert "Over 70% of CRPS patients" in ids["crps"].article_claim
    assert "up to 3 months" in ids["crps"].article_claim


@pytest.mark.parametrize(
    ("condition_id", "rating"),
    [("crps", "moderate"), ("fibromyalgia", "weak or none"), ("cancer-pain", "weak or none")],
)
def test_guideline_ratings_match_the_sheet(data: DataSet, condition_id: str, rating: str) -> None:
    condition = next(c for c in data.conditions if c.id == condition_id)
    assert condition.guideline[0].rating == rating
    assert "cohen2018" in condition.sources


@pytest.mark.parametrize("condition_id", ["cancer-pain", "fibromyalgia", "back-pain", "headache"])
def test_where_the_article_is_more_favourable_the_data_says_so(data: DataSet, condition_id: str) -> None:
    condition = next(c for c in data.conditions if c.id == condition_id)
    assert condition.discrepancy is not None
    assert condition.discrepancy.startswith("The article is more favourable than the evidence")


def test_side_effects_from_the_article_are_all_there(data: DataSet) -> None:
    by_id = {e.id: e for e in data.side_effects}
    common = {e.id for e in data.side_effects if e.category == "common"}
    assert common == {"drowsiness", "confusion", "dizziness", "nausea", "vivid-dreams"}
    assert by_id["dissociation"].category == "anaesthetic-dose"
    assert "schizophrenia" in by_id["psychiatric"].article
    assert "cardiovascular" in by_id["cardiovascular"].article
    assert by_id["cystitis"].category == "long-term"
    assert {e.id for e in data.side_effects if e.category == "opioid-contrast"} == {"breathing", "dependence"}


# Integrity.


def test_every_entry_names_a_source(data: DataSet) -> None:
    entries = [*data.routes, *data.conditions, *data.side_effects]
    assert all(entry.sources for entry in entries)


def test_every_listed_source_is_cited_somewhere(data: DataSet) -> None:
    cited = {
        *(source for r in data.routes for source in r.sources),
        *(source for r in data.routes for _, figure in route_figures(r) for source in figure.sources),
        *(source for c in data.conditions for source in c.sources),
        *(source for c in data.conditions for finding in c.findings for source in finding.sources),
        *(source for e in data.side_effects for source in e.sources),
    }
    assert cited == {source.id for source in data.sources}


@pytest.mark.parametrize(
    ("source_id", "doi", "pmid"),
    [
        ("cohen2018", "10.1097/AAP.0000000000000808", None),
        ("hardy2012", "10.1200/JCO.2012.42.1081", "22965960"),
        ("ferraro2025", None, "40819842"),
    ],
)
def test_identifiers_match_the_bibliography(data: DataSet, source_id: str, doi: str | None, pmid: str | None) -> None:
    source = next(s for s in data.sources if s.id == source_id)
    assert (source.doi, source.pmid) == (doi, pmid)


def test_the_data_file_states_no_doses() -> None:
    text = embedded_data_path().read_text()
    assert re.findall(r"\d\s*(?:mg|mcg|µg|ml)\b|mg/kg|/kg\b|per kilogram", text, re.IGNORECASE) == []


# Loading files.


def test_embedded_data_is_found() -> None:
    path = embedded_data_path()
    assert path.is_file()
    assert path.name == "routes.toml"


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(DataFileError) as caught:
        load_dataset(missing)
    assert str(caught.value) == (
        f"{missing}: cannot read the file: No such file or directory\n"
        "Check the path given with --data or KETAMINE_DATA."
    )
    assert caught.value.exit_code == 1


def test_bad_toml_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[routes]]\nid = "oral\n')
    with pytest.raises(DataFileError) as caught:
        load_dataset(bad)
    assert caught.value.problems == ["not valid TOML: Illegal character '\\n' (at line 2, column 11)"]


def test_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(DataFileError) as caught:
        load_dataset(bad)
    assert str(caught.value) == f"{bad}: not UTF-8 text (byte 11)\nSave the file as UTF-8 text."


def test_model_problems_are_listed_one_per_line_with_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    minimal = (Path(__file__).parent / "data" / "minimal.toml").read_text()
    bad.write_text(minimal.replace("min_minutes = 30", "min_minutes = 60").replace('["po"]', '["po", 7]'))
    with pytest.raises(DataFileError) as caught:
        load_dataset(bad)
    assert caught.value.problems == [
        "routes[0].aliases[1]: Input should be a valid string",
        "routes[0].onset: min_minutes must be <= max_minutes",
    ]
