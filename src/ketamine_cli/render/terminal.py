"""The terminal: a table when it fits, stacked blocks when it does not, sections for one entry; drawn with Rich.

Cells are wrapped here, by `layout`, and a grid is laid out line by line, before Rich sees them, so that no word is
broken inside itself; Rich chooses the box characters and writes the styles.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.constrain import Constrain
from rich.control import strip_control_codes
from rich.segment import Segment, Segments
from rich.style import Style
from rich.text import Text

from ..streams import speaks_unicode
from ..views import Sheet, reviewed_line
from .disclaimer import DISCLAIMER
from .layout import block_lines, column_widths, wrap

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import RenderableType

    from ..views import View


def write_table(view: View, *, out: TextIO) -> None:
    console = make_console(out)
    unicode = speaks_unicode(out)
    sheet = view.table() if unicode else _escaped(view.table())
    width = console.width
    if view.document:
        parts: list[RenderableType] = [*_sections(view.title, sheet, width)]
    else:
        widths = column_widths(sheet, width - _table_frame(len(sheet.columns), ruled=view.ruled))
        grid = _grid(console, view.title, sheet, widths, ruled=view.ruled, highlight=view.highlight) if widths else None
        parts = grid if grid is not None else [*_blocks(view.title, sheet, width)]
    if not sheet.rows:
        parts.append(Text(view.empty, style="italic"))
    for note in sheet.notes:
        parts += [Text(line) for line in wrap(note, width, sheet.whole, hang="    ")]
    if reviewed := reviewed_line(view.meta):
        parts += [Text(line, style="dim") for line in wrap(reviewed, width)]
    parts += [Text(line, style="yellow") for line in wrap(DISCLAIMER, width)]
    write_drawing(console, parts, out=out)


def write_drawing(console: Console, parts: Iterable[RenderableType], *, out: TextIO) -> None:
    """Draw into a string and write it here, so that a closed pipe meets the same plain write in every format."""
    with console.capture() as drawing:
        for part in parts:
            console.print(part, overflow="fold")
    out.write(drawing.get())


def make_console(out: TextIO) -> Console:
    # NO_COLOR means no styling at all, even where FORCE_COLOR asks for a terminal.
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(file=out, highlight=False, color_system=None if plain else "auto")


# Where a search's words stand in each line of a cell: (start, end) pairs, line by line.
Spans = list[list[tuple[int, int]]]


def _grid(
    console: Console, title: str, sheet: Sheet, widths: list[int], *, ruled: bool, highlight: str = ""
) -> list[RenderableType] | None:
    """The table with every cell wrapped to its column, as Rich's Table draws it; None where a header word cannot fit
    its column.

    The lines are laid out here and handed to Rich as styled segments: Rich's Table measures, pads and crops every
    line of every cell again, which for a table of thousands of rows costs most of the command's time, though the
    cells are already cut to their widths. Rich still chooses the box characters (ASCII where the output cannot
    carry others) and writes the styles.
    """
    headers = [wrap(header, width, sheet.whole) for header, width in zip(sheet.columns, widths, strict=True)]
    if any(cell_len(line) > width for lines, width in zip(headers, widths, strict=True) for line in lines):
        return None
    rows = [[wrap(cell, width, sheet.whole) for cell, width in zip(row, widths, strict=True)] for row in sheet.rows]
    # Rules between rows only where a row runs over several lines: a table of short cells reads better without them.
    lined = ruled and any(len(lines) > 1 for row in rows for lines in row)
    # A table of short figures is read down its columns, as in a monograph: a rule under the header is enough, and
    # its columns stand two spaces apart rather than a space either side of a rule.
    frame = (box.HEAVY_HEAD if ruled else box.SIMPLE_HEAD).substitute(console.options, safe=console.safe_box)
    last = len(widths) - 1
    pads = [(1, 1) if ruled else (0, 0 if index == last else 1) for index in range(len(widths))]
    outer = [left + width + right for (left, right), width in zip(pads, widths, strict=True)]
    border = console.get_style("bright_black")
    bold = console.get_style("bold")
    styles = [bold if index == 0 else Style.null() for index in range(len(widths))]
    marked = console.get_style("bold reverse")
    pattern = re.compile(re.escape(highlight), re.IGNORECASE) if highlight else None
    segments: list[Segment] = []

    def rule(line: str) -> None:
        segments.extend((Segment(line, border), Segment.line()))

    def row(wrapped: list[list[str]], cell_styles: list[Style], head: bool) -> None:
        # Without the codes Rich's Text removes (bell, backspace, carriage return, vertical tab, form feed): the models
        # refuse them, so only an entry forged in the cache could bring them this far.
        cells = [[strip_control_codes(line) for line in lines] for lines in wrapped]
        edge, divider = (frame.head_left, frame.head_vertical) if head else (frame.mid_left, frame.mid_vertical)
        right_edge = frame.head_right if head else frame.mid_right
        height = max(len(lines) for lines in cells)
        found: list[Spans] = [
            _matches(pattern, lines) if pattern and not head else [[] for _ in lines] for lines in cells
        ]
        for number in range(height):
            if ruled:
                segments.append(Segment(edge, border))
            for index, lines in enumerate(cells):
                (left, right), style = pads[index], cell_styles[index]
                # Header cells sit on the header's last line, as Rich aligns them; body cells start on the row's first.
                line = number - (height - len(lines)) if head else number
                if not 0 <= line < len(lines):
                    segments.append(Segment(" " * outer[index], style))
                else:
                    text = lines[line]
                    fill = widths[index] - cell_len(text)
                    segments.extend(
                        [
                            *([Segment(" " * left, style)] if left else []),
                            *_marked(text, found[index][line], style, style + marked),
                            *([Segment(" " * fill, style)] if fill else []),
                            *([Segment(" " * right, style)] if right else []),
                        ]
                    )
                if index < last:
                    segments.append(Segment(divider, border))
            if ruled:
                segments.append(Segment(right_edge, border))
            segments.append(Segment.line())

    if ruled:
        rule(frame.get_top(outer))
    row(headers, [console.get_style("bold cyan")] * len(widths), head=True)
    rule(frame.get_row(outer, "head", edge=ruled))
    for number, cells in enumerate(rows):
        if lined and number:
            rule(frame.get_row(outer, "row", edge=True))
        row(cells, styles, head=False)
    if ruled:
        rule(frame.get_bottom(outer))
    table_width = sum(outer) + len(widths) - 1 + (2 if ruled else 0)
    heading = Constrain(Text(title, style="bold", justify="center"), width=table_width)
    return [heading, Segments(segments)]


def _matches(pattern: re.Pattern[str], lines: list[str]) -> Spans:
    """Where the pattern matches a cell, line by line, found in the cell's whole text so that words wrapped onto
    the next line are marked on both."""
    found = [match.span() for match in pattern.finditer("\n".join(lines))]
    spans: Spans = [[] for _ in lines]
    start = 0
    for number, line in enumerate(lines):
        end = start + len(line)
        spans[number] = [
            (max(low, start) - start, min(high, end) - start) for low, high in found if low < end and high > start
        ]
        start = end + 1
    return spans


def _marked(text: str, found: list[tuple[int, int]], style: Style, marked: Style) -> list[Segment]:
    """A line of a cell as segments, the words a search found in their own style."""
    if not found:
        return [Segment(text, style)] if text else []
    pieces, position = [], 0
    for start, end in found:
        pieces += [Segment(text[position:start], style), Segment(text[start:end], marked)]
        position = end
    pieces.append(Segment(text[position:], style))
    return [piece for piece in pieces if piece.text]


def _blocks(title: str, sheet: Sheet, width: int) -> list[Text]:
    """Each entry as a block for a screen too narrow for the table: its name, then one 'Field: value' a line."""
    lines = [*(Text(line, style="bold") for line in wrap(title, width)), Text()]
    for row in sheet.rows:
        block = block_lines(row[0], zip(sheet.columns[1:], row[1:], strict=True), width, sheet.whole)
        lines += [Text(block[0], style="bold"), *(Text(line) for line in block[1:]), Text()]
    return lines


def _sections(title: str, sheet: Sheet, width: int) -> list[Text]:
    """One entry as a page: a short field on one line, a long one as a heading with its text indented beneath."""
    lines = [*(Text(line, style="bold") for line in wrap(title, width)), Text()]
    for label, value in sheet.rows:
        single = len(value.splitlines()) == 1
        if single and cell_len(f"{label}: {value}") <= width:
            lines.append(Text.assemble((f"{label}: ", "bold cyan"), value))
            continue
        if lines[-1].plain:
            lines.append(Text())  # a section stands apart from the short fields above it
        lines += [Text(line, style="bold cyan") for line in wrap(label, width, sheet.whole)]
        for part in value.splitlines():
            hang = "    " if part.startswith("- ") else "  "  # a bullet's lines run on under its text
            lines += [Text(line) for line in wrap(part, width, sheet.whole, indent="  ", hang=hang)]
        lines.append(Text())
    return lines


def _escaped(sheet: Sheet) -> Sheet:
    """The sheet as ASCII, with other characters written as escapes, so that widths are measured on what is shown."""

    def ascii_only(row: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_ascii(cell) for cell in row)

    return sheet._replace(
        columns=ascii_only(sheet.columns), rows=tuple(map(ascii_only, sheet.rows)), notes=ascii_only(sheet.notes)
    )


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _table_frame(columns: int, *, ruled: bool = True) -> int:
    """Characters a table spends on borders and cell padding; without rules, a space and a border between columns."""
    return columns + 1 + 2 * columns if ruled else 2 * (columns - 1)
