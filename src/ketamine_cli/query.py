"""Finding routes and conditions by what a user types, and putting routes in order."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .choices import CautionKind, RouteOrder
from .errors import AmbiguousNameError, UnknownNameError
from .fields import figure_bounds, name_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from .models import Bioavailability, Caution, Condition, DataSet, GlossaryEntry, Route, Source, Timing


Entry = TypeVar("Entry", "Route", "Condition", "GlossaryEntry")


def find_route(data: DataSet, query: str) -> Route:
    return _with_search_hint(data, query, lambda: _find(data.routes, query, "route"))


def find_condition(data: DataSet, query: str) -> Condition:
    return _with_search_hint(data, query, lambda: _find(data.conditions, query, "condition"))


def find_term(data: DataSet, query: str) -> GlossaryEntry:
    return _with_search_hint(data, query, lambda: _find(data.glossary, query, "term"))


def _with_search_hint(data: DataSet, query: str, find: Callable[[], Entry]) -> Entry:
    """An unknown name that the data mentions elsewhere ('spravato') points to the search."""
    try:
        return find()
    except UnknownNameError as error:
        if query.strip() and search(data, query):
            raise error.with_search(query) from None
        raise


class Match(NamedTuple):
    collection: str
    id: str
    name: str
    field: str
    snippet: str


SEARCHED = ("routes", "conditions", "side_effects", "cautions", "overview", "glossary", "sources")
# Fields that hold ids or closed values, not words to look for.
_NOT_TEXT = frozenset({"id", "sources", "routes", "related", "kind", "category", "substance", "rating", "design"})
_CONTEXT = 40  # characters shown on each side of a match


def search(data: DataSet, text: str) -> list[Match]:
    """Every text field of every entry that holds the text, compared after NFKC normalisation and case folding."""
    wanted = name_key(text)
    if not wanted:
        return []
    found = []
    for collection in SEARCHED:
        for entry in getattr(data, collection):
            dumped = entry.model_dump(mode="json")
            name = _display_name(dumped)
            for field, value in _strings(dumped):
                if snippet := _snippet(value, wanted):
                    found.append(Match(collection, dumped["id"], name, field, snippet))
    return found


def _display_name(entry: dict[str, Any]) -> str:
    """What an entry is called, whatever its collection calls it."""
    return next((str(entry[key]) for key in ("name", "topic", "term", "title") if entry.get(key)), str(entry["id"]))


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from _strings(item, f"{path}.{key}" if path else key)


def _snippet(value: str, wanted: str) -> str | None:
    folded = unicodedata.normalize("NFKC", value).casefold()
    at = folded.find(wanted)
    if at < 0:
        return None
    # Where folding kept the length, the positions are the text's own; else the folded text is shown.
    shown = value if len(folded) == len(value) else folded
    start, end = max(0, at - _CONTEXT), min(len(shown), at + len(wanted) + _CONTEXT)
    # Whole words at both ends: a word cut in two would read as another word.
    start = shown.rfind(" ", 0, start) + 1 if start else 0
    end = end if end == len(shown) or (stop := shown.find(" ", end)) < 0 else stop
    return ("..." if start else "") + shown[start:end] + ("..." if end < len(shown) else "")


def select_routes(data: DataSet, queries: Sequence[str]) -> list[Route]:
    """All routes when none are named; otherwise the named ones in the order given, each once."""
    if not queries:
        return list(data.routes)
    chosen = [find_route(data, query) for query in queries]
    return list({route.id: route for route in chosen}.values())


def sort_routes(routes: Iterable[Route], order: RouteOrder) -> list[Route]:
    """Order by a figure's lower bound, then its upper bound; routes whose figure is unknown go last."""
    if order is RouteOrder.NAME:
        return sorted(routes, key=lambda route: route.name.casefold())

    def key(route: Route) -> tuple[bool, float, float]:
        figure: Timing | Bioavailability = getattr(route, order.value)
        low, high = figure_bounds(figure)
        if low is None:
            return (True, 0.0, 0.0)
        return (False, low, high if high is not None else low)

    return sorted(routes, key=key)


