"""No word broken inside itself, no value lost, no line too wide: every table command at every width (issue 10)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from ketamine_cli.query import find_condition, find_route
from ketamine_cli.render.layout import block_lines, column_widths, pieces, wrap
from ketamine_cli.views import (
    Sheet,
    View,
    caution_list,
    condition_detail,
    condition_list,
    overview_list,
    route_comparison,
    route_detail,
    route_list,
    side_effect_list,
    source_list,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet

    Run = Callable[..., Result]

COMMANDS: dict[str, tuple[list[str], Callable[[DataSet], View]]] = {
    "routes list": (["routes", "list"], lambda d: route_list(d.routes)),
    "routes compare": (["routes", "compare"], lambda d: route_comparison(d.routes)),
    "routes show": (["routes", "show", "intranasal"], lambda d: route_detail(d, find_route(d, "intranasal"))),
    "conditions list": (["conditions", "list"], lambda d: condition_list(d.conditions, d.routes)),
    "conditions show": (["conditions", "show", "crps"], lambda d: condition_detail(d, find_condition(d, "crps"))),
    "side-effects": (["side-effects"], lambda d: side_effect_list(d.side_effects)),
    "cautions": (["cautions"], lambda d: caution_list(d.cautions)),
    "overview": (["overview"], lambda d: overview_list(d.overview)),
    "sources": (["sources"], lambda d: source_list(d.sources)),
}
WIDTHS = [40, 60, 80, 120, 200]
DOI = re.compile(r"^(?:doi:)?10\.\d{4,9}/\S+$")


def shown_words(out: str) -> set[str]:
    """The words on the screen, also without the colon that a 'Label: value' line puts after a label."""
    words = set(re.sub(r"[│┃]", " ", out).split())
    return words | {word.removesuffix(":") for word in words}


def shown_in_parts(word: str, shown: set[str]) -> bool:
    """Whether the word is on the screen as runs of its parts, each run broken only after a hyphen or a slash."""
    ends = [0]
    for part in pieces(word):
        ends.append(ends[-1] + len(part))
    reached = {0}
    for start in ends:
        if start in reached:
            reached |= {end for end in ends if end > start and word[start:end] in shown}
    return len(word) in reached


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", COMMANDS)
def test_no_word_is_broken_and_no_value_lost_at_any_width(
    run: Run, data: DataSet, monkeypatch: pytest.MonkeyPatch, name: str, width: int
) -> None:
    args, build = COMMANDS[name]
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= width
    shown = shown_words(result.stdout)
    sheet = build(data).table()
    for word in {word for row in sheet.rows for cell in row for word in cell.split() if len(word) <= 30}:
        if word in shown:
            continue
        bare = word.strip("'\"(),.;:[]")
        assert bare not in sheet.whole, f"the id {word!r} is split at {width} columns"
        assert not DOI.match(bare), f"the DOI {word!r} is split at {width} columns"
        # A word may break only after a hyphen or a slash inside it, and then every part is shown whole.
        assert shown_in_parts(word, shown), f"{word!r} is missing or split inside itself at {width} columns"


def test_every_doi_and_source_id_is_whole_in_the_bibliography_even_at_40_columns(
    run: Run, data: DataSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    shown = shown_words(run("sources").stdout)
    assert {source.id for source in data.sources} <= shown
    assert {f"doi:{source.doi}" for source in data.sources if source.doi} <= shown


# The layout, as pure functions of text and a width.


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("bioavailability of ketamine", 16, ["bioavailability", "of ketamine"]),
        ("longer-lasting pain relief", 10, ["longer-", "lasting", "pain", "relief"]),
        ("sublingual/oral formulation", 12, ["sublingual/", "oral", "formulation"]),
        ("the peak at 30-45 min here", 12, ["the peak at", "30-45 min", "here"]),
        ("cited as sigtermans2009 here", 10, ["cited as", "sigtermans2009", "here"]),
        ("doi:10.1097/AAP.0000000000000808", 12, ["doi:10.1097/AAP.0000000000000808"]),
        ("S(+)-ketamine infusions", 13, ["S(+)-ketamine", "infusions"]),
        # The last resort: a plain word wider than the whole line is cut, rather than run off the screen.
        ("S(+)-ketamine infusions", 9, ["S(+)-keta", "mine", "infusions"]),
    ],
)
def test_text_wraps_at_spaces_and_after_hyphens_and_slashes_only(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines


def test_a_listed_id_is_never_split_even_with_hyphens() -> None:
    whole = frozenset({"ketamine-injection-label"})
    assert wrap("see ketamine-injection-label", 12, whole) == ["see", "ketamine-injection-label"]
    assert wrap("see ketamine-injection-label", 12) == ["see", "ketamine-", "injection-", "label"]


def test_a_table_that_cannot_fit_without_breaking_a_word_has_no_widths() -> None:
    sheet = Sheet(("Route", "Bioavailability"), (("Intramuscular", "93%"),))
    assert column_widths(sheet, 27) is None
    assert column_widths(sheet, 28) == [13, 15]


def test_a_block_says_each_field_on_its_line() -> None:
    lines = block_lines("Oral", [("Onset", "30-45 min"), ("Notes", "- one\n- two")], 40, frozenset())
    assert lines == ["Oral", "  Onset: 30-45 min", "  Notes:", "    - one", "    - two"]


def test_the_route_data_words_are_real_words(data: DataSet) -> None:
    # The no-broken-word test above is only as good as the words it looks for.
    words = {word for row in route_comparison(data.routes).table().rows for cell in row for word in cell.split()}
    assert {"0-1", "min", "[1]", "11-50%", "Subcutaneous"} <= words
