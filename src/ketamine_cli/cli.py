"""The `ketamine` command line: its commands, options and arguments, its completion, and its errors."""

# Only what parsing needs is imported here. Each command imports `commands`, which does the work, when it runs, so
# that help, the version and shell completion never load the data layers. And no `from __future__ import
# annotations`: Typer reads these signatures on every run, and string annotations would be evaluated each time.
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .choices import CautionKind, CitationFormat, ExportFormat, Format, Output, RouteOrder, SourcesFormat
from .data import DataChoice, read_meta, read_names
from .errors import ExitCode, KetamineError
from .streams import discard_stdout, prepare_standard_streams, stop_cleanly_on_signals, tell


class _PlainHelp:
    """Our own plain help in place of Typer's Rich help, which costs twice the import of Typer (`helptext.py`)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from .helptext import help_text

        formatter.write(help_text(self, ctx))  # type: ignore[arg-type]  # mixed into Typer's command classes


class _HelpfulGroup(_PlainHelp, TyperGroup):
    pass


class _HelpfulCommand(_PlainHelp, TyperCommand):
    pass


class _Group(_HelpfulGroup):
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
        prepare_standard_streams()
        stop_cleanly_on_signals()
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
            sys.stdout.flush()  # a full disk is found here, where it can be reported, not at exit
        except KetamineError as error:
            code = _report(str(error), error.exit_code)
        except typer.TyperException as error:  # Click's own errors, in Typer's copy of Click
            code = _report_click_error(error)
        except BrokenPipeError:
            # The reader stopped early (`| head`). That is not an error; and what is still buffered must not be
            # flushed into the closed pipe at exit, where Python would complain about it.
            discard_stdout()
            code = ExitCode.OK
        except OSError as error:
            # Every file the command reads or writes turns its own errors into messages; what is left is stdout.
            discard_stdout()
            code = _report(f"cannot write to standard output: {error.strerror or error}", ExitCode.DATA)
        if not standalone_mode:
            return code
        sys.exit(code or ExitCode.OK)

    def list_commands(self, ctx: Any) -> list[str]:
        listed = super().list_commands(ctx)
        return sorted(listed, key=lambda name: _COMMAND_ORDER.index(name) if name in _COMMAND_ORDER else len(listed))

    # Typed loosely: the parameters' classes live in Typer's private copy of Click.
    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        with _quiet_when_the_reader_leaves():  # the help is drawn while the context is made
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _quiet_when_the_reader_leaves():
            return super().invoke(ctx)


@contextmanager
def _quiet_when_the_reader_leaves() -> Iterator[None]:
    """A reader that stops early (`| head`) is not an error: exit 0, where Click and Rich would exit with 1."""
    try:
        yield
    except BrokenPipeError:
        discard_stdout()
        raise typer.Exit(ExitCode.OK) from None
    except SystemExit as stop:
        if not isinstance(stop.__context__, BrokenPipeError):  # Rich reports a closed pipe as SystemExit(1)
            raise
        discard_stdout()
        raise typer.Exit(ExitCode.OK) from None


def _report(message: str, code: int) -> int:
    tell(sys.stderr, f"ketamine: {message}\n")
    return code


def _report_click_error(error: Any) -> int:
    # With no arguments a group shows its help, which Click raises as an error that knows how to show itself.
    if type(error).__name__ == "NoArgsIsHelpError":
        error.show()
        return int(error.exit_code)
    context = getattr(error, "ctx", None)
    if getattr(error, "option_name", None) == "--data" and context is not None:  # a global option, given too late
        command = context.command_path.removeprefix("ketamine ")
        return _report(f"--data goes before the command: ketamine --data PATH {command} ...", int(error.exit_code))
    hint = f"\nTry '{context.command_path} --help' for help." if context is not None else ""
    return _report(f"{error.format_message()}{hint}", int(error.exit_code))


# -h as well as --help, for every command: a context passes it on to the commands under it.
_CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    cls=_Group,
    name="ketamine",
    context_settings=_CONTEXT,
    help="Compare the routes by which ketamine is given for chronic pain, the evidence by condition, "
    "its side effects and the cautions of its labels. Education, not medical advice: it never gives doses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
routes_app = typer.Typer(
    cls=_HelpfulGroup, help="Routes of administration: onset, peak, duration, bioavailability.", no_args_is_help=True
)
conditions_app = typer.Typer(cls=_HelpfulGroup, help="Pain conditions and the evidence for each.", no_args_is_help=True)
data_app = typer.Typer(
    cls=_HelpfulGroup, help="The data file: check it, export it, or see its schema.", no_args_is_help=True
)
sources_app = typer.Typer(cls=_HelpfulGroup, help="The bibliography behind every figure, and one source in full.")
app.add_typer(routes_app, name="routes")
app.add_typer(conditions_app, name="conditions")
app.add_typer(data_app, name="data")
app.add_typer(sources_app, name="sources")
# The order of the README, which is the order a reader meets them in: the help lists commands so.
_COMMAND_ORDER = (
    "routes",
    "conditions",
    "side-effects",
    "cautions",
    "overview",
    "glossary",
    "search",
    "sources",
    "cite",
    "report",
    "data",
)


_EXAMPLES = {
    "routes compare": (
        "ketamine routes compare iv oral intranasal",
        "ketamine routes compare --sort onset -f markdown",
    ),
    "routes timeline": ("ketamine routes timeline iv oral", "ketamine routes timeline --svg timeline.svg"),
    "conditions show": ("ketamine conditions show migraine", "ketamine conditions show crps --json"),
    "cautions": ("ketamine cautions --route oral", "ketamine cautions --kind regulatory -f csv"),
    "routes list": ("ketamine routes list", "ketamine routes list -f csv"),
    "routes show": ("ketamine routes show nasal", "ketamine routes show po --json"),
    "conditions list": ("ketamine conditions list", "ketamine conditions list -f markdown"),
    "side-effects": ("ketamine side-effects", "ketamine side-effects -f csv"),
    "overview": ("ketamine overview", "ketamine overview -f markdown"),
    "sources": ("ketamine sources", "ketamine sources -f bibtex > ketamine.bib"),
    "sources show": ("ketamine sources show cohen2018", "ketamine sources show sig --json"),
    "glossary": ("ketamine glossary", "ketamine glossary tmax"),
    "cite": ("ketamine cite sigtermans2009 schwartzman2009", "ketamine cite cohen2018 -f bibtex >> refs.bib"),
    "report": (
        "ketamine report --html handout.html",
        "ketamine report --route intranasal --condition migraine --markdown -",
    ),
    "search": ("ketamine search spravato", "ketamine search 'first-pass' --fields collection,id,field -f csv"),
}


def _examples(command: str) -> str:
    """A data command's help ends with examples; brackets are escaped, or Rich would read them as markup."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}".replace("[", "\\[") for line in _EXAMPLES[command])


