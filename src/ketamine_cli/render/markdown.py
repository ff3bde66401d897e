"""GitHub-flavoured Markdown: a table, or nothing to show, then the footnotes and the disclaimer."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ..views import reviewed_line
from .disclaimer import DISCLAIMER

if TYPE_CHECKING:
    from ..views import View


def write_markdown(view: View, *, out: TextIO) -> None:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(_cell(cell) for cell in cells) + " |"

    # A heading first and a blank line last, so that outputs appended to one file stay that many tables.
    sheet = view.table()
    lines = [
        f"## {_cell(view.title)}",
        "",
        line(sheet.columns),
        "| " + " | ".join("---" for _ in sheet.columns) + " |",
    ]
    lines += [line(row) for row in sheet.rows] or ["", f"*{_cell(view.empty)}*"]
    if sheet.notes:
        lines += ["", *(f"- {_cell(note)}" for note in sheet.notes)]
    if reviewed := reviewed_line(view.meta):
        lines += ["", _cell(reviewed)]
    out.write("\n".join(lines) + f"\n\n> {DISCLAIMER}\n\n")


_ESCAPES = str.maketrans({char: "\\" + char for char in "\\|*_`[]<>~#"} | {"&": "&amp;", "\n": "<br>"})


def _cell(text: str) -> str:
    # Escaped so that data text reads literally in GitHub-flavoured Markdown, and line breaks stay inside the cell.
    return text.translate(_ESCAPES)
