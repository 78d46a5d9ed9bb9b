"""Command line: parses arguments, calls the core, prints results, picks exit codes.

Exit codes: 0 ok, 1 invalid input (or a failed build), 2 usage error, 3 internal error
(a bug in kam). Messages go to standard error; machine-readable reports (JSON, GitHub
annotations, the schema) to standard output. Heavy modules are imported inside the
commands, so `kam --help` and `kam validate` stay fast.
"""

from __future__ import annotations

import os
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


class MessageFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class PdfVariant(StrEnum):
    ua1 = "pdf/ua-1"
    ua2 = "pdf/ua-2"
    a2b = "pdf/a-2b"
    a3b = "pdf/a-3b"
    a2u = "pdf/a-2u"
    a3u = "pdf/a-3u"


class Language(StrEnum):
    es = "es"
    en = "en"
    es_mx = "es-MX"
    es_es = "es-ES"
    en_us = "en-US"
    en_gb = "en-GB"


class Part(StrEnum):
    account = "account"
    analysis = "analysis"
    plan = "plan"
    rewards = "rewards"
    portfolio = "portfolio"


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
    from kam.cli.printing import clean

    typer.echo(clean(text), err=True)


def _print_problems(problems, quiet: bool = False) -> None:
    from kam.cli.printing import line
    from kam.problems import Severity

    for problem in problems:
        if quiet and problem.severity is Severity.WARNING:
            continue
        typer.echo(line(problem), err=True)


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
    quiet: Quiet = False,
) -> None:
    """Check documents without rendering them."""
    from kam.cli.printing import as_json, github
    from kam.pipeline import prepare

    results = []
    for entry in files:
        prepared, problems = prepare(entry)
        ok = prepared is not None and not problems.errors and not (strict and problems.warnings)
        results.append((entry, problems.items, ok))
        if fmt is MessageFormat.text:
            _print_problems(problems.items, quiet)
            if not quiet or not ok:
                _err(f"{entry}: {'valid' if ok else 'invalid'}")
        elif fmt is MessageFormat.github:
            for problem in problems.items:
                typer.echo(github(problem))
    if fmt is MessageFormat.json:
        typer.echo(as_json(results))
    raise typer.Exit(0 if all(ok for _e, _p, ok in results) else EXIT_INVALID)


def _check_targets(files: list[Path], output: Path | None) -> None:
    from kam.pipeline import output_name

    targets: dict[Path, Path] = {}
    for entry in files:
        key = (output or entry.parent).resolve() / output_name(entry)
        if key in targets:
            _err(
                f"kam: {targets[key]} and {entry} would both write {key}.*; "
                "build them into different folders with -o"
            )
            raise typer.Exit(EXIT_USAGE)
        targets[key] = entry


def _report(outcome, quiet: bool, verbose: bool, timings: bool, counter: str = "") -> None:
    """What one build printed: its problems, then what it wrote or that it failed."""
    _print_problems(outcome.problems, quiet)
    prefix = f"[{counter}] " if counter else ""
    if outcome.internal:
        _err(
            f"{prefix}{outcome.entry}: internal error ({outcome.internal}). This is a bug "
            "in kam; please report it with the command you ran."
        )
    elif not outcome.ok:
        _err(f"{prefix}{outcome.entry}: not built")
    elif not quiet:
        wrote = ", ".join(str(p) for p in outcome.written)
        _err(f"{prefix}{outcome.entry}: wrote {wrote} ({outcome.seconds:.2f} s)")
    if (timings or verbose) and outcome.timings:
        stages = ", ".join(f"{k} {v:.3f} s" for k, v in outcome.timings.items())
        _err(f"  timings: {stages}, total {outcome.seconds:.3f} s")


def _exit_code(outcomes) -> int:
    if any(o.internal for o in outcomes):
        return EXIT_INTERNAL
    return 0 if all(o.ok for o in outcomes) else EXIT_INVALID


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
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Parallel builds when several files are given. Default: the number of cores.",
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            "-w",
            help="After building, rebuild whenever an input changes (YAML, CSV, logo, "
            "templates). Stop with Ctrl-C.",
        ),
    ] = False,
    timings: Annotated[
        bool, typer.Option("--timings", help="Print the time of each stage.")
    ] = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Validate and render documents to PDF and HTML.

    The output is named after the input file (`plan.yaml` → `plan.pdf`), or after
    its folder when the file is called `account.yaml` (`ribera/account.yaml` →
    `ribera.pdf`).
    """
    from kam.pipeline.batch import Options, build_many, default_jobs

    _check_targets(files, output)
    options = Options(
        out_dir=output,
        formats=("pdf", "html") if fmt is OutputFormat.all else (fmt.value,),
        strict=strict,
        pdf_variant=pdf_variant.value if pdf_variant else None,
        keep_layout=watch,
    )
    workers = jobs or default_jobs()
    outcomes = []
    progress = _progress(len(files), quiet)
    for done, outcome in enumerate(build_many(files, options, workers), start=1):
        outcomes.append(outcome)
        counter = f"{done}/{len(files)}" if len(files) > 1 else ""
        if progress is not None:
            progress.advance(outcome, lambda o=outcome: _report(o, quiet, verbose, timings))
        else:
            _report(outcome, quiet, verbose, timings, counter)
    if progress is not None:
        progress.close(outcomes)
    if watch:
        _watch(files, options, quiet, verbose, timings)
    raise typer.Exit(_exit_code(outcomes))


class _Bar:
    """A progress bar on a terminal (rich), for batches; plain lines elsewhere (CI)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("building", total=total)
        self.progress.start()

    def advance(self, outcome, report) -> None:
        if not outcome.ok or outcome.problems:
            self.progress.stop()
            report()
            self.progress.start()
        self.progress.advance(self.task)

    def close(self, outcomes) -> None:
        self.progress.stop()
        built = sum(1 for o in outcomes if o.ok)
        _err(f"built {built} of {len(outcomes)} documents")


