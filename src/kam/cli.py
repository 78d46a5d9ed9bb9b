"""Command line: parses arguments, calls the core, prints results, picks exit codes.

Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 internal error (a bug in kam).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kam import __version__

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


class OutputFormat(StrEnum):
    pdf = "pdf"
    html = "html"
    all = "all"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kam {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """kam turns a key account described in YAML into a professional deliverable."""


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _print_problems(problems) -> None:
    from kam.report import line

    for problem in problems.items:
        _err(line(problem))


Files = Annotated[
    list[Path],
    typer.Argument(help="Entry YAML file(s), e.g. account.yaml.", show_default=False),
]


class PdfVariant(StrEnum):
    ua1 = "pdf/ua-1"
    ua2 = "pdf/ua-2"
    a2b = "pdf/a-2b"
    a3b = "pdf/a-3b"
    a2u = "pdf/a-2u"
    a3u = "pdf/a-3u"


class MessageFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


Strict = Annotated[
    bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 when there are any).")
]


@app.command()
def validate(
    files: Files,
    strict: Strict = False,
    fmt: Annotated[
        MessageFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem on stderr; json: a report on stdout; "
            "github: workflow annotations on stdout.",
        ),
    ] = MessageFormat.text,
) -> None:
    """Check documents without rendering them."""
    from kam.build import prepare
    from kam.report import as_json, clean, github, line

    results = []
    for entry in files:
        prepared, problems = prepare(entry)
        ok = prepared is not None and not problems.errors and not (strict and problems.warnings)
        results.append((entry, problems.items, ok))
        if fmt is MessageFormat.text:
            for problem in problems.items:
                _err(line(problem))
            _err(clean(f"{entry}: {'valid' if ok else 'invalid'}"))
        elif fmt is MessageFormat.github:
            for problem in problems.items:
                typer.echo(github(problem))
    if fmt is MessageFormat.json:
        typer.echo(as_json(results))
    raise typer.Exit(0 if all(ok for _e, _p, ok in results) else EXIT_INVALID)


@app.command()
def build(
    files: Files,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Folder for the output files. Default: the folder of each input file.",
            file_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="What to produce.")
    ] = OutputFormat.all,
    strict: Strict = False,
    pdf_variant: Annotated[
        PdfVariant | None,
        typer.Option(
            "--pdf-variant",
            help="Produce a PDF conforming to this standard (PDF/UA for accessibility, "
            "PDF/A for archiving). The PDF is always tagged.",
        ),
    ] = None,
) -> None:
    """Validate and render documents to PDF and HTML.

    The output is named after the input file (`plan.yaml` → `plan.pdf`), or after
    its folder when the file is called `account.yaml` (`ribera/account.yaml` →
    `ribera.pdf`).
    """
    from kam.build import build as build_one
    from kam.build import output_name
    from kam.problems import KamError
    from kam.report import clean

    formats = ("pdf", "html") if fmt is OutputFormat.all else (fmt.value,)
    targets: dict[Path, Path] = {}
    for entry in files:
        folder = (output or entry.parent).resolve()
        key = folder / output_name(entry)
        if key in targets:
            _err(
                clean(
                    f"kam: {targets[key]} and {entry} would both write {key}.*; "
                    "build them into different folders with -o"
                )
            )
            raise typer.Exit(EXIT_USAGE)
        targets[key] = entry
    failed = False
    for entry in files:
        try:
            written, problems, _timings = build_one(
                entry,
                output,
                formats,
                strict=strict,
                pdf_variant=pdf_variant.value if pdf_variant else None,
            )
        except KamError as exc:
            _print_problems(exc.problems)
            _err(clean(f"{entry}: not built"))
            failed = True
            continue
        _print_problems(problems)
        for path in written:
            _err(clean(f"wrote {path}"))
    raise typer.Exit(EXIT_INVALID if failed else 0)


def main() -> None:
    """Entry point: run the app, turning unexpected exceptions into a short report."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("kam: interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        from kam.report import clean

        detail = clean(f"{type(exc).__name__}: {exc}")
        if len(detail) > 300:
            detail = detail[:299] + "…"
        _err(
            f"kam: internal error ({detail}). This is a bug in kam; "
            "please report it with the command you ran."
        )
        sys.exit(EXIT_INTERNAL)
