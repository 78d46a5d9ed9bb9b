"""The typer app, its exit codes, the version option and the options the commands share.

Exit codes: 0 ok, 1 invalid input (or a failed build), 2 usage error, 3 internal error
(a bug in kam). Messages go to standard error; machine-readable reports (JSON, GitHub
annotations, the schema) to standard output. This module and kam.cli.choices import
only typer and the registry, so `kam --help` stays fast; the commands import the core
inside their bodies.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kam import __version__
from kam.cli.choices import (
    Edition,
    Locale,
    MessageFormat,
    OutputFormat,
    Part,
    PdfVariant,
    ReportFormat,
)
from kam.i18n import _, environment_language, set_language
from kam.registry import INIT_LOCALE

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class KamGroup(TyperGroup):
    """kam's commands, speaking the language of the command line (kam.cli.usage): its
    usage errors in the document's language, its help in the environment's."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from kam.cli import usage

        argv = list(sys.argv[1:] if args is None else args)
        if usage.asks_for_help(argv):
            usage.import_help_lightly()
        language = usage.command_language(argv)
        set_language(language)  # until a document is read (kam.load)
        if language != "en" and environment_language() != "en":
            usage.localize_typer(self)  # help screens follow the environment
        if language == "en" or not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        # typer would print its usage errors in English: catch them and say them here.
        from typer._click.exceptions import ClickException

        try:
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except ClickException as exc:
            usage.exit_with(exc)
        except typer.Abort:
            typer.echo(_("Aborted."), err=True)
            sys.exit(EXIT_INVALID)
        sys.exit(code if isinstance(code, int) else 0)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from typer._click.exceptions import UsageError

        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            if type(exc) is UsageError and args and not args[0].startswith("-"):
                exc.unknown_command = args[0]  # type: ignore[attr-defined]
            raise


app = typer.Typer(
    name="kam",
    cls=KamGroup,
    help=_("Key account plans from YAML to HTML and PDF."),
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kam {__version__}")
        raise typer.Exit()


Version = Annotated[
    bool,
    typer.Option(
        "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
    ),
]


@app.callback()
def main_options(version: Version = False) -> None:
    """kam turns a key account described in YAML into a professional deliverable."""


# Shared by several commands.
Files = Annotated[
    list[Path],
    typer.Argument(help=_("Entry YAML file(s), e.g. account.yaml."), show_default=False),
]
Strict = Annotated[
    bool, typer.Option("--strict", help=_("Treat warnings as errors (exit 1 when there are any)."))
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_("Print only errors."))]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help=_("Print more: the time of each stage."))
]

# kam validate
MessageFormatOption = Annotated[
    MessageFormat,
    typer.Option(
        "--format",
        "-f",
        help=_(
            "text: one line per problem on stderr; json: a report on stdout; "
            "github: workflow annotations on stdout."
        ),
    ),
]

# kam build
OutputFolder = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help=_("Folder for the output files. Default: the folder of each input file."),
        file_okay=False,
    ),
]
OutputFormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help=_(
            "What to produce: the document (PDF and HTML, the default), one format, the "
            "QBR deck (pptx), or all of them."
        ),
    ),
]
EditionOption = Annotated[
    Edition,
    typer.Option(
        "--edition",
        help=_(
            "internal: the whole plan; customer: a plan written for the customer (no P&L, "
            "portfolio, attitudes, risks or rewards; items marked internal: true left out)."
        ),
    ),
]
PdfVariantOption = Annotated[
    PdfVariant | None,
    typer.Option(
        "--pdf-variant",
        help=_(
            "Produce a PDF conforming to this standard (PDF/UA for accessibility, "
            "PDF/A for archiving). The PDF is always tagged."
        ),
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help=_(
            "Processes at work at once: several files are built in parallel, one file "
            "may have its PDF laid out and painted by two. Default: the number of cores."
        ),
    ),
]
Watch = Annotated[
    bool,
    typer.Option(
        "--watch",
        "-w",
        help=_(
            "After building, rebuild whenever an input changes (YAML, CSV, logo, "
            "templates). Stop with Ctrl-C."
        ),
    ),
]
Timings = Annotated[bool, typer.Option("--timings", help=_("Print the time of each stage."))]

# kam check
File = Annotated[Path, typer.Argument(help=_("Entry YAML file, e.g. account.yaml."))]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help=_("text (a table) or json."))
]
MinScore = Annotated[
    int | None,
    typer.Option(
        "--min-score", min=0, max=100, help=_("Exit 1 when the overall score is below N.")
    ),
]

# kam init
Folder = Annotated[Path, typer.Argument(help=_("Folder for the new project (created if needed)."))]
LocaleOption = Annotated[
    Locale | None,
    typer.Option(
        "--locale",
        "-l",
        help=_("Language (and region) of the project."),
        show_default=INIT_LOCALE,
    ),
]
Account = Annotated[str | None, typer.Option("--account", help=_("Name of the key account."))]
Company = Annotated[str | None, typer.Option("--company", help=_("Name of your company."))]

# kam schema
SchemaOutput = Annotated[
    Path | None,
    typer.Option("-o", "--output", help=_("Write to this file instead of standard output.")),
]
PartOption = Annotated[
    Part, typer.Option("--part", help=_("The schema of account.yaml or of an included file."))
]
