"""Helpers the test modules share: reading a drawn table back, and running the installed command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketamine_cli.models import DataSet


def table_rows(out: str) -> list[list[str]]:
    """The body rows of a Rich table, each cell's wrapped lines joined back into one string."""
    rows: list[list[list[str]]] = []
    ruled = "├" in out  # without rules between rows, every row has one line
    for line in out.splitlines():
        if line.startswith(("┡", "├")):
            rows.append([])
        elif line.startswith("│") and rows:
            if not ruled and rows[-1]:
                rows.append([])
            parts = [part.strip() for part in line.strip("│").split("│")]
            if not rows[-1]:
                rows[-1] = [[] for _ in parts]
            for cell, part in zip(rows[-1], parts, strict=True):
                cell.append(part)
    return [[joined(cell) for cell in row] for row in rows]


def joined(lines: list[str]) -> str:
    """Wrapped lines back into one string: a line that ends in a hyphen or a slash was broken inside a word."""
    text = ""
    for line in filter(None, lines):
        text += line if not text or text.endswith(("-", "/")) else " " + line
    return text


def sections(out: str) -> list[tuple[str, str]]:
    """The sections of a page drawn by a `show` command, in order: a heading with the indented text under it, or a
    short 'Label: value' line."""
    lines = [line for line in out.splitlines() if line.strip()]
    found: list[tuple[str, list[str]]] = []
    for at, line in enumerate(lines):
        if line.startswith("  "):
            found[-1][1].append(line.strip())
        elif (at + 1 < len(lines) and lines[at + 1].startswith("  ")) or ": " not in line:
            found.append((line.strip(), []))
        else:
            label, value = line.split(": ", 1)
            found.append((label, [value]))
    return [(label, joined(text)) for label, text in found]


def quiet_env(**extra: str) -> dict[str, str]:
    """This process's environment (the tests' own cache folder included), without colour, 80 columns wide."""
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **extra}


def process(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env or quiet_env(), capture_output=True, text=True, check=False)


def installed_command() -> str:
    script = Path(sys.executable).parent / "ketamine"
    if not script.exists():
        pytest.fail(f"the console script is not installed beside {sys.executable}: run the README's test command")
    return str(script)


def markdown_lines(out: str) -> list[str]:
    """The lines of one Markdown output after its heading, which every output starts with, and before the blank
    line it ends with."""
    heading, blank, *lines = out.splitlines()
    assert heading.startswith("## "), heading
    assert blank == ""
    assert out.endswith("\n\n")
    assert lines[-1] == ""
    return lines[:-1]


def models_of(path: Path) -> DataSet:
    """A data file as the models build it: the tests' account of what it holds, which the commands, reading the
    document the models dump, must agree with."""
    import tomllib

    return DataSet.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