def _progress(total: int, quiet: bool) -> _Bar | None:
    if total < 2 or quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return _Bar(total)


def _watch(files, options, quiet: bool, verbose: bool, timings: bool) -> None:
    from kam.pipeline.watch import Notice, watch

    events = watch(files, options)  # settles where the projects are, before any change
    _err("watching for changes; press Ctrl-C to stop")
    try:
        for event in events:
            if isinstance(event, Notice):
                _err(f"kam: {event.text}")
                continue
            for outcome in event:
                _report(outcome, quiet, verbose, timings)
    except KeyboardInterrupt:
        pass
    raise typer.Exit(0)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Entry YAML file, e.g. account.yaml.")],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = ReportFormat.text,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score", min=0, max=100, help="Exit 1 when the overall score is below N."
        ),
    ] = None,
) -> None:
    """Review the plan's quality against the course's five evaluation criteria."""
    from kam.pipeline import prepare
    from kam.review import as_json, as_text, review

    prepared, problems = prepare(file)
    if prepared is None:
        _print_problems(problems.items)
        _err(f"{file}: invalid; fix these problems before a review")
        raise typer.Exit(EXIT_INVALID)
    result = review(prepared.doc, prepared.figures)
    lang = prepared.doc.locale[:2]
    typer.echo(as_json(result) if fmt is ReportFormat.json else as_text(result, lang=lang))
    if min_score is not None and result.overall < min_score:
        _err(f"{file}: overall score {result.overall} is below --min-score {min_score}")
        raise typer.Exit(EXIT_INVALID)


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder for the new project (created if needed).")
    ] = Path("."),
    locale: Annotated[
        Language, typer.Option("--locale", "-l", help="Language (and region) of the project.")
    ] = Language.es,
    account: Annotated[
        str | None, typer.Option("--account", help="Name of the key account.")
    ] = None,
    company: Annotated[str | None, typer.Option("--company", help="Name of your company.")] = None,
) -> None:
    """Create a starter project that validates and builds as it is. Never overwrites."""
    from kam.pipeline import today
    from kam.starter import ScaffoldError, scaffold

    try:
        written = scaffold(folder, locale.value, account=account, company=company, today=today())
    except (ScaffoldError, ValueError) as exc:
        _err(f"kam: {exc}")
        raise typer.Exit(EXIT_INVALID) from None
    for path in written:
        _err(f"created {path}")
    _err(f"next: kam build {folder / 'account.yaml'}")


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file instead of standard output."),
    ] = None,
    part: Annotated[
        Part, typer.Option("--part", help="The schema of account.yaml or of an included file.")
    ] = Part.account,
) -> None:
    """Print the JSON Schema of the input format (for editors and CI)."""
    from kam.models.schema import dumps, part_schema
    from kam.pipeline.outputs import OutputError, write_text_atomic

    text = dumps(part_schema(part.value))
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomic(output, text)
    except OutputError as exc:
        _err(f"kam: {exc}")
        raise typer.Exit(EXIT_INVALID) from None
    _err(f"wrote {output}")


def main() -> None:
    """Entry point: run the app, turning unexpected exceptions into a short report."""
    if os.environ.get("NO_COLOR"):
        import typer.core

        typer.core.HAS_RICH = False  # plain help text: no colors, no styles
    from kam import interrupt

    interrupt.install()
    try:
        app()
    except SystemExit as exc:
        if interrupt.received is not None and exc.code:
            # typer turns Ctrl-C into a silent exit 130; SIGTERM and SIGHUP exit 128 + N.
            _err("kam: interrupted; no output was written by the build in progress")
        raise exc from None
    except KeyboardInterrupt:
        _err("kam: interrupted; no output was written by the build in progress")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        from kam.cli.printing import clean

        detail = clean(f"{type(exc).__name__}: {exc}")
        if len(detail) > 300:
            detail = detail[:299] + "…"
        _err(
            f"kam: internal error ({detail}). This is a bug in kam; "
            "please report it with the command you ran."
        )
        sys.exit(EXIT_INTERNAL)
