"""The help each command draws without Rich: every command, argument and option shown, within the screen's width,
coloured only where a reader sees colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from ketamine_cli.cli import app
from ketamine_cli.helptext import MOST_COLUMNS
from ketamine_cli.usage import describe

if TYPE_CHECKING:
    from collections.abc import Iterator

    from typer._click import Command, Context

    from ketamine_cli.usage import Entry


def tree(command: Command, context: Context) -> Iterator[tuple[list[str], Entry]]:
    """Every command, as the arguments that reach it and what its help should show."""
    yield context.command_path.split()[1:], describe(command, context)
    if isinstance(command, TyperGroup):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None
            yield from tree(sub, typer.Context(sub, info_name=name, parent=context))


ROOT = typer.main.get_command(app)
COMMANDS = list(tree(ROOT, typer.Context(ROOT, info_name="ketamine")))


def help_of(args: list[str], monkeypatch: pytest.MonkeyPatch, columns: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="ketamine")
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_the_tree_has_every_command() -> None:
    assert len(COMMANDS) == 22
    assert ["routes", "compare"] in [args for args, _ in COMMANDS]


@pytest.mark.parametrize(("args", "entry"), COMMANDS, ids=[" ".join(["ketamine", *a]) for a, _ in COMMANDS])
def test_help_shows_every_argument_option_and_command(
    args: list[str], entry: Entry, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = help_of(args, monkeypatch)
    assert " ".join(out.split("\n\n")[0].split()) == f"Usage: {entry.usage}"
    shown = " ".join(out.split())  # as words, whatever the wrapping
    for param in [*entry.params, *entry.completion]:
        for name in param.names:
            assert name in shown
        if param.metavar:
            assert param.metavar in shown
        assert " ".join(param.help.split()) in shown
        if param.default is not None:
            assert f"[default: {param.default}]" in shown
        for variable in param.envvars:
            assert f"[env var: {variable}]" in shown
    for path, text in entry.subcommands:
        assert f"\n  {path.rsplit(' ', 1)[-1]} " in out
        assert " ".join(text.split("\n\n")[0].split()) in shown
    assert "-h, --help Show this message and exit." in shown
    for example in entry.examples:
        assert f"\n  {example}\n" in out


@pytest.mark.parametrize("columns", [20, 40, 80, 200])
@pytest.mark.parametrize("args", [[], ["routes", "compare"], ["cautions"], ["report"]], ids=" ".join)
def test_help_fits_the_screen_and_breaks_no_word(
    args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = help_of(args, monkeypatch, columns)
    width = min(columns, MOST_COLUMNS)
    examples = out.split("\nExamples:\n")[1] if "\nExamples:\n" in out else ""
    prose = out.removesuffix(examples)  # a command to copy is never wrapped: the terminal folds it if it must
    too_wide = [line for line in prose.splitlines() if len(line) > width and " " in line.strip()]
    assert too_wide == []
    words = set(" ".join(help_of(args, monkeypatch, 200).split()).split())
    assert set(" ".join(out.split()).split()) == words


def test_without_a_command_the_help_goes_to_stderr_as_a_usage_error() -> None:
    result = CliRunner().invoke(app, [], prog_name="ketamine")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: ketamine [OPTIONS] COMMAND [ARGS]...\n")
