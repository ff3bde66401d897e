"""What a real terminal, a pipe, NO_COLOR, FORCE_COLOR, a narrow window and an ASCII-only stream each get."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m")
ROUTE_NAMES = ["Intravenous", "Intramuscular", "Intranasal", "Oral", "Sublingual", "Topical", "Rectal", "Subcutaneous"]


def clean_env(**extra: str) -> dict[str, str]:
    ignored = {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "PYTHONIOENCODING"}
    return {key: value for key, value in os.environ.items() if key not in ignored} | {"TERM": "xterm-256color"} | extra


def in_terminal(*args: str, columns: int = 80, **env: str) -> str:
    """Run the command on a pseudo-terminal of this many columns and return what the screen received."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    command = [sys.executable, "-m", "ketamine_cli", *args]
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=clean_env(**env))
    os.close(follower)
    received = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal reports EIO once the command has closed it
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return received.decode().replace("\r\n", "\n")


def piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ketamine_cli", *args]
    return subprocess.run(command, env=clean_env(**env), capture_output=True, text=True, check=False)


PICTURES = [["routes", "compare"], ["routes", "timeline"]]
picture = pytest.mark.parametrize("command", PICTURES, ids=[" ".join(c) for c in PICTURES])


@picture
def test_a_real_terminal_gets_colour(command: list[str]) -> None:
    screen = in_terminal(*command)
    assert COLOUR.search(screen)
    assert "Intravenous" in screen


@picture
def test_no_color_means_no_escape_codes_in_a_terminal(command: list[str]) -> None:
    assert "\x1b" not in in_terminal(*command, NO_COLOR="1")


@picture
def test_no_color_wins_over_force_color(command: list[str]) -> None:
    assert "\x1b" not in in_terminal(*command, NO_COLOR="1", FORCE_COLOR="1")


@picture
def test_a_pipe_gets_no_escape_codes(command: list[str]) -> None:
    result = piped(*command)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


@picture
def test_force_color_puts_colour_into_a_pipe(command: list[str]) -> None:
    result = piped(*command, FORCE_COLOR="1")
    assert COLOUR.search(result.stdout)


def test_the_timeline_fits_a_narrow_terminal() -> None:
    screen = in_terminal("routes", "timeline", columns=60, NO_COLOR="1")
    assert max(map(len, screen.splitlines())) <= 60
    assert "Subcutaneous" in screen


def test_the_timeline_falls_back_to_ascii_on_an_ascii_stream() -> None:
    result = piped("routes", "timeline", PYTHONIOENCODING="ascii")
    assert result.returncode == 0
    assert result.stdout.isascii()
    iv = next(line for line in result.stdout.splitlines() if line.startswith("Intravenous"))
    assert re.fullmatch(r"Intravenous +~+#+\^+#*=*\.+\*", iv)  # onset, effect, its peak, relief


def test_sixty_columns_keep_every_route_name_whole() -> None:
    screen = in_terminal("routes", "compare", columns=60, NO_COLOR="1")
    lines = screen.splitlines()
    assert max(map(len, lines)) <= 60
    for name in ROUTE_NAMES:  # a heading of the stacked layout, or the first column of the table
        assert any(line.startswith(name) for line in lines), name


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_an_ascii_only_stdout_still_works(fmt: str, tmp_path: Path) -> None:
    data = tmp_path / "unicode.toml"
    data.write_text(MINIMAL.read_text().replace('name = "Oral"', 'name = "Oral café"'), encoding="utf-8")
    result = piped("--data", str(data), "routes", "list", "-f", fmt, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    expected = {"json": "Oral caf\\u00e9", "table": "| Oral caf\\xe9 |"}.get(fmt, "Oral caf\\xe9")
    assert expected in result.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_csv_and_the_export_are_utf8_whatever_the_locale(encoding: str, tmp_path: Path) -> None:
    data = tmp_path / "unicode.toml"
    original = MINIMAL.read_text().replace('name = "Oral"', 'name = "Oral café — po"').encode()
    data.write_bytes(original)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": encoding}
    run = [sys.executable, "-m", "ketamine_cli", "--data", str(data)]
    csv_out = subprocess.run([*run, "routes", "list", "-f", "csv"], env=env, capture_output=True, check=True)
    assert csv_out.stdout.decode("utf-8").splitlines()[1] == "oral,Oral café — po,po"
    exported = subprocess.run([*run, "data", "export"], env=env, capture_output=True, check=True)
    assert exported.stdout == original


def test_lang_c_still_draws_the_table() -> None:
    result = piped("routes", "compare", LANG="C", LC_ALL="C")
    assert result.returncode == 0
    assert "Intravenous" in result.stdout


def test_a_long_note_arrives_whole_through_cat(tmp_path: Path) -> None:
    words = [f"w{n:03d}" for n in range(300)]
    data = tmp_path / "long.toml"
    data.write_text(MINIMAL.read_text().replace('notes = ["A note."]', f'notes = ["{" ".join(words)}"]'))
    result = subprocess.run(
        f"{sys.executable} -m ketamine_cli --data {data} routes show oral | cat",
        shell=True,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "…" not in result.stdout
    found = re.findall(r"w\d{3}", result.stdout)
    assert found == words


def test_a_narrow_terminal_gets_one_block_per_route() -> None:
    screen = in_terminal("routes", "compare", columns=40, NO_COLOR="1")
    lines = screen.splitlines()
    assert max(map(len, lines)) <= 40
    at = lines.index("Intravenous (iv)")
    assert lines[at + 1 : at + 6] == [
        "  Onset: 0-1 min",
        "  Peak: 2-14 min [1]",
        "  Duration: 20 min [2]",
        "  Bioavailability: 100%",
        "  Lasting relief: up to 12 wk [3]",
    ]
    assert "  Bioavailability: see [7]" in lines  # topical: the words are under the blocks, whole


@pytest.mark.parametrize(
    "command",
    [["routes", "compare", "--json"], ["data", "export", "--format", "json"], ["cite", "pierre2023", "-f", "csl-json"]],
)
def test_json_is_indented_in_a_terminal_and_on_one_line_in_a_pipe(command: list[str]) -> None:
    screen = in_terminal(*command, columns=80)
    pipe = piped(*command)
    assert pipe.returncode == 0, pipe.stderr
    document = json.loads(pipe.stdout)
    assert pipe.stdout == json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    indented = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert indented in screen  # the disclaimer, for the data file and citations, is on the same screen, from stderr


def test_help_is_coloured_in_a_terminal_only_and_never_with_no_color() -> None:
    screen = in_terminal("routes", "compare", "--help")
    assert "\x1b[1mUsage:\x1b[0m ketamine routes compare" in screen
    assert "\x1b[1;36m-f, --format\x1b[0m \x1b[33mFORMAT\x1b[0m" in screen
    plain = in_terminal("routes", "compare", "--help", NO_COLOR="1")
    assert "\x1b" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", screen) == plain
    piped_help = piped("routes", "compare", "--help")
    assert (piped_help.returncode, piped_help.stderr) == (0, "")
    assert piped_help.stdout == plain
    assert piped("routes", "compare", "--help", FORCE_COLOR="1").stdout == screen
    assert piped("routes", "compare", "--help", FORCE_COLOR="1", NO_COLOR="1").stdout == plain
