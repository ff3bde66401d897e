"""Side effects: what the article says, in its own words, beside what the labels and trials add."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import SIDE_EFFECT_FIELDS
from .base import NOT_STATED, Sheet, View, article_words, dump, flat_records, ids_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import SideEffect


def side_effect_list(effects: Sequence[SideEffect]) -> View:
    rows = tuple(
        (
            f"{effect.name}\n({effect.category})",
            article_words(effect.quotes) if effect.quotes else effect.article,
            f"{effect.literature or NOT_STATED}\nSources: {', '.join(effect.sources)}",
        )
        for effect in effects
    )
    sheet = Sheet(("Side effect", "The article's words", "The literature adds"), rows, whole=ids_in(effects))
    records = flat_records(SIDE_EFFECT_FIELDS, effects)
    return View("Side effects", "side_effects", dump(effects), sheet, records, "no side effects in this data file")
