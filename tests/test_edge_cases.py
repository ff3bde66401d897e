"""The cases a new user found (issue 9): empty collections, output files, standard streams, widths, odd files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import installed_command, markdown_lines, quiet_env
from rich.cells import cell_len

from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    Run = Callable[..., Result]

MINIMAL = str(Path(__file__).parent / "data" / "minimal.toml")


# 1. A valid file with empty collections.


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["side-effects"], "no side effects in this data file"),
        (["conditions", "list"], "no conditions in this data file"),
        (["cautions"], "no cautions in this data file"),
        (["overview"], "no overview entries in this data file"),
        (["cautions", "--kind", "monitoring"], "no caution in this data file matches --kind and --route"),
    ],
)
def test_an_empty_collection_is_an_empty_table_with_a_line_saying_so(run: Run, args: list[str], line: str) -> None:
    result = run("--data", MINIMAL, *args)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    bottom = next(n for n, text in enumerate(lines) if text.startswith("└"))
    assert lines[bottom - 1].startswith("┡")  # the header, then the bottom border: no rows
    assert lines[bottom + 1] == line
    assert " ".join(lines[bottom + 2 :]) == DISCLAIMER


@pytest.mark.parametrize("args", [["side-effects"], ["cautions", "--route", "oral", "--kind", "monitoring"]])
def test_an_empty_collection_in_the_other_formats(run: Run, args: list[str]) -> None:
    data = ["--data", MINIMAL] if args[0] == "side-effects" else []
    key = args[0].replace("-", "_")
    assert json.loads(run(*data, *args, "--json").stdout)[key] == []
    assert run(*data, *args, "-f", "csv").stdout.count("\n") == 1  # the header alone
    markdown = markdown_lines(run(*data, *args, "-f", "markdown").stdout)
    assert markdown[2:5] == ["", markdown[3], ""]
    assert markdown[3].startswith("*no ")
    assert markdown[-1] == f"> {DISCLAIMER}"


def test_an_unknown_name_in_an_empty_collection_says_there_is_none(run: Run) -> None:
    result = run("--data", MINIMAL, "conditions", "show", "x")
    assert (result.exit_code, result.stderr) == (
        2,
        "ketamine: unknown condition 'x'. This data file has no conditions.\n",
    )


# 3. Standard output that is full or closed, and standard error that is closed.


def ketamine(*args: str, **streams: Any) -> subprocess.CompletedProcess[str]:
    """The installed command as a process, with these streams (stdout and stderr captured unless given)."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | streams
    return subprocess.run([installed_command(), *args], env=quiet_env(), text=True, check=False, **streams)


FULL = "ketamine: cannot write to standard output: No space left on device\n"
CLOSED = "ketamine: cannot write to standard output: Bad file descriptor\n"


@pytest.mark.parametrize(
    "args", [["data", "export"], ["routes", "list", "--json"], ["--help"], ["cautions"], ["overview", "-f", "csv"]]
)
def test_a_full_stdout_is_one_message_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = ketamine(*args, stdout=full)
    assert result.returncode == 1
    assert result.stderr.removeprefix(DISCLAIMER + "\n") == FULL  # CSV and export say the disclaimer first


