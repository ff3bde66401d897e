"""Each format writes the same view faithfully; the table fits its width without losing a character."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING

import pytest
from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from ketamine_cli import views
from ketamine_cli.choices import Format
from ketamine_cli.render import DISCLAIMER, render, terminal
from ketamine_cli.render.layout import column_widths
from ketamine_cli.views import Sheet, View, format_minutes, format_percent

if TYPE_CHECKING:
    from ketamine_cli.models import DataSet

HOSTILE = "[bold red]x[/] | *not* <b>bold</b> & `code`"
VIEW = View(
    title="Test",
    key="items",
    payload=[{"name": HOSTILE}],
    sheet=Sheet(("Name", "Notes"), ((HOSTILE, "first\nsecond"),)),
    records=Sheet(("name", "notes"), ((HOSTILE, "first\nsecond"),)),
)


def rendered(fmt: Format, view: View = VIEW, width: int = 80) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    render(view, fmt, out=out, err=err)
    return out.getvalue(), err.getvalue()


def test_json_is_one_object_with_the_disclaimer_and_the_payload() -> None:
    out, err = rendered(Format.JSON)
    assert json.loads(out) == {"disclaimer": DISCLAIMER, "items": [{"name": HOSTILE}]}
    assert err == ""


def test_csv_is_header_and_rows_only_with_the_disclaimer_on_stderr() -> None:
    out, err = rendered(Format.CSV)
    assert list(csv.reader(io.StringIO(out))) == [["name", "notes"], [HOSTILE, "first\nsecond"]]
    assert err == DISCLAIMER + "\n"


def test_markdown_escapes_data_so_it_reads_literally() -> None:
    out, _ = rendered(Format.MARKDOWN)
    assert out == (
        "## Test\n"
        "\n"
        "| Name | Notes |\n"
        "| --- | --- |\n"
        "| \\[bold red\\]x\\[/\\] \\| \\*not\\* \\<b\\>bold\\</b\\> &amp; \\`code\\` | first<br>second |\n"
        f"\n> {DISCLAIMER}\n\n"
    )


def test_table_prints_rich_markup_in_data_literally() -> None:
    out, err = rendered(Format.TABLE)
    assert "[bold red]x[/]" in out
    assert "\x1b[" not in out
    assert DISCLAIMER.split(":")[0] in out
    assert err == ""


def test_table_does_not_cut_a_long_value_when_piped() -> None:
    long_note = " ".join(f"word{n}" for n in range(200))
    view = View("T", "k", [], Sheet(("A", "B"), (("name", long_note),)), Sheet((), ()))
    out, _ = rendered(Format.TABLE, view)
    assert "…" not in out
    cells = "".join(line.split("│")[2] for line in out.splitlines() if line.count("│") == 3)
    assert cells.split() == long_note.split()


def test_column_widths_leave_a_table_that_fits_as_it_is() -> None:
    assert column_widths(Sheet(("A", "B"), (("short", "also short"),)), 60) == [5, 10]


def test_column_widths_keep_the_first_column_whole_and_fit_the_room() -> None:
    sheet = Sheet(("Route", "Notes"), (("Subcutaneous", "a " * 100),))
    widths = column_widths(sheet, 40)
    assert widths == [len("Subcutaneous"), 40 - len("Subcutaneous")]


def test_column_widths_give_the_spare_room_to_the_fullest_column() -> None:
    sheet = Sheet(("A", "B", "C"), (("x", "tiny", "long words " * 30),))
    widths = column_widths(sheet, 50)
    assert widths is not None
    assert widths[2] > widths[1] >= len("tiny")


def test_column_widths_give_up_where_a_word_cannot_fit() -> None:
    sheet = Sheet(("A", "B"), (("x", "bioavailability"),))
    assert column_widths(sheet, 10) is None
    assert column_widths(sheet, 16) == [1, 15]


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0, 1, "0-1 min"),
        (20, 20, "20 min"),
        (240, 360, "4-6 h"),
        (None, 120960, "up to 12 wk"),
        (2, None, "from 2 min"),
        (None, None, "not stated"),
        (30, 60, "30-60 min"),
        (1440, 2880, "1-2 d"),
    ],
)
def test_format_minutes(low: float | None, high: float | None, text: str) -> None:
    assert format_minutes(low, high) == text


def test_format_percent() -> None:
    assert (format_percent(17, 24), format_percent(93, 93), format_percent(None, None)) == (
        "17-24%",
        "93%",
        "not stated",
    )


def rich_table(title: str, sheet: Sheet, widths: list[int], *, ruled: bool, highlight: str) -> Table:
    """The table as Rich's own Table draws it, set up as the command set it up before it drew its grids itself."""
    from ketamine_cli.render.layout import wrap

    cells = [[wrap(cell, width, sheet.whole) for cell, width in zip(row, widths, strict=True)] for row in sheet.rows]
    table = Table(
        title=Text(title, style="bold"),
        show_lines=ruled and any(len(lines) > 1 for row in cells for lines in row),
        header_style="bold cyan",
        border_style="bright_black",
        box=box.HEAVY_HEAD if ruled else box.SIMPLE_HEAD,
        show_edge=ruled,
        pad_edge=ruled,
        collapse_padding=not ruled,
    )
    for index, (header, width) in enumerate(zip(sheet.columns, widths, strict=True)):
        lines = wrap(header, width, sheet.whole)
        table.add_column(
            Text("\n".join(lines)), width=width, no_wrap=True, overflow="ignore", style="bold" if index == 0 else None
        )
    for row in cells:
        shown = [Text("\n".join(lines)) for lines in row]
        for text in shown if highlight else []:
            text.highlight_regex(re.compile(re.escape(highlight), re.IGNORECASE), style="bold reverse")
        table.add_row(*shown)
    return table


