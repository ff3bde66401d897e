"""The handout: one self-contained page to print or paste, narrowed to routes and conditions, and rendered in a real
browser to PDF (issue 13, item 3)."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import installed_command, quiet_env

from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer.testing import Result

    from ketamine_cli.models import DataSet

    Run = Callable[..., Result]


class Page(HTMLParser):
    """The parts of a page a test looks at: its headings, its links and sources, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        self.links += [value or "" for name, value in attrs if name in {"href", "src"}]

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in in {"h1", "h2"}:
            self.headings.append(data.strip())


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_handout_has_every_section_dated_and_with_the_disclaimer_twice(run: Run, data: DataSet) -> None:
    result = run("report", "--html", "-")
    assert result.exit_code == 0
    page = parsed(result.stdout)
    assert page.headings[:4] == [
        "Ketamine routes for chronic pain: an educational reference",
        "The cautions that matter most",
        "Routes compared",
        "When the effect starts and how long it lasts",
    ]
    assert page.headings[-2:] == ["Side effects", "References"]
    assert [c.name for c in data.conditions] == page.headings[4:-2]
    text = " ".join(" ".join(page.text).split())
    assert result.stdout.count(f'<p class="disclaimer">{DISCLAIMER}</p>') == 2  # at the top and at the bottom
    assert "Data reviewed 2026-11-26 (version 2026.11.26; evidence as of 2025-08-18)." in text
    assert "<svg" in result.stdout  # the timeline, inline


def test_the_handout_fetches_nothing_and_links_only_to_its_sources(run: Run, data: DataSet) -> None:
    html = run("report", "--html", "-").stdout
    page = parsed(html)
    own = {f"https://doi.org/{s.doi}" for s in data.sources if s.doi} | {s.url for s in data.sources if s.url}
    assert set(page.links) <= own
    assert "<script" not in html
    assert "@import" not in html
    assert "url(" not in html.split("<svg", 1)[0]  # no fonts or images fetched by the style sheet


def test_data_text_is_escaped(run: Run, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    text = (Path(__file__).parent / "data" / "minimal.toml").read_text()
    hostile.write_text(text.replace('notes = ["A note."]', 'notes = ["<script>alert(1)</script> & <b>bold</b>"]'))
    html = run("--data", str(hostile), "report", "--html", "-").stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" not in html  # notes are not in it
    title = text.replace('name = "Oral"', 'name = "Oral <i>x</i>"')
    hostile.write_text(title)
    assert "Oral &lt;i&gt;x&lt;/i&gt;" in run("--data", str(hostile), "report", "--html", "-").stdout


def test_route_and_condition_narrow_the_handout(run: Run, data: DataSet) -> None:
    page = parsed(run("report", "--route", "intranasal", "--condition", "migraine", "--html", "-").stdout)
    assert "Headache (migraine and cluster)" in page.headings
    assert "Complex regional pain syndrome (CRPS)" not in page.headings
    text = " ".join(page.text)
    assert "Intranasal" in text
    assert "Intramuscular" not in text.split("When the effect starts")[0]  # the comparison holds the route asked for


def test_the_markdown_handout(run: Run) -> None:
    out = run("report", "--route", "oral", "--markdown", "-").stdout
    assert out.startswith("# Ketamine routes for chronic pain: an educational reference\n")
    assert "\n## References\n\n1. " in out
    assert out.rstrip().endswith(f"> {DISCLAIMER}")


def test_the_handout_is_written_safely_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    result = run("report", "--html", str(target))
    assert (result.exit_code, result.stderr) == (0, f"ketamine: wrote {target}\n")
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.html"]


def test_the_handout_needs_somewhere_to_go(run: Run) -> None:
    result = run("report")
    assert (result.exit_code, result.stderr) == (
        2,
        "ketamine: say where the handout goes: --html FILE or --markdown FILE ('-' for standard output).\n",
    )


def test_html_and_markdown_may_not_share_a_file(run: Run) -> None:
    result = run("report", "--html", "-", "--markdown", "-")
    assert (result.exit_code, result.stderr) == (2, "ketamine: --html and --markdown name the same file (-).\n")


def browser() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None or shutil.which("pdftotext") is None:
        if os.environ.get("KETAMINE_REQUIRE_BROWSER"):
            pytest.fail("KETAMINE_REQUIRE_BROWSER is set, but chromium or pdftotext is missing")
        pytest.skip("no chromium and pdftotext here: .ci/run installs them")
    return found


def test_the_handout_prints_to_pdf_in_a_real_browser(tmp_path: Path, data: DataSet) -> None:
    chromium = browser()
    page = tmp_path / "handout.html"
    subprocess.run(
        [installed_command(), "report", "--html", str(page)], env=quiet_env(), check=True, capture_output=True
    )
    pdf = tmp_path / "handout.pdf"
    subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Ketamine routes for chronic pain: an educational reference" in flat
    for route in data.routes:
        assert route.name in flat, route.name
    assert flat.count("not medical advice") >= 2
    assert "References" in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")))
    assert 5 <= count <= 40
