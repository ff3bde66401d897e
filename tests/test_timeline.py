"""The timeline: where each bound lands (a pure layout), and the picture drawn from it."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ketamine_cli.models import Timing
from ketamine_cli.timeline import AXIS_END, WEEK, Mark, column, layout_row, tick_marks

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet, Route

    Run = Callable[..., Result]

WIDTH = 60


def route(data: DataSet, route_id: str) -> Route:
    return next(r for r in data.routes if r.id == route_id)


def onset_start(row_route: Route) -> int:
    spans = layout_row(row_route, WIDTH).spans
    assert spans[0].mark is Mark.ONSET
    return spans[0].start


def test_the_axis_runs_from_under_a_minute_to_the_right_edge() -> None:
    assert (column(0, WIDTH), column(0.5, WIDTH), column(AXIS_END, WIDTH), column(10 * AXIS_END, WIDTH)) == (
        0,
        0,
        WIDTH - 1,
        WIDTH - 1,
    )
    assert [column(m, WIDTH) for m in (1, 10, 60, 1440)] == sorted({column(m, WIDTH) for m in (1, 10, 60, 1440)})


def test_iv_starts_left_of_intranasal_which_starts_left_of_oral(data: DataSet) -> None:
    assert onset_start(route(data, "iv")) < onset_start(route(data, "intranasal")) < onset_start(route(data, "oral"))


def test_a_bars_start_moves_right_as_onset_grows(data: DataSet) -> None:
    oral = route(data, "oral")
    starts = [
        onset_start(oral.model_copy(update={"onset": Timing(text="t", min_minutes=m, max_minutes=m, sources=["x"])}))
        for m in (1, 5, 30, 120, 600)
    ]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)


def test_oral_row_shows_onset_then_effect_then_its_possible_end(data: DataSet) -> None:
    spans = layout_row(route(data, "oral"), WIDTH).spans
    assert [span.mark for span in spans] == [Mark.ONSET, Mark.EFFECT, Mark.MAY_LAST, Mark.PEAK]
    assert (spans[0].start, spans[0].end) == (column(30, WIDTH), column(45, WIDTH))
    assert (spans[1].start, spans[1].end) == (column(45, WIDTH), column(30 + 240, WIDTH))
    assert (spans[2].start, spans[2].end) == (column(270, WIDTH), column(45 + 360, WIDTH))


def test_iv_row_ends_with_relief_weeks_later(data: DataSet) -> None:
    spans = layout_row(route(data, "iv"), WIDTH).spans
    assert [span.mark for span in spans][-3:] == [Mark.RELIEF_GAP, Mark.RELIEF, Mark.PEAK]
    assert spans[-2].start == column(12 * WEEK, WIDTH)


@pytest.mark.parametrize("route_id", ["topical", "subcutaneous"])
def test_unknown_figures_are_said_in_words_not_drawn(data: DataSet, route_id: str) -> None:
    row = layout_row(route(data, route_id), WIDTH)
    assert (row.spans, row.note) == ((), "onset and duration not stated")


@pytest.mark.parametrize(
    ("route_id", "low", "high"),
    [("sublingual", 15, 60), ("rectal", 42, 42), ("oral", 58, 58), ("intranasal", 14, 23)],  # as the data states
)
def test_the_peak_is_drawn_where_a_source_states_it(data: DataSet, route_id: str, low: int, high: int) -> None:
    peak = layout_row(route(data, route_id), WIDTH).spans[-1]
    assert (peak.mark, peak.start, peak.end) == (Mark.PEAK, column(low, WIDTH), column(high, WIDTH))


def test_the_peak_never_hides_the_onset(run: Run) -> None:
    nasal = next(line for line in run("routes", "timeline", "intranasal").stdout.splitlines() if "░" in line)
    assert re.search(r"░▲+█", nasal)


def test_explain_says_what_the_drawing_assumes(run: Run) -> None:
    result = run("routes", "timeline", "--explain")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for words in (
        "The time axis is logarithmic",
        "Onset: the effect starts somewhere in this window",
        "At least:",
        "May last:",
        "Peak: the time to the peak plasma level",
        "Lasting relief (Intravenous): the longest relief a source states after a course of infusions",
        "It describes CRPS only, after multi-day infusions",
        "Sources: pierre2023, sigtermans2009, schwartzman2009, orhurhu2019.",
        "not medical advice",
    ):
        assert words in text, words
    assert "Lasting relief" not in run("routes", "timeline", "oral", "--explain").stdout


def test_a_known_onset_with_unknown_duration_draws_the_onset_only(data: DataSet) -> None:
    oral = route(data, "oral").model_copy(update={"duration": Timing(text="not stated")})
    row = layout_row(oral, WIDTH)
    assert [span.mark for span in row.spans] == [Mark.ONSET, Mark.PEAK]
    assert row.note == "duration not stated"


@pytest.mark.parametrize("width", [20, 40, 65, 100])
def test_tick_labels_fit_and_never_touch(width: int) -> None:
    ticks = tick_marks(width)
    assert ticks[0] == (column(1, width), "1 min")
    for (start, label), (next_start, _) in itertools.pairwise(ticks):
        assert start + len(label) < next_start
    assert all(start + len(label) <= width for start, label in ticks)


def test_the_picture_in_a_pipe(run: Run, data: DataSet) -> None:
    result = run("routes", "timeline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "\x1b" not in result.stdout
    assert [line.split()[0] for line in lines[2:10]] == [r.name for r in data.routes]  # all routes, in data order
    assert "Topical        onset and duration not stated" in result.stdout
    assert "1 min" in result.stdout
    assert "1 wk" in result.stdout
    assert "░░░ onset: the effect starts within this window" in result.stdout
    assert "not medical advice" in result.stdout


def test_named_routes_are_drawn_in_the_order_given(run: Run) -> None:
    lines = run("routes", "timeline", "po", "iv").stdout.splitlines()
    assert [line.split()[0] for line in lines[2:4]] == ["Oral", "Intravenous"]
    assert lines[2].index("░") > lines[3].index("░")


def test_the_timeline_takes_no_format(run: Run) -> None:
    result = run("routes", "timeline", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith("ketamine: No such option: --format")


def test_svg_and_html_files_hold_the_same_picture(run: Run, tmp_path: Path) -> None:
    svg, html = tmp_path / "timeline.svg", tmp_path / "timeline.html"
    result = run("routes", "timeline", "--svg", str(svg), "--html", str(html))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"ketamine: wrote {svg}\nketamine: wrote {html}\n"
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    svg_text = "".join(root.itertext()).replace("\xa0", " ")
    html_text = html.read_text().replace("&#x27;", "'")
    for words in ("Intravenous", "Subcutaneous", "onset and duration not stated", "not medical advice", "1 wk"):
        assert words in svg_text
        assert words in html_text
    assert "█" in svg_text


def test_an_unwritable_file_is_reported_with_its_path(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "timeline.svg"
    result = run("routes", "timeline", "--svg", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr == f"ketamine: cannot write {target}: No such file or directory. Check that its folder exists.\n"
    )


def test_the_drawn_relief_says_it_is_crps_only(run: Run) -> None:
    # data-corrections M20: the timeline label must carry "CRPS only".
    lines = run("routes", "timeline").stdout.splitlines()
    at = lines.index("  ··◆ longest relief stated after a course of infusions")
    assert lines[at + 1] == "      Intravenous: CRPS only, after multi-day infusions (S(+)-ketamine in one of"
    assert all(line.startswith("      ") for line in lines[at + 1 : at + 4])
    assert "not chronic pain in general" in " ".join(" ".join(lines[at + 1 : at + 4]).split())


def test_no_relief_no_qualifier(run: Run) -> None:
    assert "CRPS only" not in run("routes", "timeline", "oral").stdout
