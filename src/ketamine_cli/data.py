"""Finding, reading and validating a data file, through the cache of data that has passed the models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from . import cache
from .errors import DataFileError
from .records import Record

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import DataSet

_PACKAGED = Path(__file__).parent / "data" / "routes.toml"
# In a source checkout the table lives at the top level, where it is edited; the wheel build copies it into the package.
_CHECKOUT = Path(__file__).resolve().parents[2] / "data" / "routes.toml"


def embedded_data_path() -> Path:
    """The data file that ships with the command."""
    return _PACKAGED if _PACKAGED.is_file() else _CHECKOUT


class DataFile(NamedTuple):
    """A data file that has passed the models, with the bytes it was read from."""

    path: Path
    content: bytes
    dataset: DataSet


def load_dataset(path: Path | None = None, *, use_cache: bool = True) -> DataSet:
    """Read and validate a data file (by default the embedded one)."""
    return open_data_file(path, use_cache=use_cache).dataset


def open_data_file(path: Path | None = None, *, use_cache: bool = True) -> DataFile:
    """Read a data file and return what has passed the models: from the cache when this exact file, checked by this
    exact code, passed before; otherwise validated now, reporting every problem at once."""
    path = path or embedded_data_path()
    content = _read(path)
    text = _decode(path, content)
    stored = cache.read(path, content) if use_cache else None
    if stored is not None:
        # Only a document that passed the models is ever stored, under a key that changes with the file and the code.
        return DataFile(path, content, cast("DataSet", Record(stored)))
    dataset = _validate(path, _parse(path, text))
    if use_cache:
        cache.write(path, content, dataset.model_dump(mode="json"))
    return DataFile(path, content, dataset)


def read_names(collection: str, path: Path | None = None) -> list[str]:
    """The ids and aliases of every route or condition, for shell completion: read without validating, from the
    cache where it has the file, else from the raw TOML; an unreadable file simply offers nothing."""
    path = path or embedded_data_path()
    try:
        content = _read(path)
        document = cache.read(path, content) or _parse(path, _decode(path, content))
    except DataFileError:
        return []
    entries = document.get(collection)
    names: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            aliases = entry.get("aliases")
            keys = [entry.get("id"), *(aliases if isinstance(aliases, list) else [])]
            names += [key for key in keys if isinstance(key, str)]
    return names


def validation_problems(error: ValidationError) -> list[str]:
    """One 'where: what' line per problem, with the place written as a path into the file."""
    return [f"{_location(problem['loc'])}: {problem['msg']}" for problem in error.errors(include_url=False)]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        hint = "Check the path given with --data or KETAMINE_DATA."
        raise DataFileError(str(path), [f"cannot read the file: {error.strerror or error}"], hint=hint) from None


def _decode(path: Path, content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = "Save the file as UTF-8 text."
        raise DataFileError(str(path), [f"not UTF-8 text (byte {error.start})"], hint=hint) from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    import tomllib  # a cache hit never parses TOML

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        hint = "Correct the TOML at that line and column; the README shows the layout of a data file."
        raise DataFileError(str(path), [f"not valid TOML: {error}"], hint=hint) from None


def _validate(path: Path, document: dict[str, Any]) -> DataSet:
    # Pydantic is the largest share of the command's start-up, so it is imported only when a file must be checked.
    from pydantic import ValidationError

    from .models import DataSet

    try:
        return DataSet.model_validate(document)
    except ValidationError as error:
        raise DataFileError(str(path), validation_problems(error)) from None


def _location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "(top level)"
