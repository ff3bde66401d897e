"""Other data files: --data and KETAMINE_DATA, the data commands, and every kind of bad file failing one way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ketamine_cli.models import DataSet
from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    Run = Callable[..., Result]

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"
DATA_COMMANDS = [
    ["routes", "list"],
    ["routes", "show", "oral"],
    ["routes", "compare"],
    ["conditions", "list"],
    ["side-effects"],
    ["sources"],
    ["data", "export"],
    ["data", "validate"],
]


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad file, with what the message must say after the file's name."""
    (tmp_path / "directory").mkdir()
    (tmp_path / "latin1.toml").write_bytes(b'title = "caf\xe9"\n')
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "syntax.toml").write_text("[[routes]]\nid = \n")
    (tmp_path / "model.toml").write_text(MINIMAL.read_text().replace("max_minutes = 45", "max_minutes = 20"))
    return {
        "missing": (tmp_path / "missing.toml", f"cannot read the file: No such file or directory\n{UNREADABLE}"),
        "directory": (tmp_path / "directory", f"cannot read the file: it is a directory\n{UNREADABLE}"),
        "not utf-8": (
            tmp_path / "latin1.toml",
            "not UTF-8 text (line 1, column 13: byte 0xe9)\nSave the file as UTF-8 text.",
        ),
        "empty": (tmp_path / "empty.toml", "routes: Field required"),
        "bad toml": (tmp_path / "syntax.toml", f"not valid TOML: Invalid value (at line 2, column 6)\n{BAD_TOML}"),
        "fails the model": (tmp_path / "model.toml", "routes[0].onset: min_minutes must be <= max_minutes"),
    }


UNREADABLE = "Check the path given with --data."
BAD_TOML = "Correct the TOML at that line and column; the README shows the layout of a data file."
BAD_KINDS = ["missing", "directory", "not utf-8", "empty", "bad toml", "fails the model"]


