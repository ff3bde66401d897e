"""The reference generated from the command tree: docs/cli.md and the man page, checked in, current, and shipped."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer.main
from helpers import process, quiet_env
from typer.core import TyperGroup

from ketamine_cli import __version__, reference
from ketamine_cli.cli import app
from ketamine_cli.errors import ExitCode
from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from typer._click import Command

ROOT = Path(__file__).parents[1]
MARKDOWN = ROOT / "docs" / "cli.md"
MAN_PAGE = ROOT / "man" / "ketamine.1"
SCHEMA = ROOT / "src" / "ketamine_cli" / "schema.json"
COMPLETION = {"--install-completion", "--show-completion"}
# The man(7) requests the page may use; any other line that starts with a dot or an apostrophe is text roff would eat.
MACROS = {"TH", "SH", "SS", "TP", "PP", "B", "I", "RS", "RE", "nf", "fi", "nh", "ad"}


def tree(command: Command | None = None, path: str = "ketamine") -> Iterator[tuple[str, Command]]:
    """Every command of the app with its path, each group followed by its commands in the order it lists them."""
    command = command or typer.main.get_command(app)
    yield path, command
    if isinstance(command, TyperGroup):
        context = typer.Context(command, info_name=path.rsplit(" ", 1)[-1])
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None
            yield from tree(sub, f"{path} {name}")


def section(document: str, heading: str) -> str:
    """The text of one section of docs/cli.md, from its heading to the next."""
    start = document.index(f"\n## {heading}\n")
    end = document.find("\n## ", start + 1)
    return document[start : end if end != -1 else None]


@pytest.mark.parametrize(
    ("path", "generate"),
    [(MARKDOWN, reference.markdown), (MAN_PAGE, reference.man_page), (SCHEMA, reference.schema)],
    ids=["markdown", "man", "schema"],
)
def test_the_checked_in_reference_is_what_the_command_tree_gives(path: Path, generate: Callable[[], str]) -> None:
    assert path.read_text(encoding="utf-8") == generate(), (
        f"{path.relative_to(ROOT)} is out of date: run python -m ketamine_cli.reference"
    )


def test_the_check_passes_on_the_checkout() -> None:
    result = process([sys.executable, "-m", "ketamine_cli.reference", "--check"], ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_check_names_each_stale_file_and_the_command_rewrites_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reference, "ROOT", tmp_path)
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "cli.md").write_text(reference.markdown())
    (tmp_path / "src" / "ketamine_cli").mkdir(parents=True)
    (tmp_path / "src" / "ketamine_cli" / "schema.json").write_text(reference.schema())
    assert reference.main(["--check"]) == ExitCode.DATA
    assert capsys.readouterr().err == (
        "out of date: man/ketamine.1; run python -m ketamine_cli.reference and commit the result\n"
    )
    (tmp_path / "docs" / "cli.md").write_text("# edited by hand\n")
    assert reference.main(["--check"]) == ExitCode.DATA
    assert capsys.readouterr().err == (
        "out of date: docs/cli.md, man/ketamine.1; run python -m ketamine_cli.reference and commit the result\n"
    )

    assert reference.main([]) == ExitCode.OK
    assert capsys.readouterr().out == "wrote docs/cli.md\nwrote man/ketamine.1\n"
    assert (tmp_path / "docs" / "cli.md").read_bytes() == MARKDOWN.read_bytes()
    assert (tmp_path / "man" / "ketamine.1").read_bytes() == MAN_PAGE.read_bytes()
    assert reference.main(["--check"]) == ExitCode.OK
    assert capsys.readouterr() == ("", "")


def test_the_reference_does_not_depend_on_the_terminal_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    before = reference.markdown(), reference.man_page()
    for name, value in {"COLUMNS": "20", "KETAMINE_DATA": "/nowhere.toml", "FORCE_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # completion options take a shell
    assert (reference.markdown(), reference.man_page()) == before


def test_the_command_does_not_import_the_generator() -> None:
    program = (
        "import sys\n"
        "from ketamine_cli.cli import app\n"
        "for args in (['--version'], ['routes', 'compare', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('ketamine_cli.reference' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stderr == "False\n"


# docs/cli.md


def test_every_command_is_a_heading_in_the_order_of_the_help() -> None:
    document = MARKDOWN.read_text(encoding="utf-8")
    headings = [line.removeprefix("## ") for line in document.splitlines() if line.startswith("## ")]
    assert headings == [*(path for path, _ in tree()), "Exit status", "Environment", "Files"]
    for named in ("ketamine search", "ketamine sources show", "ketamine cautions", "ketamine overview"):
        assert named in headings
    assert "- `--explain`: Say in words what the drawing assumes" in section(document, "ketamine routes timeline")


def test_each_section_has_its_usage_help_options_and_examples() -> None:
    document = MARKDOWN.read_text(encoding="utf-8")
    for path, command in tree():
        text = section(document, path)
        assert text.startswith(f"\n## {path}\n\n```text\n{path} [OPTIONS]"), path
        assert (command.help or "").split(".")[0].replace("\\[", "[") in text, path
        for param in command.params:
            names = set(param.opts) - COMPLETION if param.param_type_name == "option" else {param.metavar}
            for name in names:
                assert f"`{name}`" in text, (path, name)
        if command.epilog:
            examples = "".join(f"{line.strip()}\n" for line in command.epilog.splitlines() if line.startswith("  "))
            assert f"Examples:\n\n```sh\n{examples}```\n" in text, path


def test_options_say_their_metavar_choices_default_and_variable() -> None:
    document = MARKDOWN.read_text(encoding="utf-8")
    assert (
        "- `--format`, `-f` `FORMAT`: [default: table] or json, jsonl, csv, markdown. "
        "Choices: table, json, jsonl, csv, markdown.\n"
    ) in section(document, "ketamine routes compare")
    assert "- `--format`, `-f` `<toml|json>`: Choices: toml, json. Default: toml.\n" in section(
        document, "ketamine data export"
    )
    assert (
        "- `--data` `<path>`: Read this routes file in place of the embedded one ('-' for standard input). "
        "Environment variable: KETAMINE_DATA.\n"
    ) in section(document, "ketamine")
    assert "- `ROUTE`: Route id, alias, name, or a unique prefix. Required.\n" in section(
        document, "ketamine routes show"
    )
    assert "```text\nketamine routes compare [OPTIONS] [ROUTE]...\n```" in document
    assert "\\[" not in document  # Rich's escapes are gone
    assert "- `--install-completion`, `--show-completion`: Install TAB completion" in section(document, "ketamine")
    assert f"> {DISCLAIMER}\n" in document
    assert "Generated from the command tree by `python -m ketamine_cli.reference`" in document


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ids (id,onset.min_minutes)", "ids (id,onset.min_minutes)"),  # inside a word, no emphasis
        ("_lead and *star* and <tag> | pipe `tick`", "\\_lead and \\*star\\* and \\<tag\\> \\| pipe \\`tick\\`"),
        ("two\n  lines", "two lines"),
    ],
)
def test_help_reads_literally_in_markdown(text: str, shown: str) -> None:
    assert reference._md(text) == shown


# man/ketamine.1


def man_lines() -> list[str]:
    return MAN_PAGE.read_text(encoding="utf-8").splitlines()


def after(lines: list[str], heading: str, request: str) -> list[str]:
    """The terms a section lists under `request` (`.B 0`, `.B KETAMINE_DATA`), up to the next section."""
    start = lines.index(heading)
    end = next((at for at in range(start + 1, len(lines)) if lines[at].startswith(".SH ")), len(lines))
    return [line.removeprefix(f"{request} ") for line in lines[start:end] if line.startswith(f"{request} ")]


def test_the_man_page_has_its_sections_in_order() -> None:
    lines = man_lines()
    assert lines[0] == f'.TH KETAMINE 1 "" "ketamine {__version__}" "User Commands"'
    assert [line for line in lines if line.startswith(".SH ")] == [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH DISCLAIMER",
    ]
    assert (
        lines[lines.index(".SH NAME") + 1]
        == "ketamine \\- compare the routes by which ketamine is given for chronic pain"
    )
    subcommands = [path.replace("-", "\\-") for path, _ in tree()][1:]
    assert [line for line in lines if line.startswith(".SS ")] == [f'.SS "{path}"' for path in subcommands]
    assert after(lines, ".SH EXIT STATUS", ".B") == [str(code.value) for code in ExitCode] == ["0", "1", "2"]
    assert after(lines, ".SH ENVIRONMENT", ".B") == [
        "KETAMINE_DATA",
        "NO_COLOR",
        "FORCE_COLOR",
        "COLUMNS",
        "XDG_CACHE_HOME",
    ]
    assert after(lines, ".SH FILES", ".I") == ["$XDG_CACHE_HOME/ketamine"]
    assert lines[lines.index(".SH DISCLAIMER") + 1 :] == [DISCLAIMER]


def test_the_man_page_lists_each_option_with_escaped_hyphens() -> None:
    page = MAN_PAGE.read_text(encoding="utf-8")
    assert ".TP\n\\fB\\-\\-format\\fR, \\fB\\-f\\fR \\fIFORMAT\\fR\n[default: table] or json" in page
    assert ".TP\n\\fB\\-\\-explain\\fR\nSay in words what the drawing assumes, instead of drawing it.\n" in page
    assert ".TP\n\\fB\\-\\-data\\fR \\fI<path>\\fR\n" in page
    assert re.search(r"(?<!\\)-", page) is None  # every hyphen is a minus, as typed in an option
    assert "\\[" not in page  # Rich's escapes are gone, and roff would read them as a character name


def test_no_line_of_the_man_page_is_text_that_roff_would_take_for_a_request() -> None:
    requests = [line for line in man_lines() if line.startswith((".", "'"))]
    assert [line for line in requests if line[0] == "'" or line[1:].split(" ")[0] not in MACROS] == []
    assert {line[1:].split(" ")[0] for line in requests} == MACROS


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (".hidden\n'quoted", ["\\&.hidden", "\\&'quoted"]),
        ("a back\\slash and --flag", ["a back\\eslash and \\-\\-flag"]),
        ("one\n\ntwo", ["one", ".PP", "two"]),
        ("S(+)\u2011ketamine", ["S(+)\\[u2011]ketamine"]),
    ],
)
def test_text_is_escaped_for_roff(text: str, lines: list[str]) -> None:
    assert reference._roff_text(text) == lines


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_reads_the_man_page_without_a_warning() -> None:
    run = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(MAN_PAGE)], capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stderr) == (0, "")


# The wheel


def test_the_wheel_installs_the_man_page_where_man_looks_for_it(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("ketamine_cli-*.whl"))
    member = f"ketamine_cli-{__version__}.data/data/share/man/man1/ketamine.1"
    assert zipfile.ZipFile(wheel).read(member) == MAN_PAGE.read_bytes()

    # --target, as in test_install.py: --prefix would uninstall the package from the environment running the tests.
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, env=quiet_env())
    assert (site / "share" / "man" / "man1" / "ketamine.1").read_bytes() == MAN_PAGE.read_bytes()
