"""The bibliography."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import SOURCE_FIELDS
from .base import Sheet, View, citation, dump, flat_records, ids_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Source


def source_list(sources: Sequence[Source]) -> View:
    rows = tuple((source.id, citation(source), _link(source) or "none") for source in sources)
    sheet = Sheet(("ID", "Reference", "Link"), rows, whole=ids_in(sources), keep=frozenset({0, 2}))
    records = flat_records(SOURCE_FIELDS, sources)
    return View("Sources", "sources", dump(sources), sheet, records, "no sources in this data file")


def _link(source: Source) -> str:
    links = [
        f"doi:{source.doi}" if source.doi else None,
        f"PMID {source.pmid}" if source.pmid else None,
        source.pmcid,
        source.url,
    ]
    return "\n".join(link for link in links if link)