GRID_VIEWS = {
    "comparison": lambda data: views.route_comparison(data.routes),
    "side effects": lambda data: views.side_effect_list(data.side_effects),
    "conditions": lambda data: views.condition_list(data.conditions, data.routes, data.glossary),
    "sources": lambda data: views.source_list(data.sources),
}


# Each view at the widths where it is a grid (below them, it is drawn as blocks).
@pytest.mark.parametrize(
    ("name", "width"),
    [(name, width) for name in GRID_VIEWS for width in (123, 200)]
    + [("comparison", 80), ("side effects", 80), ("conditions", 82), ("sources", 95)],
)
@pytest.mark.parametrize(("colour", "encoding"), [(False, "utf-8"), (True, "utf-8"), (True, "ascii")])
@pytest.mark.parametrize("highlight", ["", "ketamine use", "a"])
def test_the_grid_is_drawn_as_richs_table_draws_it(
    data: DataSet, name: str, width: int, colour: bool, encoding: str, highlight: str
) -> None:
    view = GRID_VIEWS[name](data)
    sheet = view.table()

    def drawn(parts: list[RenderableType]) -> str:
        out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
        console = Console(file=out, width=width, color_system="truecolor" if colour else None, highlight=False)
        with console.capture() as capture:
            for part in parts:
                console.print(part, overflow="fold")
        return capture.get()

    probe = Console(file=io.TextIOWrapper(io.BytesIO(), encoding=encoding), width=width, color_system=None)
    widths = column_widths(sheet, width - terminal._table_frame(len(sheet.columns), ruled=view.ruled))
    assert widths, "every view here fits these widths as a grid"
    ours = terminal._grid(probe, view.title, sheet, widths, ruled=view.ruled, highlight=highlight)
    assert ours is not None
    assert drawn(ours) == drawn([rich_table(view.title, sheet, widths, ruled=view.ruled, highlight=highlight)])


def test_the_grid_drops_the_control_codes_richs_text_drops() -> None:
    # The models refuse control characters; only an entry forged in the cache could bring them to a table.
    sheet = Sheet(("Name", "Notes"), (("Intra\x07ve\rnous\x08", "a\x0bb\x0cc\x1b[31m"),))

    def drawn(parts: list[RenderableType]) -> str:
        console = Console(file=io.StringIO(), width=40, color_system=None, highlight=False)
        with console.capture() as capture:
            for part in parts:
                console.print(part, overflow="fold")
        return capture.get()

    probe = Console(file=io.StringIO(), width=40, color_system=None)
    ours = terminal._grid(probe, "T", sheet, [12, 8], ruled=True)
    assert ours is not None
    assert drawn(ours) == drawn([rich_table("T", sheet, [12, 8], ruled=True, highlight="")])
    assert not set("\x07\x08\r\x0b\x0c") & set(drawn(ours))
