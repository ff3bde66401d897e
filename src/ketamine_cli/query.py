"""Finding routes and conditions by what a user types, and putting routes in order."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from .choices import CautionKind, RouteOrder
from .errors import AmbiguousNameError, UnknownNameError
from .fields import figure_bounds, name_key

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .models import Bioavailability, Caution, Condition, DataSet, Route, Source, Timing


Entry = TypeVar("Entry", "Route", "Condition")


def find_route(data: DataSet, query: str) -> Route:
    return _find(data.routes, query, "route")


def find_condition(data: DataSet, query: str) -> Condition:
    return _find(data.conditions, query, "condition")


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


def _names(entry: Route | Condition) -> list[str]:
    return [name_key(name) for name in (entry.id, entry.name, *entry.aliases)]