def _version(value: bool) -> None:
    if value:
        meta = read_meta()
        data = f" (data {meta['version']}, reviewed {meta.get('reviewed', 'unknown')})" if "version" in meta else ""
        typer.echo(f"ketamine {__version__}{data}")
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
            readable=False,  # an unreadable file is the reader's to report: exit 1, naming where the path came from
            help="Read this routes file in place of the embedded one ('-' for standard input).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Compare ketamine's routes of administration for chronic pain. Education, not medical advice."""
    given = ctx.get_parameter_source("data")
    from_variable = given is not None and given.name == "ENVIRONMENT"
    ctx.obj = DataChoice(data, "KETAMINE_DATA" if from_variable else "--data") if data is not None else DataChoice()


def _complete_routes(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names_starting(ctx, "routes", incomplete)


def _complete_conditions(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names_starting(ctx, "conditions", incomplete)


def _complete_terms(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names_starting(ctx, "glossary", incomplete)


def _complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names_starting(ctx, "sources", incomplete)


def _names_starting(ctx: typer.Context, collection: str, incomplete: str) -> list[str]:
    """Ids and one-word aliases from the data in use; a name with a space would complete as two words."""
    data = ctx.find_root().params.get("data")
    names = read_names(collection, Path(data) if data else None)
    return [name for name in dict.fromkeys(names) if " " not in name and name.startswith(incomplete)]


def _output(fmt: Format | None, as_json: bool, fields: str | None) -> Output:
    if as_json and fmt not in (None, Format.JSON):
        raise typer.BadParameter(
            f"it asks for JSON, but --format asks for {fmt}; give one of them.", param_hint="--json"
        )
    chosen = [field.strip() for field in (fields or "").split(",") if field.strip()]
    if fields is not None and not chosen:
        raise typer.BadParameter("name at least one field, e.g. --fields id,name.", param_hint="--fields")
    return Output(Format.JSON if as_json else fmt or Format.TABLE, tuple(dict.fromkeys(chosen)))


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        case_sensitive=False,
        help="\\[default: table] or json, jsonl, csv, markdown.",
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="F1,F2,...",
        help="Only these fields of the JSON, in this order; dots for nested ones (id,onset.min_minutes).",
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
RouteName = Annotated[
    str,
    typer.Argument(metavar="ROUTE", help="Route id, alias, name, or a unique prefix.", autocompletion=_complete_routes),
]
ConditionName = Annotated[
    str,
    typer.Argument(
        metavar="CONDITION", help="Condition id, alias, name, or a unique prefix.", autocompletion=_complete_conditions
    ),
]


def _route_names(purpose: str) -> Any:
    return typer.Argument(
        metavar="[ROUTE]...",
        help=f"Routes to {purpose}, in this order \\[default: all].",
        autocompletion=_complete_routes,
    )


@routes_app.command("list", epilog=_examples("routes list"))
def list_routes(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False, fields: FieldsOption = None
) -> None:
    """List the routes with their ids and aliases."""
    from . import commands

    commands.list_routes(ctx.obj, _output(fmt, as_json, fields))


@routes_app.command("show", epilog=_examples("routes show"))
def show_route(
    ctx: typer.Context,
    route: RouteName,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """Everything known about one route: its cautions first, then its figures, notes, caveats and sources."""
    from . import commands

    commands.show_route(ctx.obj, route, _output(fmt, as_json, fields))


@routes_app.command(
    "compare",
    epilog=_examples("routes compare"),
)
def compare_routes(
    ctx: typer.Context,
    *,
    routes: Annotated[list[str] | None, _route_names("compare")] = None,
    sort: Annotated[
        RouteOrder | None,
        typer.Option(
            "--sort",
            metavar="ORDER",
            case_sensitive=False,
            help="onset, duration, bioavailability or name: a figure's lower bound, unknowns last.",
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """Compare routes side by side: onset, peak, duration, bioavailability and lasting relief, with footnotes."""
    from . import commands

    commands.compare_routes(ctx.obj, routes or [], sort, _output(fmt, as_json, fields))


@routes_app.command("timeline", epilog=_examples("routes timeline"))
def timeline(
    ctx: typer.Context,
    routes: Annotated[list[str] | None, _route_names("draw")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write the picture to this SVG file instead.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the picture to this HTML file instead.")] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say in words what the drawing assumes, instead of drawing it.")
    ] = False,
) -> None:
    """Draw the routes on one time axis: when the effect starts, peaks in the blood, and how long it lasts."""
    from . import commands

    commands.draw_timeline(ctx.obj, routes or [], svg=svg, html=html, explain=explain)


@conditions_app.command("list", epilog=_examples("conditions list"))
def list_conditions(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False, fields: FieldsOption = None
) -> None:
    """List the pain conditions: what the article says beside the guideline's rating."""
    from . import commands

    commands.list_conditions(ctx.obj, _output(fmt, as_json, fields))


@conditions_app.command("show", epilog=_examples("conditions show"))
def show_condition(
    ctx: typer.Context,
    condition: ConditionName,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """The evidence for one condition: the article's claim, the guideline, key trials, routes and sources."""
    from . import commands

    commands.show_condition(ctx.obj, condition, _output(fmt, as_json, fields))


@app.command("side-effects", epilog=_examples("side-effects"))
def side_effects(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False, fields: FieldsOption = None
) -> None:
    """Side effects: the article's words beside what the labels and trials add."""
    from . import commands

    commands.list_side_effects(ctx.obj, _output(fmt, as_json, fields))


@app.command("cautions", epilog=_examples("cautions"))
def cautions(
    ctx: typer.Context,
    *,
    kind: Annotated[
        CautionKind | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            case_sensitive=False,
            help="Only cautions of this kind: warning, contraindication, interaction, population, monitoring or "
            "regulatory.",
        ),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            "--route",
            metavar="ROUTE",
            help="Only the cautions that concern this route, regulatory status first.",
            autocompletion=_complete_routes,
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """Warnings, contraindications, interactions and regulatory status, from the labels, FDA and the guideline."""
    from . import commands

    commands.list_cautions(ctx.obj, kind, route, _output(fmt, as_json, fields))


@app.command("overview", epilog=_examples("overview"))
def overview(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonFlag = False, fields: FieldsOption = None
) -> None:
    """The article's general statements, in its own words, beside the literature."""
    from . import commands

    commands.list_overview(ctx.obj, _output(fmt, as_json, fields))


@app.command("glossary", epilog=_examples("glossary"))
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]",
            help="A term, an alias of one, or a prefix that fits one \\[default: every term].",
            autocompletion=_complete_terms,
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """The words the reference uses, explained for a reader who is not a clinician."""
    from . import commands

    commands.show_glossary(ctx.obj, term, _output(fmt, as_json, fields))


@app.command("search", epilog=_examples("search"))
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for, in any case.")],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """Look for words in every entry and every text field: names, notes, caveats, the article's words, cautions."""
    from . import commands

    commands.search(ctx.obj, text, _output(fmt, as_json, fields))


@sources_app.callback(invoke_without_command=True, epilog=_examples("sources"))
def sources(
    ctx: typer.Context,
    fmt: Annotated[
        SourcesFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            help="\\[default: table] or json, jsonl, csv, markdown, bibtex, ris, csl-json, apa.",
        ),
    ] = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """The bibliography behind every figure; 'sources show ID' gives one in full, with what cites it."""
    if ctx.invoked_subcommand is not None:
        return
    from . import commands

    if fmt is not None and fmt.value in {citation.value for citation in CitationFormat}:
        commands.cite(ctx.obj, [], CitationFormat(fmt.value))
        return
    commands.list_sources(ctx.obj, _output(Format(fmt.value) if fmt else None, as_json, fields))


@app.command("cite", epilog=_examples("cite"))
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Source ids, or prefixes of one.", autocompletion=_complete_sources),
    ],
    fmt: Annotated[
        CitationFormat,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, help="apa, bibtex, ris or csl-json."),
    ] = CitationFormat.APA,
) -> None:
    """The sources named, as an APA reference list, or as BibTeX, RIS or CSL-JSON for a reference manager."""
    from . import commands

    commands.cite(ctx.obj, ids, fmt)


@sources_app.command("show", epilog=_examples("sources show"))
def show_source(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="ID", help="A source's id, or a prefix of one.", autocompletion=_complete_sources)
    ],
    fmt: FormatOption = None,
    as_json: JsonFlag = False,
    fields: FieldsOption = None,
) -> None:
    """One source in full, with every route, condition, side effect and caution that cites it."""
    from . import commands

    commands.show_source(ctx.obj, source, _output(fmt, as_json, fields))


@app.command("report", epilog=_examples("report"))
def report(
    ctx: typer.Context,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Write the handout as a page to print.")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", metavar="FILE", help="Write the handout as Markdown ('-': stdout).")
    ] = None,
    route: Annotated[
        list[str] | None,
        typer.Option(
            "--route", metavar="ROUTE", help="Only this route; again for more.", autocompletion=_complete_routes
        ),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            "--condition",
            metavar="CONDITION",
            help="Only this condition; again for more.",
            autocompletion=_complete_conditions,
        ),
    ] = None,
) -> None:
    """A handout to print or paste: cautions, routes, timeline, conditions, side effects and numbered references."""
    from . import commands

    commands.write_report(ctx.obj, route or [], condition or [], html=html, markdown=markdown)


@data_app.command("validate")
def validate_data(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", readable=False, help="The file to check \\[default: the data in use]."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Also report the data set's missing [meta] and incomplete sources, unless they say why."
        ),
    ] = False,
) -> None:
    """Check a data file against the models and report every problem with its place (exit 1 if any)."""
    from . import commands

    commands.validate_data(DataChoice(path, "data validate") if path is not None else ctx.obj, strict=strict)


@data_app.command("export")
def export_data(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", case_sensitive=False)] = ExportFormat.TOML,
) -> None:
    """Print the data in use in full, to start a table of your own from it."""
    from . import commands

    commands.export_data(ctx.obj, fmt)


@data_app.command("schema")
def data_schema() -> None:
    """Print the JSON Schema of the data file, generated from the models."""
    from . import commands

    commands.print_schema()


# Every command draws the plain help (see _format_help): Typer makes each command of the class registered for it.
for _commands in (app, routes_app, conditions_app, data_app, sources_app):
    for _registered in _commands.registered_commands:
        _registered.cls = _HelpfulCommand
