"""The cases a new user found (issue 9): empty collections, output files, standard streams, widths, odd files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import installed_command, quiet_env

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


# 3. Standard output that is full or closed, and standard error that is closed.


def ketamine(*args: str, **streams: Any) -> subprocess.CompletedProcess[str]:
    """The installed command as a process, with these streams (stdout and stderr captured unless given)."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | streams
    return subprocess.run([installed_command(), *args], env=quiet_env(), text=True, check=False, **streams)


FULL = "ketamine: cannot write to standard output: No space left on device\n"
CLOSED = "ketamine: cannot write to standard output: Bad file descriptor\n"


@pytest.mark.parametrize(
    "args", [["data", "export"], ["routes", "list", "--json"], ["--help"], ["cautions"], ["overview", "-f", "csv"]]
)
def test_a_full_stdout_is_one_message_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = ketamine(*args, stdout=full)
    assert result.returncode == 1
    assert result.stderr.removeprefix(DISCLAIMER + "\n") == FULL  # CSV and export say the disclaimer first


@pytest.mark.parametrize("args", [["routes", "list"], ["--version"], ["--help"], ["cautions", "--json"]])
def test_a_closed_stdout_is_one_message_and_exit_1(args: list[str]) -> None:
    result = subprocess.run(
        [installed_command(), *args],
        env=quiet_env(),
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (result.returncode, result.stderr) == (1, CLOSED)


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_csv_reaches_stdout_whatever_stderr_is(stderr: str) -> None:
    if stderr == "closed":
        result = subprocess.run(
            [installed_command(), "routes", "list", "-f", "csv"],
            env=quiet_env(),
            stdout=subprocess.PIPE,
            text=True,
            check=False,
            preexec_fn=lambda: os.close(2),
        )
    else:
        with open("/dev/full", "w") as full:
            result = ketamine("routes", "list", "-f", "csv", stderr=full)
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["id,name,aliases", "iv,Intravenous,intravenous"]


@pytest.mark.parametrize("args", [["--help"], ["routes", "--help"], ["cautions", "--help"]])
def test_help_read_by_a_reader_that_left_exits_0(args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = ketamine(*args, stdout=writer)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, "")


# 4. A width that cannot be drawn means "unknown".


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "19", ""])
def test_an_unusable_width_falls_back_to_80(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run("routes", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) == 80
    assert " ".join(lines[-2:]) == DISCLAIMER


def test_the_help_at_columns_0_is_drawn_too() -> None:
    result = subprocess.run(
        [installed_command(), "--help"], env=quiet_env(COLUMNS="0"), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Usage: ketamine" in result.stdout
