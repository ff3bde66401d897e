"""Keeping only the fields a user names (`--fields id,onset.min_minutes`), in every format alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import KetamineError
from .base import NOT_STATED, Sheet, View, cell

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


class UnknownFieldError(KetamineError):
    """A field that the command's JSON does not have."""

    def __init__(self, field: str, valid: Sequence[str]) -> None:
        from ..errors import printable

        super().__init__(f"unknown field '{printable(field)}' for this command. Choose from: {', '.join(valid)}.")


def select_fields(view: View, fields: Sequence[str]) -> View:
    """The view with only these fields: the JSON keeps them nested as in the full object, CSV gets them as columns
    in this order, and the table and Markdown show them as columns."""
    items = view.payload if isinstance(view.payload, list) else [view.payload]
    valid = list(dict.fromkeys(name for item in items for name in field_names(item)))
    for field in fields:
        if items and field not in valid:
            raise UnknownFieldError(field, valid)
    picked = [_pick(item, fields) for item in items]
    values = [[_value(item, field) for field in fields] for item in items]

    def sheet() -> Sheet:  # the whole words of the view's own table, made only for a table
        return Sheet(tuple(fields), tuple(tuple(_shown(v) for v in row) for row in values), whole=view.table().whole)

    records = Sheet(tuple(fields), tuple(tuple(cell(v) for v in row) for row in values))
    payload = picked if isinstance(view.payload, list) else picked[0]
    return view._replace(payload=payload, sheet=sheet, records=records, document=False, ruled=True)


def field_names(item: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Every name a field can be asked for by: each key, and each key of a nested object, joined by dots."""
    for key, value in item.items():
        yield prefix + key
        if isinstance(value, dict):
            yield from field_names(value, f"{prefix}{key}.")


def _value(item: dict[str, Any], field: str) -> Any:
    value: Any = item
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _pick(item: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The item with only these fields, nested as in the full object; a field inside one asked for whole is in it."""
    asked = set(fields)
    picked: dict[str, Any] = {}
    for field in fields:
        *parents, last = field.split(".")
        if any(".".join(parents[:n]) in asked for n in range(1, len(parents) + 1)):
            continue
        target = picked
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = _value(item, field)
    return picked


def _shown(value: Any) -> str:
    return NOT_STATED if value is None else cell(value)
