"""The models reject every malformed entry, and say where the problem is."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ketamine_cli.data import validation_problems
from ketamine_cli.models import DataSet

MINIMAL = tomllib.loads((Path(__file__).parent / "data" / "minimal.toml").read_text())


def problems_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        DataSet.model_validate(document)
    return validation_problems(caught.value)


def edited(**changes: Any) -> dict[str, Any]:
    """The minimal document with fields of its first route replaced (dotted names reach into figures)."""
    document = copy.deepcopy(MINIMAL)
    for dotted, value in changes.items():
        target = document["routes"][0]
        *parents, field = dotted.split("__")
        for parent in parents:
            target = target[parent]
        target[field] = value
    return document


def test_minimal_document_is_valid() -> None:
    data = DataSet.model_validate(MINIMAL)
    assert data.routes[0].onset.min_minutes == 30
    assert data.routes[0].duration.min_minutes is None


def test_unknown_key_is_rejected_with_its_path() -> None:
    assert problems_of(edited(onset__typo=1)) == ["routes[0].onset.typo: Extra inputs are not permitted"]


def test_min_above_max_is_rejected() -> None:
    assert problems_of(edited(onset__min_minutes=50)) == ["routes[0].onset: min_minutes must be <= max_minutes"]


def test_negative_minutes_are_rejected() -> None:
    assert problems_of(edited(onset__min_minutes=-1)) == [
        "routes[0].onset.min_minutes: Input should be greater than or equal to 0"
    ]


def test_percent_above_100_is_rejected() -> None:
    document = edited(bioavailability={"text": "x", "max_percent": 120, "sources": ["article"]})
    assert problems_of(document) == ["routes[0].bioavailability.max_percent: Input should be less than or equal to 100"]


def test_true_is_not_a_number_of_minutes() -> None:
    problems = problems_of(edited(onset__max_minutes=True))
    assert all(p.startswith("routes[0].onset.max_minutes") for p in problems), problems


def test_a_number_needs_a_source() -> None:
    assert problems_of(edited(onset__sources=[])) == [
        "routes[0].onset: a number needs at least one source id in 'sources'"
    ]


def test_unknown_source_id_is_named_with_its_place() -> None:
    assert problems_of(edited(onset__sources=["nobody2020"])) == [
        "routes[0].onset.sources[0]: unknown source id 'nobody2020'"
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = problems_of(edited(sources=["ghost"], onset__sources=["phantom"]))
    assert problems == [
        "routes[0].sources[0]: unknown source id 'ghost'",
        "routes[0].onset.sources[0]: unknown source id 'phantom'",
    ]


def test_broken_references_are_reported_beside_field_problems() -> None:
    assert problems_of(edited(onset__min_minutes=-1, sources=["ghost"])) == [
        "routes[0].onset.min_minutes: Input should be greater than or equal to 0",
        "routes[0].sources[0]: unknown source id 'ghost'",
    ]


def test_an_id_of_the_wrong_type_is_reported_not_a_crash() -> None:
    assert problems_of(edited(id=["oral"])) == ["routes[0].id: Input should be a valid string"]


def test_bidirectional_controls_are_rejected() -> None:
    assert problems_of(edited(name="Oral\u202e")) == [
        "routes[0].name: contains the control character U+202E; text must be plain and on one line"
    ]


def test_duplicate_route_ids_are_rejected() -> None:
    document = copy.deepcopy(MINIMAL)
    document["routes"].append(copy.deepcopy(document["routes"][0]))
    assert problems_of(document) == [
        "routes[1].id: 'oral' is already used by routes[0] ('oral')",
        "routes[1].name: 'Oral' is already used by routes[0] ('oral')",
        "routes[1].aliases[0]: 'po' is already used by routes[0] ('oral')",
    ]


def test_an_alias_may_not_name_two_routes() -> None:
    document = copy.deepcopy(MINIMAL)
    other = copy.deepcopy(document["routes"][0]) | {"id": "iv", "name": "Intravenous", "aliases": ["PO"]}
    document["routes"].append(other)
    assert problems_of(document) == ["routes[1].aliases[0]: 'PO' is already used by routes[0] ('oral')"]


def test_condition_must_name_known_routes() -> None:
    document = copy.deepcopy(MINIMAL)
    document["conditions"] = [
        {"id": "crps", "name": "CRPS", "article_claim": "Helps.", "routes": ["iv"], "sources": ["article"]}
    ]
    assert problems_of(document) == ["conditions[0].routes[0]: unknown route id 'iv'"]


@pytest.mark.parametrize("text", ["0.5 mg/kg over 40 minutes", "give 50 mg", "10 mcg", "2 mg per kg"])
def test_text_that_gives_a_dose_is_rejected(text: str) -> None:
    problems = problems_of(edited(notes=[text]))
    assert len(problems) == 1
    assert problems[0].startswith("routes[0].notes[0]: gives a dose")


@pytest.mark.parametrize("text", ["93%", "a 1% cream", "12-25 minutes", "n=92", "0.24 h"])
def test_figures_that_are_not_doses_are_accepted(text: str) -> None:
    DataSet.model_validate(edited(notes=[text]))


def test_control_characters_are_rejected() -> None:
    assert problems_of(edited(name="Oral\x1b[31m")) == [
        "routes[0].name: contains the control character U+001B; text must be plain and on one line"
    ]


def test_source_needs_a_title_or_venue() -> None:
    document = copy.deepcopy(MINIMAL)
    document["sources"][0] = {"id": "article", "kind": "article"}
    assert problems_of(document) == ["sources[0]: a source needs a title or a venue"]
