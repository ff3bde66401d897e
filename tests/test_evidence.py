"""Evidence you can weigh: a summary of findings per condition, ratings with their meaning, a glossary (issue 12)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest
from helpers import markdown_lines, sections, table_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet, Finding

    Run = Callable[..., Result]

TERMS = [
    "bioavailability", "first-pass metabolism", "onset", "duration", "time to peak", "half-life", "racemic",
    "esketamine", "nmda receptor", "central sensitisation", "neuropathic pain", "crps", "randomised controlled trial",
    "meta-analysis", "nnt", "nnh", "confidence interval", "grade", "off-label", "compounded medicine", "rems",
    "schedule iii",
]  # fmt: skip


def finding(data: DataSet, source: str) -> Finding:
    return next(f for c in data.conditions for f in c.findings if f.sources == [source])


def test_every_finding_has_a_design_and_sources(data: DataSet) -> None:
    findings = [f for c in data.conditions for f in c.findings]
    assert len(findings) >= 10
    assert all(f.design and f.sources for f in findings)


def test_the_key_trials_match_the_literature_sheet(data: DataSet) -> None:
    # Sheet 4b: sigtermans2009, S(+)-ketamine, 60 patients, significance lost by week 12.
    sigtermans = finding(data, "sigtermans2009")
    assert (sigtermans.design, sigtermans.participants, sigtermans.substance) == ("randomised trial", 60, "esketamine")
    assert "12" in (sigtermans.result or "") + (sigtermans.follow_up or "")
    # Sheet 4b: hardy2012, 185 patients, number needed to treat 25, to harm 6.
    hardy = finding(data, "hardy2012")
    assert (hardy.design, hardy.participants) == ("randomised trial", 185)
    assert "25" in (hardy.result or "")
    assert "6" in (hardy.result or "")
    # Sheet 4b: noppers2011, 24 patients, S(+)-ketamine; orhurhu2019, 7 trials, 211 patients.
    assert (finding(data, "noppers2011").participants, finding(data, "noppers2011").substance) == (24, "esketamine")
    assert (finding(data, "orhurhu2019").design, finding(data, "orhurhu2019").participants) == ("meta-analysis", 211)


def test_no_finding_guesses_a_certainty_its_source_does_not_grade(data: DataSet) -> None:
    graded = {source for c in data.conditions for f in c.findings if f.certainty for source in f.sources}
    assert graded <= {"ferraro2025", "bell2017"}  # the Cochrane reviews; the trials grade nothing


def test_conditions_show_is_a_summary_of_findings(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    page = dict(sections(run("conditions", "show", "crps").stdout))
    heading = next(label for label in page if label.startswith("Finding 1: "))
    assert heading == "Finding 1: randomised trial, 60 participants (esketamine) (sigtermans2009)"
    summary = page[heading]
    for label in (
        "Population:",
        "Intervention:",
        "Comparator:",
        "Outcome:",
        "Follow-up:",
        "Result:",
        "Certainty (GRADE):",
    ):
        assert label in summary
    labels = list(page)
    assert labels.index("The article's words") < labels.index("Guideline (cohen2018)") < labels.index(heading)


def test_ratings_are_explained_once_under_the_table(run: Run, data: DataSet) -> None:
    out = run("conditions", "list").stdout
    meanings = {entry.id: entry.term for entry in data.glossary}
    for rating in ("moderate", "weak or none"):
        term = meanings[f"rating-{rating.replace(' ', '-')}"]
        assert " ".join(out.split()).count(f"{term}:") == 1
    chronic = run("conditions", "show", "chronic-pain").stdout
    graded = {f.certainty for f in next(c for c in data.conditions if c.id == "chronic-pain").findings if f.certainty}
    for certainty in graded:
        term = meanings["grade-" + certainty.replace(" ", "-")]
        assert f"{term}:" in " ".join(chronic.split())


def test_conditions_list_names_the_strongest_evidence(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = {row[0]: row for row in table_rows(run("conditions", "list").stdout)}
    assert rows["Complex regional pain syndrome (CRPS) (crps)"][3] == "2 randomised trials"
    assert rows["Back and arthritis pain (back-pain)"][3] == "no study in this data file"


# The glossary.


@pytest.mark.parametrize("term", TERMS)
def test_the_glossary_covers_the_words_the_tool_uses(data: DataSet, term: str) -> None:
    names = {
        name.casefold() for entry in data.glossary for name in (entry.id.replace("-", " "), entry.term, *entry.aliases)
    }
    assert any(term in name for name in names), term


def test_the_glossary_in_every_format(run: Run, data: DataSet) -> None:
    document = json.loads(run("glossary", "--json").stdout)
    assert list(document) == ["disclaimer", "meta", "glossary"]
    assert [entry["id"] for entry in document["glossary"]] == [entry.id for entry in data.glossary]
    assert len(run("glossary", "-f", "jsonl").stdout.splitlines()) == len(data.glossary)
    rows = list(csv.DictReader(io.StringIO(run("glossary", "-f", "csv").stdout)))
    assert list(rows[0]) == ["id", "term", "aliases", "definition", "related", "sources"]
    assert markdown_lines(run("glossary", "-f", "markdown").stdout)[0] == "| Term | What it means |"
    assert len(table_rows(run("glossary").stdout)) == len(data.glossary)


@pytest.mark.parametrize("typed", ["Tmax", "tmax", "time to peak"])
def test_a_term_is_found_by_its_name_or_an_alias(run: Run, typed: str) -> None:
    entry = json.loads(run("glossary", typed, "--json").stdout)["glossary"]
    assert [item["id"] for item in entry] == ["time-to-peak"]


def test_an_unknown_term_is_a_usage_error(run: Run) -> None:
    result = run("glossary", "zzqx")
    assert result.exit_code == 2
    assert result.stderr.startswith("ketamine: unknown term 'zzqx'.")


def test_search_covers_the_glossary(run: Run) -> None:
    results = json.loads(run("search", "first-pass", "--json").stdout)["results"]
    assert "glossary" in {result["collection"] for result in results}


def test_a_glossary_entry_must_cite_and_relate_to_known_entries(data: DataSet) -> None:
    ids = {entry.id for entry in data.glossary}
    assert all(set(entry.related) <= ids for entry in data.glossary)
    assert all(entry.sources for entry in data.glossary)
