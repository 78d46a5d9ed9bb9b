"""`kam check`: review a plan's quality (one file: every check and suggestion; many
files: one table, a row per file)."""

from __future__ import annotations

from typing import Annotated

import typer

from kam.cli.app import EXIT_INVALID, Files, ReportFormatOption, app
from kam.cli.choices import ReportFormat
from kam.i18n import _

MinScore = Annotated[
    int | None,
    typer.Option(
        "--min-score",
        min=0,
        max=100,
        help=_("Exit 1 when the overall score of any file is below N (each file is named)."),
    ),
]


@app.command(help=_("Review the plan's quality against the course's five evaluation criteria."))
def check(
    files: Files,
    fmt: ReportFormatOption = ReportFormat.text,
    min_score: MinScore = None,
) -> None:
    """Review the plan's quality against the course's five evaluation criteria."""
    from kam.cli.printing import display_path, err, print_problems
    from kam.i18n import Messages, language
    from kam.pipeline import prepare
    from kam.review import as_json, as_table, as_text, file_entry, invalid_entry, review

    rows = []  # (file, account, review or None)
    entries = []
    for file in files:
        prepared, problems = prepare(file)
        if prepared is None:
            print_problems(problems.items)
            # in the document's language when its locale was read (kam.load set it)
            _ = Messages(language())
            err(_("{file}: invalid; fix these problems before a review", file=file))
            rows.append((display_path(file), None, None))
            entries.append(invalid_entry(file, problems.errors, display_path))
            continue
        result = review(
            prepared.doc, prepared.figures, prepared.problems.warnings, prepared.loaded.source.pos
        )
        account = prepared.doc.account.name
        rows.append((display_path(file), account, result))
        entries.append(file_entry(result, file, account, display_path))

    reviewed = [result for _f, _a, result in rows if result is not None]
    if fmt is ReportFormat.json:
        typer.echo(as_json(entries, min_score), nl=False)
    elif len(files) == 1 and reviewed:
        typer.echo(as_text(reviewed[0]), nl=False)
    elif len(files) > 1:
        languages = {r.language for r in reviewed}
        typer.echo(as_table(rows, languages.pop() if len(languages) == 1 else "en"), nl=False)

    failed = any(result is None for _f, _a, result in rows)
    for file, _account, result in rows:
        if result is not None and min_score is not None and result.overall < min_score:
            _ = Messages(result.language)
            err(
                _(
                    "{file}: overall score {score} is below --min-score {minimum}",
                    file=file,
                    score=result.overall,
                    minimum=min_score,
                )
            )
            failed = True
    if failed:
        raise typer.Exit(EXIT_INVALID)
