"""`kam validate`: check documents without rendering them."""

from __future__ import annotations

import typer

from kam.cli.app import EXIT_INVALID, Files, MessageFormatOption, Quiet, Strict, app
from kam.cli.choices import MessageFormat
from kam.i18n import _


@app.command(help=_("Check documents without rendering them."))
def validate(
    files: Files,
    strict: Strict = False,
    fmt: MessageFormatOption = MessageFormat.text,
    quiet: Quiet = False,
) -> None:
    from kam.cli.printing import as_json, err, github, print_problems
    from kam.pipeline import prepare

    results = []
    for entry in files:
        prepared, problems = prepare(entry)
        ok = prepared is not None and not problems.errors and not (strict and problems.warnings)
        results.append((entry, problems.items, ok))
        if fmt is MessageFormat.text:
            print_problems(problems.items, quiet)
            if not quiet or not ok:
                err(_("{file}: valid", file=entry) if ok else _("{file}: invalid", file=entry))
        elif fmt is MessageFormat.github:
            for problem in problems.items:
                typer.echo(github(problem))
    if fmt is MessageFormat.json:
        typer.echo(as_json(results))
    raise typer.Exit(0 if all(ok for _e, _p, ok in results) else EXIT_INVALID)
