"""The sources as citations a reference manager reads: BibTeX, RIS, CSL-JSON, and an APA 7 reference list.

Pure functions of the sources, in the order given, with the standard library only: citing needs neither Pydantic nor
any other package. A source may be a model or a record read back from the cache (where `accessed` is a string
'YYYY-MM-DD' rather than a date): only attributes are read.

Each source's `kind` decides its type in every format:

| kind                                                 | BibTeX        | RIS    | CSL-JSON        |
|------------------------------------------------------|---------------|--------|-----------------|
| article, trial, review, pharmacokinetics,            | `@article`    | JOUR   | article-journal |
| case-series, guideline, with a venue                 |               |        |                 |
| label                                                | `@techreport` | RPRT   | report          |
| guideline without a venue                            | `@techreport` | RPRT   | report          |
| regulatory with a venue (a rule in a gazette)        | `@misc`       | LEGAL  | regulation      |
| regulatory without a venue (a notice, a record)      | `@misc`       | GOVDOC | document        |
| reference, and an article without a venue (web page) | `@misc`       | ELEC   | webpage         |
| trial, review, pharmacokinetics, case-series         | `@misc`       | GEN    | document        |
| without a venue                                      |               |        |                 |

Authors are written in the data as "Cohen SP, Bhatia A" (family name, then initials), perhaps ending "et al.". A
source with a publisher and no authors is cited under its publisher, as a corporate author. A venue of the shape
"Journal YYYY;VV(N):PP-PP" (any of volume, issue and pages may be missing) is split into the journal, volume, issue
and pages; a venue of another shape is carried over unchanged.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .models import Source

__all__ = ["apa", "bibtex", "csl_json", "ris"]

_JOURNAL_KINDS = frozenset({"article", "trial", "review", "pharmacokinetics", "case-series", "guideline"})
_WEB_KINDS = frozenset({"article", "reference"})
# What a report is, for BibTeX's `type`, RIS's M3 and CSL's `genre`: without it, BibTeX styles call a report a
# "Technical Report".
_REPORT_GENRES = {"label": "Drug label", "guideline": "Guideline"}
# Month names in English whatever the locale, so that the reference list is the same on every machine.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_APA_MOST_AUTHORS = 20


class _Type(NamedTuple):
    bibtex: str
    ris: str
    csl: str


_JOURNAL_ARTICLE = _Type("article", "JOUR", "article-journal")
_REPORT = _Type("techreport", "RPRT", "report")
_REGULATION = _Type("misc", "LEGAL", "regulation")
_GOVERNMENT_DOCUMENT = _Type("misc", "GOVDOC", "document")
_WEB_PAGE = _Type("misc", "ELEC", "webpage")
_DOCUMENT = _Type("misc", "GEN", "document")


def _type(source: Source) -> _Type:
    if source.kind in _JOURNAL_KINDS and source.venue:
        return _JOURNAL_ARTICLE
    if source.kind in _REPORT_GENRES:
        return _REPORT
    if source.kind == "regulatory":
        return _REGULATION if source.venue else _GOVERNMENT_DOCUMENT
    return _WEB_PAGE if source.kind in _WEB_KINDS else _DOCUMENT


class _Person(NamedTuple):
    family: str
    """The family name; for a name not written "Family GI", or a corporate author, the whole name."""
    initials: str
    """The initials as written ("SP"), or empty for a name kept whole."""

    @property
    def given(self) -> str:
        """The initials as APA and BibTeX write them: 'S. P.'."""
        return " ".join(f"{initial}." for initial in self.initials)

    @property
    def inverted(self) -> str:
        """'Cohen, S. P.', or the whole name."""
        return f"{self.family}, {self.given}" if self.initials else self.family


class _Authors(NamedTuple):
    people: tuple[_Person, ...]
    more: bool
    """True when the list ends "et al.": there are authors not named."""
    corporate: bool
    """True when the one 'person' is the publisher, cited as the author for want of one."""


_INITIALS = re.compile(r"[^\W\d_]{1,4}")
_ET_AL = re.compile(r"et\.? al\.?", re.IGNORECASE)


def _authors(source: Source) -> _Authors:
    if not source.authors:
        corporate = (_Person(source.publisher, ""),) if source.publisher else ()
        return _Authors(corporate, more=False, corporate=bool(corporate))
    people: list[_Person] = []
    more = False
    for written in (part.strip() for part in source.authors.split(",")):
        if _ET_AL.fullmatch(written):
            more = True
        elif written:
            family, _, initials = written.rpartition(" ")
            whole = not family or not (_INITIALS.fullmatch(initials) and initials.isupper())
            people.append(_Person(written, "") if whole else _Person(family, initials))
    return _Authors(tuple(people), more=more, corporate=False)


class _Venue(NamedTuple):
    journal: str
    """The journal's name, or the whole venue when it is not of the shape 'Journal YYYY;VV(N):PP-PP'."""
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None

    @property
    def article_number(self) -> str | None:
        """A page that is not a number ('CD003351') names an article, as electronic journals number them."""
        page = self.first_page
        return page if page and not page.isdigit() and not self.last_page else None