@pytest.mark.parametrize("kind", BAD_KINDS)
@pytest.mark.parametrize("command", DATA_COMMANDS, ids=[" ".join(c) for c in DATA_COMMANDS])
def test_every_data_command_fails_the_same_way_on_a_bad_file(
    run: Run, tmp_path: Path, command: list[str], kind: str
) -> None:
    path, problem = bad_files(tmp_path)[kind]
    result = run("--data", str(path), *command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"ketamine: {path}: {problem}\n"


def test_data_option_reads_another_file(run: Run) -> None:
    routes = json.loads(run("--data", str(MINIMAL), "routes", "list", "--json").stdout)["routes"]
    assert [r["id"] for r in routes] == ["oral"]


def test_environment_variable_reads_another_file(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETAMINE_DATA", str(MINIMAL))
    routes = json.loads(run("routes", "list", "--json").stdout)["routes"]
    assert [r["id"] for r in routes] == ["oral"]


def test_option_wins_over_the_environment(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KETAMINE_DATA", str(tmp_path / "missing.toml"))
    assert run("--data", str(MINIMAL), "routes", "list", "--json").exit_code == 0


def test_validate_reports_a_valid_file(run: Run) -> None:
    result = run("data", "validate", str(MINIMAL))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{MINIMAL}: valid (1 route, 0 conditions, 0 side effects, 0 cautions, 0 overview entries, "
        "0 glossary entries, 1 source)\n",
    )


def test_validate_checks_the_embedded_data_by_default(run: Run) -> None:
    result = run("data", "validate")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        ": valid (8 routes, 7 conditions, 13 side effects, 24 cautions, 12 overview entries, 40 glossary entries, "
        "41 sources)\n"
    )


def test_validate_reports_every_problem_with_its_place(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = MINIMAL.read_text().replace("max_minutes = 45", "max_minutes = 20").replace('kind = "article"', "kind = 3")
    bad.write_text(text.replace('sources = ["article"]\n\n[routes.onset]', 'sources = ["ghost"]\n\n[routes.onset]'))
    result = run("data", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"ketamine: {bad}: routes[0].onset: min_minutes must be <= max_minutes",
        f"{bad}: sources[0].kind: Input should be "
        "'article', 'guideline', 'trial', 'review', 'pharmacokinetics', 'label', 'regulatory', 'case-series' or "
        "'reference'",
        f"{bad}: routes[0].sources[0]: unknown source id 'ghost'",
    ]


def test_exported_toml_loads_back_unchanged(run: Run, data: DataSet) -> None:
    result = run("data", "export")
    assert result.exit_code == 0
    assert DataSet.model_validate(tomllib.loads(result.stdout)) == data
    assert result.stderr == DISCLAIMER + "\n"


def test_exported_json_is_the_data_file_itself_and_reads_back(run: Run, data: DataSet, tmp_path: Path) -> None:
    result = run("data", "export", "--format", "json")
    assert result.stderr == DISCLAIMER + "\n"
    document = json.loads(result.stdout)
    assert DataSet.model_validate(document) == data
    twin = tmp_path / "routes.json"
    twin.write_text(result.stdout)
    assert run("--data", str(twin), "data", "validate").stdout.endswith(
        ": valid (8 routes, 7 conditions, 13 side effects, 24 cautions, 12 overview entries, 40 glossary entries, "
        "41 sources)\n"
    )


def test_schema_is_generated_from_the_models(run: Run) -> None:
    schema = json.loads(run("data", "schema").stdout)
    assert schema == DataSet.model_json_schema()
    assert schema["$defs"]["Route"]["additionalProperties"] is False
    assert "not medical advice" in schema["description"]


@pytest.mark.parametrize("fmt", ["json", "table", "csv", "markdown"])
def test_a_closed_pipe_ends_the_command_quietly(big_data_file: Callable[[int], Path], fmt: str) -> None:
    big = big_data_file(3000)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the first byte: every write meets a broken pipe
    command = [sys.executable, "-m", "ketamine_cli", "--data", str(big), "routes", "compare", "-f", fmt]
    try:
        result = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, "" if fmt != "csv" else DISCLAIMER + "\n")


def test_escape_sequences_in_a_file_never_reach_the_terminal(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "hostile.toml"
    bad.write_text(
        MINIMAL.read_text().replace('name = "Oral"', 'name = "Oral\\u001b]0;pwned\\u0007"\n"x\\u001b[2J" = 1')
    )
    result = run("--data", str(bad), "routes", "list")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert result.stderr.splitlines() == [
        f"ketamine: {bad}: routes[0].name: contains the control character U+001B; text must be plain and on one line",
        f"{bad}: routes[0].x\\x1b[2J: Extra inputs are not permitted",
    ]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_rich_markup_in_a_name_is_printed_as_written(run: Run, tmp_path: Path, fmt: str) -> None:
    marked = tmp_path / "markup.toml"
    marked.write_text(MINIMAL.read_text().replace('name = "Oral"', 'name = "[bold red]Oral[/]"'))
    result = run("--data", str(marked), "routes", "list", "--format", fmt)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["routes"][0]["name"] == "[bold red]Oral[/]"
    else:
        assert ("\\[bold red\\]Oral\\[/\\]" if fmt == "markdown" else "[bold red]Oral[/]") in result.stdout


def test_the_shipped_data_passes_strict_validation(run: Run) -> None:
    result = run("data", "validate", "--strict")
    assert (result.exit_code, result.stderr) == (0, "")


def test_strict_validation_names_incomplete_sources_and_a_missing_meta(run: Run, tmp_path: Path) -> None:
    result = run("data", "validate", "--strict", str(MINIMAL))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"ketamine: {MINIMAL}: meta: missing: the data set's title, version and dates",
        f"{MINIMAL}: sources[0] (article): no DOI, PMID or URL; no authors or publisher; no year; no access date for "
        "a web source; add them, or say why in missing_because",
    ]
    said = tmp_path / "said.toml"
    said.write_text(
        '[meta]\ntitle = "T"\nversion = "1"\nreviewed = 2026-01-01\nevidence_as_of = 2025-01-01\n'
        + MINIMAL.read_text().replace('title = "An article"', 'title = "An article"\nmissing_because = "A test."')
    )
    assert run("data", "validate", "--strict", str(said)).exit_code == 0
