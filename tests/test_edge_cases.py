"""The cases a new user found (issue 9): empty collections, output files, standard streams, widths, odd files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    Run = Callable[..., Result]

MINIMAL = str(Path(__file__).parent / "data" / "minimal.toml")


# 1. A valid file with empty collections.


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["side-effects"], "no side effects in this data file"),
        (["conditions", "list"], "no conditions in this data file"),
        (["cautions"], "no cautions in this data file"),
        (["overview"], "no overview entries in this data file"),
        (["cautions", "--kind", "monitoring"], "no caution in this data file matches --kind and --route"),
    ],
)
def test_an_empty_collection_is_an_empty_table_with_a_line_saying_so(run: Run, args: list[str], line: str) -> None:
    result = run("--data", MINIMAL, *args)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[4].startswith("└")  # the header, then the bottom border: no rows
    assert lines[5] == line
    assert " ".join(lines[6:]) == DISCLAIMER


@pytest.mark.parametrize("args", [["side-effects"], ["cautions", "--route", "oral", "--kind", "monitoring"]])
def test_an_empty_collection_in_the_other_formats(run: Run, args: list[str]) -> None:
    data = ["--data", MINIMAL] if args[0] == "side-effects" else []
    key = args[0].replace("-", "_")
    assert json.loads(run(*data, *args, "--json").stdout)[key] == []
    assert run(*data, *args, "-f", "csv").stdout.count("\n") == 1  # the header alone
    markdown = run(*data, *args, "-f", "markdown").stdout.splitlines()
    assert markdown[2:5] == ["", markdown[3], ""]
    assert markdown[3].startswith("*no ")
    assert markdown[-1] == f"> {DISCLAIMER}"


def test_an_unknown_name_in_an_empty_collection_says_there_is_none(run: Run) -> None:
    result = run("--data", MINIMAL, "conditions", "show", "x")
    assert (result.exit_code, result.stderr) == (
        2,
        "ketamine: unknown condition 'x'. This data file has no conditions.\n",
    )
