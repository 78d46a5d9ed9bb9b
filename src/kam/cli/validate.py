"""`kam validate`: check documents without rendering them; with --changed, the
documents that read the files given (a pre-commit hook passes the changed files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kam.cli.app import EXIT_INVALID, Files, MessageFormatOption, Quiet, Strict, app
from kam.cli.choices import MessageFormat
from kam.i18n import _

Changed = Annotated[
    bool,
    typer.Option(
        "--changed",
        help=_(
            "The files given are changed files of any kind (plan.yaml, a CSV or Excel "
            "table, the logo, kam-workspace.yaml): validate every document that reads "
            "them. For pre-commit hooks."
        ),
    ),
]


@app.command(help=_("Check documents without rendering them."))
def validate(
    files: Files,
    strict: Strict = False,
    fmt: MessageFormatOption = MessageFormat.text,
    quiet: Quiet = False,
    changed: Changed = False,
) -> None:
    from kam.cli.printing import as_json, err, github, print_problems
    from kam.pipeline import prepare

    entries = _documents(files, quiet) if changed else files
    results = []
    for entry in entries:
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


def _documents(files: list[Path], quiet: bool) -> list[Path]:
    """The documents that read the changed `files` (kam.pipeline.entries)."""
    from kam.cli.printing import err
    from kam.pipeline.entries import affected

    entries = affected(files)
    if not entries and not quiet:
        err(_("kam: no document reads the changed files; nothing to validate"))
    return entries
