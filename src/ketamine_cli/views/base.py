"""The shapes every view shares, and the helpers that write the data's values as text."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

from ..query import cited_sources

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from pydantic import BaseModel

    from ..models import (
        Bioavailability,
        Caution,
        Condition,
        DataSet,
        OverviewEntry,
        Route,
        SideEffect,
        Source,
        Timing,
    )

Row = tuple[str, ...]


# Named tuples rather than frozen dataclasses: as immutable, and cheaper to define at every start-up.
class Sheet(NamedTuple):
    columns: Row
    rows: tuple[Row, ...]
    whole: frozenset[str] = frozenset()  # words never broken across lines, such as the ids of sources and routes
    keep: frozenset[int] = frozenset()  # columns whose lines are never wrapped: ids, DOIs, links
    notes: tuple[str, ...] = ()  # said under the table and the Markdown: what the markers in its cells mean


class View(NamedTuple):
    title: str
    key: str
    payload: Any
    # The table and Markdown's rows, and CSV's: or the functions that make them, where making them costs, since the
    # JSON, the most a script reads of a large file, needs neither.
    sheet: Sheet | Callable[[], Sheet]
    records: Sheet | Callable[[], Sheet]
    empty: str = "nothing to show"  # said under the table and the Markdown when there are no rows
    document: bool = False  # one entry, read as sections under headings rather than as a grid
    ruled: bool = True  # a grid with borders; False for a table of short figures, read down its columns
    highlight: str = ""  # words shown in colour wherever they stand in the table, as a search finds them
    meta: dict[str, Any] | None = None  # what the data set is and how current: the JSON's `meta`, the table's footer

    def table(self) -> Sheet:
        """The rows of the table and the Markdown, made now where the view holds the function that makes them."""
        return self.sheet() if callable(self.sheet) else self.sheet

    def csv_records(self) -> Sheet:
        """CSV's rows, made now where the view holds the function that makes them."""
        return self.records() if callable(self.records) else self.records


def meta_of(data: DataSet) -> dict[str, Any]:
    """The data set's title, version and dates, and the tool's version: openFDA's `meta`, for this reference."""
    from .. import __version__

    stated = data.meta.model_dump(mode="json") if data.meta is not None else {}
    keys = ("title", "version", "reviewed", "evidence_as_of")
    return {**{key: stated.get(key) for key in keys}, "tool_version": __version__}


def reviewed_line(meta: dict[str, Any] | None) -> str | None:
    """The footer's line: 'Data reviewed 2026-11-26 (version 2026.11.26; evidence as of 2025-08-18).'"""
    if not meta or not meta.get("reviewed"):
        return None
    return f"Data reviewed {meta['reviewed']} (version {meta['version']}; evidence as of {meta['evidence_as_of']})."


def ids_in(entries: Sequence[Any]) -> frozenset[str]:
    """The ids an entry names (its own, its sources', its routes'), which a table never breaks across lines."""
    found: set[str] = set()
    for entry in entries:
        found.add(entry.id)
        for field in ("sources", "routes"):
            found.update(getattr(entry, field, ()))
        for name in ("onset", "duration", "lasting_relief", "time_to_peak", "bioavailability", "findings"):
            value = getattr(entry, name, None)
            for part in value if isinstance(value, list) else [value] if value is not None else []:
                found.update(getattr(part, "sources", ()))
    return frozenset(found)


NOT_STATED = "not stated"
ESKETAMINE = "esketamine"


def data_summary(data: DataSet) -> str:
    """How much a data file holds: '8 routes, 7 conditions, 13 side effects, 19 cautions, ...'."""
    counts = [
        (len(data.routes), "route"),
        (len(data.conditions), "condition"),
        (len(data.side_effects), "side effect"),
        (len(data.cautions), "caution"),
        (len(data.overview), "overview entry"),
        (len(data.glossary), "glossary entry"),
        (len(data.sources), "source"),
    ]
    return ", ".join(f"{count} {_plural(noun, count)}" for count, noun in counts)


def _plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    return noun.removesuffix("y") + "ies" if noun.endswith("entry") else noun + "s"


def citation(source: Source) -> str:
    parts = [
        source.authors or source.publisher,
        source.title,
        source.venue or (str(source.year) if source.year else None),
    ]
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


def qualifiers(item: Timing | Bioavailability | Caution, *, describes: str | None = None) -> list[str]:
    """What qualifies a figure or a caution, in the words a table shows under it."""
    marks = [
        describes,
        ESKETAMINE if item.substance == ESKETAMINE else None,
        "secondary source" if item.secondary else None,
    ]
    return [mark for mark in marks if mark]


def esketamine_mark(substance: str) -> str:
    """' (esketamine)' after a finding that is esketamine's, nothing after one that is racemic ketamine's."""
    return f" ({ESKETAMINE})" if substance == ESKETAMINE else ""


def article_words(quotes: Sequence[str]) -> str:
    """The article's exact words, one quotation a line, in plain quotation marks that every terminal can show."""
    return bullets([f'"{quote}"' for quote in quotes])


def entry_name(entry: Route | Condition) -> str:
    return entry.name if entry.name.casefold() == entry.id else f"{entry.name} ({entry.id})"


def citations(data: DataSet, ids: Sequence[str]) -> str:
    return "\n".join(f"{source.id}: {citation(source)}" for source in cited_sources(data, ids))


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def lines(items: Sequence[str]) -> str:
    # Data text never holds a line break (the models reject control characters), so a list split on lines is exact.
    return "\n".join(items)


def fields(rows: Sequence[Row]) -> Sheet:
    return Sheet(("Field", "Value"), tuple(rows))


def dump(entries: Sequence[BaseModel]) -> list[Any]:
    return [entry.model_dump(mode="json") for entry in entries]


def cell(value: Any) -> str:
    """A value as one CSV cell: a list one item a line, an object as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return lines([cell(item) for item in value])
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def flat_records(columns: tuple[str, ...], entries: Sequence[SideEffect | Caution | OverviewEntry | Source]) -> Sheet:
    return Sheet(columns, tuple(tuple(cell(getattr(entry, name)) for name in columns) for entry in entries))
