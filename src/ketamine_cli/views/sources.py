"""The bibliography."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import SOURCE_FIELDS
from .base import Row, Sheet, View, bullets, cell, citation, dump, fields, flat_records, ids_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Source
    from ..query import Citing


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


def source_detail(source: Source, cited_by: Sequence[Citing]) -> View:
    """One source in full, with every entry that cites it and where."""
    dumped = source.model_dump(mode="json")
    rows: list[Row] = [(_LABELS.get(name, name.capitalize()), cell(value)) for name, value in dumped.items()]
    rows = [(label, value) for label, value in rows if value]
    lines = [f"{entry.name} ({entry.collection}: {entry.id}): {', '.join(entry.fields)}" for entry in cited_by]
    rows.append(("Cited by", bullets(lines) or "nothing in this data file"))
    payload = {**dumped, "cited_by": [entry._asdict() for entry in cited_by]}
    sheet = fields(rows)._replace(whole=frozenset({source.id, *(entry.id for entry in cited_by)}))
    records = flat_records(SOURCE_FIELDS, [source])
    return View(source.id, "source", payload, sheet, records, document=True)


_LABELS = {"id": "ID", "doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "URL"}
