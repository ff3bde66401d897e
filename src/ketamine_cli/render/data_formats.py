"""The formats a script reads: JSON, CSV, a data file exactly as read, and the schema."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from ..streams import speaks_unicode, tell, utf8
from .disclaimer import DISCLAIMER

if TYPE_CHECKING:
    from ..views import Sheet


def write_json(key: str, payload: Any, *, out: TextIO, meta: dict[str, Any] | None = None) -> None:
    """One JSON object: the disclaimer, what the data set is and how current (`meta`), then the payload."""
    document = {"disclaimer": DISCLAIMER, **({"meta": meta} if meta is not None else {}), key: payload}
    write_bare_json(document, out=out)


def write_data_json(document: dict[str, Any], *, out: TextIO, err: TextIO) -> None:
    """A data file as JSON, with nothing around it, so that it reads back; the disclaimer goes to stderr."""
    tell(err, DISCLAIMER + "\n")
    write_bare_json(document, out=out)


def write_bare_json(document: Any, *, out: TextIO) -> None:
    """A JSON document, indented for a person at a terminal and on one line for a pipe or a file, as the GitHub CLI
    writes it: the standard library writes compact JSON in C but indented JSON in Python, which takes a second on a
    large file (`jq .` indents it again). On a stream that cannot carry Unicode, \\u escapes keep it exact."""
    ascii_only = not speaks_unicode(out)
    if _is_terminal(out):
        out.write(json.dumps(document, ensure_ascii=ascii_only, indent=2) + "\n")
    else:
        out.write(json.dumps(document, ensure_ascii=ascii_only, separators=(",", ":")) + "\n")


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # a stream without a descriptor, or closed
        return False


def write_json_lines(payload: Any, *, out: TextIO, err: TextIO) -> None:
    """One JSON object a line, one line an item, for tools that stream; the disclaimer goes to stderr, as with CSV."""
    tell(err, DISCLAIMER + "\n")
    ascii_only = not speaks_unicode(out)
    for item in payload if isinstance(payload, list) else [payload]:
        out.write(json.dumps(item, ensure_ascii=ascii_only, separators=(",", ":")) + "\n")


def write_csv(records: Sheet, *, out: TextIO, err: TextIO) -> None:
    import csv  # kept off the start-up of the other formats

    tell(err, DISCLAIMER + "\n")  # first, so that a reader who stops early still has it
    with utf8(out) as stream:  # a spreadsheet reads UTF-8 whatever the locale of the machine that wrote it
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(records.columns)
        writer.writerows(records.rows)


def write_verbatim(content: bytes, *, out: TextIO, err: TextIO) -> None:
    """A file byte for byte as it was read, whatever stdout's encoding; the disclaimer goes to stderr, as with CSV."""
    tell(err, DISCLAIMER + "\n")
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a stream of text only
        out.write(content.decode("utf-8"))
        return
    out.flush()
    buffer.write(content)


def write_schema(schema: str, *, out: TextIO) -> None:
    """The schema as generated, all ASCII, so that any stdout can take it."""
    out.write(schema)
