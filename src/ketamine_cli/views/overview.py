"""The article's general statements, which belong to no route or condition, beside what the literature says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import OVERVIEW_FIELDS
from .base import NOT_STATED, Sheet, View, article_words, dump, flat_records, ids_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import OverviewEntry


def overview_list(entries: Sequence[OverviewEntry]) -> View:
    rows = tuple(
        (
            entry.topic,
            article_words(entry.quotes),
            f"{entry.literature or NOT_STATED}\nSources: {', '.join(entry.sources)}",
        )
        for entry in entries
    )
    sheet = Sheet(("Topic", "The article's words", "The literature"), rows, whole=ids_in(entries))
    records = flat_records(OVERVIEW_FIELDS, entries)
    title = "What the article says in general"
    return View(title, "overview", dump(entries), sheet, records, "no overview entries in this data file")