def select_cautions(data: DataSet, kind: CautionKind | None, route_name: str | None) -> list[Caution]:
    """The cautions of one kind, or all; for a route, those that concern it, regulatory status first."""
    chosen = list(data.cautions) if route_name is None else cautions_for_route(data, find_route(data, route_name).id)
    return [caution for caution in chosen if kind is None or caution.kind == kind]


def cautions_for_route(data: DataSet, route_id: str) -> list[Caution]:
    """The cautions that concern a route (an empty list of routes means every route), regulatory status first."""
    concerning = [caution for caution in data.cautions if not caution.routes or route_id in caution.routes]
    return sorted(concerning, key=lambda caution: caution.kind != CautionKind.REGULATORY)


def find_source(data: DataSet, query: str) -> Source:
    """A source by its id, or a prefix of one id."""
    wanted = name_key(query)
    by_id = {name_key(source.id): source for source in data.sources}
    if wanted in by_id:
        return by_id[wanted]
    starting = [source for key, source in by_id.items() if wanted and key.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise AmbiguousNameError("source", query, matches=[source.id for source in starting])
    import difflib

    close = difflib.get_close_matches(wanted, by_id, n=3, cutoff=0.6)
    ids = [source.id for source in data.sources]
    raise UnknownNameError("source", query, suggestions=[by_id[key].id for key in close], choices=ids)


class Citing(NamedTuple):
    collection: str
    id: str
    name: str
    fields: list[str]


def citing(data: DataSet, source_id: str) -> list[Citing]:
    """Every route, condition, side effect, caution and overview entry that cites a source, and where."""
    found = []
    for collection in SEARCHED[:-1]:  # every collection but the sources themselves
        for entry in getattr(data, collection):
            dumped = entry.model_dump(mode="json")
            fields = [path for path, ids in _citations(dumped) if source_id in ids]
            if fields:
                found.append(Citing(collection, dumped["id"], _display_name(dumped), fields))
    return found


def _citations(value: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key == "sources" and isinstance(item, list):
                yield path or "sources", item
            else:
                yield from _citations(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _citations(item, f"{path}[{index}]")


def cited_sources(data: DataSet, ids: Iterable[str]) -> list[Source]:
    """The sources with these ids, in the order first cited."""
    by_id = {source.id: source for source in data.sources}
    return [by_id[source_id] for source_id in dict.fromkeys(ids)]


def _find(entries: Sequence[Entry], query: str, kind: str) -> Entry:
    wanted = name_key(query)
    keys: dict[str, Entry] = {}
    for entry in entries:
        keys |= dict.fromkeys(_names(entry), entry)
    if wanted in keys:
        return keys[wanted]
    by_prefix = {match.id: match for key, match in keys.items() if wanted and key.startswith(wanted)}
    # Whole leading words of an id win: 'chronic' is chronic-pain, though an alias of back pain starts so too; but
    # 'intra' stays ambiguous, rather than silently meaning intranasal.
    by_id = [match for match in by_prefix.values() if f"{name_key(match.id)}-".startswith(f"{wanted}-")]
    if len(by_prefix) == 1 or len(by_id) == 1:
        return (by_id or list(by_prefix.values()))[0]
    if by_prefix:
        raise AmbiguousNameError(kind, query, matches=list(by_prefix))
    import difflib  # only a name that matches nothing needs suggestions

    close = difflib.get_close_matches(wanted, keys, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(keys[key].id for key in close))
    raise UnknownNameError(kind, query, suggestions=suggestions, choices=[choice.id for choice in entries])


def _names(entry: Route | Condition | GlossaryEntry) -> list[str]:
    name = entry.term if hasattr(entry, "term") else entry.name
    return [name_key(key) for key in (entry.id, name, *entry.aliases)]
