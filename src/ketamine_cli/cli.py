"""The `ketamine` command: each command finds what was asked for and hands a view to the renderer."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from typer.core import TyperGroup

from . import __version__, views
from .chart import draw_timeline, save_timeline
from .data import load_dataset, open_data_file
from .errors import ExitCode, KetamineError, OutputFileError
from .models import DataSet
from .query import RouteOrder, find_condition, find_route, select_routes, sort_routes
from .render import ExportFormat, Format, render, speaks_unicode, write_json, write_schema, write_verbatim


class _Group(TyperGroup):
    """Every error, the core's and the command line's own, ends here: a short message and a documented code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        for stream in (sys.stdout, sys.stderr):
            _tolerate_narrow_encoding(stream)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except KetamineError as error:
            code = _report(str(error), error.exit_code)
        except typer.TyperException as error:  # Click's own errors, in Typer's copy of Click
            code = _report_click_error(error)
        except typer.Abort:
            code = _report("aborted.", ExitCode.DATA)
        if not standalone_mode:
            return code
        sys.exit(code or ExitCode.OK)

    # Typed loosely: the parameter's class lives in Typer's private copy of Click.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader stopped early (`| head`). That is not an error; and what is still buffered must not be
            # flushed into the closed pipe at exit, where Python would complain about it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return None


def _tolerate_narrow_encoding(stream: TextIO) -> None:
    """On a stream that cannot carry Unicode (PYTHONIOENCODING=ascii), write what it cannot as escapes."""
    if not speaks_unicode(stream) and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")


def _report(message: str, code: int) -> int:
    typer.echo(f"ketamine: {message}", err=True)
    return code


def _report_click_error(error: Any) -> int:
    # With no arguments a group shows its help, which Click raises as an error that knows how to show itself.
    if type(error).__name__ == "NoArgsIsHelpError":
        error.show()
        return int(error.exit_code)
    context = getattr(error, "ctx", None)
    hint = f"\nTry '{context.command_path} --help' for help." if context is not None else ""
    return _report(f"{error.format_message()}{hint}", int(error.exit_code))


app = typer.Typer(
    cls=_Group,
    name="ketamine",
    help="Compare the routes by which ketamine is given for chronic pain, the evidence by condition, "
    "and its side effects. Education, not medical advice: it never gives doses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
routes_app = typer.Typer(help="Routes of administration: onset, duration, bioavailability.", no_args_is_help=True)
conditions_app = typer.Typer(help="Pain conditions and the evidence for each.", no_args_is_help=True)
data_app = typer.Typer(help="The data file: check it, export it, or see its schema.", no_args_is_help=True)
app.add_typer(routes_app, name="routes")
app.add_typer(conditions_app, name="conditions")
app.add_typer(data_app, name="data")

FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format [default: table]."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketamine {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="KETAMINE_DATA",
            show_envvar=True,
            help="Read this routes file in place of the embedded one.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Compare ketamine's routes of administration for chronic pain. Education, not medical advice."""
    ctx.obj = data


def _dataset(ctx: typer.Context) -> DataSet:
    """The data in use: --data, else KETAMINE_DATA, else the embedded file."""
    return load_dataset(ctx.obj)


def _show(view: views.View, fmt: Format | None, as_json: bool) -> None:
    if as_json and fmt not in (None, Format.JSON):
        raise typer.BadParameter(
            f"it asks for JSON, but --format asks for {fmt}; give one of them.", param_hint="--json"
        )
    chosen = Format.JSON if as_json else fmt or Format.TABLE
    render(view, chosen, out=sys.stdout, err=sys.stderr)


@routes_app.command("list")
def list_routes(ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """List the routes with their ids and aliases."""
    _show(views.route_list(_dataset(ctx).routes), fmt, as_json)


@routes_app.command("show")
def show_route(
    ctx: typer.Context,
    route: Annotated[str, typer.Argument(metavar="ROUTE", help="Route id, alias, name, or a unique prefix.")],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Everything known about one route, with notes, caveats and sources."""
    data = _dataset(ctx)
    _show(views.route_detail(data, find_route(data, route)), fmt, as_json)


@routes_app.command("compare")
def compare_routes(
    ctx: typer.Context,
    routes: Annotated[
        list[str] | None, typer.Argument(metavar="[ROUTE]...", help="Routes to compare, in this order [default: all].")
    ] = None,
    sort: Annotated[
        RouteOrder | None,
        typer.Option("--sort", case_sensitive=False, help="Order by a figure's lower bound, unknowns last."),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Compare routes side by side: onset, duration, bioavailability, notes."""
    chosen = select_routes(_dataset(ctx), routes or [])
    _show(views.route_comparison(sort_routes(chosen, sort) if sort else chosen), fmt, as_json)


@routes_app.command("timeline")
def timeline(
    ctx: typer.Context,
    routes: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ROUTE]...", help="Routes to draw, in this order [default: all]."),
    ] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write the picture to this SVG file instead.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the picture to this HTML file instead.")] = None,
) -> None:
    """Draw the routes on one time axis: when the effect starts and how long it lasts."""
    chosen = select_routes(_dataset(ctx), routes or [])
    if svg is None and html is None:
        draw_timeline(chosen, out=sys.stdout)
        return
    try:
        save_timeline(chosen, svg=svg, html=html)
    except OSError as error:
        raise OutputFileError(error.filename, error.strerror) from None
    for written in (svg, html):
        if written is not None:
            typer.echo(f"ketamine: wrote {written}", err=True)


@conditions_app.command("list")
def list_conditions(ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """List the pain conditions: what the article says beside the guideline's rating."""
    _show(views.condition_list(_dataset(ctx).conditions), fmt, as_json)


@conditions_app.command("show")
def show_condition(
    ctx: typer.Context,
    condition: Annotated[
        str, typer.Argument(metavar="CONDITION", help="Condition id, alias, name, or a unique prefix.")
    ],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The evidence for one condition: the article's claim, the guideline, key trials, routes and sources."""
    data = _dataset(ctx)
    _show(views.condition_detail(data, find_condition(data, condition)), fmt, as_json)


@app.command("side-effects")
def side_effects(ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """Side effects and cautions, with the contrasts to opioids the article draws."""
    _show(views.side_effect_list(_dataset(ctx).side_effects), fmt, as_json)


@app.command("sources")
def sources(ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """The bibliography behind every figure."""
    _show(views.source_list(_dataset(ctx).sources), fmt, as_json)


@data_app.command("validate")
def validate_data(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(metavar="[PATH]", help="The file to check [default: the data in use].")
    ] = None,
) -> None:
    """Check a data file against the models and report every problem with its place (exit 1 if any)."""
    checked = open_data_file(path or ctx.obj)
    typer.echo(f"{checked.path}: valid ({views.data_summary(checked.dataset)})")


@data_app.command("export")
def export_data(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", case_sensitive=False)] = ExportFormat.TOML,
) -> None:
    """Print the data in use in full, to start a table of your own from it."""
    exported = open_data_file(ctx.obj)
    if fmt is ExportFormat.TOML:
        write_verbatim(exported.text, out=sys.stdout, err=sys.stderr)
    else:
        write_json("data", exported.dataset.model_dump(mode="json"), out=sys.stdout)


@data_app.command("schema")
def data_schema() -> None:
    """Print the JSON Schema of the data file, generated from the models."""
    write_schema(DataSet.model_json_schema(), out=sys.stdout)
