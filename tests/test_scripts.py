"""For scripts: --fields in every format, JSON Lines, search, one source in full, data files that round-trip, and
Markdown that can be appended (issue 11)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import subprocess
from pathlib import Path
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
        "venue, year, doi, pmid, pmcid, url, accessed, revised, missing_because, note.\n"
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
        (["sources"], 41),
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


# search


@pytest.mark.parametrize(
    "typed", ["Spravato", "spravato", "SPRAVATO", "\uff33\uff50\uff52\uff41\uff56\uff41\uff54\uff4f"]
)
def test_search_finds_spravato_in_routes_and_cautions_in_any_case(run: Run, typed: str) -> None:
    results = json.loads(run("search", typed, "--json").stdout)["results"]
    where = {(result["collection"], result["id"]) for result in results}
    assert {
        ("routes", "intranasal"),
        ("cautions", "regulatory-intranasal-esketamine"),
        ("sources", "spravato-label"),
    } <= where
    first = next(result for result in results if result["id"] == "intranasal")
    assert first == {
        "collection": "routes",
        "id": "intranasal",
        "name": "Intranasal",
        "field": "caveats[1]",
        "snippet": "The article names Spravato as the approved nasal spray. Spravato is...",
    }


def test_search_finds_a_doi(run: Run) -> None:
    results = json.loads(run("search", "10.1016/j.pain.2009.06.023", "--json").stdout)["results"]
    assert [(r["collection"], r["id"], r["field"]) for r in results] == [("sources", "sigtermans2009", "doi")]


def test_no_match_says_so_on_stderr_and_exits_0_with_an_empty_list(run: Run) -> None:
    result = run("search", "zzqx", "--json")
    assert (result.exit_code, json.loads(result.stdout)["results"]) == (0, [])
    assert result.stderr == "ketamine: no matches for 'zzqx'\n"


def test_search_in_every_format(run: Run) -> None:
    lines = run("search", "first-pass", "-f", "jsonl").stdout.splitlines()
    assert len(lines) >= 3
    rows = list(csv.DictReader(io.StringIO(run("search", "first-pass", "-f", "csv").stdout)))
    assert list(rows[0]) == ["collection", "id", "name", "field", "snippet"]
    table = table_rows(run("search", "first-pass").stdout)
    assert table[0][0] == "Intranasal (routes: intranasal)"
    assert "## Search: first-pass" in run("search", "first-pass", "-f", "markdown").stdout


def test_the_match_is_highlighted_in_colour_only(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("search", "spravato").stdout
    assert "\x1b[1;7mSpravato" in coloured


def test_an_unknown_name_the_data_mentions_points_to_search(run: Run) -> None:
    result = run("routes", "show", "spravato")
    assert result.exit_code == 2
    assert result.stderr.endswith("The data mentions it: try 'ketamine search spravato'.\n")
    assert "ketamine search" not in run("routes", "show", "zzqx").stderr


def test_search_through_the_installed_command() -> None:
    result = subprocess.run(
        [installed_command(), "search", "Spravato", "--fields", "collection,id", "-f", "csv"],
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "routes,intranasal" in result.stdout.splitlines()


# sources show


def test_one_source_in_full_with_everything_that_cites_it(run: Run) -> None:
    source = json.loads(run("sources", "show", "sigtermans2009", "--json").stdout)["source"]
    assert source["doi"] == "10.1016/j.pain.2009.06.023"
    cited = {(entry["collection"], entry["id"]) for entry in source["cited_by"]}
    assert {("routes", "iv"), ("conditions", "crps"), ("side_effects", "dissociation")} <= cited
    crps = next(entry for entry in source["cited_by"] if entry["id"] == "crps")
    assert crps["fields"] == ["findings[0]", "sources"]
    page = run("sources", "show", "sig").stdout
    assert "Complex regional pain syndrome (CRPS) (conditions: crps): findings[0]," in page


def test_an_unknown_source_is_a_usage_error(run: Run) -> None:
    result = run("sources", "show", "smith2020")
    assert result.exit_code == 2
    assert result.stderr.startswith("ketamine: unknown source 'smith2020'. Choose from: pierre2023, cohen2018,")


def test_sources_alone_still_lists_them_all(run: Run) -> None:
    assert len(json.loads(run("sources", "--json").stdout)["sources"]) == 41


# data files that round-trip


def test_the_exported_json_reads_back_from_standard_input() -> None:
    exported = subprocess.run(
        [installed_command(), "data", "export", "--format", "json"],
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    checked = subprocess.run(
        [installed_command(), "--data", "-", "data", "validate"],
        input=exported.stdout,
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0
    assert checked.stdout.startswith("standard input: valid (8 routes")


@pytest.mark.parametrize(
    "args",
    [
        ["routes", "compare"],
        ["routes", "show", "iv", "--json"],
        ["conditions", "list", "-f", "csv"],
        ["cautions", "-f", "markdown"],
        ["search", "spravato"],
    ],
)
def test_a_json_file_and_its_toml_twin_give_the_same_output(run: Run, tmp_path: Path, args: list[str]) -> None:
    twin = tmp_path / "routes.json"
    twin.write_text(run("data", "export", "--format", "json").stdout)
    assert run("--data", str(twin), *args).stdout == run(*args).stdout


def test_bad_json_is_a_located_problem(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"routes": [\n')
    result = run("--data", str(bad), "routes", "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"ketamine: {bad}: not valid JSON: Expecting value (at line 2, column 1)\n"
        "Correct the JSON at that line and column; 'ketamine data schema' describes a data file.\n",
    )


# Markdown that concatenates


def test_appended_markdown_outputs_render_as_that_many_tables(run: Run) -> None:
    from markdown_it import MarkdownIt

    notes = "".join(
        run(*args, "-f", "markdown").stdout
        for args in (["conditions", "show", "migraine"], ["conditions", "show", "crps"], ["routes", "compare"])
    )
    tokens = MarkdownIt("commonmark").enable("table").parse(notes)
    headings = [inline.content for opening, inline in itertools.pairwise(tokens) if opening.type == "heading_open"]
    assert headings == [
        "Headache (migraine and cluster)",
        "Complex regional pain syndrome (CRPS)",
        "Routes compared",
    ]
    assert sum(token.type == "table_open" for token in tokens) == 3
    assert sum(token.type == "blockquote_open" for token in tokens) == 3
