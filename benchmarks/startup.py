"""How long the command takes, against importing the libraries it is written with or parsing its data file. Run by
hand:

    python benchmarks/startup.py [--rounds 21]

with the Python of an environment where the project is installed as users install it (`pip install .`, which
byte-compiles it). Each case runs as a whole process, the command and its reference taking turns (A B A B ...) so
that a machine busy for a moment slows both alike; the script prints the medians and their ratio against the goal.
The cache of validated data is warmed once first, in a folder of its own, as any second run finds it; a case of a
first run empties it before each of its runs, outside the time measured. The large cases use a file of 3,000 routes
built from the shipped data by `benchmarks/bigdata.py`, against `tomllib` reading the same file (and, for
information, against `tomli`, the parser the command uses); the size of its cache entry is compared with its own.
Exit code 1 when a ratio misses its goal.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import bigdata

PYTHON = sys.executable
KETAMINE = str(Path(sys.executable).parent / "ketamine")
BIG_ROUTES = 3000
CACHE_SIZE_GOAL = 1.3


@dataclass(frozen=True)
class Case:
    name: str
    command: list[str]
    reference_name: str
    reference: list[str]
    goal: float | None  # None: shown for what it tells, with no goal to meet
    env: dict[str, str]
    before_each: Callable[[], None] | None = None  # run before each of the command's runs, outside the time measured


def cases(big: Path, cache_home: Path) -> list[Case]:
    completion = {"_KETAMINE_COMPLETE": "complete_bash", "COMP_WORDS": "ketamine routes show i", "COMP_CWORD": "3"}
    typer_only = [PYTHON, "-c", "import typer"]
    with_pydantic = [PYTHON, "-c", "import typer; from pydantic import BaseModel"]
    parse_big = [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(big)!r}, 'rb'))"]
    parse_big_as_the_command_does = [PYTHON, "-c", f"import tomli; tomli.load(open({str(big)!r}, 'rb'))"]
    big_name = f"{BIG_ROUTES:,}-route file"
    first_cache = cache_home / "first-run"
    first_run = Case(
        f"compare --json, {big_name}, first run",
        [KETAMINE, "--data", str(big), "routes", "compare", "--json"],
        "tomllib.load of the same file",
        parse_big,
        1.80,
        {"XDG_CACHE_HOME": str(first_cache)},
        lambda: shutil.rmtree(first_cache, ignore_errors=True),
    )
    return [
        Case(
            "ketamine routes compare --json",
            [KETAMINE, "routes", "compare", "--json"],
            "import typer + pydantic.BaseModel",
            [PYTHON, "-c", "import typer; from pydantic import BaseModel"],
            0.85,
            {},
        ),
        Case(
            "ketamine routes compare (table)",
            [KETAMINE, "routes", "compare"],
            "import typer + BaseModel + rich.console, rich.table",
            [PYTHON, "-c", "import typer; from pydantic import BaseModel; import rich.console, rich.table"],
            0.95,
            {},
        ),
        Case(
            "TAB completion of 'ketamine routes show i'",
            [KETAMINE],
            "import typer",
            typer_only,
            1.30,
            completion,
        ),
        Case("ketamine --help", [KETAMINE, "--help"], "import typer", typer_only, 1.40, {}),
        Case(
            "ketamine routes compare --help",
            [KETAMINE, "routes", "compare", "--help"],
            "import typer",
            typer_only,
            1.40,
            {},
        ),
        Case("ketamine data schema", [KETAMINE, "data", "schema"], "import typer + BaseModel", with_pydantic, 1.20, {}),
        first_run,
        # The goal is set against tomllib; the command parses with tomli, compiled, so this shows its own share.
        replace(
            first_run,
            reference_name="tomli.load (the parser it uses), for information",
            reference=parse_big_as_the_command_does,
            goal=None,
        ),
        Case(
            f"compare --json, {big_name}, cached",
            [KETAMINE, "--data", str(big), "routes", "compare", "--json"],
            "tomllib.load of the same file",
            parse_big,
            0.60,
            {},
        ),
        Case(
            f"compare (table), {big_name}, cached",
            [KETAMINE, "--data", str(big), "routes", "compare"],
            "tomllib.load of the same file",
            parse_big,
            2.00,
            {},
        ),
    ]


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="turns of each pair (at least 15)")
    rounds = max(15, parser.parse_args().rounds)
    if not Path(KETAMINE).exists():
        sys.exit(f"no ketamine beside {PYTHON}: run this with the Python of an environment where it is installed")
    _byte_compile_if_needed()

    with tempfile.TemporaryDirectory() as work:
        cache_home = Path(work) / "cache"
        big = Path(work) / "big.toml"
        big.write_text(bigdata.build(BIG_ROUTES, bigdata.SHIPPED.read_text(encoding="utf-8")), encoding="utf-8")
        base = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "NO_COLOR": "1"}
        for data in ([], ["--data", str(big)]):  # warms the cache, as any earlier run would
            seconds([KETAMINE, *data, "routes", "compare", "--json"], base)
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
        print(f"python {platform.python_version()}; {rounds} interleaved rounds per pair; medians\n")
        print(f"{'case':52} {'median':>9}   {'reference':52} {'median':>9}  {'ratio':>5}  goal")
        missed = 0
        for case in cases(big, cache_home):
            env = {**base, **case.env}
            timings: dict[str, list[float]] = {"tool": [], "reference": []}
            for _ in range(rounds):
                if case.before_each is not None:
                    case.before_each()
                timings["tool"].append(seconds(case.command, env))
                timings["reference"].append(seconds(case.reference, env))
            tool, reference = (statistics.median(timings[key]) * 1000 for key in ("tool", "reference"))
            ratio = tool / reference
            met = case.goal is None or ratio <= case.goal
            missed += not met
            verdict = "no goal" if case.goal is None else f"<= {case.goal:.2f} {'ok' if met else 'MISSED'}"
            print(
                f"{case.name:52} {tool:7.1f}ms   {case.reference_name:52} {reference:7.1f}ms  {ratio:5.2f}  {verdict}"
            )
        missed += not _report_cache_size(big, cache_home)
    return 1 if missed else 0


def _report_cache_size(big: Path, cache_home: Path) -> bool:
    """The large file's cache entry against the file: the cache should keep what a hit needs, and no more."""
    entries = [entry for entry in (cache_home / "ketamine").glob("*.cache") if str(big).encode() in entry.read_bytes()]
    if len(entries) != 1:
        print(f"cache entry of the {BIG_ROUTES:,}-route file: not found in {cache_home}")
        return False
    entry, data = entries[0].stat().st_size, big.stat().st_size
    ratio = entry / data
    verdict = "ok" if ratio <= CACHE_SIZE_GOAL else "MISSED"
    print(
        f"{'cache entry of the ' + f'{BIG_ROUTES:,}-route file':52} {entry / 2**20:7.1f}MB   {'the file':52}"
        f" {data / 2**20:7.1f}MB  {ratio:5.2f}  <= {CACHE_SIZE_GOAL:.2f} {verdict}"
    )
    return ratio <= CACHE_SIZE_GOAL


def _byte_compile_if_needed() -> None:
    """pip byte-compiles a package it installs; an editable install under PYTHONDONTWRITEBYTECODE is not, and would
    be measured compiling its sources on every run instead of starting."""
    import ketamine_cli

    package = Path(ketamine_cli.__file__).parent
    if not (package / "__pycache__").is_dir():
        print(f"byte-compiling {package}, as pip does on install", file=sys.stderr)
        compileall.compile_dir(package, quiet=1)


if __name__ == "__main__":
    sys.exit(main())
