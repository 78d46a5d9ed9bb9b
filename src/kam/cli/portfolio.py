"""`kam portfolio`: many accounts, one view (portfolio.html, portfolio.pdf, or JSON
rows on standard output). Exit 0 when every account rolled up, 1 when some failed
(they are listed, with their first error, in the output and on standard error)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kam.cli.app import EXIT_INVALID, Files, Jobs, Quiet, app
from kam.cli.choices import ALL, Locale, choices
from kam.i18n import _
from kam.registry import DOCUMENT_FORMATS

JSON = "json"
PortfolioFormat = choices("PortfolioFormat", (*DOCUMENT_FORMATS, JSON, ALL))

PortfolioFolder = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        help=_("Folder for portfolio.pdf and portfolio.html. Default: the current folder."),
        file_okay=False,
    ),
]
PortfolioFormatOption = Annotated[
    PortfolioFormat,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help=_("What to produce: pdf, html, all (both), or json (the rows, on standard output)."),
    ),
]
RollupLocale = Annotated[
    Locale | None,  # type: ignore[valid-type]
    typer.Option(
        "--locale",
        "-l",
        help=_("Language (and region) of the roll-up. Default: the first account's."),
        show_default=False,
    ),
]


@app.command(
    help=_(
        "Roll up many key accounts into one view: a row per account (revenue, growth, "
        "profit after cost to serve, share of wallet, stage, check score, overdue actions, "
        "top risk, KPIs) with totals, the whale curve and the selection matrix.\n\n"
        "Writes portfolio.pdf and portfolio.html into the output folder. An account that "
        "fails to validate is listed with its first error and the others still roll up; "
        "the exit code is then 1."
    )
)
def portfolio(
    files: Files,
    output: PortfolioFolder = Path("."),
    fmt: PortfolioFormatOption = PortfolioFormat.all,  # type: ignore[attr-defined]
    locale: RollupLocale = None,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    from kam.cli.printing import display_path, err, print_problems
    from kam.i18n import set_language
    from kam.pipeline import portfolio as pipeline
    from kam.pipeline.batch import default_jobs
    from kam.problems import KamError

    formats = DOCUMENT_FORMATS if fmt.value in (ALL, JSON) else (fmt.value,)
    pdf = fmt.value != JSON and "pdf" in formats
    chosen = locale.value if locale else None
    rollup = pipeline.portfolio(files, chosen, display_path, jobs or default_jobs(), pdf)
    set_language(rollup.locale)  # each account spoke its own language while it was read
    for failure in rollup.failures:
        err(_("{file}: not rolled up: {error}", file=failure.file, error=failure.error))
    if fmt.value == JSON:
        from kam.rollup.export import as_json

        typer.echo(as_json(rollup), nl=False)
    else:
        try:
            written = pipeline.write(rollup, output, formats)
        except KamError as exc:
            print_problems(exc.problems.items)
            raise typer.Exit(EXIT_INVALID) from None
        if not quiet:
            err(
                _(
                    "{files}: {count} of {total} accounts rolled up",
                    files=", ".join(display_path(p) for p in written),
                    count=len(rollup.rows),
                    total=len(rollup.rows) + len(rollup.failures),
                )
            )
    if rollup.failures:
        raise typer.Exit(EXIT_INVALID)
