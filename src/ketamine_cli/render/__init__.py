"""Writing a view in the format the user asked for; each format carries the disclaimer in its own way.

One module per kind of output: `terminal` (the table, stacked blocks and sections, drawn with Rich), `markdown`,
`data_formats` (JSON, CSV, a data file verbatim, the schema), and `layout`, the pure arithmetic of fitting text to a
width that the terminal uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ..choices import Format
from .data_formats import (
    write_bare_json,
    write_csv,
    write_data_json,
    write_json,
    write_json_lines,
    write_schema,
    write_verbatim,
)
from .disclaimer import DISCLAIMER
from .markdown import write_markdown

if TYPE_CHECKING:
    from ..views import View

__all__ = ["DISCLAIMER", "render", "write_bare_json", "write_data_json", "write_json", "write_schema", "write_verbatim"]


def render(view: View, fmt: Format, *, out: TextIO, err: TextIO) -> None:
    if fmt is Format.TABLE:
        from .terminal import write_table  # Rich is the slowest import of the command, and only the table needs it

        write_table(view, out=out)
    elif fmt is Format.JSON:
        write_json(view.key, view.payload, out=out, meta=view.meta)
    elif fmt is Format.JSONL:
        write_json_lines(view.payload, out=out, err=err)
    elif fmt is Format.CSV:
        write_csv(view.csv_records(), out=out, err=err)
    else:
        write_markdown(view, out=out)
