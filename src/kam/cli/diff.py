"""`kam diff`: what changed between two versions of a plan (two projects, or a
project and its own files at a git revision)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kam.cli.app import EXIT_INVALID, EXIT_USAGE, app
from kam.cli.choices import choices
from kam.i18n import _

#: text for a terminal, json for machines, markdown for a pull-request comment.
DIFF_FORMATS = ("text", "json", "markdown")
DiffFormat = choices("DiffFormat", DIFF_FORMATS)

DiffFiles = Annotated[
    list[Path],
    typer.Argument(
        help=_("OLD/account.yaml NEW/account.yaml, or one account.yaml with --rev."),
        show_default=False,
    ),
]
Rev = Annotated[
    str | None,
    typer.Option(
        "--rev",
        help=_("Compare the file with the project's own files at this git revision (HEAD~1)."),
    ),
]
DiffFormatOption = Annotated[
    DiffFormat,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help=_("text, json, or markdown (for a pull request).")),
]


@app.command(
    help=_(
        "Show what changed in a plan: objectives, actions, contacts, risks, key figures "
        "and sections. Exit 0 whether or not there are changes."
    )
)
def diff(
    files: DiffFiles,
    rev: Rev = None,
    fmt: DiffFormatOption = DiffFormat.text,  # type: ignore[attr-defined]
) -> None:
    from kam.cli.printing import display_path, err, print_problems
    from kam.compare import report
    from kam.pipeline.changes import diff_files, diff_rev

    if len(files) != (1 if rev is not None else 2):
        err(
            _(
                "kam diff: give two files (OLD/account.yaml NEW/account.yaml), or one "
                "file and --rev REV"
            )
        )
        raise typer.Exit(EXIT_USAGE)
    if rev is not None:
        found, problems = diff_rev(files[0], rev)
    else:
        found, problems = diff_files(files[0], files[1])
    print_problems(problems.items, quiet=True)
    if found is None:
        raise typer.Exit(EXIT_INVALID)
    old = rev if rev is not None else display_path(files[0])
    found.old_name = old
    if fmt.value == "json":
        typer.echo(report.as_json(found.changes, old, display_path(files[-1])), nl=False)
    elif fmt.value == "markdown":
        typer.echo(report.as_markdown(found.view()), nl=False)
    else:
        typer.echo(report.as_text(found.view()), nl=False)
