"""Validated data, with the attribute names of the models it passed: what every command reads.

The document comes from the cache, or from the models that have just validated it, dumped once for the cache; either
way the commands read it through records, so that a first run and a cached run print the same. Building the Pydantic
models again on a hit would mean importing Pydantic, the largest share of the command's start-up. A record answers
the same attribute reads as the model it was dumped from; the layers above are typed against the models, which keeps
mypy checking every name.
"""

from __future__ import annotations

from typing import Any


class Record:
    """A read-only view of one validated entry, dumped from a model in JSON mode."""

    __slots__ = ("__dict__", "_dump")
    _dump: dict[str, Any]

    def __init__(self, dump: dict[str, Any]) -> None:
        object.__setattr__(self, "_dump", dump)

    def __getattr__(self, name: str) -> Any:
        # Called only for a field not read before: each is wrapped when first read, not all at once, since a command
        # reads few of a large file's fields (the JSON output none: it writes the dump itself), and kept in the
        # instance's dictionary, where every later read finds it without a call.
        try:
            value = self.__dict__[name] = _view(self._dump[name])
        except KeyError:
            raise AttributeError(name) from None
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def model_dump(self, *, mode: str = "json") -> dict[str, Any]:
        """The entry as the model dumped it, for the JSON output."""
        return self._dump

    def __repr__(self) -> str:
        return f"Record({self._dump!r})"


def _view(value: Any) -> Any:
    """A field as the model has it: an object as a record, a list of objects as a list of records. The models have no
    list of lists, so no field is walked deeper than one level, and no entry, however deep, costs a recursion."""
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [Record(item) if isinstance(item, dict) else item for item in value]
    return value
