"""For scripts: --fields in every format, JSON Lines, search, one source in full, data files that round-trip, and
Markdown that can be appended (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from typing import TYPE_CHECKING

import pytest
from helpers import installed_command, quiet_env, table_rows

from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet

    Run = Callable[..., Result]

FIELDS = "id,onset.min_minutes,bioavailability.text"


# --fields


def test_fields_in_json_keep_only_those_keys_nested_as_in_the_full_object(run: Run) -> None:
    routes = json.loads(run("routes", "compare", "iv", "oral", "--fields", FIELDS, "--json").stdout)["routes"]
    assert routes == [
        {"id": "iv", "onset": {"min_minutes": 0}, "bioavailability": {"text": "100% (by definition)"}},
        {
            "id": "oral",
            "onset": {"min_minutes": 30},
            "bioavailability": {
                "text": "low, due to liver metabolism (article); about 20-24% for racemic ketamine (about 20% in 3 "
                "volunteers; 24% median in 6 patients); 17% is quoted only by secondary sources"
            },
        },
    ]


def test_fields_in_jsonl_csv_table_and_markdown(run: Run) -> None:
    lines = run("routes", "compare", "iv", "oral", "--fields", "id,onset.min_minutes", "-f", "jsonl").stdout
    assert [json.loads(line) for line in lines.splitlines()] == [
        {"id": "iv", "onset": {"min_minutes": 0}},
        {"id": "oral", "onset": {"min_minutes": 30}},
    ]
    rows = list(
        csv.reader(io.StringIO(run("routes", "compare", "--fields", "onset.min_minutes,id", "-f", "csv").stdout))
    )
    assert rows[:3] == [["onset.min_minutes", "id"], ["0", "iv"], ["0", "im"]]
    assert rows[5] == ["", "sublingual"]  # null is an empty cell
    table = table_rows(run("routes", "compare", "iv", "sl", "--fields", "id,onset.min_minutes").stdout)
    assert table == [["iv", "0"], ["sublingual", "not stated"]]
    markdown = run("conditions", "show", "crps", "--fields", "id,routes", "-f", "markdown").stdout
    assert "| id | routes |\n| --- | --- |\n| crps | iv |\n" in markdown


def test_one_field_as_csv_is_a_bare_column_for_the_shell(run: Run) -> None:
    result = run("routes", "list", "--fields", "id", "-f", "csv")
    assert result.stdout.splitlines() == [
        "id",
        "iv",
        "im",
        "intranasal",
        "oral",
        "sublingual",
        "topical",
        "rectal",
        "subcutaneous",
    ]


def test_an_unknown_field_is_a_usage_error_listing_the_valid_ones(run: Run) -> None:
    result = run("sources", "--fields", "id,colour")
    assert result.exit_code == 2
    assert result.stderr == (
        "ketamine: unknown field 'colour' for this command. Choose from: id, kind, title, authors, publisher, "
        "venue, year, doi, pmid, pmcid, url, note.\n"
    )


def test_fields_through_the_installed_command() -> None:
    result = subprocess.run(
        [installed_command(), "cautions", "--route", "iv", "--fields", "id,kind", "-f", "jsonl"],
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout.splitlines()[0]) == {"id": "regulatory-off-label-pain", "kind": "regulatory"}
    assert result.stderr == DISCLAIMER + "\n"


# JSON Lines


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (["routes", "list"], 8),
        (["conditions", "list"], 7),
        (["side-effects"], 13),
        (["cautions"], 24),
        (["sources"], 40),
    ],
)
def test_json_lines_are_one_object_per_item_and_nothing_else(run: Run, args: list[str], count: int) -> None:
    result = run(*args, "-f", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == count
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert result.stderr == DISCLAIMER + "\n"


def test_json_lines_of_one_entry_are_one_line(run: Run, data: DataSet) -> None:
    lines = run("routes", "show", "iv", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["id"] == "iv"