_VENUE = re.compile(
    r"(?P<journal>\S.*?) (?P<year>\d{4})"
    r"(?:;(?P<volume>\d+)?(?:\((?P<issue>[^()\s]+)\))?(?::(?P<first>[A-Za-z]*\d+)(?:-(?P<last>[A-Za-z]*\d+))?)?)?"
)


def _venue(source: Source) -> _Venue | None:
    if not source.venue:
        return None
    match = _VENUE.fullmatch(source.venue)
    if match is None:
        return _Venue(source.venue)
    return _Venue(match["journal"], match["volume"], match["issue"], match["first"], match["last"])


def _accessed(source: Source) -> datetime.date | None:
    # A model holds a date, a record from the cache the same date as 'YYYY-MM-DD': str() makes them one.
    return None if source.accessed is None else datetime.date.fromisoformat(str(source.accessed))


def _text(entries: Iterable[str], separator: str) -> str:
    """Entries one after another, the text ending in a newline; no entries, no text."""
    joined = separator.join(entries)
    return f"{joined}\n" if joined else ""


# BibTeX -------------------------------------------------------------------------------------------------------------

# Braces become commands rather than \{ and \}, which BibTeX would still count as opening and closing a group.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{character: f"\\{character}" for character in "&%$#_"},
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_ESCAPES)) + "]")
# URLs and DOIs are read verbatim (`\url`, biblatex's verbatim fields, Zotero's importer), where `\_` would stay a
# backslash and an underscore; only what would break the entry, braces and backslashes, is changed, and into the
# percent-encoding that means the same URL.
_VERBATIM_ESCAPES = {"\\": "%5C", "{": "%7B", "}": "%7D"}
_VERBATIM_SPECIAL = re.compile(r"[\\{}]")
_BIBTEX_AND = re.compile(r"\sand\s", re.IGNORECASE)


def bibtex(sources: Iterable[Source]) -> str:
    """One BibTeX entry a source, keyed by its id, separated by blank lines; UTF-8 text, as biber and pybtex read."""
    return _text((_bibtex_entry(source) for source in sources), "\n\n")


def _bibtex_entry(source: Source) -> str:
    kind = _type(source)
    fields = "".join(f",\n  {name} = {{{value}}}" for name, value in _bibtex_fields(source, kind))
    return f"@{kind.bibtex}{{{source.id}{fields}\n}}"


