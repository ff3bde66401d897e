"""Validated data read back from the cache, with the attribute names of the models it passed.

Building the Pydantic models again would mean importing Pydantic, the largest share of the command's start-up, for
data that has already passed them. A record answers the same attribute reads as the model it was dumped from, so
the layers above read both alike; they are typed against the models, which keeps mypy checking every name.
"""

from __future__ import annotations

from typing import Any


class Record:
    """A read-only view of one validated entry, dumped from a model in JSON mode."""

    __slots__ = ("_dump", "_values")
    _dump: dict[str, Any]
    _values: dict[str, Any]

    def __init__(self, dump: dict[str, Any]) -> None:
        object.__setattr__(self, "_dump", dump)
        object.__setattr__(self, "_values", {name: _view(value) for name, value in dump.items()})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def model_dump(self, *, mode: str = "json") -> dict[str, Any]:
        """The entry as the model dumped it, for the JSON output."""
        return self._dump

    def __repr__(self) -> str:
        return f"Record({self._dump!r})"


def _view(value: Any) -> Any:
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [_view(item) for item in value]
    return value
