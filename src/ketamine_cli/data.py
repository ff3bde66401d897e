"""Finding, reading and validating a data file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import DataFileError
from .models import DataSet

_PACKAGED = Path(__file__).parent / "data" / "routes.toml"
# In a source checkout the table lives at the top level, where it is edited; the wheel build copies it into the package.
_CHECKOUT = Path(__file__).resolve().parents[2] / "data" / "routes.toml"


def embedded_data_path() -> Path:
    """The data file that ships with the command."""
    return _PACKAGED if _PACKAGED.is_file() else _CHECKOUT


@dataclass(frozen=True)
class DataFile:
    """A data file that has passed the models, with the text it was read from."""

    path: Path
    text: str
    dataset: DataSet


def load_dataset(path: Path | None = None) -> DataSet:
    """Read and validate a data file (by default the embedded one)."""
    return open_data_file(path).dataset


def open_data_file(path: Path | None = None) -> DataFile:
    """Read and validate a data file; every problem the models find is raised at once."""
    path = path or embedded_data_path()
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        hint = "Check the path given with --data or KETAMINE_DATA."
        raise DataFileError(str(path), [f"cannot read the file: {error.strerror or error}"], hint=hint) from None
    except UnicodeDecodeError as error:
        hint = "Save the file as UTF-8 text."
        raise DataFileError(str(path), [f"not UTF-8 text (byte {error.start})"], hint=hint) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        hint = "Correct the TOML at that line and column; the README shows the layout of a data file."
        raise DataFileError(str(path), [f"not valid TOML: {error}"], hint=hint) from None
    try:
        return DataFile(path, text, DataSet.model_validate(document))
    except ValidationError as error:
        raise DataFileError(str(path), validation_problems(error)) from None


def validation_problems(error: ValidationError) -> list[str]:
    """One 'where: what' line per problem, with the place written as a path into the file."""
    return [f"{_location(problem['loc'])}: {problem['msg']}" for problem in error.errors(include_url=False)]


def _location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "(top level)"
