"""What each command does once its arguments are parsed: read the data, ask the question, render the answer.

The command line imports this module only when a command runs, so that help, the version and shell completion
never load the layers below it. `source` is the data file given with --data, KETAMINE_DATA or an argument, or
the embedded one.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from . import query, views
from .choices import CautionKind, ExportFormat, Output, RouteOrder
from .data import STDIN, DataChoice, display_name, embedded_data_path, load_dataset, open_data_file
from .errors import OutputConflictError, printable
from .query import find_condition, find_route, select_cautions, select_routes, sort_routes
from .render import render, write_data_json, write_schema, write_verbatim
from .streams import tell

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .models import DataSet

STDOUT = STDIN  # '-' names standard output where a file is to be written


def list_routes(source: DataChoice, output: Output) -> None:
    _print(views.route_list(_load(source).routes), output)


def show_route(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    _print(views.route_detail(data, find_route(data, name)), output)


def compare_routes(source: DataChoice, names: Sequence[str], order: RouteOrder | None, output: Output) -> None:
    chosen = select_routes(_load(source), names)
    _print(views.route_comparison(sort_routes(chosen, order) if order else chosen), output)


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
        (_, first), (_, second) = named
        if first == second or (STDOUT not in (first, second) and same_file(first, second)):
            raise OutputConflictError(f"--svg and --html name the same file ({printable(str(first))}).")


def list_conditions(source: DataChoice, output: Output) -> None:
    data = _load(source)
    _print(views.condition_list(data.conditions, data.routes, data.glossary), output)


def show_condition(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    _print(views.condition_detail(data, find_condition(data, name)), output)


def list_side_effects(source: DataChoice, output: Output) -> None:
    _print(views.side_effect_list(_load(source).side_effects), output)


def list_cautions(source: DataChoice, kind: CautionKind | None, route: str | None, output: Output) -> None:
    view = views.caution_list(select_cautions(_load(source), kind, route))
    if kind or route is not None:
        view = view._replace(empty="no caution in this data file matches --kind and --route")
    _print(view, output)


def list_overview(source: DataChoice, output: Output) -> None:
    _print(views.overview_list(_load(source).overview), output)


def show_glossary(source: DataChoice, term: str | None, output: Output) -> None:
    data = _load(source)
    view = views.glossary_entry(data, query.find_term(data, term)) if term else views.glossary_list(data.glossary)
    _print(view, output)


def search(source: DataChoice, text: str, output: Output) -> None:
    matches = query.search(_load(source), text)
    if not matches:
        tell(sys.stderr, f"ketamine: no matches for '{printable(text)}'\n")
    _print(views.search_results(matches, text), output)


def show_source(source: DataChoice, name: str, output: Output) -> None:
    data = _load(source)
    found = query.find_source(data, name)
    _print(views.source_detail(found, query.citing(data, found.id)), output)


def list_sources(source: DataChoice, output: Output) -> None:
    _print(views.source_list(_load(source).sources), output)


def validate_data(source: DataChoice) -> None:
    checked = open_data_file(source.path, use_cache=False, origin=source.origin)  # the models run, whatever is cached
    sys.stdout.write(f"{printable(display_name(checked.path))}: valid ({views.data_summary(checked.dataset)})\n")


def export_data(source: DataChoice, fmt: ExportFormat) -> None:
    exported = open_data_file(source.path, origin=source.origin)
    if fmt is ExportFormat.TOML:
        write_verbatim(exported.content, out=sys.stdout, err=sys.stderr)
    else:  # the data file itself as JSON, as 'data schema' describes it, so that it reads back with --data
        write_data_json(exported.dataset.model_dump(mode="json"), out=sys.stdout, err=sys.stderr)


def print_schema() -> None:
    from .models import DataSet  # the schema is generated from the models themselves

    write_schema(DataSet.model_json_schema(), out=sys.stdout)


def _load(source: DataChoice) -> DataSet:
    return load_dataset(source.path, origin=source.origin)


def _print(view: views.View, output: Output) -> None:
    chosen = views.select_fields(view, output.fields) if output.fields else view
    render(chosen, output.format, out=sys.stdout, err=sys.stderr)
