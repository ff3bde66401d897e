"""What each command does once its arguments are parsed: read the data, ask the question, render the answer.

The command line imports this module only when a command runs, so that help, the version and shell completion
never load the layers below it. `source` is the data file given with --data, KETAMINE_DATA or an argument, or
the embedded one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import query, views
from .choices import CautionKind, CitationFormat, ExportFormat, Output, RouteOrder
from .data import STDIN, DataChoice, display_name, embedded_data_path, load_dataset, open_data_file
from .errors import DataFileError, OutputConflictError, UsageError, printable
from .query import find_condition, find_route, select_cautions, select_routes, sort_routes
from .render import DISCLAIMER, render, write_bare_json, write_data_json, write_schema, write_verbatim
from .streams import tell

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .models import DataSet

STDOUT = STDIN  # '-' names standard output where a file is to be written


def list_routes(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.route_list(data.routes), output, data)


def show_route(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    _print(views.route_detail(data, find_route(data, name)), output, data)


def compare_routes(source: DataChoice, names: Sequence[str], order: RouteOrder | None, output: Output) -> None:
    data = _load(source)
    chosen = select_routes(data, names)
    _print(views.route_comparison(sort_routes(chosen, order) if order else chosen), output, data)


def draw_timeline(
    source: DataChoice, names: Sequence[str], *, svg: Path | None, html: Path | None, explain: bool = False
) -> None:
    from . import chart  # Rich is loaded only for the pictures

    targets = {"--svg": svg, "--html": html}
    _refuse_overwriting(source, targets)
    chosen = select_routes(_load(source), names)
    if explain:
        chart.explain_timeline(chosen, out=sys.stdout)
        return
    if svg is None and html is None:
        chart.draw_timeline(chosen, out=sys.stdout)
        return
    from .files import write_whole

    for target, document in zip(targets.values(), chart.timeline_files(chosen), strict=True):
        if target == STDOUT:
            sys.stdout.write(document)
        elif target is not None:
            write_whole(target, document)
            tell(sys.stderr, f"ketamine: wrote {printable(str(target))}\n")


def write_report(
    source: DataChoice,
    routes: Sequence[str],
    conditions: Sequence[str],
    *,
    html: Path | None,
    markdown: Path | None,
) -> None:
    """The handout, as a page to print (HTML) or to paste (Markdown), narrowed to the routes and conditions named."""
    from . import chart, report
    from .files import write_whole

    if html is None and markdown is None:
        raise UsageError("say where the handout goes: --html FILE or --markdown FILE ('-' for standard output).")
    targets = {"--html": html, "--markdown": markdown}
    _refuse_overwriting(source, targets)
    data = _load(source)
    chosen_routes = select_routes(data, routes)
    chosen_conditions = [find_condition(data, name) for name in conditions] or list(data.conditions)
    pages: list[tuple[Path, str]] = []
    if html is not None:
        timeline = chart.timeline_files(chosen_routes)[0]
        pages.append((html, report.html_page(data, chosen_routes, chosen_conditions, timeline)))
    if markdown is not None:
        pages.append((markdown, report.markdown_page(data, chosen_routes, chosen_conditions)))
    for target, page in pages:
        if target == STDOUT:
            sys.stdout.write(page)
        else:
            write_whole(target, page)
            tell(sys.stderr, f"ketamine: wrote {printable(str(target))}\n")


def _refuse_overwriting(source: DataChoice, targets: dict[str, Path | None]) -> None:
    """No output file may be the data file in use, and two outputs may not share a file."""
    from .files import is_standard_input, regular_or_absent, same_file

    data_file = source.path or embedded_data_path()
    named = [(option, path) for option, path in targets.items() if path is not None]
    for option, path in named:
        if path == STDOUT:
            continue
        shown = printable(str(path))
        if not regular_or_absent(path):
            raise OutputConflictError(
                f"{option} {shown} is not a regular file; name a file, or '-' for standard output."
            )
        if same_file(path, data_file) if data_file != STDIN else is_standard_input(path):
            raise OutputConflictError(f"{option} {shown} is the data file in use; name another file.")
    if len(named) == 2:
        (one, first), (other, second) = named
        if first == second or (STDOUT not in (first, second) and same_file(first, second)):
            raise OutputConflictError(f"{one} and {other} name the same file ({printable(str(first))}).")


def list_conditions(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.condition_list(data.conditions, data.routes, data.glossary), output, data)


def show_condition(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    _print(views.condition_detail(data, find_condition(data, name)), output, data)


def list_side_effects(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.side_effect_list(data.side_effects), output, data)


def list_cautions(source: DataChoice, kind: CautionKind | None, route: str | None, output: Output) -> None:
    data = _load(source)
    view = views.caution_list(select_cautions(data, kind, route))
    if kind or route is not None:
        view = view._replace(empty="no caution in this data file matches --kind and --route")
    _print(view, output, data)


def list_overview(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.overview_list(data.overview), output, data)


def show_glossary(source: DataChoice, term: str | None, output: Output) -> None:
    data = _load(source)
    view = views.glossary_entry(data, query.find_term(data, term)) if term else views.glossary_list(data.glossary)
    _print(view, output, data)


def search(source: DataChoice, text: str, output: Output) -> None:
    data = _load(source)
    matches = query.search(data, text)
    if not matches:
        tell(sys.stderr, f"ketamine: no matches for '{printable(text)}'\n")
    _print(views.search_results(matches, text), output, data)


def cite(source: DataChoice, names: Sequence[str], fmt: CitationFormat) -> None:
    """Sources (all, or those named) for a reference manager, or as a list to read; the disclaimer goes to stderr, so
    that the file imports as it is."""
    from . import citations

    data = _load(source)
    chosen = [query.find_source(data, name) for name in names] if names else list(data.sources)
    chosen = list({found.id: found for found in chosen}.values())
    tell(sys.stderr, DISCLAIMER + "\n")
    if fmt is CitationFormat.CSL_JSON:
        write_bare_json(citations.csl_json(chosen), out=sys.stdout)
    else:
        sys.stdout.write({"bibtex": citations.bibtex, "ris": citations.ris, "apa": citations.apa}[fmt](chosen))


def show_source(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    found = query.find_source(data, name)
    _print(views.source_detail(found, query.citing(data, found.id)), output, data)


def list_sources(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.source_list(data.sources), output, data)


def validate_data(source: DataChoice, *, strict: bool = False) -> None:
    checked = open_data_file(source.path, use_cache=False, origin=source.origin)  # the models run, whatever is cached
    name = display_name(checked.path)
    if strict:
        from .models import incomplete

        if problems := incomplete(checked.dataset):
            raise DataFileError(name, problems)
    sys.stdout.write(f"{printable(name)}: valid ({views.data_summary(checked.dataset)})\n")


def export_data(source: DataChoice, fmt: ExportFormat) -> None:
    exported = open_data_file(source.path, origin=source.origin)
    if fmt is ExportFormat.TOML:
        write_verbatim(exported.content, out=sys.stdout, err=sys.stderr)
    else:  # the data file itself as JSON, as 'data schema' describes it, so that it reads back with --data
        write_data_json(exported.dataset.model_dump(mode="json"), out=sys.stdout, err=sys.stderr)


def print_schema() -> None:
    # Generated from the models by `python -m ketamine_cli.reference`, whose check keeps it current.
    write_schema((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"), out=sys.stdout)


def _load(source: DataChoice) -> DataSet:
    return load_dataset(source.path, origin=source.origin)


def _print(view: views.View, output: Output, data: DataSet) -> None:
    """Print a view in the format asked for, carrying the data set's `meta`: its version and how current it is."""
    chosen = views.select_fields(view, output.fields) if output.fields else view
    render(chosen._replace(meta=views.meta_of(data)), output.format, out=sys.stdout, err=sys.stderr)
