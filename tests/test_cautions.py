"""The cautions and the article's general statements, through the command line, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import installed_command, markdown_lines, process, sections, table_rows

from ketamine_cli.fields import CAUTION_FIELDS, OVERVIEW_FIELDS
from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet

    Run = Callable[..., Result]

KINDS = ["warning", "contraindication", "interaction", "population", "monitoring", "regulatory"]


def concerns(caution: dict[str, object], route_id: str) -> bool:
    routes = caution["routes"]
    assert isinstance(routes, list)
    return not routes or route_id in routes


def test_cautions_json_holds_every_caution_with_its_documented_fields(run: Run, data: DataSet) -> None:
    result = run("cautions", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["disclaimer", "meta", "cautions"]
    assert [c["id"] for c in document["cautions"]] == [c.id for c in data.cautions]
    assert all(tuple(c) == CAUTION_FIELDS for c in document["cautions"])


@pytest.mark.parametrize("route_id", ["iv", "intranasal", "oral", "subcutaneous"])
def test_cautions_for_a_route_concern_it_and_start_with_its_regulatory_status(run: Run, route_id: str) -> None:
    cautions = json.loads(run("cautions", "--route", route_id, "--json").stdout)["cautions"]
    everything = json.loads(run("cautions", "--json").stdout)["cautions"]
    assert cautions
    assert all(concerns(c, route_id) for c in cautions)
    assert {c["id"] for c in cautions} == {c["id"] for c in everything if concerns(c, route_id)}
    kinds = [c["kind"] for c in cautions]
    assert kinds[0] == "regulatory"
    assert kinds == sorted(kinds, key=lambda kind: kind != "regulatory")


def test_a_route_is_found_by_its_alias_for_cautions_too(run: Run) -> None:
    assert (
        run("cautions", "--route", "nasal", "--json").stdout
        == run("cautions", "--route", "intranasal", "--json").stdout
    )


@pytest.mark.parametrize("kind", KINDS)
def test_cautions_of_one_kind(run: Run, data: DataSet, kind: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run("cautions", "--kind", kind, "-f", "csv").stdout)))
    assert [row["id"] for row in rows] == [c.id for c in data.cautions if c.kind == kind]
    assert rows, f"the data has no caution of kind {kind}"


def test_kind_and_route_narrow_together(run: Run) -> None:
    cautions = json.loads(run("cautions", "--kind", "REGULATORY", "--route", "im", "--json").stdout)["cautions"]
    assert cautions
    assert all(c["kind"] == "regulatory" and concerns(c, "im") for c in cautions)


def test_cautions_csv_has_a_column_per_field_and_the_disclaimer_on_stderr(run: Run, data: DataSet) -> None:
    result = run("cautions", "-f", "csv")
    reader = csv.DictReader(io.StringIO(result.stdout))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CAUTION_FIELDS
    first = data.cautions[0]
    assert rows[0]["sources"].split("\n") == first.sources
    assert rows[0]["secondary"] == ("true" if first.secondary else "false")
    assert result.stderr == DISCLAIMER + "\n"


def test_cautions_table_shows_each_caution_with_its_kind_routes_and_sources(run: Run, data: DataSet) -> None:
    result = run("cautions")
    assert result.exit_code == 0
    rows = table_rows(result.stdout)
    assert len(rows) == len(data.cautions)
    first, cyp = data.cautions[0], next(c for c in data.cautions if c.id == "interaction-cyp3a-cyp2b6")
    assert rows[0][0] == f"{first.name} ({first.kind}; all routes)"
    assert rows[0][1].endswith(f"Sources: {', '.join(first.sources)}")
    assert [row[0] for row in rows].count(f"{cyp.name} (interaction; oral, sublingual)") == 1
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert " ".join(result.stdout.split()[-20:]).endswith("Consult a licensed clinician about any treatment.")


def test_cautions_markdown_is_a_table_then_the_disclaimer(run: Run, data: DataSet) -> None:
    lines = markdown_lines(run("cautions", "--route", "oral", "-f", "markdown").stdout)
    assert lines[0] == "| Caution | What the sources say |"
    assert lines[-1] == f"> {DISCLAIMER}"
    # the header, the rows, then the date the data was reviewed and the disclaimer, each after a blank line
    assert len(lines) == 2 + len([c for c in data.cautions if not c.routes or "oral" in c.routes]) + 4
    assert lines[-3].startswith("Data reviewed ")
    assert "(regulatory; all routes)" in lines[2]


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["cautions", "--route", "nowhere"],
            "ketamine: unknown route 'nowhere'. Choose from: iv, im, intranasal, oral, sublingual, topical, rectal, "
            "subcutaneous.\n",
        ),
        (
            ["cautions", "--route", ""],
            "ketamine: unknown route ''. Choose from: iv, im, intranasal, oral, sublingual, topical, rectal, "
            "subcutaneous.\n",
        ),
        (
            ["cautions", "--route", "sub"],
            "ketamine: 'sub' could be more than one route: sublingual, subcutaneous. Type more of the name.\n",
        ),
        (
            ["cautions", "--kind", "advice"],
            "ketamine: Invalid value for '--kind': 'advice' is not one of 'warning', 'contraindication', "
            "'interaction', 'population', 'monitoring', 'regulatory'.\nTry 'ketamine cautions --help' for help.\n",
        ),
    ],
)
def test_bad_cautions_arguments_are_usage_errors(run: Run, args: list[str], stderr: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_route_show_lists_its_cautions_first_with_regulatory_status_at_their_head(
    run: Run, data: DataSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # every heading on one line
    page = sections(run("routes", "show", "intranasal").stdout)
    intranasal = [c for c in data.cautions if not c.routes or "intranasal" in c.routes]
    ordered = [c for c in intranasal if c.kind == "regulatory"] + [c for c in intranasal if c.kind != "regulatory"]
    assert [label for label, _ in page[:4]] == ["Intranasal", "Route", "ID", "Aliases"]
    cautions = page[4 : 4 + len(ordered)]
    assert [label for label, _ in cautions] == [f"{c.kind.capitalize()}: {c.name}" for c in ordered]
    assert all(
        text.endswith(f"Sources: {', '.join(c.sources)}") for (_, text), c in zip(cautions, ordered, strict=True)
    )
    assert page[4 + len(ordered)][0] == "Onset"


def test_route_show_says_so_when_no_caution_concerns_the_route(run: Run) -> None:
    minimal = str(Path(__file__).parent / "data" / "minimal.toml")
    page = sections(run("--data", minimal, "routes", "show", "oral").stdout)
    assert page[4] == ("Cautions", "none in this data file")


def test_route_show_in_markdown_carries_the_cautions_and_the_articles_words(run: Run) -> None:
    lines = markdown_lines(run("routes", "show", "intranasal", "-f", "markdown").stdout)
    assert lines[5].startswith("| Regulatory: Every use for chronic pain is off-label | No ketamine product ")
    words = next(line for line in lines if line.startswith("| The article's words |"))
    assert '<br>- "Starts working in 15 minutes"<br>' in words


def test_overview_in_every_format(run: Run, data: DataSet) -> None:
    document = json.loads(run("overview", "--json").stdout)
    assert list(document) == ["disclaimer", "meta", "overview"]
    assert [tuple(entry) for entry in document["overview"]] == [OVERVIEW_FIELDS] * len(data.overview)
    assert [entry["id"] for entry in document["overview"]] == [entry.id for entry in data.overview]

    csv_rows = list(csv.DictReader(io.StringIO(run("overview", "-f", "csv").stdout)))
    assert csv_rows[0]["quotes"].split("\n") == data.overview[0].quotes

    rows = table_rows(run("overview").stdout)
    assert [row[0] for row in rows] == [entry.topic for entry in data.overview]
    author = next(entry for entry in data.overview if entry.id == "author")
    [author_row] = [row for row in rows if row[0] == author.topic]
    assert author_row[2] == "not stated Sources: pierre2023"

    markdown = markdown_lines(run("overview", "-f", "markdown").stdout)
    assert markdown[0] == "| Topic | The article's words | The literature |"
    assert len(markdown) == 2 + len(data.overview) + 4


def test_installed_command_lists_the_intranasal_cautions(tmp_path: Path) -> None:
    result = process([installed_command(), "cautions", "--route", "intranasal", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    cautions = json.loads(result.stdout)["cautions"]
    assert cautions[0]["kind"] == "regulatory"
    assert all(concerns(c, "intranasal") for c in cautions)
    assert any("REMS" in c["text"] and c["substance"] == "esketamine" for c in cautions)
