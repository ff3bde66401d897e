"""Every command in every format, through the command line as a user or a script calls it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import markdown_lines, table_rows

from ketamine_cli import __version__
from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet

    Run = Callable[..., Result]

# Each data command with what its JSON payload is called and the first row it lists.
COMMANDS = [
    (["routes", "list"], "routes", "iv"),
    (["routes", "show", "oral"], "route", "oral"),
    (["routes", "compare"], "routes", "iv"),
    (["conditions", "list"], "conditions", "neuropathic-pain"),
    (["conditions", "show", "crps"], "condition", "crps"),
    (["side-effects"], "side_effects", "drowsiness"),
    (["cautions"], "cautions", "respiratory-depression"),
    (["cautions", "--route", "oral"], "cautions", "regulatory-off-label-pain"),
    (["overview"], "overview", "chronic-pain-burden"),
    (["sources"], "sources", "pierre2023"),
]
COMMAND_IDS = [" ".join(args) for args, _, _ in COMMANDS]


@pytest.mark.parametrize(("args", "key", "first_id"), COMMANDS, ids=COMMAND_IDS)
def test_json_is_one_object_with_disclaimer_and_one_payload(run: Run, args: list[str], key: str, first_id: str) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["disclaimer", "meta", key]
    assert "not medical advice" in document["disclaimer"]
    payload = document[key]
    first = payload[0] if isinstance(payload, list) else payload
    assert first["id"] == first_id
    assert result.stderr == ""


@pytest.mark.parametrize(("args", "key", "first_id"), COMMANDS, ids=COMMAND_IDS)
def test_format_json_equals_the_json_flag(run: Run, args: list[str], key: str, first_id: str) -> None:
    assert run(*args, "--format", "json").stdout == run(*args, "--json").stdout


@pytest.mark.parametrize(("args", "key", "first_id"), COMMANDS, ids=COMMAND_IDS)
def test_csv_reads_back_with_a_header_and_the_disclaimer_on_stderr(
    run: Run, args: list[str], key: str, first_id: str
) -> None:
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["id"] == first_id
    assert result.stderr.strip() == DISCLAIMER


@pytest.mark.parametrize(("args", "key", "first_id"), COMMANDS, ids=COMMAND_IDS)
def test_markdown_is_a_table_then_the_disclaimer(run: Run, args: list[str], key: str, first_id: str) -> None:
    result = run(*args, "--format", "markdown")
    assert result.exit_code == 0
    lines = markdown_lines(result.stdout)
    assert lines[0].startswith("| ")
    assert re.fullmatch(r"\|( --- \|)+", lines[1])
    assert lines[-1] == f"> {DISCLAIMER}"
    assert len(lines) > 4


@pytest.mark.parametrize(("args", "key", "first_id"), COMMANDS, ids=COMMAND_IDS)
def test_table_is_the_default_and_ends_with_the_disclaimer(run: Run, args: list[str], key: str, first_id: str) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert " ".join(result.stdout.split()[-20:]).endswith("Consult a licensed clinician about any treatment.")
    assert run(*args, "-f", "table").stdout == result.stdout


def compare_rows(out: str) -> list[list[str]]:
    """The rows of the time-action table, each cell's lines joined: cells are cut where the header's words start."""
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Route"))
    starts = [match.start() for match in re.finditer(r"\S+", header)]
    body = lines[lines.index(header) + 2 : next(i for i, line in enumerate(lines) if line.startswith("[1]"))]
    rows: list[list[str]] = []
    for line in body:
        cells = [line[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)]
        if cells[0] and not cells[0].startswith("("):
            rows.append(cells)
        else:  # the next line of a row that runs over two
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
    return rows


def test_compare_is_a_time_action_table_of_bounds_and_footnotes(run: Run) -> None:
    out = run("routes", "compare", "iv", "oral", "intranasal").stdout
    header = next(line for line in out.splitlines() if line.startswith("Route"))
    assert re.split(r"\s{2,}", header.strip())[:5] == ["Route", "Onset", "Peak", "Duration", "Bioavailability"]
    rows = compare_rows(out)
    assert [row[:5] for row in rows] == [
        ["Intravenous (iv)", "0-1 min", "2-14 min [1]", "20 min [2]", "100%"],
        ["Oral", "30-45 min", "58 min", "4-6 h", "20-24%"],
        ["Intranasal", "15 min", "14-23 min", "4-6 h", "11-50%"],
    ]
    notes = out.split("\n[1]", 1)[1]
    assert notes.startswith(" 2 minutes after a single bolus, not an infusion")
    assert "\n[2] not stated by the article; read here as the acute effect of a single" in out
    assert "\n[3] CRPS only, after multi-day infusions" in out
    assert "Notes, caveats, sources: 'ketamine" in out


def test_the_same_qualifier_gets_the_same_footnote(run: Run) -> None:
    out = run("routes", "compare", "im").stdout
    assert "5-15 min [2]" in out  # secondary source
    assert "93% [2]" in out
    assert out.count("[2] secondary source") == 1


def test_compare_keeps_the_order_given(run: Run) -> None:
    document = json.loads(run("routes", "compare", "oral", "iv", "--json").stdout)
    assert [r["id"] for r in document["routes"]] == ["oral", "iv"]


def test_compare_sorts_by_onset_unknowns_last(run: Run) -> None:
    document = json.loads(run("routes", "compare", "--sort", "onset", "--json").stdout)
    ids = [r["id"] for r in document["routes"]]
    assert ids[:4] == ["iv", "im", "intranasal", "oral"]


def test_route_json_has_the_documented_fields(run: Run) -> None:
    route = json.loads(run("routes", "show", "iv", "--json").stdout)["route"]
    assert list(route) == [
        "id",
        "name",
        "aliases",
        "onset",
        "duration",
        "lasting_relief",
        "time_to_peak",
        "bioavailability",
        "notes",
        "caveats",
        "sources",
        "quotes",
    ]
    assert route["onset"] == {
        "text": "within 1 minute",
        "describes": None,
        "secondary": False,
        "substance": "racemic",
        "sources": ["pierre2023"],
        "quotes": ["Takes effect within 1 minute"],
        "min_minutes": 0,
        "max_minutes": 1,
    }
    assert route["bioavailability"]["min_percent"] == 100


def test_condition_json_shows_the_article_beside_the_evidence(run: Run) -> None:
    condition = json.loads(run("conditions", "show", "migraine", "--json").stdout)["condition"]
    assert condition["id"] == "headache"
    assert condition["routes"] == ["iv", "intranasal"]
    assert condition["article_claim"].startswith("Both IV and intranasal ketamine")
    assert condition["guideline"][0] == {
        "indication": "migraine",
        "rating": "weak or none",
        "detail": None,
        "secondary": True,  # literature sheet 4a: the recommendations were read only in summaries
    }
    assert "afridi2013" in condition["sources"]


def test_route_show_table_has_notes_caveats_and_sources(run: Run) -> None:
    out = " ".join(run("routes", "show", "intranasal").stdout.split())
    assert "Spravato is esketamine" in out
    assert "Caveats" in out
    assert "yanagihara2003: Yanagihara Y, et al." in out


def test_route_csv_has_a_column_per_number(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("routes", "compare", "oral", "-f", "csv").stdout)))
    assert len(rows) == 1
    assert (rows[0]["onset_min_minutes"], rows[0]["onset_max_minutes"]) == ("30", "45")
    assert (rows[0]["bioavailability_min_percent"], rows[0]["bioavailability_max_percent"]) == ("20", "24")
    assert rows[0]["bioavailability_sources"].split("\n") == ["pierre2023", "yanagihara2003", "chong2009"]
    assert rows[0]["onset_quotes"] == "Takes 30-45 minutes to start working"
    assert rows[0]["onset_substance"] == "racemic"
    assert rows[0]["aliases"].split("\n") == ["po", "by mouth"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["routes", "show", "ivv"], "ketamine: unknown route 'ivv'. Did you mean 'iv'? Choose from: iv, im,"),
        (["routes", "compare", "iv", "nasl"], "ketamine: unknown route 'nasl'. Did you mean 'intranasal'"),
        (["conditions", "show", "migrane"], "ketamine: unknown condition 'migrane'. Did you mean 'headache'?"),
        (["routes", "show", "sub"], "ketamine: 'sub' could be more than one route: sublingual, subcutaneous."),
        (["routes", "show", "\x1b[31mred"], "ketamine: unknown route '\\x1b[31mred'. Choose from: iv,"),
    ],
)
def test_unknown_names_are_usage_errors_with_a_hint(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["sources", "--json", "--format", "csv"],
            "ketamine: Invalid value for --json: it asks for JSON, but --format asks for csv; give one of them.\n"
            "Try 'ketamine sources --help' for help.\n",
        ),
        (
            ["sources", "--format", "xml"],
            "ketamine: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'jsonl', 'csv', "
            "'markdown', 'bibtex', 'ris', 'csl-json', 'apa'.\n"
            "Try 'ketamine sources --help' for help.\n",
        ),
        (
            ["routes", "compare", "--sort", "speed"],
            "ketamine: Invalid value for '--sort': 'speed' is not one of 'onset', 'duration', 'bioavailability', "
            "'name'.\nTry 'ketamine routes compare --help' for help.\n",
        ),
        (
            ["routes", "show"],
            "ketamine: Missing argument 'ROUTE'.\nTry 'ketamine routes show --help' for help.\n",
        ),
        (["--bogus"], "ketamine: No such option: --bogus\nTry 'ketamine --help' for help.\n"),
        (["routs"], "ketamine: No such command 'routs'. Did you mean 'routes'?\nTry 'ketamine --help' for help.\n"),
    ],
)
def test_usage_errors_are_two_plain_lines(run: Run, args: list[str], stderr: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_version_names_the_data_version_and_its_review(run: Run, data: DataSet) -> None:
    assert data.meta is not None
    result = run("--version")
    expected = f"ketamine {__version__} (data {data.meta.version}, reviewed {data.meta.reviewed.isoformat()})\n"
    assert (result.exit_code, result.stdout) == (0, expected)


@pytest.mark.parametrize(
    "args",
    [[], ["routes"], ["conditions"], *[a[:2] if a[0] in {"routes", "conditions"} else a[:1] for a, _, _ in COMMANDS]],
)
def test_every_command_has_help(run: Run, args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Usage: ketamine" in result.stdout


def test_readme_shows_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for args, _, _ in COMMANDS:
        assert f"ketamine {' '.join(args[:2])}" in readme
    for command in ("routes timeline", "data validate", "data export", "data schema", "--data PATH", "--version"):
        assert f"ketamine {command}" in readme
    assert "KETAMINE_DATA" in readme


def test_full_comparison_fits_35_lines_at_80_columns_and_30_at_120(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run("routes", "compare").stdout
    lines = out.splitlines()
    assert len(lines) <= 35
    assert max(map(len, lines)) <= 80
    assert [row[0] for row in compare_rows(out)] == [
        "Intravenous (iv)",
        "Intramuscular (im)",
        "Intranasal",
        "Oral",
        "Sublingual",
        "Topical",
        "Rectal",
        "Subcutaneous",
    ]
    monkeypatch.setenv("COLUMNS", "120")
    wide = run("routes", "compare").stdout.splitlines()
    assert len(wide) <= 30
    assert max(map(len, wide)) <= 120


def test_side_effects_show_the_articles_words_beside_the_labels(run: Run) -> None:
    out = run("side-effects").stdout
    rows = {row[0]: row for row in table_rows(out)}
    breathing = rows["Breathing and sedation, compared with opioids (opioid-contrast)"]
    assert breathing[1].startswith('- "However, ketamine does not cause the slowed breathing')
    assert "concomitant use may result in profound sedation, respiratory depression, coma, or death" in breathing[2]
    assert breathing[2].endswith(
        "Sources: pierre2023, ketalar-label, ketamine-injection-label, spravato-label, spravato-rems, fda2023"
    )
    liver = rows["Liver and bile-duct injury with repeated use (long-term)"]
    assert liver[1] == "The article does not mention this."


# Help (issue 10, item 5) and consistency (item 6).


def test_help_shows_the_defaults_keeps_metavars_whole_and_ends_with_examples(run: Run) -> None:
    out = run("routes", "compare", "-h").stdout
    assert "[default: table]" in out
    assert "[default: all]" in out
    assert "ORDER" in out
    assert "bioavailabi " not in out
    assert out.rstrip().splitlines()[-3:] == [
        "Examples:",
        "  ketamine routes compare iv oral intranasal",
        "  ketamine routes compare --sort onset -f markdown",
    ]


def test_the_help_lists_commands_in_the_readmes_order(run: Run) -> None:
    out = run("-h").stdout
    listed = out.split("\nCommands:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in listed if not line.startswith("    ")] == [
        "routes",
        "conditions",
        "side-effects",
        "cautions",
        "overview",
        "glossary",
        "search",
        "sources",
        "cite",
        "report",
        "data",
    ]


def test_conditions_list_and_show_name_routes_alike(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = {row[0]: row for row in table_rows(run("conditions", "list").stdout)}
    assert rows["Headache (migraine and cluster) (headache)"][4] == "Intravenous, Intranasal"
    assert "Routes studied: Intravenous, Intranasal" in run("conditions", "show", "migraine").stdout


def test_routes_list_does_not_repeat_a_name_as_its_alias(run: Run) -> None:
    rows = {row[0]: row for row in table_rows(run("routes", "list").stdout)}
    assert rows["iv"][2] == "none"
    assert rows["oral"][2] == "po, by mouth"
    assert json.loads(run("routes", "list", "--json").stdout)["routes"][0]["aliases"] == ["intravenous"]


@pytest.mark.parametrize(
    ("typed", "found"), [("chronic", "chronic-pain"), ("back", "back-pain"), ("neuro", "neuropathic-pain")]
)
def test_whole_leading_words_of_an_id_win(run: Run, typed: str, found: str) -> None:
    assert json.loads(run("conditions", "show", typed, "--json").stdout)["condition"]["id"] == found


def test_a_prefix_of_several_names_stays_ambiguous(run: Run) -> None:
    result = run("routes", "show", "intra")
    assert (result.exit_code, result.stderr) == (
        2,
        "ketamine: 'intra' could be more than one route: iv, im, intranasal. Type more of the name.\n",
    )
