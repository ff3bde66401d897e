"""How long the command takes to start, against importing the libraries it is written with. Run by hand:

    python benchmarks/startup.py [--rounds 21]

with the Python of an environment where the project is installed as users install it (`pip install .`, which
byte-compiles it). Each case runs as a whole process, the command and its reference taking turns (A B A B ...) so
that a machine busy for a moment slows both alike; the script prints the medians and their ratio against the goal.
The cache of validated data is warmed once first, in a folder of its own, as any second run finds it. Exit code 1
when a ratio misses its goal.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
KETAMINE = str(Path(sys.executable).parent / "ketamine")


@dataclass(frozen=True)
class Case:
    name: str
    command: list[str]
    reference_name: str
    reference: list[str]
    goal: float
    env: dict[str, str]


def cases() -> list[Case]:
    completion = {"_KETAMINE_COMPLETE": "complete_bash", "COMP_WORDS": "ketamine routes show i", "COMP_CWORD": "3"}
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
            [PYTHON, "-c", "import typer"],
            1.30,
            completion,
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

    with tempfile.TemporaryDirectory() as cache_home:
        base = {**os.environ, "XDG_CACHE_HOME": cache_home, "NO_COLOR": "1"}
        seconds([KETAMINE, "routes", "compare", "--json"], base)  # warms the cache, as any earlier run would
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
        print(f"python {platform.python_version()}; {rounds} interleaved rounds per pair; medians\n")
        print(f"{'case':44} {'median':>8}   {'reference':52} {'median':>8}  {'ratio':>5}  goal")
        missed = 0
        for case in cases():
            env = {**base, **case.env}
            timings: dict[str, list[float]] = {"tool": [], "reference": []}
            for _ in range(rounds):
                timings["tool"].append(seconds(case.command, env))
                timings["reference"].append(seconds(case.reference, env))
            tool, reference = (statistics.median(timings[key]) * 1000 for key in ("tool", "reference"))
            ratio = tool / reference
            verdict = "ok" if ratio <= case.goal else "MISSED"
            missed += ratio > case.goal
            print(
                f"{case.name:44} {tool:6.1f}ms   {case.reference_name:52} {reference:6.1f}ms  {ratio:5.2f}"
                f"  <= {case.goal:.2f} {verdict}"
            )
    return 1 if missed else 0


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
