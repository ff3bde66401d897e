"""What each command does once its arguments are parsed: read the data, ask the question, render the answer.

The command line imports this module only when a command runs, so that help, the version and shell completion
never load the layers below it. `data_path` is the file given with --data or KETAMINE_DATA, or None for the
embedded one.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from . import views
from .choices import CautionKind, ExportFormat, Format, RouteOrder
from .data import load_dataset, open_data_file
from .errors import OutputFileError
from .query import find_condition, find_route, select_cautions, select_routes, sort_routes
from .render import render, write_json, write_schema, write_verbatim

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def list_routes(data_path: Path | None, fmt: Format) -> None:
    _print(views.route_list(load_dataset(data_path).routes), fmt)


def show_route(data_path: Path | None, name: str, fmt: Format) -> None:
    data = load_dataset(data_path)
    _print(views.route_detail(data, find_route(data, name)), fmt)


def compare_routes(data_path: Path | None, names: Sequence[str], order: RouteOrder | None, fmt: Format) -> None:
    chosen = select_routes(load_dataset(data_path), names)
    _print(views.route_comparison(sort_routes(chosen, order) if order else chosen), fmt)


def draw_timeline(data_path: Path | None, names: Sequence[str], *, svg: Path | None, html: Path | None) -> None:
    from . import chart  # Rich is loaded only for the pictures

    chosen = select_routes(load_dataset(data_path), names)
    if svg is None and html is None:
        chart.draw_timeline(chosen, out=sys.stdout)
        return
    try:
        chart.save_timeline(chosen, svg=svg, html=html)
    except OSError as error:
        raise OutputFileError(error.filename, error.strerror) from None
    for written in (svg, html):
        if written is not None:
            sys.stderr.write(f"ketamine: wrote {written}\n")


def list_conditions(data_path: Path | None, fmt: Format) -> None:
    _print(views.condition_list(load_dataset(data_path).conditions), fmt)


def show_condition(data_path: Path | None, name: str, fmt: Format) -> None:
    data = load_dataset(data_path)
    _print(views.condition_detail(data, find_condition(data, name)), fmt)


def list_side_effects(data_path: Path | None, fmt: Format) -> None:
    _print(views.side_effect_list(load_dataset(data_path).side_effects), fmt)


def list_cautions(data_path: Path | None, kind: CautionKind | None, route: str | None, fmt: Format) -> None:
    view = views.caution_list(select_cautions(load_dataset(data_path), kind, route))
    if kind or route is not None:
        view = view._replace(empty="no caution in this data file matches --kind and --route")
    _print(view, fmt)


def list_overview(data_path: Path | None, fmt: Format) -> None:
    _print(views.overview_list(load_dataset(data_path).overview), fmt)


def list_sources(data_path: Path | None, fmt: Format) -> None:
    _print(views.source_list(load_dataset(data_path).sources), fmt)


def validate_data(path: Path | None) -> None:
    checked = open_data_file(path, use_cache=False)  # a check runs the models, whatever was cached
    sys.stdout.write(f"{checked.path}: valid ({views.data_summary(checked.dataset)})\n")


def export_data(data_path: Path | None, fmt: ExportFormat) -> None:
    exported = open_data_file(data_path)
    if fmt is ExportFormat.TOML:
        write_verbatim(exported.content, out=sys.stdout, err=sys.stderr)
    else:
        write_json("data", exported.dataset.model_dump(mode="json"), out=sys.stdout)


def print_schema() -> None:
    from .models import DataSet  # the schema is generated from the models themselves

    write_schema(DataSet.model_json_schema(), out=sys.stdout)


def _print(view: views.View, fmt: Format) -> None:
    render(view, fmt, out=sys.stdout, err=sys.stderr)
