"""A handout a person can print: one self-contained page of the cautions, the routes, the timeline, the conditions
and the side effects, with numbered references; HTML with a print style sheet, or Markdown.

Built from the same views as the commands, so that it says exactly what they say. Nothing is fetched: no fonts, no
scripts, no images but the timeline drawn inline; every data text is escaped.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING

from . import views
from .query import cautions_for_route, cited_sources
from .render.disclaimer import DISCLAIMER
from .render.markdown import write_markdown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .models import Condition, DataSet, Route, Source

# The cautions a handout leads with, in this order; the monitoring under the REMS is part of the regulatory status.
LEADING_KINDS = ("regulatory", "warning", "contraindication", "population", "interaction")


def sections(data: DataSet, routes: Sequence[Route], conditions: Sequence[Condition]) -> list[views.View]:
    """The handout's parts, in the order a reader needs them, narrowed to the routes and conditions asked for."""
    chosen = {route.id for route in routes}
    cautions = [
        caution
        for caution in data.cautions
        if caution.kind in LEADING_KINDS and any(caution in cautions_for_route(data, route) for route in chosen)
    ]
    cautions.sort(key=lambda caution: LEADING_KINDS.index(caution.kind))
    parts = [
        views.caution_list(cautions)._replace(title="The cautions that matter most"),
        views.route_comparison(routes),
        *(views.condition_detail(data, condition) for condition in conditions),
        views.side_effect_list(data.side_effects),
    ]
    return parts  # the page says once, at its top, when the data was reviewed


def references(data: DataSet, parts: Sequence[views.View]) -> list[Source]:
    """Every source the handout's parts cite, in the order first cited."""
    cited: list[str] = []
    for part in parts:
        items = part.payload if isinstance(part.payload, list) else [part.payload]
        for item in items:
            cited += list(_source_ids(item))
    known = {source.id for source in data.sources}
    return cited_sources(data, [source for source in dict.fromkeys(cited) if source in known])


def _source_ids(value: object) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                found += [str(source) for source in item]
            else:
                found += _source_ids(item)
    elif isinstance(value, list):
        for item in value:
            found += _source_ids(item)
    return found


def html_page(data: DataSet, routes: Sequence[Route], conditions: Sequence[Condition], timeline_svg: str) -> str:
    parts = sections(data, routes, conditions)
    meta = views.meta_of(data)
    title = meta.get("title") or "Ketamine routes for chronic pain"
    body = [
        f"<h1>{_text(title)}</h1>",
        f'<p class="dated">{_text(views.reviewed_line(meta) or "The data does not say when it was reviewed.")} '
        f"Printed from ketamine {_text(meta['tool_version'])}.</p>",
        f'<p class="disclaimer">{_text(DISCLAIMER)}</p>',
        _part_html(parts[0]),
        _part_html(parts[1]),
        '<section><h2>When the effect starts and how long it lasts</h2><div class="timeline">'
        f"{_inline_svg(timeline_svg)}</div></section>",
        *(_part_html(part) for part in parts[2:]),
        _references_html(references(data, parts)),
        f'<p class="disclaimer">{_text(DISCLAIMER)}</p>',
    ]
    return _PAGE.format(title=_text(title), style=_STYLE, body="\n".join(body))


def markdown_page(data: DataSet, routes: Sequence[Route], conditions: Sequence[Condition]) -> str:
    parts = sections(data, routes, conditions)
    meta = views.meta_of(data)
    out = io.StringIO()
    out.write(f"# {meta.get('title') or 'Ketamine routes for chronic pain'}\n\n")
    out.write(f"{views.reviewed_line(meta) or 'The data does not say when it was reviewed.'}\n\n> {DISCLAIMER}\n\n")
    for part in parts:
        write_markdown(part, out=out)
    out.write("## References\n\n")
    for number, source in enumerate(references(data, parts), start=1):
        out.write(f"{number}. {views.citation(source)}{_link_text(source)}\n")
    out.write(f"\n> {DISCLAIMER}\n")
    return out.getvalue()


def _part_html(part: views.View) -> str:
    sheet = part.table()
    head = "".join(f"<th>{_text(column)}</th>" for column in sheet.columns)
    rows = "".join("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in sheet.rows)
    empty = f"<p>{_text(part.empty)}</p>" if not sheet.rows else ""
    notes = "".join(f"<li>{_text(note)}</li>" for note in sheet.notes)
    notes_html = f'<ul class="notes">{notes}</ul>' if notes else ""
    kind = "page" if part.document else "grid"
    return (
        f'<section><h2>{_text(part.title)}</h2><table class="{kind}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>{empty}{notes_html}</section>"
    )


def _references_html(sources: Sequence[Source]) -> str:
    items = "".join(f"<li>{_text(views.citation(source))}{_link_html(source)}</li>" for source in sources)
    return f'<section><h2>References</h2><ol class="references">{items}</ol></section>'


def _link_html(source: Source) -> str:
    """A source's own link, the only links the page has: its DOI, else its URL."""
    target = f"https://doi.org/{source.doi}" if source.doi else source.url
    if not target:
        return f" PMID {_text(source.pmid)}." if source.pmid else ""
    return f' <a href="{html.escape(target, quote=True)}">{_text(target)}</a>'


def _link_text(source: Source) -> str:
    target = f"https://doi.org/{source.doi}" if source.doi else source.url
    return f" {target}" if target else (f" PMID {source.pmid}." if source.pmid else "")


def _text(value: object) -> str:
    return html.escape(str(value), quote=True).replace("\n", "<br>")


def _inline_svg(svg: str) -> str:
    """The timeline's SVG, drawn by Rich from the data, inline: its text is escaped by Rich, and it links nothing."""
    return svg[svg.index("<svg") :]


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""

_STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem;
       color: #111; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #999; margin-top: 1.6rem; }
p.dated { color: #444; margin-top: 0; }
p.disclaimer { border: 2px solid #b00; padding: 0.5rem 0.75rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: manual; }
th { background: #eee; }
table.page td:first-child { width: 22%; font-weight: bold; }
ul.notes, ol.references { font-size: 0.8rem; }
.timeline svg { width: 100%; height: auto; }
@page { size: auto; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section { break-inside: auto; }
  h2 { break-after: avoid; }
  tr, .timeline { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
