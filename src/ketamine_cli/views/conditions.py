"""The pain conditions: what the article claims beside the guideline's rating and the trials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import (
    NOT_STATED,
    Sheet,
    View,
    article_words,
    bullets,
    cell,
    citations,
    dump,
    entry_name,
    esketamine_mark,
    fields,
    ids_in,
    lines,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Condition, DataSet, Finding, GlossaryEntry, Route


def condition_list(
    conditions: Sequence[Condition], routes: Sequence[Route], glossary: Sequence[GlossaryEntry] = ()
) -> View:
    rows = tuple(
        (
            entry_name(condition),
            condition.article_claim,
            bullets(_guideline_lines(condition)) or "not rated",
            _strongest_evidence(condition),
            _route_names(condition, routes),
        )
        for condition in conditions
    )
    columns = ("Condition", "The article says", "Guideline (cohen2018)", "Strongest evidence", "Routes")
    sheet = Sheet(columns, rows, whole=ids_in(conditions), notes=rating_notes(conditions, glossary))
    records = _condition_records(conditions)
    return View("Pain conditions", "conditions", dump(conditions), sheet, records, "no conditions in this data file")


def condition_detail(data: DataSet, condition: Condition) -> View:
    """The article's claim, the guideline's rating beside it, then a summary of findings: one section per finding."""
    claim = ("The article's words", article_words(condition.quotes)) if condition.quotes else None
    rows = [
        ("Condition", condition.name),
        ("ID", condition.id),
        ("Aliases", ", ".join(condition.aliases) or "none"),
        ("Covers", ", ".join(condition.covers) or "none"),
        claim or ("The article says", condition.article_claim),
        ("Guideline (cohen2018)", bullets(_guideline_lines(condition)) or "not rated"),
        *(
            [
                (_finding_heading(n, finding), _finding_summary(finding))
                for n, finding in enumerate(condition.findings, 1)
            ]
            or [("Trials and reviews", "none in the literature sheet")]
        ),
        ("Article versus evidence", condition.discrepancy or "no difference noted"),
        ("Routes studied", _route_names(condition, data.routes)),
        ("Sources", citations(data, [*condition.sources, *(s for f in condition.findings for s in f.sources)])),
    ]
    records = _condition_records([condition])
    sheet = fields(rows)._replace(whole=ids_in([condition]), notes=rating_notes([condition], data.glossary))
    payload = condition.model_dump(mode="json")
    return View(condition.name, "condition", payload, sheet, records, document=True)


# The designs of a summary of findings, strongest first: what a reader weighs a claim against.
_STRENGTH = (
    "meta-analysis",
    "systematic review",
    "randomised trial",
    "cohort",
    "open-label trial",
    "case series",
    "pharmacokinetic study",
    "guideline",
)
_PLURALS = {
    "meta-analysis": "meta-analyses",
    "case series": "case series",
    "pharmacokinetic study": "pharmacokinetic studies",
}


def _strongest_evidence(condition: Condition) -> str:
    """The strongest design behind a condition and how many of it: '2 randomised trials', 'case series only'."""
    designs = [finding.design for finding in condition.findings]
    if not designs:
        return "no study in this data file"
    strongest = min(designs, key=_STRENGTH.index)
    count = designs.count(strongest)
    if strongest == "case series":
        return "case series only"
    return f"{count} {strongest if count == 1 else _PLURALS.get(strongest, strongest + 's')}"


def _finding_heading(number: int, finding: Finding) -> str:
    people = f", {finding.participants} participants" if finding.participants is not None else ""
    return (
        f"Finding {number}: {finding.design}{people}{esketamine_mark(finding.substance)} ({', '.join(finding.sources)})"
    )


_SUMMARY_FIELDS = (
    ("Population", "population"),
    ("Intervention", "intervention"),
    ("Comparator", "comparator"),
    ("Outcome", "outcome"),
    ("Follow-up", "follow_up"),
    ("Result", "result"),
    ("Certainty (GRADE)", "certainty"),
)


def _finding_summary(finding: Finding) -> str:
    """A finding in the columns of a summary of findings; what its source does not state is said to be so."""
    lines = [finding.text]
    lines += [f"{label}: {getattr(finding, name) or NOT_STATED}" for label, name in _SUMMARY_FIELDS]
    return "\n".join(lines)


def rating_notes(conditions: Sequence[Condition], glossary: Sequence[GlossaryEntry]) -> tuple[str, ...]:
    """What each guideline rating and GRADE certainty shown means, said once, from the glossary."""
    shown = [f"rating-{item.rating}" for condition in conditions for item in condition.guideline]
    shown += [
        f"grade-{finding.certainty}" for condition in conditions for finding in condition.findings if finding.certainty
    ]
    meanings = {entry.id: entry for entry in glossary}
    notes = []
    for key in dict.fromkeys(shown):
        entry = meanings.get(key.replace(" ", "-"))
        if entry is not None:
            notes.append(f"{entry.term}: {entry.definition} ({', '.join(entry.sources)})")
    return tuple(notes)


def _route_names(condition: Condition, routes: Sequence[Route]) -> str:
    names = {route.id: route.name for route in routes}
    return ", ".join(names[route_id] for route_id in condition.routes) or "not route-specific"


def _finding(finding: Finding) -> str:
    return finding.text + esketamine_mark(finding.substance)


def _guideline_lines(condition: Condition) -> list[str]:
    return [
        f"{item.indication}: {item.rating}"
        + (f" ({item.detail})" if item.detail else "")
        + (" (secondary source)" if item.secondary else "")
        for item in condition.guideline
    ]


def _condition_records(conditions: Sequence[Condition]) -> Sheet:
    columns = ("id", "name", "aliases", "covers", "article_claim", "guideline", "findings", "discrepancy", "routes")
    rows = tuple(
        (
            condition.id,
            condition.name,
            lines(condition.aliases),
            lines(condition.covers),
            condition.article_claim,
            lines(_guideline_lines(condition)),
            lines([f"{_finding(f)} [{', '.join(f.sources)}]" for f in condition.findings]),
            cell(condition.discrepancy),
            lines(condition.routes),
            lines(condition.sources),
            lines(condition.quotes),
        )
        for condition in conditions
    )
    return Sheet((*columns, "sources", "quotes"), rows)
