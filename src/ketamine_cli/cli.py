"""The `ketamine` command: each command finds what was asked for and hands a view to the renderer."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__, views
from .data import load_dataset
from .errors import KetamineError
from .query import RouteOrder, find_condition, find_route, select_routes, sort_routes
from .render import Format, render


class _Group(TyperGroup):
    """Turns the core's errors into one message on stderr and their exit code, for every command at once."""

    # Typed loosely: the parameter's class lives in Typer's private copy of Click.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KetamineError as error:
            typer.echo(f"ketamine: {error}", err=True)
            raise typer.Exit(error.exit_code) from None


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
app.add_typer(routes_app, name="routes")
app.add_typer(conditions_app, name="conditions")

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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Compare ketamine's routes of administration for chronic pain. Education, not medical advice."""


def _show(view: views.View, fmt: Format | None, as_json: bool) -> None:
    if as_json and fmt not in (None, Format.JSON):
        raise typer.BadParameter(
            f"it asks for JSON, but --format asks for {fmt}; give one of them.", param_hint="--json"
        )
    chosen = Format.JSON if as_json else fmt or Format.TABLE
    render(view, chosen, out=sys.stdout, err=sys.stderr)


@routes_app.command("list")
def list_routes(fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """List the routes with their ids and aliases."""
    _show(views.route_list(load_dataset().routes), fmt, as_json)


@routes_app.command("show")
def show_route(
    route: Annotated[str, typer.Argument(help="Route id, alias, name, or a unique prefix.")],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Everything known about one route, with notes, caveats and sources."""
    data = load_dataset()
    _show(views.route_detail(data, find_route(data, route)), fmt, as_json)


@routes_app.command("compare")
def compare_routes(
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
    chosen = select_routes(load_dataset(), routes or [])
    _show(views.route_comparison(sort_routes(chosen, sort) if sort else chosen), fmt, as_json)


@conditions_app.command("list")
def list_conditions(fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """List the pain conditions: what the article says beside the guideline's rating."""
    _show(views.condition_list(load_dataset().conditions), fmt, as_json)


@conditions_app.command("show")
def show_condition(
    condition: Annotated[str, typer.Argument(help="Condition id, alias, name, or a unique prefix.")],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The evidence for one condition: the article's claim, the guideline, key trials, routes and sources."""
    data = load_dataset()
    _show(views.condition_detail(data, find_condition(data, condition)), fmt, as_json)


@app.command("side-effects")
def side_effects(fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """Side effects and cautions, with the contrasts to opioids the article draws."""
    _show(views.side_effect_list(load_dataset().side_effects), fmt, as_json)


@app.command("sources")
def sources(fmt: FormatOption = None, as_json: JsonFlag = False) -> None:
    """The bibliography behind every figure."""
    _show(views.source_list(load_dataset().sources), fmt, as_json)
