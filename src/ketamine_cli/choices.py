"""The closed sets of values that options take, kept light: the command line needs them before anything runs."""

from enum import StrEnum
from typing import NamedTuple


class Format(StrEnum):
    """What the data commands print."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


class CitationFormat(StrEnum):
    """The formats reference managers read, and a reference list to read: for `sources` and `cite`."""

    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
    APA = "apa"


class SourcesFormat(StrEnum):
    """What `sources` prints: the data formats, and the citation formats."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
    APA = "apa"


class Output(NamedTuple):
    """How a data command prints its result: the format, and the fields to keep (all where empty)."""

    format: Format
    fields: tuple[str, ...] = ()


class ExportFormat(StrEnum):
    """The formats `data export` writes a whole data file in."""

    TOML = "toml"
    JSON = "json"


class RouteOrder(StrEnum):
    """What `routes compare --sort` can order by."""

    ONSET = "onset"
    DURATION = "duration"
    BIOAVAILABILITY = "bioavailability"
    NAME = "name"


class CautionKind(StrEnum):
    """The kinds of caution, from a label's warning to a product's regulatory status."""

    WARNING = "warning"
    CONTRAINDICATION = "contraindication"
    INTERACTION = "interaction"
    POPULATION = "population"
    MONITORING = "monitoring"
    REGULATORY = "regulatory"
