"""Drawing the routes on their shared time axis, in a terminal or into an SVG or HTML file."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from .render import DISCLAIMER
from .render.layout import wrap
from .render.terminal import make_console, write_drawing
from .streams import speaks_unicode
from .timeline import TICKS, Mark, column, layout_row, tick_marks

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .models import Route

TITLE = "When the effect starts and how long it lasts (logarithmic time axis)"
# Each mark in Unicode block characters, and in ASCII for a stream that cannot carry them.
GLYPHS = {
    Mark.ONSET: ("░", "~"),
    Mark.EFFECT: ("█", "#"),
    Mark.MAY_LAST: ("▒", "="),
    Mark.RELIEF_GAP: ("·", "."),
    Mark.RELIEF: ("◆", "*"),
    Mark.PEAK: ("▲", "^"),
}
STYLES = {
    Mark.ONSET: "yellow",
    Mark.EFFECT: "green",
    Mark.MAY_LAST: "cyan",
    Mark.RELIEF_GAP: "magenta",
    Mark.RELIEF: "bold magenta",
    Mark.PEAK: "bold red",
}
LEGEND = (
    (Mark.ONSET, "onset: the effect starts within this window"),
    (Mark.EFFECT, "the effect lasts at least until here"),
    (Mark.MAY_LAST, "and may last until here"),
    (Mark.PEAK, "peak plasma level: a level in the blood, not the effect"),
    (Mark.RELIEF, "longest relief stated after a course of infusions"),
)
AXIS = {True: ("─", "┬"), False: ("-", "+")}
FILE_WIDTH = 100
_NARROWEST_CHART = 20
_NARROWEST_LABEL = 14


def timeline_lines(routes: Sequence[Route], width: int, *, unicode: bool = True) -> list[Text]:
    """The whole picture, line by line, for a screen `width` characters wide."""
    # Widths in terminal cells: a CJK character or an emoji takes two. A name longer than a quarter of the screen
    # gets a line of its own above its row, so that it never pushes the bars of every route to the right.
    longest_label = max(_NARROWEST_LABEL, width // 4)
    label_width = min(max(cell_len(route.name) for route in routes), longest_label) + 2
    chart_width = max(_NARROWEST_CHART, width - label_width)
    lines = [Text(TITLE, style="bold"), Text()]
    for route in routes:
        lines += _route_lines(route, label_width, chart_width, unicode)
    rule, tick = AXIS[unicode]
    ticks = tick_marks(chart_width)
    axis = [rule] * chart_width
    labels = [" "] * chart_width
    for start, label in ticks:
        labels[start : start + len(label)] = label
    for minutes_column in _tick_columns(chart_width):
        axis[minutes_column] = tick
    lines.append(Text(" " * label_width + "".join(axis), style="bright_black"))
    lines.append(Text(" " * label_width + "".join(labels).rstrip()))
    lines.append(Text())
    for mark, meaning in LEGEND:
        lines.append(Text.assemble("  ", *_sample(mark, unicode), f" {meaning}"))
    lines += _relief_qualifiers(routes, width)
    lines += [Text(), Text(DISCLAIMER, style="yellow")]
    return lines


def explain_timeline(routes: Sequence[Route], *, out: TextIO) -> None:
    """What the drawing assumes, in words: the axis, each mark, and where the lasting relief comes from."""
    console = make_console(out)
    lines = [Text("How to read 'ketamine routes timeline'", style="bold"), Text()]
    for paragraph in (*ASSUMPTIONS, *_relief_origins(routes)):
        lines += [Text(line) for line in wrap(paragraph, console.width, indent="- ", hang="  ")]
    lines += [Text(), *(Text(line, style="yellow") for line in wrap(DISCLAIMER, console.width))]
    write_drawing(console, lines, out=out)


ASSUMPTIONS = (
    "The time axis is logarithmic, from under a minute at the left edge to 16 weeks, so that minutes and weeks fit "
    "on one line; equal distances are equal ratios of time, not equal times.",
    "Onset: the effect starts somewhere in this window, from the lower to the upper bound the sources state.",
    "At least: from the end of the onset window until the earliest start plus the shortest duration, the effect "
    "lasts whenever in the window it started.",
    "May last: until the latest start plus the longest duration.",
    "Peak: the time to the peak plasma level, where a source states it. It is a level in the blood, measured in "
    "pharmacokinetic studies, not the time of the greatest pain relief.",
    "Figures are drawn as the data states them, whatever they describe: some describe anaesthesia, esketamine, or "
    "come from a secondary source ('ketamine routes compare' numbers these in footnotes, and 'ketamine routes show "
    "ROUTE' says so in full). A figure that is not stated is said in words, never drawn.",
)


def _relief_origins(routes: Sequence[Route]) -> list[str]:
    origins = []
    for route in routes:
        relief = route.lasting_relief
        if relief is not None and relief.max_minutes is not None:
            origins.append(
                f"Lasting relief ({route.name}): the longest relief a source states after a course of infusions, "
                f"drawn at its upper bound. It describes {relief.describes or relief.text}. "
                f"Sources: {', '.join(relief.sources)}."
            )
    return origins


def draw_timeline(routes: Sequence[Route], *, out: TextIO) -> None:
    console = make_console(out)
    write_drawing(console, timeline_lines(routes, console.width, unicode=speaks_unicode(out)), out=out)


def timeline_files(routes: Sequence[Route]) -> tuple[str, str]:
    """The same picture, in colour and at a fixed width, as an SVG and as an HTML document."""
    console = Console(file=io.StringIO(), record=True, width=FILE_WIDTH, force_terminal=True, color_system="truecolor")
    for line in timeline_lines(routes, FILE_WIDTH):
        console.print(line, overflow="fold")
    return console.export_svg(title="ketamine routes timeline", clear=False), console.export_html(clear=False)


def _route_lines(route: Route, label_width: int, chart_width: int, unicode: bool) -> list[Text]:
    row = layout_row(route, chart_width)
    cells: list[tuple[str, str]] = [(" ", "")] * chart_width
    for span in row.spans:
        glyph = GLYPHS[span.mark][0 if unicode else 1]
        for at in range(span.start, span.end + 1):
            # Where spans meet, the earlier one (the onset) stays visible; the peak is drawn over what follows it.
            onset = cells[at][0] == GLYPHS[Mark.ONSET][0 if unicode else 1]
            if cells[at][0] == " " or (span.mark is Mark.PEAK and not onset):
                cells[at] = (glyph, STYLES[span.mark])
    drawn = max((span.end + 1 for span in row.spans), default=0)
    fits = cell_len(row.name) + 2 <= label_width
    above = [] if fits else [Text(row.name, style="bold")]
    line = Text(row.name + " " * (label_width - cell_len(row.name)) if fits else " " * label_width, style="bold")
    line.append_text(Text.assemble(*cells[:drawn]))
    if row.note is None:
        return [*above, line]
    note = Text(row.note, style="italic")
    if drawn + 1 + len(row.note) <= chart_width:
        return [*above, line.append(" " * bool(drawn)).append_text(note)]
    return [*above, line, Text(" " * label_width).append_text(note)]


def _relief_qualifiers(routes: Sequence[Route], width: int) -> list[Text]:
    """What each drawn relief stands for, under the legend: weeks of relief in one condition is not a route's rule."""
    import textwrap

    indent = " " * 6
    qualifiers = []
    for route in routes:
        relief = route.lasting_relief
        if relief is not None and relief.max_minutes is not None and relief.describes:
            lines = textwrap.wrap(
                f"{route.name}: {relief.describes}",
                width=max(width, 2 * len(indent)),
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
            )
            qualifiers += [Text(line, style="magenta") for line in lines]
    return qualifiers


def _sample(mark: Mark, unicode: bool) -> list[tuple[str, str]]:
    """Three characters of a mark as it appears in a row: the relief comes at the end of its dotted line."""
    glyph = GLYPHS[mark][0 if unicode else 1]
    if mark is Mark.RELIEF:
        return [(GLYPHS[Mark.RELIEF_GAP][0 if unicode else 1] * 2, STYLES[Mark.RELIEF_GAP]), (glyph, STYLES[mark])]
    return [(glyph * 3, STYLES[mark])]


def _tick_columns(chart_width: int) -> list[int]:
    return [column(minutes, chart_width) for minutes, _ in TICKS]
