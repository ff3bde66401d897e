"""A command's help as plain text, coloured only for a terminal, drawn without Rich.

Typer's Rich help imports Rich's Markdown (with markdown-it) and traceback modules on every `--help`, which took
twice as long as importing Typer itself; this draws the same content (usage, text, arguments, options with their
defaults and variables, commands, examples) from Click's objects, as the generated reference does.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from typing import TYPE_CHECKING

from .usage import Entry, Param, describe, describe_param

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer._click import Command, Context

# Lines longer than this are hard to read, however wide the terminal.
MOST_COLUMNS = 100
# Below this many columns for a description, it goes under its option rather than beside it.
_NARROWEST_DESCRIPTION = 28
_INDENT = "  "

_BOLD = "\x1b[1m"
_NAME = "\x1b[1;36m"
_METAVAR = "\x1b[33m"
_RESET = "\x1b[0m"


def help_text(command: Command, context: Context) -> str:
    """The help of a command as shown to a reader. Escape codes are left for Click to remove where the help goes to
    something other than a terminal, unless FORCE_COLOR is set; NO_COLOR leaves them out altogether."""
    entry = describe(command, context)
    help_option = command.get_help_option(context)
    options = [*entry.params, *entry.completion]
    if help_option is not None:
        options.append(describe_param(help_option, context))
    width = min(shutil.get_terminal_size().columns, MOST_COLUMNS)
    plain = bool(os.environ.get("NO_COLOR"))
    if os.environ.get("FORCE_COLOR") and not plain:
        context.color = True  # Click keeps colour in a pipe only when told to, as FORCE_COLOR asks
    return draw(entry, options, width, colour=not plain)


def draw(entry: Entry, options: list[Param], width: int, *, colour: bool) -> str:
    paint = _painted if colour else _plain
    usage = textwrap.wrap(entry.usage, max(width, 20), initial_indent="Usage: ", subsequent_indent=" " * 7)
    lines = [paint("Usage:", _BOLD) + usage[0].removeprefix("Usage:"), *usage[1:], ""]
    for paragraph in entry.help.split("\n\n"):
        lines += [*_wrap(paragraph, width, _INDENT), ""]
    arguments = [param for param in options if param.kind == "argument"]
    flags = [param for param in options if param.kind == "option"]
    commands = [(path.rsplit(" ", 1)[-1], text.split("\n\n")[0]) for path, text in entry.subcommands]
    rows = {
        "Arguments": [(param.names[0], "", _described(param)) for param in arguments],
        "Options": [(_option_names(param), param.metavar or "", _described(param)) for param in flags],
        "Commands": [(name, "", text) for name, text in commands],
    }
    for heading, section in rows.items():
        if section:
            lines += [paint(f"{heading}:", _BOLD), *_section(section, width, paint), ""]
    if entry.epilog:
        lines += [*_wrap(entry.epilog, width, ""), ""]
    if entry.examples:
        lines += [paint("Examples:", _BOLD), *(_INDENT + example for example in entry.examples), ""]
    return "\n".join(lines)


def _option_names(param: Param) -> str:
    """Short names first, as in `-f, --format`."""
    return ", ".join(sorted(param.names, key=lambda name: name.startswith("--")))


def _described(param: Param) -> str:
    """The help, then what the help itself does not say, in Typer's brackets."""
    notes = [
        *([f"[default: {param.default}]"] if param.default is not None else []),
        *(f"[env var: {name}]" for name in param.envvars),
        *(["[required]"] if param.required else []),
    ]
    return " ".join([param.help, *notes]).strip()


def _section(rows: list[tuple[str, str, str]], width: int, paint: Callable[[str, str], str]) -> list[str]:
    """Terms in a column with their descriptions beside them, or under them where the screen is too narrow."""
    terms = [name + (f" {metavar}" if metavar else "") for name, metavar, _ in rows]
    column = min(max(map(len, terms)), width // 3)
    room = width - len(_INDENT) - column - 2
    lines: list[str] = []
    for term, (name, metavar, text) in zip(terms, rows, strict=True):
        shown = _INDENT + paint(name, _NAME) + (" " + paint(metavar, _METAVAR) if metavar else "")
        if room < _NARROWEST_DESCRIPTION or len(term) > column:
            stacked = room < _NARROWEST_DESCRIPTION
            hang = _INDENT * 3 if stacked else " " * (len(_INDENT) + column + 2)
            if stacked and metavar and len(_INDENT + term) > width:  # the value it takes goes under the option
                shown = _INDENT + paint(name, _NAME) + "\n" + _INDENT * 2 + paint(metavar, _METAVAR)
            lines += [shown, *_wrap(text, width, hang)]
            continue
        described = _wrap(text, width, " " * (len(_INDENT) + column + 2)) or [""]
        lines += [shown + " " * (column - len(term) + 2) + described[0].lstrip(), *described[1:]]
    return lines


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """Lines no wider than the screen, broken at spaces and after hyphens, never inside a word."""
    width = max(width, len(indent) + 1)
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_long_words=False)


def _painted(text: str, style: str) -> str:
    return f"{style}{text}{_RESET}"


def _plain(text: str, style: str) -> str:
    return text
