"""Where each route's onset, duration and lasting relief fall on a shared logarithmic time axis.

Pure arithmetic on the models, kept apart from drawing so it can be tested on its own: a row is a list of spans of
columns, each marked with what it shows, or words where a figure is not stated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .fields import figure_bounds

if TYPE_CHECKING:
    from .models import Route

HOUR = 60
DAY = 24 * HOUR
WEEK = 7 * DAY

AXIS_START = 0.5  # minutes: the left edge stands for "under a minute", and a bound of 0 lands on it
AXIS_END = 16 * WEEK  # room beyond the longest relief in the data (12 weeks)
TICKS = (
    (1, "1 min"),
    (10, "10 min"),
    (HOUR, "1 h"),
    (6 * HOUR, "6 h"),
    (DAY, "1 d"),
    (WEEK, "1 wk"),
    (4 * WEEK, "4 wk"),
    (12 * WEEK, "12 wk"),
)


class Mark(StrEnum):
    """What a span of a row shows."""

    ONSET = "onset"  # the effect starts somewhere in this window
    EFFECT = "effect"  # the effect lasts at least until here, whenever in the window it started
    MAY_LAST = "may last"  # the effect may still last until here
    RELIEF_GAP = "relief gap"  # joins the effect to the lasting relief
    RELIEF = "relief"  # the longest lasting relief stated, e.g. weeks after a course of infusions
    PEAK = "peak"  # the time to the peak plasma level, drawn over the rest


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mark: Mark


@dataclass(frozen=True)
class Row:
    route_id: str
    name: str
    spans: tuple[Span, ...]
    note: str | None  # words for what is not stated, drawn after the spans


def column(minutes: float, width: int) -> int:
    """The column, from 0 to width - 1, where a time lands on the logarithmic axis."""
    if minutes <= AXIS_START:
        return 0
    fraction = math.log(minutes / AXIS_START) / math.log(AXIS_END / AXIS_START)
    return min(width - 1, round(fraction * (width - 1)))


def layout_row(route: Route, width: int) -> Row:
    """The spans of one route's row on a chart `width` columns wide."""
    onset_low, onset_high = _both_bounds(figure_bounds(route.onset))
    duration_low, duration_high = _both_bounds(figure_bounds(route.duration))
    peak = _peak(route, width)
    if onset_low is None or onset_high is None:
        unknown = f"onset not stated; lasts {route.duration.text}" if duration_low is not None else None
        return Row(route.id, route.name, peak, unknown or "onset and duration not stated")

    spans = [Span(column(onset_low, width), column(onset_high, width), Mark.ONSET)]
    note = None
    if duration_low is None or duration_high is None:
        note = "duration not stated"
    else:
        surely_until = onset_low + duration_low
        maybe_until = onset_high + duration_high
        if surely_until > onset_high:
            spans.append(Span(column(onset_high, width), column(surely_until, width), Mark.EFFECT))
        if maybe_until > max(onset_high, surely_until):
            spans.append(Span(column(max(onset_high, surely_until), width), column(maybe_until, width), Mark.MAY_LAST))

    relief = route.lasting_relief.max_minutes if route.lasting_relief else None
    if relief is not None:
        relief_column = column(relief, width)
        drawn_until = max(span.end for span in spans)
        if relief_column > drawn_until + 1:
            spans.append(Span(drawn_until + 1, relief_column - 1, Mark.RELIEF_GAP))
        spans.append(Span(relief_column, relief_column, Mark.RELIEF))
    return Row(route.id, route.name, (*spans, *peak), note)


def _peak(route: Route, width: int) -> tuple[Span, ...]:
    """Where the plasma level peaks, if a source says: a level in the blood, which is not the effect itself."""
    low, high = _both_bounds(figure_bounds(route.time_to_peak)) if route.time_to_peak else (None, None)
    if low is None or high is None:
        return ()
    return (Span(column(low, width), column(high, width), Mark.PEAK),)


def tick_marks(width: int) -> list[tuple[int, str]]:
    """The ticks whose labels fit without touching the one before, each with the column its label starts at."""
    placed: list[tuple[int, str]] = []
    free_from = 0
    for minutes, label in TICKS:
        at = min(column(minutes, width), width - len(label))  # a label too near the right edge ends at it
        if at >= free_from:
            placed.append((at, label))
            free_from = at + len(label) + 1
    return placed


def _both_bounds(bounds: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    """A range with one stated bound is drawn at that bound alone."""
    low, high = bounds
    return (low if low is not None else high), (high if high is not None else low)
