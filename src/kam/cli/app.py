"""The typer app, its exit codes, the version option and the options the commands share.

Exit codes: 0 ok, 1 invalid input (or a failed build), 2 usage error, 3 internal error
(a bug in kam). Messages go to standard error; machine-readable reports (JSON, GitHub
annotations, the schema) to standard output. This module and kam.cli.choices import
only typer and the registry, so `kam --help` stays fast; the commands import the core
inside their bodies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kam import __version__
from kam.cli.choices import Locale, MessageFormat, OutputFormat, Part, PdfVariant, ReportFormat

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

app = typer.Typer(
    name="kam",
    help="Key account plans from YAML to HTML and PDF.",
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
    typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
]


@app.callback()
def main_options(version: Version = False) -> None:
    """kam turns a key account described in YAML into a professional deliverable."""


# Shared by several commands.
Files = Annotated[
    list[Path],
    typer.Argument(help="Entry YAML file(s), e.g. account.yaml.", show_default=False),
]
Strict = Annotated[
    bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 when there are any).")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="Print more: the time of each stage.")
]

# kam validate
MessageFormatOption = Annotated[
    MessageFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: one line per problem on stderr; json: a report on stdout; "
        "github: workflow annotations on stdout.",
    ),
]

# kam build
OutputFolder = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Folder for the output files. Default: the folder of each input file.",
        file_okay=False,
    ),
]
OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="What to produce.")
]
PdfVariantOption = Annotated[
    PdfVariant | None,
    typer.Option(
        "--pdf-variant",
        help="Produce a PDF conforming to this standard (PDF/UA for accessibility, "
        "PDF/A for archiving). The PDF is always tagged.",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Parallel builds when several files are given. Default: the number of cores.",
    ),
]
Watch = Annotated[
    bool,
    typer.Option(
        "--watch",
        "-w",
        help="After building, rebuild whenever an input changes (YAML, CSV, logo, "
        "templates). Stop with Ctrl-C.",
    ),
]
Timings = Annotated[bool, typer.Option("--timings", help="Print the time of each stage.")]

# kam check
File = Annotated[Path, typer.Argument(help="Entry YAML file, e.g. account.yaml.")]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="text (a table) or json.")
]
MinScore = Annotated[
    int | None,
    typer.Option("--min-score", min=0, max=100, help="Exit 1 when the overall score is below N."),
]

# kam init
Folder = Annotated[Path, typer.Argument(help="Folder for the new project (created if needed).")]
LocaleOption = Annotated[
    Locale, typer.Option("--locale", "-l", help="Language (and region) of the project.")
]
Account = Annotated[str | None, typer.Option("--account", help="Name of the key account.")]
Company = Annotated[str | None, typer.Option("--company", help="Name of your company.")]

# kam schema
SchemaOutput = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write to this file instead of standard output."),
]
PartOption = Annotated[
    Part, typer.Option("--part", help="The schema of account.yaml or of an included file.")
]
