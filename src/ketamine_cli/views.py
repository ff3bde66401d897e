"""What each command shows, built once and handed to any renderer.

A view holds three shapes of the same result: the JSON payload (as the models dump it), a sheet of human text for
the terminal table and Markdown, and a sheet of flat records for CSV, where lists become lines of one cell and
numbers get columns of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from .fields import ROUTE_FIGURES, SIDE_EFFECT_FIELDS, SOURCE_FIELDS, figure_bounds, is_timing, route_figures
from .query import cited_sources

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .models import Bioavailability, Condition, DataSet, Route, SideEffect, Source, Timing

Row = tuple[str, ...]


# Named tuples rather than frozen dataclasses: as immutable, and cheaper to define at every start-up.
class Sheet(NamedTuple):
    columns: Row
    rows: tuple[Row, ...]


class View(NamedTuple):
    title: str
    key: str
    payload: Any
    sheet: Sheet
    records: Sheet


NOT_STATED = "not stated"

_FIGURE_LABELS = {
    "onset": "Onset",
    "duration": "Duration",
    "lasting_relief": "Lasting relief",
    "time_to_peak": "Time to peak plasma level",
    "bioavailability": "Bioavailability",
}


def route_list(routes: Sequence[Route]) -> View:
    rows = tuple((route.id, route.name, ", ".join(route.aliases)) for route in routes)
    records = tuple((route.id, route.name, _lines(route.aliases)) for route in routes)
    columns = ("id", "name", "aliases")
    return View("Routes", "routes", _dump(routes), Sheet(("ID", "Route", "Aliases"), rows), Sheet(columns, records))


def route_comparison(routes: Sequence[Route]) -> View:
    rows = tuple(
        (
            _entry_name(route),
            _figure_summary(route.onset),
            _figure_summary(route.duration),
            _figure_summary(route.bioavailability),
            _bullets([*route.notes, *_caveat_pointer(route)]),
        )
        for route in routes
    )
    sheet = Sheet(("Route", "Onset", "Duration", "Bioavailability", "Notes"), rows)
    return View("Routes compared", "routes", _dump(routes), sheet, _route_records(routes))


def route_detail(data: DataSet, route: Route) -> View:
    rows: list[Row] = [("Route", route.name), ("ID", route.id), ("Aliases", ", ".join(route.aliases) or "none")]
    for name in ROUTE_FIGURES:
        figure: Timing | Bioavailability | None = getattr(route, name)
        rows.append((_FIGURE_LABELS[name], _figure_detail(figure)))
    rows += [("Notes", _bullets(route.notes) or "none"), ("Caveats", _bullets(route.caveats) or "none")]
    rows.append(("Sources", _citations(data, _route_source_ids(route))))
    return View(route.name, "route", route.model_dump(mode="json"), _fields(rows), _route_records([route]))


def condition_list(conditions: Sequence[Condition]) -> View:
    rows = tuple(
        (
            _entry_name(condition),
            condition.article_claim,
            _bullets(_guideline_lines(condition)) or "not rated",
            ", ".join(condition.routes) or "not route-specific",
        )
        for condition in conditions
    )
    sheet = Sheet(("Condition", "The article says", "Guideline (cohen2018)", "Routes"), rows)
    return View("Pain conditions", "conditions", _dump(conditions), sheet, _condition_records(conditions))


def condition_detail(data: DataSet, condition: Condition) -> View:
    route_names = {route.id: route.name for route in data.routes}
    finding_lines = [f"{finding.text} ({', '.join(finding.sources)})" for finding in condition.findings]
    rows: list[Row] = [
        ("Condition", condition.name),
        ("ID", condition.id),
        ("Aliases", ", ".join(condition.aliases) or "none"),
        ("Covers", ", ".join(condition.covers) or "none"),
        ("The article says", condition.article_claim),
        ("Guideline (cohen2018)", _bullets(_guideline_lines(condition)) or "not rated"),
        ("Trials and reviews", _bullets(finding_lines) or "none in the literature sheet"),
        ("Article versus evidence", condition.discrepancy or "no difference noted"),
        ("Routes studied", ", ".join(route_names[r] for r in condition.routes) or "not route-specific"),
        ("Sources", _citations(data, [*condition.sources, *(s for f in condition.findings for s in f.sources)])),
    ]
    records = _condition_records([condition])
    return View(condition.name, "condition", condition.model_dump(mode="json"), _fields(rows), records)


def side_effect_list(effects: Sequence[SideEffect]) -> View:
    rows = tuple(
        (
            f"{effect.name}\n({effect.category})",
            effect.article,
            effect.literature or NOT_STATED,
            ", ".join(effect.sources),
        )
        for effect in effects
    )
    sheet = Sheet(("Side effect", "The article says", "The literature adds", "Sources"), rows)
    return View(
        "Side effects and cautions", "side_effects", _dump(effects), sheet, _flat_records(SIDE_EFFECT_FIELDS, effects)
    )


def source_list(sources: Sequence[Source]) -> View:
    rows = tuple((source.id, citation(source), _link(source) or "none") for source in sources)
    sheet = Sheet(("ID", "Reference", "Link"), rows)
    return View("Sources", "sources", _dump(sources), sheet, _flat_records(SOURCE_FIELDS, sources))


def data_summary(data: DataSet) -> str:
    """How much a data file holds: '8 routes, 7 conditions, 12 side effects, 24 sources'."""
    counts = [
        (len(data.routes), "route"),
        (len(data.conditions), "condition"),
        (len(data.side_effects), "side effect"),
        (len(data.sources), "source"),
    ]
    return ", ".join(f"{count} {noun}{'' if count == 1 else 's'}" for count, noun in counts)


def citation(source: Source) -> str:
    parts = [source.authors, source.title, source.venue or (str(source.year) if source.year else None)]
    text = ". ".join(part.rstrip(".") for part in parts if part) + "."
    return f"{text} {source.note}" if source.note else text


def format_minutes(low: float | None, high: float | None) -> str:
    """A range of minutes in the unit that reads best for its larger end: '0-1 min', '4-6 h', 'up to 12 wk'."""
    if low is None and high is None:
        return NOT_STATED
    largest = max(bound for bound in (low, high) if bound is not None)
    size, unit = next((s, u) for s, u, limit in _UNITS if largest < limit)
    return _range(low, high, lambda value: _number(value / size), f" {unit}")


def format_percent(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return NOT_STATED
    return _range(low, high, _number, "%")


_UNITS = ((1, "min", 120), (60, "h", 48 * 60), (24 * 60, "d", 14 * 24 * 60), (7 * 24 * 60, "wk", float("inf")))


def _range(low: float | None, high: float | None, number: Any, unit: str) -> str:
    if low is None:
        return f"up to {number(high)}{unit}"
    if high is None:
        return f"from {number(low)}{unit}"
    if low == high:
        return f"{number(low)}{unit}"
    return f"{number(low)}-{number(high)}{unit}"


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _figure_summary(figure: Timing | Bioavailability) -> str:
    qualifiers = [text for text in (figure.describes, "secondary source" if figure.secondary else None) if text]
    return "\n".join([figure.text, *(f"({text})" for text in qualifiers)])


def _figure_detail(figure: Timing | Bioavailability | None) -> str:
    if figure is None:
        return NOT_STATED
    bounds = (format_minutes if is_timing(figure) else format_percent)(*figure_bounds(figure))
    lines = [figure.text, f"Range: {bounds}"]
    if figure.describes:
        lines.append(f"Describes: {figure.describes}")
    if figure.sources:
        secondary = " (quoted from a secondary source)" if figure.secondary else ""
        lines.append(f"Sources: {', '.join(figure.sources)}{secondary}")
    return "\n".join(lines)


def _entry_name(entry: Route | Condition) -> str:
    return entry.name if entry.name.casefold() == entry.id else f"{entry.name} ({entry.id})"


def _caveat_pointer(route: Route) -> list[str]:
    count = len(route.caveats)
    if not count:
        return []
    return [f"{count} caveat{'s' if count > 1 else ''}: see 'ketamine routes show {route.id}'"]


def _guideline_lines(condition: Condition) -> list[str]:
    return [
        f"{item.indication}: {item.rating}" + (f" ({item.detail})" if item.detail else "")
        for item in condition.guideline
    ]


def _route_source_ids(route: Route) -> list[str]:
    return [*route.sources, *(source for _, figure in route_figures(route) for source in figure.sources)]


def _citations(data: DataSet, ids: Sequence[str]) -> str:
    return "\n".join(f"{source.id}: {citation(source)}" for source in cited_sources(data, ids))


def _link(source: Source) -> str:
    links = [
        f"doi:{source.doi}" if source.doi else None,
        f"PMID {source.pmid}" if source.pmid else None,
        source.pmcid,
        source.url,
    ]
    return "\n".join(link for link in links if link)


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _lines(items: Sequence[str]) -> str:
    # Data text never holds a line break (the models reject control characters), so a list split on lines is exact.
    return "\n".join(items)


def _fields(rows: Sequence[Row]) -> Sheet:
    return Sheet(("Field", "Value"), tuple(rows))


def _dump(entries: Sequence[Route | Condition | SideEffect | Source]) -> list[Any]:
    return [entry.model_dump(mode="json") for entry in entries]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _lines([_cell(item) for item in value])
    return str(value)


def _flat_records(columns: tuple[str, ...], entries: Sequence[SideEffect | Source]) -> Sheet:
    return Sheet(columns, tuple(tuple(_cell(getattr(entry, name)) for name in columns) for entry in entries))


def _route_records(routes: Sequence[Route]) -> Sheet:
    columns: list[str] = ["id", "name", "aliases"]
    for name in ROUTE_FIGURES:
        unit = "percent" if name == "bioavailability" else "minutes"
        extra = ("describes", "secondary", "sources")
        columns += [name, f"{name}_min_{unit}", f"{name}_max_{unit}", *(f"{name}_{field}" for field in extra)]
    columns += ["notes", "caveats", "sources"]

    def record(route: Route) -> Row:
        cells = [route.id, route.name, _lines(route.aliases)]
        for name in ROUTE_FIGURES:
            figure: Timing | Bioavailability | None = getattr(route, name)
            if figure is None:
                cells += [""] * 6
            else:
                bounds = map(_cell, figure_bounds(figure))
                cells += [
                    figure.text,
                    *bounds,
                    _cell(figure.describes),
                    _cell(figure.secondary),
                    _lines(figure.sources),
                ]
        return (*cells, _lines(route.notes), _lines(route.caveats), _lines(route.sources))

    return Sheet(tuple(columns), tuple(record(route) for route in routes))


def _condition_records(conditions: Sequence[Condition]) -> Sheet:
    columns = ("id", "name", "aliases", "covers", "article_claim", "guideline", "findings", "discrepancy", "routes")
    rows = tuple(
        (
            condition.id,
            condition.name,
            _lines(condition.aliases),
            _lines(condition.covers),
            condition.article_claim,
            _lines(_guideline_lines(condition)),
            _lines([f"{f.text} [{', '.join(f.sources)}]" for f in condition.findings]),
            _cell(condition.discrepancy),
            _lines(condition.routes),
            _lines(condition.sources),
        )
        for condition in conditions
    )
    return Sheet((*columns, "sources"), rows)