def _bibtex_fields(source: Source, kind: _Type) -> Iterator[tuple[str, str]]:
    """The fields of one entry, each value escaped and ready to go between braces."""
    authors = _authors(source)
    if authors.people:
        names = [_bibtex_name(person, whole=authors.corporate) for person in authors.people]
        yield "author", " and ".join([*names, "others"] if authors.more else names)
    if source.title:
        yield "title", f"{{{_bibtex_escape(source.title)}}}"  # braced again, so that styles keep its capitals
    venue = _venue(source)
    if venue is not None and kind is _JOURNAL_ARTICLE:
        yield from _escaped(("journal", venue.journal), ("volume", venue.volume), ("number", venue.issue))
        pages = "--".join(page for page in (venue.first_page, venue.last_page) if page)
        yield from _escaped(("pages", pages))
    elif source.venue:
        yield from _escaped(("howpublished", source.venue))
    if kind is _REPORT:
        yield from _escaped(("institution", source.publisher), ("type", _REPORT_GENRES.get(source.kind)))
    accessed = _accessed(source)
    yield from _escaped(
        ("year", str(source.year) if source.year else None),
        ("version", source.revised),
    )
    yield from _verbatim(("doi", source.doi))
    yield from _escaped(("pmid", source.pmid), ("pmcid", source.pmcid))
    yield from _verbatim(("url", source.url))
    yield from _escaped(("urldate", accessed.isoformat() if accessed else None), ("note", source.note))


def _bibtex_name(person: _Person, *, whole: bool) -> str:
    if whole or not person.initials:
        return f"{{{_bibtex_escape(person.family)}}}"  # one name, however many words or commas it has
    family = _bibtex_escape(person.family)
    if _BIBTEX_AND.search(family):
        family = f"{{{family}}}"  # an "and" inside a name would split it in two
    return f"{family}, {person.given}"


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], value)


def _escaped(*fields: tuple[str, str | None]) -> Iterator[tuple[str, str]]:
    for name, value in fields:
        if value:
            yield name, _bibtex_escape(value)


def _verbatim(*fields: tuple[str, str | None]) -> Iterator[tuple[str, str]]:
    for name, value in fields:
        if value:
            yield name, _VERBATIM_SPECIAL.sub(lambda match: _VERBATIM_ESCAPES[match.group()], value)


# RIS ----------------------------------------------------------------------------------------------------------------


def ris(sources: Iterable[Source]) -> str:
    """One RIS record a source, TY first and ER last, separated by blank lines.

    RIS has no tag for a PubMed id: it goes in AN (accession number) as 'PMID:...', and the PMC id in C2 as
    'PMCID:...', where EndNote keeps it. Corporate authors go in PB only, since RIS reads an AU with a comma as
    'family, given'; "et al." has no RIS form and is left out.
    """
    return _text(("\n".join(f"{tag}  - {value}" for tag, value in _ris_tags(source)) for source in sources), "\n\n")


def _ris_tags(source: Source) -> Iterator[tuple[str, str]]:
    kind = _type(source)
    authors = _authors(source)
    venue = _venue(source)
    accessed = _accessed(source)
    tags: list[tuple[str, str | None]] = [
        ("TY", kind.ris),
        ("ID", source.id),
        *(("AU", person.inverted) for person in authors.people if not authors.corporate),
        ("TI", source.title),
        *(_ris_venue(venue) if venue else ()),
        ("PY", str(source.year) if source.year else None),
        ("PB", source.publisher),
        ("M3", _REPORT_GENRES.get(source.kind) if kind is _REPORT else None),
        ("ET", source.revised),
        ("DO", source.doi),
        ("AN", f"PMID:{source.pmid}" if source.pmid else None),
        ("C2", f"PMCID:{source.pmcid}" if source.pmcid else None),
        ("UR", source.url),
        ("Y2", accessed.strftime("%Y/%m/%d") if accessed else None),
        ("N1", source.note),
        ("ER", ""),
    ]
    return ((tag, value) for tag, value in tags if value is not None)


def _ris_venue(venue: _Venue) -> list[tuple[str, str | None]]:
    return [
        ("T2", venue.journal),
        ("JO", venue.journal),
        ("VL", venue.volume),
        ("IS", venue.issue),
        ("SP", venue.first_page),
        ("EP", venue.last_page),
    ]


# CSL-JSON -----------------------------------------------------------------------------------------------------------


