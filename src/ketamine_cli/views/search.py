"""What `ketamine search` found: where each match stands, and the words around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Sheet, View

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..query import Match

_COLUMNS = ("collection", "id", "name", "field", "snippet")


def search_results(matches: Sequence[Match], text: str) -> View:
    rows = tuple((_found_in(match), match.field, match.snippet) for match in matches)
    sheet = Sheet(("Found in", "Field", "Where it stands"), rows, whole=frozenset(match.id for match in matches))
    records = Sheet(_COLUMNS, tuple(tuple(match) for match in matches))
    payload = [match._asdict() for match in matches]
    return View(f"Search: {text}", "results", payload, sheet, records, "no matches", highlight=text)


def _found_in(match: Match) -> str:
    # A long name (a source's title, a caution's) would take the table's room from the words found: the id stands in.
    if len(match.name) > _SHORT_NAME:
        return f"{match.id}\n({match.collection})"
    return f"{match.name}\n({match.collection}: {match.id})"


_SHORT_NAME = 30
