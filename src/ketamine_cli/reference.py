"""The reference of every command and option, generated from the command tree: `docs/cli.md` and the man page; and
the JSON Schema that `ketamine data schema` prints, generated from the models.

`python -m ketamine_cli.reference` rewrites them at the root of a checkout; with `--check` it only says which of them
is out of date (exit 1). The command never imports this module, so its start-up does not pay for it.

Everything is read from Click's objects, never from Rich's help: the output depends neither on the terminal nor on
the date, only on the commands as declared and the package version.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer.main

# Typer 0.28 carries its own copy of Click (pyproject.toml pins Typer below 0.29): the tree is made of its classes.
from typer._click import Command, Context
from typer.core import TyperGroup

from . import __version__
from .cli import app
from .errors import ExitCode
from .render.disclaimer import DISCLAIMER
from .usage import Entry, Param, describe

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

ROOT = Path(__file__).resolve().parents[2]
MARKDOWN_FILE = Path("docs/cli.md")
MAN_FILE = Path("man/ketamine.1")
# Generated from the models here rather than on every `data schema`, which would import Pydantic for a fixed text.
SCHEMA_FILE = Path("src/ketamine_cli/schema.json")
REGENERATE = "python -m ketamine_cli.reference"

COMPLETION_TEXT = (
    "Install TAB completion for the current shell, or print its script to install by hand (Typer adds these)."
)

NAME = "compare the routes by which ketamine is given for chronic pain"
EXIT_STATUS = {
    ExitCode.OK: "Success.",
    ExitCode.DATA: "A problem with a file: the data file (missing, unreadable, not UTF-8, not TOML, or not valid "
    "against the models), an output file that cannot be written, or a standard output that is full or closed.",
    ExitCode.USAGE: "A usage problem: an unknown or ambiguous name, a bad option or value, --data after the command, "
    "or output files that would overwrite the data file in use or each other.",
}
ENVIRONMENT = (
    ("KETAMINE_DATA", "Read this routes file in place of the embedded one, as --data does; --data wins over it."),
    ("NO_COLOR", "When set, no colour and no escape codes at all; it wins over FORCE_COLOR."),
    ("FORCE_COLOR", "When set, colour even where standard output is not a terminal."),
    (
        "COLUMNS",
        "The width of tables and of the timeline. A value below 20, zero or not a number is ignored: the "
        "terminal's width is used, else 80.",
    ),
    ("XDG_CACHE_HOME", "Where the cache of validated data is kept: $XDG_CACHE_HOME/ketamine, else ~/.cache/ketamine."),
)
CACHE_FOLDER = "$XDG_CACHE_HOME/ketamine"
CACHE_FALLBACK = "~/.cache/ketamine"
CACHE_TEXT = (
    f"The cache of validated data ({CACHE_FALLBACK} where XDG_CACHE_HOME is not set): at most 32 entries and 64 MiB, "
    "each used only while the digest of the data file and of the code that read it is unchanged. Deleting it is "
    "always safe."
)


def commands() -> list[Entry]:
    """Every command of the tree, the top command first, each group followed by its commands in the order it lists
    them."""
    root = typer.main.get_command(app)
    context = Context(root, info_name="ketamine", **root.context_settings)
    return list(_walk(root, context))


def help_options() -> tuple[str, ...]:
    """The names of the help option every command takes."""
    root = typer.main.get_command(app)
    option = root.get_help_option(Context(root, info_name="ketamine", **root.context_settings))
    # Click keeps them in a set: the short one first, so that the order does not change from one run to the next.
    return tuple(sorted(option.opts, key=lambda name: (name.startswith("--"), name))) if option is not None else ()


def _walk(command: Command, context: Context) -> Iterator[Entry]:
    yield describe(command, context)
    if isinstance(command, TyperGroup):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, Context(sub, info_name=name, parent=context))


# docs/cli.md


def markdown() -> str:
    """The reference as Markdown: `docs/cli.md`."""
    entries = commands()
    helps = " or ".join(f"`{name}`" for name in help_options())
    lines = [
        "# ketamine: command reference",
        "",
        f"Generated from the command tree by `{REGENERATE}`: edit the commands in `src/ketamine_cli/cli.py`, then "
        "run that, rather than editing this file. A test fails when it is out of date.",
        "",
        f"> {DISCLAIMER}",
        "",
        f"Every command takes {helps}, which prints its help and exits.",
        "",
        *(f"- [{entry.path}](#{_anchor(entry.path)}): {_md(entry.help)}" for entry in entries),
        "",
    ]
    for entry in entries:
        lines += _markdown_section(entry)
    lines += ["## Exit status", "", "| code | meaning |", "|---|---|"]
    lines += [f"| {code.value} | {_md(text)} |" for code, text in EXIT_STATUS.items()]
    lines += ["", "## Environment", ""]
    lines += [f"- `{name}`: {_md(text)}" for name, text in ENVIRONMENT]
    lines += ["", "## Files", "", f"- `{CACHE_FOLDER}`: {_md(CACHE_TEXT)}", ""]
    return "\n".join(lines)


def _markdown_section(entry: Entry) -> list[str]:
    lines = [f"## {entry.path}", "", "```text", entry.usage, "```", ""]
    if entry.help:
        lines += [_md(entry.help), ""]
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        params = [param for param in entry.params if param.kind == kind]
        if params or (kind == "option" and entry.completion):
            lines += [f"{title}:", ""]
            lines += [_markdown_param(param) for param in params]
            if kind == "option" and entry.completion:
                names = ", ".join(f"`{option.names[0]}`" for option in entry.completion)
                lines.append(f"- {names}: {_md(COMPLETION_TEXT)}")
            lines.append("")
    if entry.subcommands:
        lines += ["Commands:", ""]
        lines += [f"- [{path}](#{_anchor(path)}): {_md(text)}" for path, text in entry.subcommands]
        lines.append("")
    if entry.epilog:
        lines += [_md(entry.epilog), ""]
    if entry.examples:
        lines += ["Examples:", "", "```sh", *entry.examples, "```", ""]
    return lines


def _markdown_param(param: Param) -> str:
    names = ", ".join(f"`{name}`" for name in param.names)
    if param.metavar:
        names += f" `{param.metavar}`"
    return f"- {names}: {_md(' '.join(_details(param)))}"


def _details(param: Param) -> list[str]:
    """The help of an argument or option, then what its help does not say: choices, default, variable, required."""
    words = [param.help] if param.help else []
    if param.choices:
        words.append(f"Choices: {', '.join(param.choices)}.")
    if param.default is not None:
        words.append(f"Default: {param.default}.")
    if param.envvars:
        words.append(f"Environment variable: {', '.join(param.envvars)}.")
    if param.required:
        words.append("Required.")
    return words


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, spaces as hyphens, other punctuation dropped."""
    kept = "".join(char for char in heading.lower() if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


def _md(text: str) -> str:
    """Help text that reads literally in Markdown. Brackets are left alone (they make no link on their own), and so
    is an underscore inside a word, which never makes emphasis."""
    out: list[str] = []
    for at, char in enumerate(text):
        inside_word = 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
        if char in "\\`*<>|" or (char == "_" and not inside_word):
            out.append("\\")
        out.append(char)
    return " ".join("".join(out).split())


# man/ketamine.1


def man_page() -> str:
    """The reference as a man page in roff, with the man(7) macros: `man/ketamine.1`."""
    root, *entries = commands()
    helps = " or ".join(f"\\fB{_roff(name)}\\fR" for name in help_options())
    lines = [
        f'.TH KETAMINE 1 "" "ketamine {_roff(__version__)}" "User Commands"',
        ".nh",  # no hyphenation, and no stretched spaces: options and paths stay whole and readable
        ".ad l",
        ".SH NAME",
        f"ketamine \\- {_roff(NAME)}",
        ".SH SYNOPSIS",
        _roff_usage(root),
        ".SH DESCRIPTION",
        *_roff_text(root.help),
        ".PP",
        f"Every command takes {helps}, which prints its help and exits.",
        ".SH OPTIONS",
        *_roff_params(root),
        ".SH COMMANDS",
    ]
    for entry in entries:
        lines += [f'.SS "{_roff(entry.path).replace(chr(34), "")}"', _roff_usage(entry)]
        if entry.help:
            lines += [".PP", *_roff_text(entry.help)]
        lines += _roff_params(entry)
        if entry.epilog:
            lines += [".PP", *_roff_text(entry.epilog)]
        if entry.examples:
            lines += [".PP", "Examples:", ".PP", ".RS", ".nf", *(_roff_line(_roff(e)) for e in entry.examples)]
            lines += [".fi", ".RE"]
    lines.append(".SH EXIT STATUS")
    for code, text in EXIT_STATUS.items():
        lines += [".TP", f".B {code.value}", *_roff_text(text)]
    lines.append(".SH ENVIRONMENT")
    for name, text in ENVIRONMENT:
        lines += [".TP", f".B {_roff(name)}", *_roff_text(text)]
    lines += [".SH FILES", ".TP", f".I {_roff(CACHE_FOLDER)}", *_roff_text(CACHE_TEXT)]
    lines += [".SH DISCLAIMER", *_roff_text(DISCLAIMER), ""]
    return "\n".join(lines)


def _roff_usage(entry: Entry) -> str:
    rest = entry.usage.removeprefix(entry.path)
    return _roff_line(f"\\fB{_roff(entry.path)}\\fR{_roff(rest)}")


def _roff_params(entry: Entry) -> list[str]:
    lines: list[str] = []
    for param in entry.params:
        if param.kind == "option":
            term = ", ".join(f"\\fB{_roff(name)}\\fR" for name in param.names)
            term += f" \\fI{_roff(param.metavar)}\\fR" if param.metavar else ""
        else:
            term = f"\\fI{_roff(param.names[0])}\\fR"
        lines += [".TP", _roff_line(term), *_roff_text(" ".join(_details(param)))]
    if entry.completion:
        names = ", ".join(f"\\fB{_roff(option.names[0])}\\fR" for option in entry.completion)
        lines += [".TP", names, *_roff_text(COMPLETION_TEXT)]
    return lines


def _roff_text(text: str) -> list[str]:
    """Running text as roff lines: a paragraph break between paragraphs, and every line safe to start a line."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        words = [_roff_line(_roff(line.strip())) for line in paragraph.splitlines() if line.strip()]
        if words:
            lines += [".PP"] if lines else []
            lines += words
    return lines


def _roff(text: str) -> str:
    """Text that roff prints as written: the backslash as `\\e`, every hyphen as a minus (`\\-`, what a reader types
    in an option), and any character beyond ASCII by its code point."""
    escaped = text.replace("\\", "\\e").replace("-", "\\-")
    return "".join(char if ord(char) < 128 else f"\\[u{ord(char):04X}]" for char in escaped)


def _roff_line(line: str) -> str:
    """A line of text that roff does not take for a request: `\\&` before a leading dot or apostrophe."""
    return f"\\&{line}" if line.startswith((".", "'")) else line


# python -m ketamine_cli.reference [--check]


def generated() -> dict[Path, str]:
    """Each generated file, by its path from the root of a checkout, with what it should hold."""
    return {MARKDOWN_FILE: markdown(), MAN_FILE: man_page(), SCHEMA_FILE: schema()}


def schema() -> str:
    """The JSON Schema of a data file, generated from the models: what `ketamine data schema` prints."""
    from .models import DataSet

    return json.dumps(DataSet.model_json_schema(), indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=REGENERATE,
        description=f"Rewrite {MARKDOWN_FILE} and {MAN_FILE} from the command tree, and {SCHEMA_FILE} from the models.",
    )
    parser.add_argument("--check", action="store_true", help="Only say which files are out of date (exit 1 if any).")
    check = parser.parse_args(argv).check
    if not (ROOT / "pyproject.toml").is_file():
        print(f"{REGENERATE}: run it in a checkout of the repository, not an installed package", file=sys.stderr)
        return ExitCode.USAGE
    files = generated()
    stale = [path for path, text in files.items() if not _holds(ROOT / path, text)]
    if check:
        if stale:
            names = ", ".join(path.as_posix() for path in stale)
            print(f"out of date: {names}; run {REGENERATE} and commit the result", file=sys.stderr)
            return ExitCode.DATA
        return ExitCode.OK
    for path in stale:
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(files[path], encoding="utf-8", newline="\n")
        print(f"wrote {path.as_posix()}")
    return ExitCode.OK


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode()
    except FileNotFoundError:
        return False


if __name__ == "__main__":
    sys.exit(main())