@pytest.mark.parametrize("args", [["routes", "list"], ["--version"], ["--help"], ["cautions", "--json"]])
def test_a_closed_stdout_is_one_message_and_exit_1(args: list[str]) -> None:
    result = subprocess.run(
        [installed_command(), *args],
        env=quiet_env(),
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (result.returncode, result.stderr) == (1, CLOSED)


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_csv_reaches_stdout_whatever_stderr_is(stderr: str) -> None:
    if stderr == "closed":
        result = subprocess.run(
            [installed_command(), "routes", "list", "-f", "csv"],
            env=quiet_env(),
            stdout=subprocess.PIPE,
            text=True,
            check=False,
            preexec_fn=lambda: os.close(2),
        )
    else:
        with open("/dev/full", "w") as full:
            result = ketamine("routes", "list", "-f", "csv", stderr=full)
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["id,name,aliases", "iv,Intravenous,intravenous"]


@pytest.mark.parametrize("args", [["--help"], ["routes", "--help"], ["cautions", "--help"]])
def test_help_read_by_a_reader_that_left_exits_0(args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = ketamine(*args, stdout=writer)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, "")


# 4. A width that cannot be drawn means "unknown".


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "19", ""])
def test_an_unusable_width_falls_back_to_80(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run("routes", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) == 80
    assert " ".join(lines[-2:]) == DISCLAIMER


def test_the_help_at_columns_0_is_drawn_too() -> None:
    result = subprocess.run(
        [installed_command(), "--help"], env=quiet_env(COLUMNS="0"), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Usage: ketamine" in result.stdout


# 2. Output files: whole or not at all, never the data file, never one file for two pictures.


def test_a_write_that_fails_part_way_leaves_the_old_file_whole(tmp_path: Path) -> None:
    slides = tmp_path / "slides.svg"
    slides.write_text("the old slides")
    result = subprocess.run(
        ["bash", "-c", f'ulimit -f 8; exec "{installed_command()}" routes timeline --svg slides.svg'],
        cwd=tmp_path,
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, "ketamine: cannot write slides.svg: File too large.\n")
    assert slides.read_text() == "the old slides"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.svg"]  # no temporary file left behind


def test_a_written_file_replaces_the_old_one_whole_and_keeps_its_mode(run: Run, tmp_path: Path) -> None:
    slides = tmp_path / "slides.svg"
    slides.write_text("the old slides")
    slides.chmod(0o640)
    result = run("routes", "timeline", "--svg", str(slides))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"ketamine: wrote {slides}\n")
    assert slides.read_text().startswith("<svg")
    assert slides.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.svg"]


def test_a_link_is_followed_not_replaced(run: Run, tmp_path: Path) -> None:
    (tmp_path / "real.html").write_text("old")
    (tmp_path / "link.html").symlink_to("real.html")
    assert run("routes", "timeline", "--html", str(tmp_path / "link.html")).exit_code == 0
    assert (tmp_path / "link.html").is_symlink()
    assert (tmp_path / "real.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--svg", "{data}"], "--svg {data} is the data file in use; name another file."),
        (["--html", "{dir}/../{name}"], "--html {dir}/../{name} is the data file in use; name another file."),
        (["--svg", "{dir}/a.svg", "--html", "{dir}/./a.svg"], "--svg and --html name the same file ({dir}/a.svg)."),
        (["--svg", "-", "--html", "-"], "--svg and --html name the same file (-)."),
    ],
)
def test_output_files_that_would_destroy_a_file_are_usage_errors(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    data = tmp_path / "my.toml"
    data.write_text(Path(MINIMAL).read_text())
    (tmp_path / "sub").mkdir()
    fill = {"data": str(data), "dir": str(tmp_path), "name": "my.toml"}
    args = [arg.format(**fill).replace(f"{tmp_path}/../my.toml", f"{tmp_path}/sub/../my.toml") for arg in args]
    message = message.format(**fill).replace(f"{tmp_path}/../my.toml", f"{tmp_path}/sub/../my.toml")
    result = run("--data", str(data), "routes", "timeline", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"ketamine: {message}\n")
    assert data.read_text() == Path(MINIMAL).read_text()


def test_a_dash_writes_the_picture_to_stdout(run: Run, tmp_path: Path) -> None:
    html = tmp_path / "t.html"
    result = run("routes", "timeline", "--svg", "-", "--html", str(html))
    assert result.exit_code == 0
    assert result.stdout.startswith("<svg")
    assert result.stderr == f"ketamine: wrote {html}\n"


# 5 (the reader's part), 6 and 7: numbers too long, nesting too deep, files that are no files.


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_number_of_5000_digits_is_a_located_problem(run: Run, tmp_path: Path) -> None:
    huge = write(
        tmp_path, "huge.toml", Path(MINIMAL).read_text().replace("max_minutes = 45", "max_minutes = " + "9" * 5000)
    )
    result = run("--data", str(huge), "routes", "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"ketamine: {huge}: not valid TOML: a number with too many digits\n",
    )


def test_deep_nesting_is_a_located_problem_and_offers_no_completion(run: Run, tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.toml", "x = " + "[" * 1000 + "]" * 1000 + "\n" + Path(MINIMAL).read_text())
    result = run("--data", str(deep), "routes", "list")
    assert (result.exit_code, result.stderr) == (1, f"ketamine: {deep}: not valid TOML: nested too deeply\n")
    completion = subprocess.run(
        [installed_command(), "--data", str(deep), "routes", "show", ""],
        env=quiet_env(
            _KETAMINE_COMPLETE="complete_bash", COMP_WORDS=f"ketamine --data {deep} routes show ", COMP_CWORD="5"
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert (completion.returncode, completion.stdout.strip(), completion.stderr) == (0, "", "")


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    result = ketamine("--data", str(fifo), "routes", "list", timeout=30)
    assert result.returncode == 1
    assert result.stderr == (
        f"ketamine: {fifo}: cannot read the file: not a regular file (a FIFO, a socket or a device)\n"
        "Check the path given with --data.\n"
    )


def test_a_device_is_refused_and_named_by_the_variable_it_came_from() -> None:
    result = subprocess.run(
        [installed_command(), "routes", "list"],
        env=quiet_env(KETAMINE_DATA="/dev/zero"),
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.endswith(
        "not a regular file (a FIFO, a socket or a device)\nCheck the path in the KETAMINE_DATA variable.\n"
    )


def test_a_file_over_the_cap_is_refused_before_it_is_read(run: Run, tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    result = run("--data", str(big), "routes", "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"ketamine: {big}: larger than 64 MiB, the most a data file may be\n",
    )


def test_standard_input_is_read_once_as_the_data_file() -> None:
    exported = ketamine("data", "export").stdout
    listed = subprocess.run(
        [installed_command(), "--data", "-", "routes", "list", "--json"],
        input=exported.replace('name = "Oral"', 'name = "By mouth"'),
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert [r["name"] for r in json.loads(listed.stdout)["routes"]][3] == "By mouth"
    checked = subprocess.run(
        [installed_command(), "data", "validate", "-"],
        input=exported,
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.stdout.startswith("standard input: valid (8 routes")


# 9. Terminal escapes in file names.


def test_escapes_in_file_names_are_shown_as_escapes(run: Run, tmp_path: Path) -> None:
    hostile = tmp_path / "ok\x1b]0;PWNED\x07.toml"
    hostile.write_text(Path(MINIMAL).read_text())
    assert run("data", "validate", str(hostile)).stdout.startswith(f"{tmp_path}/ok\\x1b]0;PWNED\\x07.toml: valid")
    svg = tmp_path / "x\x1b[31m.svg"
    assert run("routes", "timeline", "--svg", str(svg)).stderr == f"ketamine: wrote {tmp_path}/x\\x1b[31m.svg\n"


# 13. Widths in terminal cells.


def test_wide_and_long_names_keep_the_bars_in_their_columns(run: Run, tmp_path: Path) -> None:
    text = Path(MINIMAL).read_text()
    wide = write(tmp_path, "wide.toml", text.replace('name = "Oral"', 'name = "経口投与😀"'))
    lines = run("--data", str(wide), "routes", "timeline").stdout.splitlines()
    row = next(line for line in lines if line.startswith("経口投与😀"))
    axis = next(line for line in lines if "┬" in line)
    label = cell_len("経口投与😀") + 2  # two cells for each of the five characters, and two spaces
    assert axis.index("─") == label  # the axis, and so every bar, starts where the label column ends, in cells
    assert cell_len(row[: row.index("░")]) >= label
    assert max(map(cell_len, lines)) <= 80

    long = write(
        tmp_path, "long.toml", text.replace('name = "Oral"', 'name = "' + "Oral route, named at length " * 10 + '"')
    )
    lines = run("--data", str(long), "routes", "timeline").stdout.splitlines()
    row = next(line for line in lines if "░" in line)
    axis = next(line for line in lines if "┬" in line)
    assert axis.index("─") == 80 // 4 + 2  # the label column is capped at a quarter of the screen
    assert row[: axis.index("─")].strip() == ""  # the name has lines of its own, above its row
    assert (
        " ".join(" ".join(lines[2 : row and lines.index(row)]).split()) == ("Oral route, named at length " * 10).strip()
    )


# 14. Unreadable files, byte-order marks, bad bytes.


def test_an_unreadable_file_is_a_data_problem_naming_where_it_came_from(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write(tmp_path, "locked.toml", Path(MINIMAL).read_text())
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    by_option = run("--data", str(locked), "routes", "list")
    assert (by_option.exit_code, by_option.stderr) == (
        1,
        f"ketamine: {locked}: cannot read the file: Permission denied\nCheck the path given with --data.\n",
    )
    by_argument = run("data", "validate", str(locked))
    assert by_argument.stderr.endswith("Permission denied\nCheck the path given to 'ketamine data validate'.\n")


def test_a_byte_order_mark_is_read_like_any_other_file(run: Run, tmp_path: Path) -> None:
    marked = tmp_path / "bom.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + Path(MINIMAL).read_bytes())
    assert run("--data", str(marked), "routes", "list", "--json").exit_code == 0
    assert run("--data", str(marked), "data", "export").stdout_bytes == marked.read_bytes()


def test_a_bad_byte_is_named_by_line_and_column(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[[routes]]\nname = "caf\xe9"\n')
    result = run("--data", str(bad), "routes", "list")
    assert (
        result.stderr
        == f"ketamine: {bad}: not UTF-8 text (line 2, column 12: byte 0xe9)\nSave the file as UTF-8 text.\n"
    )


# 15. --data after the command.


@pytest.mark.parametrize(("args", "command"), [(["routes", "list"], "routes list"), (["cautions"], "cautions")])
def test_data_after_the_command_says_where_it_goes(run: Run, args: list[str], command: str) -> None:
    result = run(*args, "--data", MINIMAL)
    assert (result.exit_code, result.stderr) == (
        2,
        f"ketamine: --data goes before the command: ketamine --data PATH {command} ...\n",
    )


# After an attack on the fixes above.


@pytest.mark.parametrize("target", ["/dev/null", "fifo"])
def test_a_picture_never_replaces_a_device_or_a_fifo(run: Run, tmp_path: Path, target: str) -> None:
    if target == "fifo":
        target = str(tmp_path / "fifo")
        os.mkfifo(target)
    result = run("routes", "timeline", "--svg", target)
    assert (result.exit_code, result.stderr) == (
        2,
        f"ketamine: --svg {target} is not a regular file; name a file, or '-' for standard output.\n",
    )
    assert not Path(target).is_file()


def test_a_picture_never_replaces_the_file_standard_input_reads(tmp_path: Path) -> None:
    data = tmp_path / "my.toml"
    data.write_text(Path(MINIMAL).read_text())
    with data.open() as given:
        result = ketamine("--data", "-", "routes", "timeline", "--html", str(data), stdin=given)
    assert (result.returncode, result.stderr) == (
        2,
        f"ketamine: --html {data} is the data file in use; name another file.\n",
    )
    assert data.read_text() == Path(MINIMAL).read_text()


def test_a_read_only_file_is_not_replaced(run: Run, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        kept = tmp_path / "kept.svg"
        kept.write_text("old")
        kept.chmod(0o444)
        # root may write anywhere, so the check is the command's own: it asks whether the file may be written
        assert run("routes", "timeline", "--svg", str(kept)).exit_code == 0
    else:
        kept = tmp_path / "kept.svg"
        kept.write_text("old")
        kept.chmod(0o444)
        result = run("routes", "timeline", "--svg", str(kept))
        assert (result.exit_code, kept.read_text()) == (1, "old")


def test_a_long_file_name_still_gets_its_temporary_file(run: Run, tmp_path: Path) -> None:
    long = tmp_path / ("x" * 250 + ".svg")
    assert run("routes", "timeline", "--svg", str(long)).exit_code == 0
    assert long.read_text().startswith("<svg")


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ketamine_cli import files

    target = tmp_path / "slides.svg"
    target.write_text("old")

    def terminated(*args: object) -> None:
        raise SystemExit(143)  # what SIGTERM raises, with the command's handler

    monkeypatch.setattr(files.os, "replace", terminated)
    with pytest.raises(SystemExit):
        files.write_whole(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.svg"]
    assert target.read_text() == "old"


def test_sigterm_ends_the_command_quietly_with_143() -> None:
    process = subprocess.Popen(
        [installed_command(), "--data", "-", "routes", "list"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=quiet_env(),
    )
    import signal
    import time

    time.sleep(1.5)  # waiting for standard input
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (143, b"")


def test_a_closed_standard_input_is_said_to_be_closed() -> None:
    result = subprocess.run(
        [installed_command(), "--data", "-", "routes", "list"],
        env=quiet_env(),
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
    )
    assert (result.returncode, result.stderr) == (
        1,
        "ketamine: standard input: it is closed; give a file with --data, or pipe one in\n",
    )


def test_a_bad_byte_column_counts_characters(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('title = "néé"\nname = "caf'.encode() + b'\xe9"\n')
    assert "line 2, column 12" in run("--data", str(bad), "routes", "list").stderr
    bad.write_bytes('x = "néé caf'.encode() + b'\xe9"\n')
    assert "line 1, column 13" in run("--data", str(bad), "routes", "list").stderr


def test_csv_is_utf8_even_where_the_locale_says_utf16(tmp_path: Path) -> None:
    result = subprocess.run(
        [installed_command(), "routes", "list", "-f", "csv"],
        env=quiet_env(PYTHONIOENCODING="utf-16"),
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode("utf-8").startswith("id,name,aliases\n")


@pytest.mark.parametrize("invisible", ["\u200b", "\u2028", "\u00ad", "\ufeff", "\u034f"])
def test_invisible_characters_in_a_name_are_shown_as_escapes(run: Run, invisible: str) -> None:
    result = run("routes", "show", f"i{invisible}v")
    assert invisible not in result.stderr
    assert f"i{invisible.encode('unicode_escape').decode()}v" in result.stderr


def test_a_name_wider_than_the_screen_is_folded_not_cut(run: Run, tmp_path: Path) -> None:
    name = "L" + "ongname" * 42
    wide = write(tmp_path, "wide.toml", Path(MINIMAL).read_text().replace('name = "Oral"', f'name = "{name}"'))
    lines = run("--data", str(wide), "routes", "compare").stdout.splitlines()
    assert max(map(len, lines)) <= 80
    onset = lines.index("  Onset: 30-45 min")
    assert "".join(lines[2:onset]) == f"{name} (oral)"  # the heading, folded into lines of the screen's width
