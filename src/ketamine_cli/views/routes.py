"""The routes: a list, a side-by-side comparison, and everything about one route with the cautions that concern it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import ROUTE_FIGURES, figure_bounds, is_timing, route_figures
from ..query import cautions_for_route
from .base import (
    NOT_STATED,
    Row,
    Sheet,
    View,
    article_words,
    bullets,
    cell,
    citations,
    dump,
    entry_name,
    fields,
    format_minutes,
    format_percent,
    lines,
    qualifiers,
)
from .cautions import caution_cell

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Bioavailability, DataSet, Route, Timing

FIGURE_LABELS = {
    "onset": "Onset",
    "duration": "Duration",
    "lasting_relief": "Lasting relief",
    "time_to_peak": "Time to peak plasma level",
    "bioavailability": "Bioavailability",
}


def route_list(routes: Sequence[Route]) -> View:
    rows = tuple((route.id, route.name, ", ".join(route.aliases)) for route in routes)
    records = tuple((route.id, route.name, lines(route.aliases)) for route in routes)
    columns = ("id", "name", "aliases")
    return View("Routes", "routes", dump(routes), Sheet(("ID", "Route", "Aliases"), rows), Sheet(columns, records))


def route_comparison(routes: Sequence[Route]) -> View:
    rows = tuple(
        (
            entry_name(route),
            _figure_summary(route.onset),
            _figure_summary(route.duration),
            _figure_summary(route.bioavailability),
            bullets([*route.notes, *_caveat_pointer(route)]),
        )
        for route in routes
    )
    sheet = Sheet(("Route", "Onset", "Duration", "Bioavailability", "Notes"), rows)
    return View("Routes compared", "routes", dump(routes), sheet, _route_records(routes))


def route_detail(data: DataSet, route: Route) -> View:
    """The cautions come first, regulatory status at their head: they are what a pharmacist checks before anything."""
    cautions = cautions_for_route(data, route.id)
    rows: list[Row] = [("Route", route.name), ("ID", route.id), ("Aliases", ", ".join(route.aliases) or "none")]
    rows += [(caution.kind.capitalize(), caution_cell(caution)) for caution in cautions] or [
        ("Cautions", "none in this data file")
    ]
    for name in ROUTE_FIGURES:
        figure: Timing | Bioavailability | None = getattr(route, name)
        rows.append((FIGURE_LABELS[name], _figure_detail(figure)))
    rows += [("Notes", bullets(route.notes) or "none"), ("Caveats", bullets(route.caveats) or "none")]
    quotes = _route_quotes(route)
    if quotes:
        rows.append(("The article's words", article_words(quotes)))
    cited = [*_route_source_ids(route), *(source for caution in cautions for source in caution.sources)]
    rows.append(("Sources", citations(data, cited)))
    return View(route.name, "route", route.model_dump(mode="json"), fields(rows), _route_records([route]))


def _figure_summary(figure: Timing | Bioavailability) -> str:
    return "\n".join([figure.text, *(f"({text})" for text in qualifiers(figure, describes=figure.describes))])


def _figure_detail(figure: Timing | Bioavailability | None) -> str:
    if figure is None:
        return NOT_STATED
    bounds = (format_minutes if is_timing(figure) else format_percent)(*figure_bounds(figure))
    detail = [figure.text, f"Range: {bounds}"]
    if figure.describes:
        detail.append(f"Describes: {figure.describes}")
    if figure.substance == "esketamine":
        detail.append("Substance: esketamine (S(+)-ketamine), not racemic ketamine")
    if figure.sources:
        secondary = " (quoted from a secondary source)" if figure.secondary else ""
        detail.append(f"Sources: {', '.join(figure.sources)}{secondary}")
    return "\n".join(detail)


def _caveat_pointer(route: Route) -> list[str]:
    count = len(route.caveats)
    if not count:
        return []
    return [f"{count} caveat{'s' if count > 1 else ''}: see 'ketamine routes show {route.id}'"]


def _route_quotes(route: Route) -> list[str]:
    """The route's quotations of the article, then its figures', each once."""
    figure_quotes = (quote for _, figure in route_figures(route) for quote in figure.quotes)
    return list(dict.fromkeys([*route.quotes, *figure_quotes]))


def _route_source_ids(route: Route) -> list[str]:
    return [*route.sources, *(source for _, figure in route_figures(route) for source in figure.sources)]


_FIGURE_RECORD_FIELDS = ("describes", "secondary", "substance", "sources", "quotes")


def _route_records(routes: Sequence[Route]) -> Sheet:
    columns: list[str] = ["id", "name", "aliases"]
    for name in ROUTE_FIGURES:
        unit = "percent" if name == "bioavailability" else "minutes"
        columns += [name, f"{name}_min_{unit}", f"{name}_max_{unit}", *(f"{name}_{f}" for f in _FIGURE_RECORD_FIELDS)]
    columns += ["notes", "caveats", "sources", "quotes"]

    def record(route: Route) -> Row:
        cells = [route.id, route.name, lines(route.aliases)]
        for name in ROUTE_FIGURES:
            figure: Timing | Bioavailability | None = getattr(route, name)
            if figure is None:
                cells += [""] * (3 + len(_FIGURE_RECORD_FIELDS))
            else:
                cells += [figure.text, *map(cell, figure_bounds(figure))]
                cells += [cell(getattr(figure, field)) for field in _FIGURE_RECORD_FIELDS]
        return (*cells, lines(route.notes), lines(route.caveats), lines(route.sources), lines(route.quotes))

    return Sheet(tuple(columns), tuple(record(route) for route in routes))