def csl_json(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """One CSL-JSON item a source, as citeproc processors, Zotero and pandoc read them.

    CSL has no way to say "et al.": the authors named are kept, the rest left out.
    """
    return [_csl_item(source) for source in sources]


def _csl_item(source: Source) -> dict[str, Any]:
    kind = _type(source)
    authors = _authors(source)
    venue = _venue(source)
    accessed = _accessed(source)
    item: dict[str, Any] = {
        "id": source.id,
        "type": kind.csl,
        "title": source.title,
        "author": [_csl_name(person) for person in authors.people] or None,
    }
    if venue is not None:
        number = venue.article_number
        pages = "-".join(page for page in (venue.first_page, venue.last_page) if page)
        item |= {
            "container-title": venue.journal,
            "volume": venue.volume,
            "issue": venue.issue,
            "page": None if number else pages or None,
            "number": number,
        }
    item |= {
        "issued": {"date-parts": [[source.year]]} if source.year else None,
        "publisher": source.publisher,
        "genre": _REPORT_GENRES.get(source.kind) if kind is _REPORT else None,
        "version": source.revised,
        "DOI": source.doi,
        "PMID": source.pmid,
        "PMCID": source.pmcid,
        "URL": source.url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]} if accessed else None,
        "note": source.note,
    }
    return {name: value for name, value in item.items() if value is not None}


def _csl_name(person: _Person) -> dict[str, str]:
    if not person.initials:
        return {"literal": person.family}
    return {"family": person.family, "given": person.given}


# APA 7 --------------------------------------------------------------------------------------------------------------


def apa(sources: Iterable[Source]) -> str:
    """A reference list in APA 7 style, as plain text: one reference a paragraph, paragraphs apart by a blank line.

    Authors as "Family, G. I., & Family, G. I." (the first 19, an ellipsis and the last beyond 20; "et al." kept
    where the data gives it), then (Year) or (n.d.), the title, the journal with volume(issue) and pages, and the
    DOI as a link, else the URL, with "Retrieved Month D, YYYY, from" when the data says when it was read. The
    journal names are the data's abbreviations, and the title's capitals are kept as published.
    """
    return _text((_apa_reference(source) for source in sources), "\n\n")


def _apa_reference(source: Source) -> str:
    authors = _authors(source)
    lead = _apa_authors(authors) if authors.people else None
    title = source.title
    if title and source.revised:
        title = f"{title} (Revised {source.revised})"
    if lead is None:  # no author: the title takes the author's place
        lead, title = title, None
    parts = [
        _sentence(lead) if lead else None,
        f"({source.year or 'n.d.'}).",
        _sentence(title) if title else None,
        _apa_source(source, authors),
        _apa_link(source),
    ]
    return " ".join(part for part in parts if part)


def _apa_authors(authors: _Authors) -> str:
    names = [person.inverted for person in authors.people]
    if authors.more:
        return ", ".join([*names, "et al."])
    if len(names) > _APA_MOST_AUTHORS:
        return ", ".join(names[: _APA_MOST_AUTHORS - 1]) + ", . . . " + names[-1]
    if len(names) > 1:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return names[0]


def _apa_source(source: Source, authors: _Authors) -> str | None:
    """Where the work appeared: the journal, volume(issue) and pages, or the publisher of a report."""
    venue = _venue(source)
    dash = "\N{EN DASH}"  # APA joins pages and issues with an en dash: 304-311, 147(1-3)
    if venue is not None:
        issue = f"({venue.issue.replace('-', dash)})" if venue.issue else ""
        volume = f"{venue.volume or ''}{issue}"
        pages = (
            f"Article {venue.article_number}"
            if venue.article_number
            else dash.join(page for page in (venue.first_page, venue.last_page) if page)
        )
        return _sentence(", ".join(part for part in (venue.journal, volume, pages) if part))
    if source.publisher and not authors.corporate:
        return _sentence(source.publisher)
    return None


def _apa_link(source: Source) -> str | None:
    if source.doi:
        return f"https://doi.org/{source.doi}"
    if not source.url:
        return None
    accessed = _accessed(source)
    if accessed is None:
        return source.url
    return f"Retrieved {_MONTHS[accessed.month - 1]} {accessed.day}, {accessed.year}, from {source.url}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."
