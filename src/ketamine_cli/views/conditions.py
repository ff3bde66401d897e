"""The pain conditions: what the article claims beside the guideline's rating and the trials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import (
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

    from ..models import Condition, DataSet, Finding, Route


def condition_list(conditions: Sequence[Condition], routes: Sequence[Route]) -> View:
    rows = tuple(
        (
            entry_name(condition),
            condition.article_claim,
            bullets(_guideline_lines(condition)) or "not rated",
            _route_names(condition, routes),
        )
        for condition in conditions
    )
    sheet = Sheet(("Condition", "The article says", "Guideline (cohen2018)", "Routes"), rows, whole=ids_in(conditions))
    records = _condition_records(conditions)
    return View("Pain conditions", "conditions", dump(conditions), sheet, records, "no conditions in this data file")


def condition_detail(data: DataSet, condition: Condition) -> View:
    finding_lines = [f"{_finding(finding)} ({', '.join(finding.sources)})" for finding in condition.findings]
    claim = ("The article's words", article_words(condition.quotes)) if condition.quotes else None
    rows = [
        ("Condition", condition.name),
        ("ID", condition.id),
        ("Aliases", ", ".join(condition.aliases) or "none"),
        ("Covers", ", ".join(condition.covers) or "none"),
        claim or ("The article says", condition.article_claim),
        ("Guideline (cohen2018)", bullets(_guideline_lines(condition)) or "not rated"),
        ("Trials and reviews", bullets(finding_lines) or "none in the literature sheet"),
        ("Article versus evidence", condition.discrepancy or "no difference noted"),
        ("Routes studied", _route_names(condition, data.routes)),
        ("Sources", citations(data, [*condition.sources, *(s for f in condition.findings for s in f.sources)])),
    ]
    records = _condition_records([condition])
    sheet = fields(rows)._replace(whole=ids_in([condition]))
    return View(condition.name, "condition", condition.model_dump(mode="json"), sheet, records, document=True)


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
