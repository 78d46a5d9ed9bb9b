"""`kam check`: review a plan's quality."""

from __future__ import annotations

import typer

from kam.cli.app import EXIT_INVALID, File, MinScore, ReportFormatOption, app
from kam.cli.choices import ReportFormat


@app.command()
def check(
    file: File,
    fmt: ReportFormatOption = ReportFormat.text,
    min_score: MinScore = None,
) -> None:
    """Review the plan's quality against the course's five evaluation criteria."""
    from kam.cli.printing import err, print_problems
    from kam.pipeline import prepare
    from kam.review import as_json, as_text, review

    prepared, problems = prepare(file)
    if prepared is None:
        print_problems(problems.items)
        err(f"{file}: invalid; fix these problems before a review")
        raise typer.Exit(EXIT_INVALID)
    result = review(prepared.doc, prepared.figures)
    lang = prepared.doc.locale[:2]
    typer.echo(as_json(result) if fmt is ReportFormat.json else as_text(result, lang=lang))
    if min_score is not None and result.overall < min_score:
        err(f"{file}: overall score {result.overall} is below --min-score {min_score}")
        raise typer.Exit(EXIT_INVALID)
