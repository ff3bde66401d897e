"""Names are matched as a user types them; routes are ordered by their figures, unknowns last."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from ketamine_cli.choices import RouteOrder
from ketamine_cli.errors import AmbiguousNameError, UnknownNameError
from ketamine_cli.query import find_condition, find_route, select_routes, sort_routes

if TYPE_CHECKING:
    from ketamine_cli.models import DataSet


@pytest.mark.parametrize(
    ("typed", "route_id"),
    [
        ("iv", "iv"),
        ("IV", "iv"),
        ("Intravenous", "iv"),
        ("im", "im"),
        ("intramuscular", "im"),
        ("in", "intranasal"),
        ("nasal", "intranasal"),
        ("po", "oral"),
        ("By Mouth", "oral"),
        ("sl", "sublingual"),
        ("topical", "topical"),
        ("intran", "intranasal"),
        ("subl", "sublingual"),
        ("  oral ", "oral"),
        ("\uff29\uff36", "iv"),  # full-width letters
        ("\uff49\uff4e\uff54\uff52\uff41\uff4d\uff55\uff53\uff43\uff55\uff4c\uff41\uff52", "im"),
        ("\uff22\uff39 \uff2d\uff2f\uff35\uff34\uff28", "oral"),
        ("\uff53\uff55\uff42\uff4c", "sublingual"),  # a full-width prefix
        ("INTRAVENOUS", "iv"),
    ],
)
def test_routes_match_by_id_alias_name_or_unique_prefix(data: DataSet, typed: str, route_id: str) -> None:
    assert find_route(data, typed).id == route_id


@pytest.mark.parametrize(
    ("typed", "condition_id"),
    [
        ("crps", "crps"),
        ("Migraine", "headache"),
        ("cluster headache", "headache"),
        ("fibro", "fibromyalgia"),
        ("\ufb01bro", "fibromyalgia"),  # the 'fi' ligature, which NFKC writes as 'fi'
        ("\uff23\uff32\uff30\uff33", "crps"),
    ],
)
def test_conditions_match_by_id_alias_name_or_prefix(data: DataSet, typed: str, condition_id: str) -> None:
    assert find_condition(data, typed).id == condition_id


def test_unknown_route_suggests_the_closest_and_lists_the_choices(data: DataSet) -> None:
    with pytest.raises(UnknownNameError) as caught:
        find_route(data, "ivv")
    assert str(caught.value) == (
        "unknown route 'ivv'. Did you mean 'iv'? "
        "Choose from: iv, im, intranasal, oral, sublingual, topical, rectal, subcutaneous."
    )
    assert caught.value.exit_code == 2


def test_ambiguous_prefix_names_every_candidate(data: DataSet) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        find_route(data, "sub")
    assert str(caught.value) == "'sub' could be more than one route: sublingual, subcutaneous. Type more of the name."


def test_empty_name_is_not_a_prefix_of_everything(data: DataSet) -> None:
    with pytest.raises(UnknownNameError):
        find_route(data, "")


def test_selection_keeps_the_order_given_and_each_route_once(data: DataSet) -> None:
    assert [r.id for r in select_routes(data, ["oral", "iv", "po"])] == ["oral", "iv"]
    assert [r.id for r in select_routes(data, [])] == [r.id for r in data.routes]


def test_sort_by_onset_puts_unknown_last(data: DataSet) -> None:
    ordered = [r.id for r in sort_routes(data.routes, RouteOrder.ONSET)]
    assert ordered == ["iv", "im", "intranasal", "oral", "sublingual", "topical", "rectal", "subcutaneous"]


def test_sort_by_duration_uses_the_lower_bound(data: DataSet) -> None:
    ordered = [r.id for r in sort_routes(data.routes, RouteOrder.DURATION)]
    assert ordered[:4] == ["im", "iv", "intranasal", "oral"]


def test_sort_by_bioavailability_ascends_with_unknown_last(data: DataSet) -> None:
    ordered = [r.id for r in sort_routes(data.routes, RouteOrder.BIOAVAILABILITY)]
    # Lower bounds from the literature sheet: intranasal 11, oral 20, sublingual 24 (chong2009), rectal 25.
    assert ordered == ["intranasal", "oral", "sublingual", "rectal", "im", "iv", "topical", "subcutaneous"]


def test_sort_by_name(data: DataSet) -> None:
    assert [r.name for r in sort_routes(data.routes, RouteOrder.NAME)] == sorted(r.name for r in data.routes)
