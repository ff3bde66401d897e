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
    from ketamine_cli.models import Bioavailability, DataSet, Finding, Route, SideEffect, Timing

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


def test_iv_lasts_about_20_minutes_read_as_the_acute_effect_of_one_dose(data: DataSet) -> None:
    duration = route(data, "iv").duration
    assert (duration.text, duration.min_minutes, duration.max_minutes) == ("~20 minutes", 20, 20)
    # data-corrections L13: the article does not say which effect; the reading is ours and says so.
    assert duration.describes == "not stated by the article; read here as the acute effect of a single dose"


def test_iv_keeps_both_sides_of_the_articles_contradiction(data: DataSet) -> None:
    iv = route(data, "iv")
    caveats = " ".join(iv.caveats)
    assert "'lasts ~20 minutes'" in caveats
    assert "similar at 4-6 hours with all routes" in caveats
    assert "'may last for a few hours up to a few weeks'" in caveats
    assert iv.lasting_relief is not None
    assert iv.lasting_relief.max_minutes == 12 * WEEKS


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
    assert len(texts) == 3
    assert all("esketamine" in text for text in texts)


def test_iv_relief_for_weeks_says_crps_esketamine_and_week_12_wherever_it_is_shown(data: DataSet) -> None:
    # Issue 8, item 3; data-corrections M20 and L9; sigtermans2009 (S(+)-ketamine), schwartzman2009, orhurhu2019.
    relief = route(data, "iv").lasting_relief
    assert relief is not None
    assert relief.describes is not None
    assert relief.describes.startswith("CRPS only, after multi-day infusions (S(+)-ketamine in one of the two trials)")
    assert "week 12" in relief.describes
    assert "no longer significant by week 12" in relief.text
    assert "across mixed chronic pain, a small effect lasted up to 2 weeks" in relief.text
    assert {"sigtermans2009", "schwartzman2009", "orhurhu2019"} <= set(relief.sources)


def test_the_home_use_claim_stands_only_beside_the_rems_and_the_fda_warnings(data: DataSet) -> None:
    # data-corrections H1: spravato-label, spravato-rems, fda2022, fda2023.
    nasal = route(data, "intranasal")
    assert not any("home" in note for note in nasal.notes)
    [caveat] = [c for c in nasal.caveats if "at home" in c]
    assert caveat.startswith(
        "The article says: 'Off-label, the nasal spray is convenient to use at home to help manage breakthrough pain "
        "flares.' The nasal spray it names, Spravato (esketamine), cannot be used at home"
    )
    for words in ("certified setting", "at least 2 hours", "February 2022", "October 2023", "not FDA-approved"):
        assert words in caveat
    assert {"spravato-rems", "fda2022", "fda2023"} <= set(nasal.sources)
    assert not any("2-4 hours" in text for text in nasal.caveats)  # unverified: not in the label text read


def test_vague_article_words_are_kept_for_intramuscular(data: DataSet) -> None:
    im = route(data, "im")
    assert "slower onset than IV" in im.onset.text
    assert "longer duration of action than IV" in im.duration.text
    assert (im.onset.describes, im.duration.describes) == (
        "anaesthesia, from the Ketalar label; the article gives no figure",
        "anaesthesia after a single dose, from the Ketalar label; the article gives no figure",
    )


@pytest.mark.parametrize("route_id", ["sublingual", "topical", "rectal", "subcutaneous"])
def test_onset_and_duration_the_sources_do_not_state_are_null(data: DataSet, route_id: str) -> None:
    r = route(data, route_id)
    for figure in (r.onset, r.duration):
        assert (figure.text, figure.min_minutes, figure.max_minutes) == ("not stated", None, None)


# Literature figures, checked against ../shared/reference/ketamine-literature.md (sections 1 and 2) and the
# corrections in ../shared/reference/data-corrections.md; each row names where its expected value comes from.


