"""The glossary: the terms the reference uses, in words a patient can read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Sheet, View, citations, dump, fields, ids_in, lines

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import DataSet, GlossaryEntry

_FIELDS = ("id", "term", "aliases", "definition", "related", "sources")


def glossary_list(entries: Sequence[GlossaryEntry]) -> View:
    rows = tuple((entry.term, _definition(entry, entries)) for entry in entries)
    sheet = Sheet(("Term", "What it means"), rows, whole=ids_in(entries))
    return View("Glossary", "glossary", dump(entries), sheet, _records(entries), "no glossary in this data file")


def glossary_entry(data: DataSet, entry: GlossaryEntry) -> View:
    """One term as a page; its JSON is the same list as the whole glossary's, of one entry."""
    rows = [
        ("Term", entry.term),
        ("Also called", ", ".join(entry.aliases) or "nothing else"),
        ("What it means", entry.definition),
        ("See also", _related(entry, data.glossary) or "nothing else"),
        ("Sources", citations(data, entry.sources)),
    ]
    sheet = fields(rows)._replace(whole=ids_in([entry]))
    return View(entry.term, "glossary", dump([entry]), sheet, _records([entry]), document=True)


def _definition(entry: GlossaryEntry, entries: Sequence[GlossaryEntry]) -> str:
    parts = [entry.definition]
    if entry.aliases:
        parts.append(f"Also called: {', '.join(entry.aliases)}")
    if related := _related(entry, entries):
        parts.append(f"See also: {related}")
    parts.append(f"Sources: {', '.join(entry.sources)}")
    return "\n".join(parts)


def _related(entry: GlossaryEntry, entries: Sequence[GlossaryEntry]) -> str:
    terms = {other.id: other.term for other in entries}
    return ", ".join(terms.get(related, related) for related in entry.related)


def _records(entries: Sequence[GlossaryEntry]) -> Sheet:
    rows = tuple(
        (entry.id, entry.term, lines(entry.aliases), entry.definition, lines(entry.related), lines(entry.sources))
        for entry in entries
    )
    return Sheet(_FIELDS, rows)
