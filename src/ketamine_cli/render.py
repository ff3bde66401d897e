"""Writing a view in the format the user asked for; each format carries the disclaimer in its own way."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, TextIO

from .choices import Format
from .streams import speaks_unicode, tell, utf8
from .views import Sheet

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from rich.console import Console, RenderableType

    from .views import View

DISCLAIMER = (
    "Educational reference only: not medical advice, and it gives no doses. "
    "Consult a licensed clinician about any treatment."
)


def render(view: View, fmt: Format, *, out: TextIO, err: TextIO) -> None:
    _RENDERERS[fmt](view, out, err)


def _table(view: View, out: TextIO, err: TextIO) -> None:
    # Rich is the slowest import of the command, and only the table needs it.
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    # Data text goes in as Text objects, so brackets in it are printed, never read as Rich markup.
    table = Table(
        title=Text(view.title, style="bold"),
        show_lines=True,
        header_style="bold cyan",
        border_style="bright_black",
    )
    sheet = view.sheet if speaks_unicode(out) else _escaped(view.sheet)
    widths = column_widths(sheet, console.width - _table_frame(len(sheet.columns)))
    for index, (column, width) in enumerate(zip(sheet.columns, widths, strict=True)):
        table.add_column(column, width=width, overflow="fold", style="bold" if index == 0 else None)
    for row in sheet.rows:
        table.add_row(*(Text(cell) for cell in row))
    empty = [] if sheet.rows else [Text(view.empty, style="italic")]
    write_drawing(console, [table, *empty, Text(DISCLAIMER, style="yellow")], out=out)


def write_drawing(console: Console, parts: Iterable[RenderableType], *, out: TextIO) -> None:
    """Draw into a string and write it here, so that a closed pipe meets the same plain write in every format."""
    with console.capture() as drawing:
        for part in parts:
            console.print(part, overflow="fold")
    out.write(drawing.get())


def make_console(out: TextIO) -> Console:
    from rich.console import Console

    # NO_COLOR means no styling at all, even where FORCE_COLOR asks for a terminal.
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(file=out, highlight=False, color_system=None if plain else "auto")


def _escaped(sheet: Sheet) -> Sheet:
    """The sheet as ASCII, with other characters written as escapes, so that widths are measured on what is shown."""

    def ascii_only(row: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(cell.encode("ascii", "backslashreplace").decode("ascii") for cell in row)

    return Sheet(ascii_only(sheet.columns), tuple(map(ascii_only, sheet.rows)))


def _table_frame(columns: int) -> int:
    """Characters a table spends on borders and cell padding."""
    return columns + 1 + 2 * columns


_LONGEST_UNBROKEN_WORD = 12


def column_widths(sheet: Sheet, room: int) -> list[int | None]:
    """Column widths that fit `room` characters, or None each where the table fits as it is.

    Rich would squeeze every column alike, folding short words in the narrow ones while the notes run to dozens of
    lines. Here each column first gets room for the words of its header and of its names (the first column), and
    for the other words up to a length; the rest of the room goes to the columns holding the most text, none wider
    than its longest line.
    """
    from rich.cells import cell_len  # widths in terminal cells: a CJK character or an emoji takes two

    columns = list(zip(sheet.columns, *sheet.rows, strict=True))
    lines = [[line for cell in column[1:] for line in cell.splitlines() or [""]] for column in columns]
    natural = [
        max([cell_len(header), *map(cell_len, cells)]) for header, cells in zip(sheet.columns, lines, strict=True)
    ]
    if sum(natural) <= room:
        return [None] * len(columns)
    header_word = [max(map(cell_len, header.split()), default=1) for header in sheet.columns]
    cell_word = [max((cell_len(word) for line in cells for word in line.split()), default=1) for cells in lines]
    other_words = zip(header_word[1:], cell_word[1:], strict=True)
    widths = [max(header_word[0], cell_word[0]), *(max(h, min(c, _LONGEST_UNBROKEN_WORD)) for h, c in other_words)]
    widths = [min(width, limit) for width, limit in zip(widths, natural, strict=True)]
    if sum(widths) > room:
        # Too narrow even for the longest words: the names keep theirs and the other columns fold theirs.
        others = max(1, (room - widths[0]) // (len(widths) - 1)) if len(widths) > 1 else 0
        widths = [widths[0], *(min(width, others) for width in widths[1:])]
    volume = [sum(map(cell_len, cells)) for cells in lines]
    spare = room - sum(widths)
    while spare > 0:
        growing = [i for i, width in enumerate(widths) if width < natural[i]]
        if not growing:
            break
        total = sum(volume[i] for i in growing) or 1
        shares = {i: max(1, spare * volume[i] // total) for i in growing}
        for i in growing:
            grow = min(shares[i], natural[i] - widths[i], spare)
            widths[i] += grow
            spare -= grow
    return [max(1, width) for width in widths]


def write_json(key: str, payload: Any, *, out: TextIO) -> None:
    """One JSON object: the disclaimer, then the payload under its key."""
    document = {"disclaimer": DISCLAIMER, key: payload}
    # On a stream that cannot carry Unicode, \\u escapes keep the document exact.
    out.write(json.dumps(document, ensure_ascii=not speaks_unicode(out), indent=2) + "\n")


def write_verbatim(content: bytes, *, out: TextIO, err: TextIO) -> None:
    """A file byte for byte as it was read, whatever stdout's encoding; the disclaimer goes to stderr, as with CSV."""
    tell(err, DISCLAIMER + "\n")
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a stream of text only
        out.write(content.decode("utf-8"))
        return
    out.flush()
    buffer.write(content)


def write_schema(schema: dict[str, Any], *, out: TextIO) -> None:
    out.write(json.dumps(schema, indent=2) + "\n")


def _json(view: View, out: TextIO, err: TextIO) -> None:
    write_json(view.key, view.payload, out=out)


def _csv(view: View, out: TextIO, err: TextIO) -> None:
    import csv  # kept off the start-up of the other formats

    tell(err, DISCLAIMER + "\n")  # first, so that a reader who stops early still has it
    with utf8(out) as stream:  # a spreadsheet reads UTF-8 whatever the locale of the machine that wrote it
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(view.records.columns)
        writer.writerows(view.records.rows)


def _markdown(view: View, out: TextIO, err: TextIO) -> None:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |"

    lines = [line(view.sheet.columns), "| " + " | ".join("---" for _ in view.sheet.columns) + " |"]
    lines += [line(row) for row in view.sheet.rows] or ["", f"*{_markdown_cell(view.empty)}*"]
    out.write("\n".join(lines) + f"\n\n> {DISCLAIMER}\n")


_MARKDOWN_ESCAPES = str.maketrans({char: "\\" + char for char in "\\|*_`[]<>~"} | {"&": "&amp;", "\n": "<br>"})


def _markdown_cell(text: str) -> str:
    # Escaped so that data text reads literally in GitHub-flavoured Markdown, and line breaks stay inside the cell.
    return text.translate(_MARKDOWN_ESCAPES)


_RENDERERS: dict[Format, Callable[[View, TextIO, TextIO], None]] = {
    Format.TABLE: _table,
    Format.JSON: _json,
    Format.CSV: _csv,
    Format.MARKDOWN: _markdown,
}
