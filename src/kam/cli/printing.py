"""What the command line prints: messages on standard error, problems (one line each,
`file:line:col: key: message`), the outcome of a build, the JSON report and GitHub
annotations. Imported by the commands' bodies, not at start-up (`kam --help`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kam.i18n import _, babel_locale, code_language, speaking
from kam.problems import Omitted, Problem, Severity
from kam.text import clean, escape_unprintable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kam.pipeline.batch import Outcome


def err(text: str) -> None:
    """A message on standard error, its control characters escaped."""
    typer.echo(clean(text), err=True)


def print_problems(problems: Iterable[Problem], quiet: bool = False) -> None:
    """One line each on standard error; with `quiet`, the errors only."""
    for problem in problems:
        if quiet and problem.severity is Severity.WARNING:
            continue
        typer.echo(line(problem), err=True)


def report(outcome: Outcome, quiet: bool, verbose: bool, timings: bool, counter: str = "") -> None:
    """What one build printed: its problems, then what it wrote or that it failed, in
    the document's language (a worker process read it)."""
    print_problems(outcome.problems, quiet)
    prefix = f"[{counter}] " if counter else ""
    with speaking(outcome.language):
        if outcome.internal:
            err(
                prefix
                + _(
                    "{file}: internal error ({detail}). This is a bug in kam; please report "
                    "it with the command you ran.",
                    file=outcome.entry,
                    detail=outcome.internal,
                )
            )
        elif not outcome.ok:
            err(prefix + _("{file}: not built", file=outcome.entry))
        elif not quiet:
            err(
                prefix
                + _(
                    "{file}: wrote {files} ({seconds} s)",
                    file=outcome.entry,
                    files=", ".join(str(p) for p in outcome.written),
                    seconds=seconds(outcome.seconds, 2, outcome.locale),
                )
            )
        if (timings or verbose) and outcome.timings:
            stages = ", ".join(
                f"{k} {seconds(v, 3, outcome.locale)} s" for k, v in outcome.timings.items()
            )
            total = seconds(outcome.seconds, 3, outcome.locale)
            err("  " + _("timings: {stages}, total {total} s", stages=stages, total=total))


def seconds(value: float, digits: int, locale: str | None) -> str:
    """A time in seconds as the document's locale writes numbers (`1,25` in es-ES,
    `1.25` in es-MX and English)."""
    text = f"{value:.{digits}f}"
    if not locale or code_language(locale) == "en":
        return text
    from babel import UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        babel = babel_locale(locale)
    except (ValueError, KeyError, UnknownLocaleError):  # a locale kam does not speak
        return text
    return format_decimal(round(value, digits), format="0." + "0" * digits, locale=babel)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def line(problem: Problem) -> str:
    where = ""
    if problem.pos is not None:
        where = problem.pos.label(display_path(problem.pos.file)) + ": "
    key = f"{problem.key}: " if problem.key else ""
    warning = problem.severity is Severity.WARNING and not isinstance(problem, Omitted)
    tag = "warning: " if warning else ""
    excerpt = "".join("\n" + clean(row) for row in problem.excerpt.splitlines())
    return clean(f"{where}{tag}{key}{problem.message}") + excerpt


def _entry(problem: Problem) -> dict[str, object]:
    pos = problem.pos
    return {
        "severity": problem.severity.value,
        "code": problem.code or None,
        "file": display_path(pos.file) if pos else None,
        "line": pos.line if pos else None,
        "column": pos.col if pos else None,
        "key": problem.key or None,
        "message": problem.message,
    }


def as_json(results: list[tuple[Path, list[Problem], bool]]) -> str:
    """The JSON report of `kam validate --format json` (schema version 1, documented
    in docs/validation.md)."""
    import json

    files = []
    for entry, items, ok in results:
        listed = [p for p in items if not isinstance(p, Omitted)]
        rest = [p for p in items if isinstance(p, Omitted)]
        errors = sum(1 for p in listed if p.severity is Severity.ERROR)
        files.append(
            {
                "file": display_path(entry),
                "valid": ok,
                "errors": errors + sum(p.errors for p in rest),
                "warnings": len(listed) - errors + sum(p.warnings for p in rest),
                "omitted": sum(p.errors + p.warnings for p in rest),
                "problems": [_entry(p) for p in listed],
            }
        )
    report = {"version": 1, "valid": all(ok for _e, _i, ok in results), "files": files}
    # json.dumps escapes C0 controls only; the rest of UNPRINTABLE is escaped here the
    # same way (`\u0085`), which keeps the JSON valid and reads back to the same text.
    # Outside strings the JSON text is ASCII, so only string contents change.
    return escape_unprintable(json.dumps(report, ensure_ascii=False, indent=2))


def _escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return clean(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problem: Problem) -> str:
    """A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`)."""
    level = "warning" if problem.severity is Severity.WARNING else "error"
    props = []
    if problem.pos is not None:
        props = [
            f"file={_escape_property(display_path(problem.pos.file))}",
            f"line={problem.pos.line}",
            f"col={problem.pos.col}",
        ]
    key = f"{problem.key}: " if problem.key else ""
    head = f"::{level} {','.join(props)}::" if props else f"::{level}::"
    return head + _escape_data(key + problem.message)
