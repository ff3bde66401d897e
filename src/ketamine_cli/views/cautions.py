"""The cautions: what labels, regulators and the guideline warn of, by kind and route."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import CAUTION_FIELDS
from .base import Sheet, View, article_words, dump, flat_records, qualifiers

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Caution

EVERY_ROUTE = "all routes"


def caution_list(cautions: Sequence[Caution]) -> View:
    rows = tuple(
        (
            f"{caution.name}\n({caution.kind})",
            _what_the_sources_say(caution),
            ", ".join(caution.routes) or EVERY_ROUTE,
            ", ".join(caution.sources),
        )
        for caution in cautions
    )
    sheet = Sheet(("Caution", "What the sources say", "Routes", "Sources"), rows)
    return View("Cautions", "cautions", dump(cautions), sheet, flat_records(CAUTION_FIELDS, cautions))


def caution_line(caution: Caution) -> str:
    """One caution on one line, for a list under a route: its kind, name, text, qualifiers and sources."""
    marks = "".join(f" ({mark})" for mark in qualifiers(caution))
    return f"{caution.kind.capitalize()}: {caution.name}. {caution.text}{marks} [{', '.join(caution.sources)}]"


def _what_the_sources_say(caution: Caution) -> str:
    parts = [caution.text, *(f"({mark})" for mark in qualifiers(caution))]
    if caution.quotes:
        parts += ["The article's words:", article_words(caution.quotes)]
    return "\n".join(parts)
