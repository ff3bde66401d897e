"""The routes: a list, a side-by-side comparison, and everything about one route with the cautions that concern it."""

from __future__ import annotations

import re
from functools import partial
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
    ids_in,
    lines,
    qualifiers,
)
from .cautions import what_the_sources_say

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
    rows = tuple((route.id, route.name, ", ".join(_other_names(route)) or "none") for route in routes)
    records = tuple((route.id, route.name, lines(route.aliases)) for route in routes)
    columns = ("id", "name", "aliases")
    sheet = Sheet(("ID", "Route", "Aliases"), rows, whole=ids_in(routes), keep=frozenset({0}))
    return View("Routes", "routes", dump(routes), sheet, Sheet(columns, records))


def _other_names(route: Route) -> list[str]:
    """The aliases a reader does not already see in the name ('intravenous' beside 'Intravenous' says nothing)."""
    return [alias for alias in route.aliases if alias.casefold() != route.name.casefold()]


def route_comparison(routes: Sequence[Route]) -> View:
    """A time-action table: each figure as its bounds in short cells, and what qualifies it as a numbered footnote."""
    return View(
        "Routes compared",
        "routes",
        dump(routes),
        partial(_time_action_sheet, routes),
        partial(_route_records, routes),
        ruled=False,
    )


def _time_action_sheet(routes: Sequence[Route]) -> Sheet:
    notes = Footnotes()
    relief = any(route.lasting_relief is not None for route in routes)
    columns = ("Route", "Onset", "Peak", "Duration", "Bioavailability", *(("Lasting relief",) if relief else ()))
    rows = tuple(
        (
            entry_name(route),
            *(
                _figure_cell(getattr(route, name), notes)
                for name in ("onset", "time_to_peak", "duration", "bioavailability", "lasting_relief")
                if relief or name != "lasting_relief"
            ),
        )
        for route in routes
    )
    footnotes = (
        *notes.lines(),
        "Peak: time to the peak plasma level. Notes, caveats, sources: 'ketamine routes show ROUTE'.",
    )
    return Sheet(columns, rows, whole=ids_in(routes), notes=footnotes)


class Footnotes:
    """Numbered notes for one table: the same qualifier gets the same number, in the order first met."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def mark(self, notes: Sequence[str]) -> str:
        numbers = [self._numbers.setdefault(note, len(self._numbers) + 1) for note in notes]
        return f" [{','.join(map(str, numbers))}]" if numbers else ""

    def lines(self) -> list[str]:
        return [f"[{number}] {note}" for note, number in self._numbers.items()]


def _figure_cell(figure: Timing | Bioavailability | None, notes: Footnotes) -> str:
    """The figure's bounds in the unit that reads best, else the source's shortest words, then its markers."""
    if figure is None:
        return NOT_STATED
    low, high = figure_bounds(figure)
    marks = qualifiers(figure, describes=figure.describes)
    if low is not None or high is not None:
        words = (format_minutes if is_timing(figure) else format_percent)(low, high)
    else:
        words = _SHORTEST.split(figure.text, maxsplit=1)[0]
        if len(words) > _SHORT_CELL:  # words too many for a cell go under the table, whole
            words, marks = "see", [words, *marks]
    return words + notes.mark(marks)


# The shortest words of a figure the sources give no number for: its text up to the first qualifying clause.
_SHORTEST = re.compile(r";|: | \(|, ")
_SHORT_CELL = len("not established")


def route_detail(data: DataSet, route: Route) -> View:
    """The cautions come first, regulatory status at their head: they are what a pharmacist checks before anything."""
    cautions = cautions_for_route(data, route.id)
    rows: list[Row] = [("Route", route.name), ("ID", route.id), ("Aliases", ", ".join(route.aliases) or "none")]
    rows += [
        (f"{caution.kind.capitalize()}: {caution.name}", what_the_sources_say(caution)) for caution in cautions
    ] or [("Cautions", "none in this data file")]
    for name in ROUTE_FIGURES:
        figure: Timing | Bioavailability | None = getattr(route, name)
        rows.append((FIGURE_LABELS[name], _figure_detail(figure)))
    rows += [("Notes", bullets(route.notes) or "none"), ("Caveats", bullets(route.caveats) or "none")]
    quotes = _route_quotes(route)
    if quotes:
        rows.append(("The article's words", article_words(quotes)))
    cited = [*_route_source_ids(route), *(source for caution in cautions for source in caution.sources)]
    rows.append(("Sources", citations(data, cited)))
    sheet = fields(rows)._replace(whole=ids_in([route, *cautions]))
    return View(route.name, "route", route.model_dump(mode="json"), sheet, _route_records([route]), document=True)


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
