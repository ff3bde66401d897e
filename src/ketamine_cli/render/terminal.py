"""The terminal: a table when it fits, stacked blocks when it does not, sections for one entry; drawn with Rich.

Cells are wrapped here, by `layout`, before Rich sees them, so that no word is broken inside itself; Rich only draws.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
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
        grid = _grid(view.title, sheet, widths, ruled=view.ruled, highlight=view.highlight) if widths else None
        parts = [grid] if grid is not None else [*_blocks(view.title, sheet, width)]
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


def _grid(title: str, sheet: Sheet, widths: list[int], *, ruled: bool, highlight: str = "") -> Table | None:
    """The table with every cell wrapped to its column; None where a header word cannot fit its column."""
    headers = [wrap(header, width, sheet.whole) for header, width in zip(sheet.columns, widths, strict=True)]
    if any(cell_len(line) > width for lines, width in zip(headers, widths, strict=True) for line in lines):
        return None
    cells = [[wrap(cell, width, sheet.whole) for cell, width in zip(row, widths, strict=True)] for row in sheet.rows]
    # Rules between rows only where a row runs over several lines: a table of short cells reads better without them.
    table = Table(
        title=Text(title, style="bold"),
        show_lines=ruled and any(len(lines) > 1 for row in cells for lines in row),
        header_style="bold cyan",
        border_style="bright_black",
        # A table of short figures is read down its columns, as in a monograph: a rule under the header is enough.
        box=box.HEAVY_HEAD if ruled else box.SIMPLE_HEAD,
        show_edge=ruled,
        pad_edge=ruled,
        collapse_padding=not ruled,
    )
    for index, (lines, width) in enumerate(zip(headers, widths, strict=True)):
        # Data text goes in as Text objects, so brackets in it are printed, never read as Rich markup.
        header = Text("\n".join(lines))
        table.add_column(header, width=width, no_wrap=True, overflow="ignore", style="bold" if index == 0 else None)
    for row in cells:
        table.add_row(*(_highlighted("\n".join(lines), highlight) for lines in row))
    return table


def _highlighted(text: str, words: str) -> Text:
    """The text, with the words in colour wherever they stand, whatever their case (in colour only)."""
    shown = Text(text)
    if words:
        shown.highlight_regex(re.compile(re.escape(words), re.IGNORECASE), style="bold reverse")
    return shown


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