@pytest.mark.parametrize(
    ("route_id", "low", "high", "sources", "secondary"),
    [
        ("iv", 100, 100, ["pharmacotherapy2022"], False),  # sheet 1: by definition
        ("im", 93, 93, ["wikipedia-ketamine", "clements1982"], True),  # sheet 1: secondary; M6
        # sheet 1 and M2: 45% (yanagihara2003), 50% (malinovsky1996), 17/13/11% (pharmacotherapy2022); 8% is oral
        # S-ketamine's (fanta2015), not the nasal route's
        ("intranasal", 11, 50, ["yanagihara2003", "malinovsky1996", "pharmacotherapy2022"], False),
        # sheet 1 and M3: about 20% (yanagihara2003), 24% median (chong2009); 17% is only secondary
        ("oral", 20, 24, ["pierre2023", "yanagihara2003", "chong2009"], False),
        # sheet 1 and M4: 24% (chong2009), 29% (rolan2014), about 30% (yanagihara2003), 32% mean (chong2006)
        ("sublingual", 24, 32, ["chong2009", "rolan2014", "yanagihara2003", "chong2006"], False),
        ("rectal", 25, 30, ["yanagihara2003", "malinovsky1996"], False),  # sheet 1 and M23: 30% and 25%
        ("topical", None, None, ["lynch2005", "pierre2023"], False),  # sheet 1: no figure reported
        ("subcutaneous", None, None, [], False),  # sheet 1 and L7: a gap, not zero
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
    ("route_id", "low", "high", "sources", "secondary"),
    [
        ("iv", 2, 14, ["pharmacotherapy2022", "chong2006"], False),  # sheet 2 and L1: 2 min; 0.24 h
        # sheet 2: secondary only, and its attribution to clements1982 is unverified (so M6's clements1982 is left out)
        ("im", 5, 15, ["wikipedia-ketamine"], True),
        ("intranasal", 14, 23, ["pharmacotherapy2022", "malinovsky1996"], False),  # sheet 2 and L12
        ("oral", 58, 58, ["chong2006"], False),  # sheet 2 and M5: 0.96 h; the 30 minutes is only secondary
        ("sublingual", 15, 60, ["rolan2014", "chong2006"], False),  # sheet 2: 0.75 h, range 0.25-1.0 h
        ("rectal", 42, 42, ["malinovsky1996"], False),  # sheet 2 and M23: the only human figure read
    ],
)
def test_time_to_peak_matches_the_literature_sheet(
    data: DataSet, route_id: str, low: int, high: int, sources: list[str], secondary: bool
) -> None:
    peak = route(data, route_id).time_to_peak
    assert peak is not None
    assert (peak.min_minutes, peak.max_minutes, peak.sources, peak.secondary) == (low, high, sources, secondary)


def test_yanagihara_is_cited_for_no_time_to_peak(data: DataSet) -> None:
    # data-corrections L12: its abstract gives no time to peak.
    assert all(r.time_to_peak is None or "yanagihara2003" not in r.time_to_peak.sources for r in data.routes)


@pytest.mark.parametrize(
    ("condition_id", "words", "substance", "source"),
    [
        # data-corrections M8; noppers2011: 8 versus 3 at 15 minutes, S(+)-ketamine
        (
            "fibromyalgia",
            "more patients had over 50% pain relief at 15 minutes (8 versus 3)",
            "esketamine",
            "noppers2011",
        ),
        # M9; sigtermans2009: S(+)-ketamine, 60 patients
        ("crps", "RCT of S(+)-ketamine (esketamine) (60 patients)", "esketamine", "sigtermans2009"),
        # M21; schwartzman2009: racemic, described in words, no regimen
        ("crps", "a course of daily outpatient infusions", "racemic", "schwartzman2009"),
        # M7; orhurhu2019 is mixed chronic pain, not neuropathic pain alone
        ("chronic-pain", "2 trials in neuropathic, 2 in mixed and 3 in non-neuropathic pain", "racemic", "orhurhu2019"),
        # M11; ferraro2025: the adverse-event risk is intravenous ketamine's, low certainty, read in a summary
        ("chronic-pain", "risk ratio 3.26, 95% CI 1.05-10.09, low certainty", "racemic", "ferraro2025"),
        # M12; lynch2005: 92 patients across four creams
        ("neuropathic-pain", "92 patients were randomised across four creams", "racemic", "lynch2005"),
    ],
)
def test_findings_say_what_the_trials_found_and_on_which_substance(
    data: DataSet, condition_id: str, words: str, substance: str, source: str
) -> None:
    condition = next(c for c in data.conditions if c.id == condition_id)
    [finding] = [f for f in condition.findings if f.sources == [source]]
    assert words in finding.text
    assert finding.substance == substance


def test_orhurhu_is_no_longer_neuropathic_pain_evidence(data: DataSet) -> None:
    # data-corrections M7.
    neuropathic = next(c for c in data.conditions if c.id == "neuropathic-pain")
    assert "orhurhu2019" not in {*neuropathic.sources, *(s for f in neuropathic.findings for s in f.sources)}
    overall = next(c for c in data.conditions if c.id == "chronic-pain")
    assert "iv" in overall.routes


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


def test_every_guideline_rating_is_marked_as_read_in_summaries(data: DataSet) -> None:
    # Literature sheet 4a: the guideline's recommendations were read only in summaries.
    ratings = [item for c in data.conditions for item in c.guideline]
    assert len(ratings) == 8
    assert all(item.secondary for item in ratings)
    assert all("guidelinecentral2018" in c.sources for c in data.conditions if c.guideline)


# Literature sheet 4c: the article is more favourable than the evidence in every condition it names (CRPS included,
# data-corrections M10).
@pytest.mark.parametrize(
    "condition_id", ["neuropathic-pain", "headache", "crps", "back-pain", "cancer-pain", "fibromyalgia", "chronic-pain"]
)
def test_where_the_article_is_more_favourable_the_data_says_so(data: DataSet, condition_id: str) -> None:
    condition = next(c for c in data.conditions if c.id == condition_id)
    assert condition.discrepancy is not None
    assert condition.discrepancy.startswith("The article is more favourable than the evidence")


def test_side_effects_from_the_article_are_all_there(data: DataSet) -> None:
    by_id = {e.id: e for e in data.side_effects}
    mild = {e.id for e in data.side_effects if e.category == "mild"}  # the article's "generally mild" (L11)
    assert mild == {"drowsiness", "confusion", "dizziness", "nausea", "vivid-dreams"}
    assert by_id["dissociation"].category == "anaesthetic-dose"
    assert "schizophrenia" in by_id["psychiatric"].article
    assert "cardiovascular" in by_id["cardiovascular"].article
    assert by_id["cystitis"].category == "long-term"
    assert {e.id for e in data.side_effects if e.category == "opioid-contrast"} == {"breathing", "dependence"}


# Safety: the article's reassurances never stand without the labels' words (data-corrections H2-H4, M1, M15, M16).


def side_effect(data: DataSet, effect_id: str) -> SideEffect:
    return next(e for e in data.side_effects if e.id == effect_id)


@pytest.mark.parametrize(
    ("effect_id", "article", "label_words", "label_sources"),
    [
        (
            "breathing",  # H2: ketalar-label, ketamine-injection-label, spravato-label, spravato-rems, fda2023
            "However, ketamine does not cause the slowed breathing and excessive sedation associated with opioid pain "
            "medicines.",
            ["Respiratory depression is a warning", "profound sedation, respiratory depression, coma, or death"],
            {"ketalar-label", "ketamine-injection-label", "spravato-label", "spravato-rems", "fda2023"},
        ),
        (
            "dependence",  # H3: dea1999, ketamine-injection-label, spravato-label, cohen2018, petersen2022
            "It also has less potential for dependence and abuse when prescribed appropriately under close medical "
            "supervision.",
            ["Schedule III controlled substance in the US since 1999", "boxed warning for abuse and misuse"],
            {"dea1999", "ketamine-injection-label", "spravato-label", "cohen2018", "petersen2022"},
        ),
        (
            "cystitis",  # M1: ketalar-label, bell2017, spravato-label
            "One of the more serious potential side effects of long-term ketamine use is cystitis (bladder "
            "inflammation).",
            ["genitourinary pain", "ulcerative or interstitial cystitis", "'relatively low' has no source here"],
            {"ketalar-label", "bell2017", "spravato-label"},
        ),
        (
            "liver-injury",  # H4: ketalar-label, cotter2021, noppers2011b, cohen2018, bell2017
            "The article does not mention this.",
            ["Drug-Induced Liver Injury warning since August 2020", "3 of 6 developed drug-induced liver injury"],
            {"ketalar-label", "cotter2021", "noppers2011b", "cohen2018", "bell2017"},
        ),
        (
            "psychiatric",  # M15: ketalar-label, spravato-label, cohen2018
            "Rarely, ketamine may worsen underlying psychiatric problems like schizophrenia.",
            ["persisted days to weeks after ketamine exposure", "certain poorly controlled psychoses"],
            {"ketalar-label", "spravato-label", "cohen2018"},
        ),
        (
            "cardiovascular",  # M16: ketalar-label, spravato-label, cohen2018
            "It must be used very cautiously in patients with poorly controlled cardiovascular disease due to its "
            "stimulant effects.",
            ["haemodynamic instability", "raises blood pressure at all recommended doses"],
            {"ketalar-label", "spravato-label", "cohen2018"},
        ),
    ],
)
def test_the_articles_words_stand_beside_the_labels_warnings(
    data: DataSet, effect_id: str, article: str, label_words: list[str], label_sources: set[str]
) -> None:
    effect = side_effect(data, effect_id)
    assert effect.article.startswith(article)
    assert effect.literature is not None
    for words in label_words:
        assert words in effect.literature
    assert label_sources <= set(effect.sources)


# Cautions (issue 8, item 2; literature sheet section 5).

KINDS = {"warning", "contraindication", "interaction", "population", "monitoring", "regulatory"}


def test_the_cautions_a_pharmacist_checks_are_all_there(data: DataSet) -> None:
    texts = {c.id: f"{c.name} {c.text}" for c in data.cautions}
    required = {
        "respiratory-depression": ["profound sedation, respiratory depression, coma, or death"],  # S1.2
        "abuse-misuse-dependence": ["Schedule III", "physical dependence", "tolerance"],  # S2
        "liver-injury": ["Drug-Induced Liver Injury"],  # S3
        "bladder-urinary-toxicity": ["chronic ketamine use for off-label indications"],  # S4.1
        "psychiatric-emergence-reactions": ["emergence reactions"],  # S5
        "blood-pressure": ["about 40 minutes after"],  # S6.4
        "guideline-contraindications": [  # S7
            "poorly controlled cardiovascular disease",
            "poorly controlled psychoses",
            "severe hepatic dysfunction",
            "intracranial or intraocular pressure",
            "active substance misuse",
        ],
        "pregnancy-breastfeeding": ["is not recommended because safe use has not been established", "breastfeed"],
        "interaction-cns-depressants": ["Benzodiazepines"],  # S9.1
        "interaction-theophylline": ["seizure threshold"],  # S9.2
        "interaction-sympathomimetics-vasopressin": ["vital signs"],  # S9.3
        "interaction-cyp3a-cyp2b6": ["CYP3A and CYP2B6", "oral S-ketamine (esketamine)"],  # S9.4-S9.7
        "interaction-esketamine-stimulants-maois": ["psychostimulants", "MAOIs"],  # S9.8
        "regulatory-iv-im": ["only as a general anaesthetic, given intravenously or intramuscularly"],  # S10.1
        "regulatory-intranasal-esketamine": ["for depression only", "at least 2 hours", "next day"],  # S10.2-S10.5
        "regulatory-off-label-pain": ["every use of ketamine or esketamine for chronic pain, by any route"],  # S10.6
        "regulatory-fda-compounded-home-use": ["February 2022", "October 2023", "Home use"],  # S10.7-S10.8
    }
    for caution_id, words in required.items():
        for word in words:
            assert word in texts[caution_id], (caution_id, word)
    assert {c.kind for c in data.cautions} == KINDS


@pytest.mark.parametrize(
    "route_id", ["iv", "im", "intranasal", "oral", "sublingual", "topical", "rectal", "subcutaneous"]
)
def test_every_route_has_its_own_regulatory_status(data: DataSet, route_id: str) -> None:
    own = [c for c in data.cautions if c.kind == "regulatory" and route_id in c.routes]
    assert own, f"no regulatory caution names {route_id}"


def test_the_cyp_interactions_concern_ketamine_by_mouth(data: DataSet) -> None:
    cyp = next(c for c in data.cautions if c.id == "interaction-cyp3a-cyp2b6")
    assert "oral" in cyp.routes
    assert {"peltoniemi2011", "hagelberg2010", "peltoniemi2012", "peltoniemi2016"} <= set(cyp.sources)


# Integrity.

ESKETAMINE_SOURCES = {  # literature sheet, "What each figure describes"
    "sigtermans2009",
    "noppers2011",
    "noppers2011b",
    "fanta2015",
    "peltoniemi2011",
    "peltoniemi2012",
    "hagelberg2010",
    "spravato-label",
}


def figures_and_findings(data: DataSet) -> list[Timing | Bioavailability | Finding]:
    return [
        *(figure for r in data.routes for _, figure in route_figures(r)),
        *(finding for c in data.conditions for finding in c.findings),
    ]


def test_what_only_esketamine_sources_support_says_esketamine(data: DataSet) -> None:
    for item in figures_and_findings(data):
        if item.sources and set(item.sources) <= ESKETAMINE_SOURCES:
            assert item.substance == "esketamine", item.text
        if ESKETAMINE_SOURCES & set(item.sources):
            assert "S(+)-ketamine" in item.text or "esketamine" in item.text, item.text


def test_every_figure_a_secondary_source_gives_is_marked_and_cites_it(data: DataSet) -> None:
    references = {s.id for s in data.sources if s.kind == "reference"}
    for r in data.routes:
        for name, figure in route_figures(r):
            if figure.secondary:
                assert references & set(figure.sources), (r.id, name)
            if "wikipedia-ketamine" in figure.sources:
                assert figure.secondary, (r.id, name)


def test_every_entry_names_a_source(data: DataSet) -> None:
    entries = [*data.routes, *data.conditions, *data.side_effects, *data.cautions, *data.overview]
    assert all(entry.sources for entry in entries)


def test_every_entry_that_cites_the_article_quotes_it_and_every_quote_cites_it(data: DataSet) -> None:
    entries = [*data.routes, *data.conditions, *data.side_effects, *data.cautions, *data.overview]
    for entry in entries:
        assert bool(entry.quotes) == ("pierre2023" in entry.sources), entry.id
    for r in data.routes:
        for name, figure in route_figures(r):
            assert not figure.quotes or "pierre2023" in figure.sources, (r.id, name)


def test_the_overview_quotes_the_articles_own_caution(data: DataSet) -> None:
    # data-corrections M22: the article's own caution, verbatim.
    quotes = [quote for entry in data.overview for quote in entry.quotes]
    assert "Of course, ketamine therapy should be just one part of a comprehensive pain management plan." in quotes
    assert (
        "It does not replace other essential therapies like physical therapy, counseling, proper sleep, nutrition, "
        "exercise, and stress management." in quotes
    )


def test_every_listed_source_is_cited_somewhere(data: DataSet) -> None:
    cited = {
        *(source for r in data.routes for source in r.sources),
        *(source for item in figures_and_findings(data) for source in item.sources),
        *(source for c in data.conditions for source in c.sources),
        *(
            source
            for entry in [*data.side_effects, *data.cautions, *data.overview, *data.glossary]
            for source in entry.sources
        ),
    }
    assert cited == {source.id for source in data.sources}


@pytest.mark.parametrize(
    ("source_id", "doi", "pmid"),
    [
        ("cohen2018", "10.1097/AAP.0000000000000808", None),  # PMID 29870458 unverified (L14)
        ("hardy2012", "10.1200/JCO.2012.42.1081", "22965960"),
        ("ferraro2025", None, "40819842"),  # the review's DOI suffix unverified (M13)
        ("lynch2005", "10.1097/00000542-200507000-00021", "15983466"),  # M12
        ("sigtermans2009", "10.1016/j.pain.2009.06.023", None),  # PMID 19604642 unverified (L14)
        ("orhurhu2019", "10.1213/ANE.0000000000004185", "31082965"),  # L14
        ("chong2009", "10.2165/00044011-200929050-00004", "19366273"),  # M14
        ("jantzen1985", None, "4037284"),  # L14
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


MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


def test_a_toml_1_1_file_reads_as_on_python_3_15(tmp_path: Path) -> None:
    # TOML 1.1 lets an inline table run over lines, with a trailing comma; Python's tomllib reads it from 3.15.
    spread = MINIMAL.read_text().replace('[routes.duration]\ntext = "not stated"\n\n', "")
    spread = spread.replace('notes = ["A note."]\n', 'notes = ["A note."]\nduration = {\n  text = "not stated",\n}\n')
    assert "[routes.duration]" not in spread
    file = tmp_path / "spread.toml"
    file.write_text(spread)
    assert load_dataset(file).routes[0].duration.text == "not stated"


def test_an_escape_toml_1_1_allows_still_meets_the_plain_text_rule(tmp_path: Path) -> None:
    bad = tmp_path / "escape.toml"
    bad.write_text(MINIMAL.read_text().replace('notes = ["A note."]', 'notes = ["A \\e[31mred\\e[0m note."]'))
    with pytest.raises(DataFileError) as caught:
        load_dataset(bad)
    assert caught.value.problems == [
        "routes[0].notes[0]: contains the control character U+001B; text must be plain and on one line"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(DataFileError) as caught:
        load_dataset(bad)
    assert str(caught.value) == f"{bad}: not UTF-8 text (line 1, column 12: byte 0xe9)\nSave the file as UTF-8 text."


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


@pytest.mark.parametrize(
    ("source_id", "title", "venue"),
    [
        # data-corrections M13: the Cochrane review's own title
        (
            "ferraro2025",
            "Ketamine and other NMDA receptor antagonists for chronic pain",
            "Cochrane Database Syst Rev 2025, CD015373",
        ),
        # M12: the randomised trial's title, not the open-label paper's
        (
            "lynch2005",
            "Topical 2% amitriptyline and 1% ketamine in neuropathic pain syndromes: a randomized, double-blind, "
            "placebo-controlled trial",
            "Anesthesiology 2005;103(1):140-146",
        ),
    ],
)
def test_titles_match_the_bibliography(data: DataSet, source_id: str, title: str, venue: str) -> None:
    source = next(s for s in data.sources if s.id == source_id)
    assert (source.title, source.venue) == (title, venue)
