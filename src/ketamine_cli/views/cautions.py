"""The cautions: what labels, regulators and the guideline warn of, by kind and route."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import CAUTION_FIELDS
from .base import Sheet, View, article_words, dump, flat_records, ids_in, qualifiers

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Caution

EVERY_ROUTE = "all routes"


def caution_list(cautions: Sequence[Caution]) -> View:
    # Two columns, so that the text has the room: the routes go under the name, the sources under the text.
    rows = tuple(
        (
            f"{caution.name}\n({caution.kind}; {', '.join(caution.routes) or EVERY_ROUTE})",
            what_the_sources_say(caution),
        )
        for caution in cautions
    )
    sheet = Sheet(("Caution", "What the sources say"), rows, whole=ids_in(cautions))
    records = flat_records(CAUTION_FIELDS, cautions)
    return View("Cautions", "cautions", dump(cautions), sheet, records, "no cautions in this data file")


def what_the_sources_say(caution: Caution) -> str:
    """A caution's text, what qualifies it, the article's words where it quotes them, and its sources."""
    parts = [caution.text, *(f"({mark})" for mark in qualifiers(caution))]
    if caution.quotes:
        parts += ["The article's words:", article_words(caution.quotes)]
    parts.append(f"Sources: {', '.join(caution.sources)}")
    return "\n".join(parts)
