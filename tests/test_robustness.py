"""Whatever the arguments and whatever the data file, the command ends with 0, 1 or 2 and never a traceback;
and data files of thousands of routes load and print, in memory that grows in proportion."""

from __future__ import annotations

import copy
import io
import json
import math
import os
import subprocess
import sys
import tomllib
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ketamine_cli import views
from ketamine_cli.choices import Format
from ketamine_cli.cli import app
from ketamine_cli.data import load_dataset
from ketamine_cli.render import render

if TYPE_CHECKING:
    from collections.abc import Callable

MINIMAL_PATH = Path(__file__).parent / "data" / "minimal.toml"
MINIMAL = tomllib.loads(MINIMAL_PATH.read_text())
WORDS = [
    "routes", "list", "show", "compare", "conditions", "side-effects", "sources", "data", "validate", "export",
    "schema", "--format", "-f", "--json", "--sort", "--data", "--version", "--help", "table", "json", "csv",
    "markdown", "toml", "onset", "name", "iv", "oral", "sub", "crps", "migraine", "", "-", "--", str(MINIMAL_PATH),
]  # fmt: skip
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def ended_cleanly(args: list[str]) -> int:
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80", "KETAMINE_DATA": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=6))
def test_any_arguments_end_with_a_documented_code(args: list[str]) -> None:
    assert ended_cleanly(args) in {0, 1, 2}


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=20),
)
# The shapes a new user found crashing the command (issue 9): huge and special numbers, look-alike names, doses
# written out, and text that breaks lines.
hostile = st.one_of(
    st.sampled_from([10**400, -(10**30), 1e308, -0.0, math.nan, math.inf, -math.inf, 2**63]),
    st.sampled_from(
        [
            "Intr\u0430venous",
            "Intravenous\u200b",
            "line\u2028break",
            "two milligrams",
            "25 micrograms",
            "2 \uff4d\uff47",
            "0.5 milligrams/kilogram",
            "\u7d4c\u53e3\U0001f600" * 30,
            "x" * 300,
        ]
    ),
)


values = st.recursive(
    st.one_of(scalars.filter(lambda v: v is not None), hostile),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


def toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)  # -0.0 included; TOML reads Python's repr of a finite float


def toml_value(value: Any) -> str:
    """A value as TOML, written inline; enough for the documents the tests make."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return toml_float(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(key)} = {toml_value(item)}" for key, item in value.items()) + "}"


def toml_document(document: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in document.items())


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document that can be replaced."""
    found = [prefix] if prefix else []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found += paths(child, (*prefix, key))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    document = copy.deepcopy(MINIMAL)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        place = draw(st.sampled_from(paths(document)))
        parent = document
        for key in place[:-1]:
            parent = parent[key]
        parent[place[-1]] = draw(values)
    return toml_document(document)


def deeply_nested(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n" + MINIMAL_PATH.read_text()


data_files = st.one_of(
    mutated_documents(),
    st.text(max_size=200),
    st.sampled_from(["", "[[routes]]\n", "x = 1\n", "max = " + "9" * 5000 + "\n"]),
    st.integers(min_value=100, max_value=3000).map(deeply_nested),
)
COMMANDS = [
    ["routes", "compare", "--json"],
    ["routes", "compare"],
    ["routes", "timeline"],
    ["routes", "show", "oral"],
    ["data", "validate"],
    ["sources"],
    ["cautions", "-f", "csv"],
]


@SETTINGS
@given(text=data_files, command=st.sampled_from(COMMANDS))
def test_any_data_file_ends_with_0_or_1(tmp_path: Path, text: str, command: list[str]) -> None:
    data = tmp_path / "routes.toml"
    data.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert ended_cleanly(["--data", str(data), *command]) in {0, 1}


def test_the_mutation_writer_writes_the_minimal_document_faithfully() -> None:
    assert tomllib.loads(toml_document(MINIMAL)) == MINIMAL


def test_five_thousand_routes_load_validate_and_print_as_json(big_data_file: Callable[[int], Path]) -> None:
    result = CliRunner().invoke(app, ["--data", str(big_data_file(5000)), "routes", "compare", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["routes"]) == 5000


@pytest.mark.parametrize("use_cache", [False, True], ids=["validated", "from the cache"])
def test_memory_grows_in_proportion_to_the_routes(big_data_file: Callable[[int], Path], use_cache: bool) -> None:
    def peak_bytes(count: int) -> tuple[int, int]:
        """The peaks of reading the file and of writing its JSON, apart: each is a straight line of its own, and
        their larger one would bend where one overtakes the other."""
        data = big_data_file(count)
        load_dataset(data)  # builds the validators once, which is not the file's cost, and fills the cache
        tracemalloc.start()
        try:
            routes = load_dataset(data, use_cache=use_cache).routes
            reading = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            render(views.route_comparison(routes), Format.JSON, out=io.StringIO(), err=io.StringIO())
            return reading, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # Each thousand routes more costs as much as the last: the growth is a straight line, whatever the fixed share of
    # the file (its conditions and sources) adds to every size.
    one, two, four = (peak_bytes(count) for count in (1000, 2000, 4000))
    for phase in (0, 1):
        assert 1.7 < (four[phase] - two[phase]) / (two[phase] - one[phase]) < 2.3


STREAMS = {
    "full stdout": {"stdout": "/dev/full"},
    "full stderr": {"stderr": "/dev/full"},
    "closed stdout": {"close": 1},
    "closed stderr": {"close": 2},
    "reader gone": {"pipe": True},
}


@settings(max_examples=25, deadline=None)
@given(
    args=st.sampled_from([*COMMANDS, ["--help"], ["--version"], ["data", "export"], ["overview", "-f", "markdown"]]),
    streams=st.sampled_from(sorted(STREAMS)),
)
def test_any_output_stream_ends_with_a_documented_code_and_no_traceback(args: list[str], streams: str) -> None:
    how = STREAMS[streams]
    command = [sys.executable, "-m", "ketamine_cli", *args]
    opened: list[Any] = []
    kwargs: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    reader = writer = None
    if "stdout" in how or "stderr" in how:
        name = next(iter(how))
        opened.append(open(how[name], "w"))  # noqa: SIM115 - closed below
        kwargs[name] = opened[-1]
    if "close" in how:
        fd = how["close"]
        kwargs["preexec_fn"] = lambda: os.close(fd)
    if "pipe" in how:
        reader, writer = os.pipe()
        os.close(reader)
        kwargs["stdout"] = writer
    try:
        result = subprocess.run(command, env={**os.environ, "NO_COLOR": "1"}, check=False, timeout=60, **kwargs)
    finally:
        for file in opened:
            file.close()
        if writer is not None:
            os.close(writer)
    assert result.returncode in {0, 1, 2}
    assert b"Traceback" not in (result.stderr or b"")
