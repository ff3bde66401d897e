"""What a command's help says, read from Click's objects: its usage line, text, arguments, options, commands and
examples. The help on the screen and the generated reference (`docs/cli.md`, the man page) are both drawn from it.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

# Typer 0.28 carries its own copy of Click (pyproject.toml pins Typer below 0.29): the tree is made of its classes.
from typer._click import Command, Context, Parameter
from typer.core import TyperGroup

# Typer adds these to the top command. What they take depends on whether Typer can detect the shell of the machine
# that builds the tree, so the reference describes them in words rather than generate them.
COMPLETION_OPTIONS = ("install_completion", "show_completion")


# Named tuples rather than frozen dataclasses: as immutable, and cheaper to define on every run that shows help.
class Param(NamedTuple):
    """One argument or option of a command, as its help describes it."""

    kind: str  # "argument" or "option"
    names: tuple[str, ...]  # the option's names, long first as declared; an argument's metavar
    metavar: str | None  # what an option takes; None for a flag or an argument
    help: str
    choices: tuple[str, ...]
    default: str | None
    envvars: tuple[str, ...]
    required: bool


class Entry(NamedTuple):
    """One command (or group) of the tree, with everything its help shows."""

    path: str  # "ketamine routes compare"
    usage: str  # the usage line, after "Usage: "
    help: str
    params: tuple[Param, ...]
    subcommands: tuple[tuple[str, str], ...]  # a group's commands: (path, help)
    examples: tuple[str, ...]
    epilog: str  # what the epilog says besides its examples
    completion: tuple[Param, ...]  # Typer's completion options, left out of `params`


def describe(command: Command, context: Context) -> Entry:
    shown = [param for param in command.params if not getattr(param, "hidden", False)]
    subcommands: list[tuple[str, str]] = []
    if isinstance(command, TyperGroup):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                subcommands.append((f"{context.command_path} {name}", _help(sub.short_help or sub.help)))
    examples, epilog = _split_epilog(command.epilog)
    return Entry(
        path=context.command_path,
        usage=" ".join([context.command_path, *command.collect_usage_pieces(context)]),
        help=_help(command.help),
        params=tuple(describe_param(param, context) for param in shown if param.name not in COMPLETION_OPTIONS),
        subcommands=tuple(subcommands),
        examples=examples,
        epilog=epilog,
        completion=tuple(describe_param(param, context) for param in shown if param.name in COMPLETION_OPTIONS),
    )


def describe_param(param: Parameter, context: Context) -> Param:
    is_option = param.param_type_name == "option"
    is_flag = bool(getattr(param, "is_flag", False))
    choices = getattr(param.type, "choices", None) or ()
    if is_option:
        names = (*param.opts, *param.secondary_opts)
        metavar = None if is_flag else param.metavar or param.make_metavar(context)
    else:
        names = (param.metavar or param.make_metavar(context),)
        metavar = None
    envvar = param.envvar if getattr(param, "show_envvar", True) else None
    return Param(
        kind="option" if is_option else "argument",
        names=names,
        metavar=metavar,
        help=_help(getattr(param, "help", None)),
        choices=tuple(_text(choice) for choice in choices),
        default=None if is_flag or getattr(param, "show_default", None) is False else _default(param.default),
        envvars=(envvar,) if isinstance(envvar, str) else tuple(envvar or ()),
        required=param.required,
    )


def _default(value: object) -> str | None:
    if value is None or callable(value):
        return None
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value) or None
    return _text(value)


def _text(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _help(text: str | None) -> str:
    """Help as a reader sees it: Click's `\\f` ends it, and `\\[` is only there to keep Rich from reading markup."""
    return (text or "").split("\f")[0].replace("\\[", "[").strip()


def _split_epilog(epilog: str | None) -> tuple[tuple[str, ...], str]:
    """The examples an epilog gives after "Examples:", one a line, and whatever text comes before them."""
    before, found, after = _help(epilog).partition("Examples:")
    examples = tuple(line.strip() for line in after.splitlines() if line.strip()) if found else ()
    return examples, before.strip()
