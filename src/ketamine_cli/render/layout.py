"""How text fits a width: where a cell may wrap, how wide each column of a table is, and when a table must give way
to stacked blocks. Pure functions of text and a width, tested without a terminal.

The one rule: a word is never broken inside itself. Text wraps at spaces, and after a hyphen or a slash inside a
word; a word that must stay whole (an id, a DOI, a link, a number range) never breaks, and a number keeps its unit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..views import Sheet

# Joins a number to its unit, so that '30-45 min' and '4-6 h' wrap as one word; shown as a plain space.
_GLUE = "\u00a0"
_NUMBER_THEN_UNIT = re.compile(
    r"(?<![\w.])([~<>]?\d[\d.,]*(?:-\d[\d.,]*)?)"  # a number or a range of numbers
    r" (%|min|minutes?|h|hours?|d|days?|wk|weeks?|s|seconds?)(?=[\s,;:.)\]]|$)"  # then its unit
)
# Words that never break: links, DOIs and identifiers with a digit in them ('sigtermans2009', 'PMC4093926').
_WHOLE = re.compile(r"^(?:https?://|doi:|10\.\d{4,9}/)|\d")
# Where a word may break: after a hyphen or a slash that has a letter before it and a letter after it.
_BREAK_AFTER = re.compile(r"(?<=[^\W\d_][-/])(?=[^\W\d_(])")


def pieces(word: str, whole: frozenset[str] = frozenset()) -> list[str]:
    """The parts of a word that must stay together: the word itself, or its parts split after hyphens and slashes."""
    if _is_whole(word, whole):
        return [word]
    return [part for part in _BREAK_AFTER.split(word) if part]


def glue_units(text: str) -> str:
    return _NUMBER_THEN_UNIT.sub(lambda match: f"{match.group(1)}{_GLUE}{match.group(2)}", text)


def narrowest(text: str, whole: frozenset[str] = frozenset()) -> int:
    """The width below which some part of the text would have to break."""
    glued = glue_units(text)
    return max((cell_len(piece) for word in _words(glued) for piece in pieces(word, whole)), default=0)


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def wrap(
    text: str, width: int, whole: frozenset[str] = frozenset(), *, indent: str = "", hang: str | None = None
) -> list[str]:
    """The text in lines no wider than `width`, the first after `indent` and the rest after `hang` (the indent too,
    by default), broken only at spaces or after a hyphen or a slash. As a last resort, a plain word wider than the
    whole line is cut into lines; an id, a DOI, a link or a number never is: it stands on a line of its own."""
    hang = indent if hang is None else hang
    first, rest = max(1, width - cell_len(indent)), max(1, width - cell_len(hang))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += _wrap_paragraph(glue_units(paragraph), first if not lines else rest, rest, whole)
    return [(hang if n else indent) + line.replace(_GLUE, " ") for n, line in enumerate(lines)]


def _wrap_paragraph(paragraph: str, first: int, rest: int, whole: frozenset[str]) -> list[str]:
    lines: list[str] = []
    line = ""

    def room() -> int:
        return rest if lines else first

    for word in _words(paragraph):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= room():
            line = candidate
            continue
        parts = _fold_wider_than(pieces(word, whole), rest, whole)
        if line and cell_len(f"{line} {parts[0]}") > room():
            lines.append(line)
            line = ""
        for part in parts:
            joined = f"{line} {part}" if line and part is parts[0] else line + part
            if line and cell_len(joined) > room():
                lines.append(line)
                line = part
            else:
                line = joined
    lines.append(line)
    return lines


def _fold_wider_than(parts: list[str], width: int, whole: frozenset[str]) -> list[str]:
    """The parts of a word, with a plain one wider than the whole line cut into lines' widths: the last resort, so
    that a 300-letter name is shown whole on a narrow screen rather than running off it. Ids, DOIs, links and
    numbers are never cut: a copied DOI must work."""
    folded = []
    for part in parts:
        remaining = part
        if _is_whole(remaining, whole):
            folded.append(remaining)
            continue
        while cell_len(remaining) > width:
            cut = next((n for n in range(len(remaining), 0, -1) if cell_len(remaining[:n]) <= width), 1)
            folded.append(remaining[:cut])
            remaining = remaining[cut:]
        folded.append(remaining)
    return folded


def _is_whole(word: str, whole: frozenset[str]) -> bool:
    bare = word.strip("'\"(),.;:[]")
    return bare in whole or bool(_WHOLE.search(bare))


def _words(text: str) -> list[str]:
    # Not str.split(), which would also split at the no-break space that joins a number to its unit.
    return [word for word in re.split(r"[ \t\n]+", text) if word]


def column_widths(sheet: Sheet, room: int) -> list[int] | None:
    """A width for each column of a table that fits `room` cells, or None where it cannot fit without breaking a word.

    Each column first gets room for its longest unbreakable part (its header's words, the words of its cells; the
    whole of each line in a column the sheet keeps whole). The rest goes to the columns holding the most text, none
    wider than its longest line.
    """
    columns = list(zip(sheet.columns, *sheet.rows, strict=True))
    natural = [max(widest(cell) for cell in column) for column in columns]
    least = [
        natural[index] if index in sheet.keep else max(narrowest(cell, sheet.whole) for cell in column)
        for index, column in enumerate(columns)
    ]
    if sum(least) > room:
        return None
    widths = list(least)
    spare = room - sum(widths)
    if len(sheet.rows) * len(columns) <= _SEARCHED_CELLS:
        spare = _spend_on_fewest_lines(sheet, widths, natural, spare)
    # What is left goes to the columns holding the most text, none wider than its longest line.
    volume = [sum(cell_len(cell) for cell in column[1:]) for column in columns]
    while spare > 0:
        growing = [i for i, width in enumerate(widths) if width < natural[i]]
        if not growing:
            break
        total = sum(volume[i] for i in growing) or 1
        for i in growing:
            grow = min(max(1, spare * volume[i] // total), natural[i] - widths[i], spare)
            widths[i] += grow
            spare -= grow
    return widths


_SEARCHED_CELLS = 600  # up to this many cells, the widths are chosen for the fewest lines; beyond, by volume
_SHORT_COLUMN = 24  # a column no wider than this holds short values, which should each stand on one line


def _spend_on_fewest_lines(sheet: Sheet, widths: list[int], natural: list[int], spare: int) -> int:
    """Widen, step by step, the column of short values (figures, names) whose widening saves the most lines for each
    cell it costs; returns what is left of `spare` once no widening saves a line."""
    counts: dict[tuple[int, int, int], int] = {}

    def lines(row: int, column: int, width: int) -> int:
        key = (row, column, width)
        if key not in counts:
            counts[key] = len(wrap(sheet.rows[row][column], width, sheet.whole))
        return counts[key]

    def height(candidate: list[int]) -> int:
        return sum(max(lines(r, c, w) for c, w in enumerate(candidate)) for r in range(len(sheet.rows)))

    current = height(widths)
    while spare > 0:
        best: tuple[float, int, int, int] | None = None  # (lines saved per cell, column, extra, new height)
        for column, width in enumerate(widths):
            if natural[column] > _SHORT_COLUMN:
                continue  # a column of prose gets its share by volume, below
            for extra in range(1, min(spare, natural[column] - width) + 1):
                trial = height([*widths[:column], width + extra, *widths[column + 1 :]])
                if trial < current:
                    rate = (current - trial) / extra
                    if best is None or rate > best[0]:
                        best = (rate, column, extra, trial)
                    break
        if best is None:
            return spare
        _, column, extra, current = best
        widths[column] += extra
        spare -= extra
    return spare


def block_lines(heading: str, fields: Iterable[tuple[str, str]], width: int, whole: frozenset[str]) -> list[str]:
    """One entry as a block for a narrow screen: its heading, then 'Field: value', wrapped under an indent; a value
    of several lines starts on the line after its label."""
    lines = wrap(" ".join(heading.split()), width, whole)
    for label, value in fields:
        if len(value.splitlines()) <= 1:
            lines += wrap(f"{label}: {value}", width, whole, indent="  ", hang="    ")
        else:
            lines += wrap(f"{label}:", width, whole, indent="  ")
            lines += [
                line for part in value.splitlines() for line in wrap(part, width, whole, indent="    ", hang="      ")
            ]
    return lines
