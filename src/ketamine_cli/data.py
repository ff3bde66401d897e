"""Finding, reading and validating a data file, through the cache of data that has passed the models."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, cast

from . import cache
from .errors import DataFileError
from .records import Record

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import DataSet

_PACKAGED = Path(__file__).parent / "data" / "routes.toml"
# In a source checkout the table lives at the top level, where it is edited; the wheel build copies it into the package.
_CHECKOUT = Path(__file__).resolve().parents[2] / "data" / "routes.toml"


STDIN = Path("-")
# A data file is a page of text; a cap keeps a device or a runaway file from filling the memory before it is read.
MAX_DATA_FILE = 64 * 1024 * 1024
_TOO_LARGE = f"larger than {MAX_DATA_FILE // 2**20} MiB, the most a data file may be"

# Where a path came from, and so where to correct it.
_HINTS = {
    "--data": "Check the path given with --data.",
    "KETAMINE_DATA": "Check the path in the KETAMINE_DATA variable.",
    "data validate": "Check the path given to 'ketamine data validate'.",
    None: "Check the path given with --data or KETAMINE_DATA.",
}


def embedded_data_path() -> Path:
    """The data file that ships with the command."""
    return _PACKAGED if _PACKAGED.is_file() else _CHECKOUT


class DataChoice(NamedTuple):
    """The data file a command uses: a path (None for the embedded file, '-' for standard input), and where it was
    named (an option, a variable or an argument), for messages that say what to correct."""

    path: Path | None = None
    origin: str | None = None


class DataFile(NamedTuple):
    """A data file that has passed the models, with the bytes it was read from."""

    path: Path
    content: bytes
    dataset: DataSet


def load_dataset(path: Path | None = None, *, use_cache: bool = True, origin: str | None = None) -> DataSet:
    """Read and validate a data file (by default the embedded one)."""
    return open_data_file(path, use_cache=use_cache, origin=origin).dataset


def open_data_file(path: Path | None = None, *, use_cache: bool = True, origin: str | None = None) -> DataFile:
    """Read a data file and return what has passed the models: from the cache when this exact file, checked by this
    exact code, passed before; otherwise validated now, reporting every problem at once."""
    path = path or embedded_data_path()
    content = _read(path, origin)
    text = _decode(path, content)
    use_cache = use_cache and path != STDIN  # standard input has no place to be recognised by
    # Only a document that passed the models is ever stored, under a key that changes with the file and the code.
    document = cache.read(path, content) if use_cache else None
    if document is None:
        document = _validate(path, _parse(path, text)).model_dump(mode="json")
        if use_cache:
            cache.write(path, content, document)
    # The commands read the validated document as the cache gives it, so that a hit and a miss give the same output
    # by construction, and a miss makes no second dump of the models for the JSON output.
    return DataFile(path, content, cast("DataSet", Record(document)))


def read_names(collection: str, path: Path | None = None) -> list[str]:
    """The ids and aliases of every route or condition, for shell completion: read without validating, from the
    cache where it has the file, else from the raw TOML; an unreadable file simply offers nothing."""
    path = path or embedded_data_path()
    if path == STDIN:
        return []  # completion must never wait for input
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


def read_meta(path: Path | None = None) -> dict[str, str]:
    """The data set's `[meta]` as text, for `--version`: read without validating, like the names for completion;
    an unreadable file simply has none."""
    path = path or embedded_data_path()
    if path == STDIN:
        return {}
    try:
        content = _read(path)
        document = cache.read(path, content) or _parse(path, _decode(path, content))
    except DataFileError:
        return {}
    meta = document.get("meta")
    return {str(key): str(value) for key, value in meta.items()} if isinstance(meta, dict) else {}


def validation_problems(error: ValidationError) -> list[str]:
    """One 'where: what' line per problem, with the place written as a path into the file."""
    return [f"{_location(problem['loc'])}: {problem['msg']}" for problem in error.errors(include_url=False)]


def _read(path: Path, origin: str | None = None) -> bytes:
    """A regular file's bytes, or standard input's, read once; never a FIFO or a device, which could block or
    never end, and never more than the cap."""
    if path == STDIN:
        return _read_stdin()
    hint = _HINTS.get(origin, _HINTS[None])
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            directory = stat.S_ISDIR(info.st_mode)
            what = "it is a directory" if directory else "not a regular file (a FIFO, a socket or a device)"
            raise DataFileError(str(path), [f"cannot read the file: {what}"], hint=hint)
        with path.open("rb") as file:
            content = _read_capped(file, info.st_size)
    except OSError as error:
        raise DataFileError(str(path), [f"cannot read the file: {error.strerror or error}"], hint=hint) from None
    if len(content) > MAX_DATA_FILE:
        raise DataFileError(str(path), [_TOO_LARGE])
    return content


def _read_stdin() -> bytes:
    if sys.stdin is None:
        raise DataFileError("standard input", ["it is closed; give a file with --data, or pipe one in"])
    try:
        content = _read_capped(sys.stdin.buffer, 0)
    except OSError as error:
        raise DataFileError("standard input", [f"cannot read it: {error.strerror or error}"]) from None
    if len(content) > MAX_DATA_FILE:
        raise DataFileError(
            "standard input", [f"larger than {MAX_DATA_FILE // 2**20} MiB, the most a data file may be"]
        )
    return content


def _read_capped(file: BinaryIO, expected: int) -> bytes:
    """At most one byte more than the cap, in reads no larger than what is expected: a buffer of the cap's size would
    cost every run its memory."""
    content = bytearray()
    size = expected + 1
    while len(content) <= MAX_DATA_FILE:
        chunk = file.read(min(size, MAX_DATA_FILE + 1 - len(content)))
        if not chunk:
            break
        content += chunk
        size = 2**20
    return bytes(content)


def _decode(path: Path, content: bytes) -> str:
    try:
        return content.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is no part of the text
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        line_start = content.rfind(b"\n", 0, error.start) + 1
        column = len(content[line_start : error.start].decode("utf-8", "replace")) + 1  # in characters, as an editor
        problem = f"not UTF-8 text (line {line}, column {column}: byte 0x{content[error.start]:02x})"
        raise DataFileError(display_name(path), [problem], hint="Save the file as UTF-8 text.") from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    """The document in a TOML file, or in a JSON one: by its name's ending, or for standard input by its first
    character."""
    is_json = path.suffix.lower() == ".json" or (path == STDIN and text.lstrip().startswith("{"))
    return _parse_json(path, text) if is_json else _parse_toml(path, text)


def _parse_json(path: Path, text: str) -> dict[str, Any]:
    import json

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{error.msg} (at line {error.lineno}, column {error.colno})"
        hint = "Correct the JSON at that line and column; 'ketamine data schema' describes a data file."
        raise DataFileError(display_name(path), [f"not valid JSON: {where}"], hint=hint) from None
    except RecursionError:
        raise DataFileError(display_name(path), ["not valid JSON: nested too deeply"]) from None
    except ValueError:  # an integer longer than Python converts
        raise DataFileError(display_name(path), ["not valid JSON: a number with too many digits"]) from None
    if not isinstance(document, dict):
        raise DataFileError(display_name(path), ["not a data file: JSON data must be an object"])
    return document


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    import tomli  # a cache hit never parses TOML

    hint = "Correct the TOML at that line and column; the README shows the layout of a data file."
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise DataFileError(display_name(path), [f"not valid TOML: {error}"], hint=hint) from None
    except RecursionError:
        raise DataFileError(display_name(path), ["not valid TOML: nested too deeply"]) from None
    except ValueError:  # the reader refuses an integer longer than Python converts (4300 digits)
        raise DataFileError(display_name(path), ["not valid TOML: a number with too many digits"]) from None


def display_name(path: Path) -> str:
    """How messages name a data file."""
    return "standard input" if path == STDIN else str(path)


def _validate(path: Path, document: dict[str, Any]) -> DataSet:
    # Pydantic is the largest share of the command's start-up, so it is imported only when a file must be checked.
    from pydantic import ValidationError

    from .models import DataSet

    try:
        return DataSet.model_validate(document)
    except ValidationError as error:
        raise DataFileError(display_name(path), validation_problems(error)) from None


def _location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "(top level)"
