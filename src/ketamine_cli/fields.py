"""The models' field names and the two helpers that read figures, for the layers above the models.

Importable without Pydantic, so that a command served from the cache never loads it. A test checks these names
against the models, which stay the one definition of the data.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .models import Bioavailability, Route, Timing

ROUTE_FIGURES = ("onset", "duration", "lasting_relief", "time_to_peak", "bioavailability")
SIDE_EFFECT_FIELDS = ("id", "name", "category", "article", "literature", "sources", "quotes")
CAUTION_FIELDS = ("id", "kind", "name", "text", "routes", "substance", "secondary", "sources", "quotes")
OVERVIEW_FIELDS = ("id", "topic", "quotes", "literature", "sources")
SOURCE_FIELDS = (
    "id",
    "kind",
    "title",
    "authors",
    "publisher",
    "venue",
    "year",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "accessed",
    "revised",
    "missing_because",
    "note",
)


def figure_bounds(figure: Timing | Bioavailability) -> tuple[float | None, float | None]:
    """A figure's lower and upper bound: minutes for a time, percent for bioavailability."""
    unit = "minutes" if is_timing(figure) else "percent"
    low: float | None = getattr(figure, f"min_{unit}")
    high: float | None = getattr(figure, f"max_{unit}")
    return low, high


def is_timing(figure: Timing | Bioavailability) -> bool:
    return hasattr(figure, "min_minutes")


def route_figures(route: Route) -> Iterator[tuple[str, Timing | Bioavailability]]:
    """The figures a route states, by field name, skipping the optional ones it leaves out."""
    for name in ROUTE_FIGURES:
        figure: Timing | Bioavailability | None = getattr(route, name)
        if figure is not None:
            yield name, figure


def name_key(name: str) -> str:
    """What a typed name is compared as, in a data file and on the command line alike: NFKC-normalised and case-folded,
    so that 'iv', 'IV' and the same letters written full-width are one name."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold()).strip()
