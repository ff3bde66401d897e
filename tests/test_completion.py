"""TAB completion, as bash asks for it: names from the data in use, and the values an option takes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


def completions(words: str, **env: str) -> list[str]:
    """What the command offers for the last of these words, as bash's completion script would ask it."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    environment = {**os.environ, "_KETAMINE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    environment |= env
    command = [sys.executable, "-c", "from ketamine_cli.cli import app; app(prog_name='ketamine')"]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("ketamine routes show i", ["iv", "intravenous", "im", "intramuscular", "intranasal", "in"]),
        ("ketamine routes show o", ["oral"]),
        ("ketamine routes show s", ["sublingual", "sl", "skin", "subcutaneous", "sc", "subcut", "sq"]),
        ("ketamine routes compare iv p", ["po", "pr"]),
        ("ketamine routes timeline t", ["topical"]),
        ("ketamine conditions show mi", ["migraine", "migraines"]),
        ("ketamine conditions show cr", ["crps"]),
        ("ketamine routes show zz", []),
    ],
)
def test_route_and_condition_names_complete_from_the_data(words: str, offered: list[str]) -> None:
    assert completions(words) == offered


def test_names_with_a_space_are_not_offered() -> None:
    assert "by mouth" not in " ".join(completions("ketamine routes show b"))


def test_completion_follows_the_data_file_in_use(tmp_path: Path) -> None:
    assert completions("ketamine routes show ", KETAMINE_DATA=str(MINIMAL)) == ["oral", "po"]
    assert completions(f"ketamine --data {MINIMAL} routes show ") == ["oral", "po"]


def test_completion_of_an_unreadable_file_offers_nothing_quietly(tmp_path: Path) -> None:
    assert completions("ketamine routes show ", KETAMINE_DATA=str(tmp_path / "missing.toml")) == []


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("ketamine routes compare --sort ", ["onset", "duration", "bioavailability", "name"]),
        ("ketamine routes compare --sort b", ["bioavailability"]),
        (
            "ketamine sources --format ",
            ["table", "json", "jsonl", "csv", "markdown", "bibtex", "ris", "csl-json", "apa"],
        ),
        ("ketamine sources -f m", ["markdown"]),
        ("ketamine data export --format ", ["toml", "json"]),
        ("ketamine rou", ["routes"]),
    ],
)
def test_option_values_and_commands_complete(words: str, offered: list[str]) -> None:
    assert completions(words) == offered
