"""`kam build`: validate and render documents, in parallel; with --watch, again on
every change."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kam.cli.app import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_USAGE,
    EditionOption,
    Files,
    Jobs,
    OutputFolder,
    OutputFormatOption,
    PdfVariantOption,
    Quiet,
    Strict,
    Timings,
    Verbose,
    Watch,
    app,
)
from kam.cli.choices import Edition, OutputFormat
from kam.i18n import _

if TYPE_CHECKING:
    from kam.pipeline.batch import Options, Outcome

CompareTo = Annotated[
    str | None,
    typer.Option(
        "--compare-to",
        metavar="REV",
        help=_(
            'Add a section "Changes since the previous version": what changed since this '
            "git revision (e.g. HEAD~1, main, a tag)."
        ),
    ),
]


@app.command(
    help=_(
        "Validate and render documents to PDF and HTML.\n\n"
        "The output is named after the input file (`plan.yaml` → `plan.pdf`), or after "
        "its folder when the file is called `account.yaml` (`ribera/account.yaml` → "
        "`ribera.pdf`)."
    )
)
def build(
    files: Files,
    output: OutputFolder = None,
    fmt: OutputFormatOption = OutputFormat.document,
    strict: Strict = False,
    pdf_variant: PdfVariantOption = None,
    jobs: Jobs = None,
    watch: Watch = False,
    timings: Timings = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    compare_to: CompareTo = None,
    edition: EditionOption = Edition.internal,
) -> None:
    from kam.pipeline.batch import Options, default_jobs
    from kam.registry import DOCUMENT_FORMATS, OUTPUT_FORMATS

    formats = {OutputFormat.all: OUTPUT_FORMATS, OutputFormat.document: DOCUMENT_FORMATS}.get(
        fmt, (fmt.value,)
    )
    _check_targets(files, output, formats, edition.value)
    options = Options(
        out_dir=output,
        formats=formats,
        strict=strict,
        pdf_variant=pdf_variant.value if pdf_variant else None,
        keep_layout=watch,
        compare_to=compare_to,
        edition=edition.value,
    )
    events = None
    if watch:  # inputs noted before the first build: an edit saved while it runs is rebuilt
        from kam.pipeline.watch import watch as watching

        events = watching(files, options)
    outcomes = _build_all(files, options, jobs or default_jobs(), quiet, verbose, timings)
    if events is not None:
        _watch(events, quiet, verbose, timings)
    raise typer.Exit(_exit_code(outcomes))


def _check_targets(
    files: list[Path], output: Path | None, formats: Sequence[str], edition: str
) -> None:
    """A usage error, before anything is built, when two files would write the same
    outputs."""
    from kam.cli.printing import err
    from kam.pipeline import output_paths

    writers: dict[Path, Path] = {}
    for entry in files:
        for fmt, target in output_paths(entry, output, formats, edition).items():
            key = target.parent.resolve() / target.name
            if key in writers:
                written = str(key).removesuffix(f".{fmt}")
                err(
                    _(
                        "kam: {first} and {second} would both write {written}.*; "
                        "build them into different folders with -o",
                        first=writers[key],
                        second=entry,
                        written=written,
                    )
                )
                raise typer.Exit(EXIT_USAGE)
            writers[key] = entry


def _build_all(
    files: list[Path], options: Options, workers: int, quiet: bool, verbose: bool, timings: bool
) -> list[Outcome]:
    """Validate every file first and report the invalid ones at once; then build the
    others, reporting each as it ends (under a progress bar on a terminal)."""
    from kam.cli.progress import display
    from kam.pipeline.batch import build_many, check_all

    shown = display(len(files), quiet, verbose, timings)
    checked = check_all(files, options, shown.validating)
    shown.invalid(checked.invalid, len(checked.ready))
    outcomes = list(checked.invalid)
    for outcome in build_many(checked.ready, options, workers, shown.started):
        outcomes.append(outcome)
        shown.finished(outcome)
    shown.close(outcomes)
    return outcomes


def _exit_code(outcomes: list[Outcome]) -> int:
    if any(o.internal for o in outcomes):
        return EXIT_INTERNAL
    return 0 if all(o.ok for o in outcomes) else EXIT_INVALID


def _watch(events: Iterator, quiet: bool, verbose: bool, timings: bool) -> None:
    """Rebuild on every change until Ctrl-C, then exit 0."""
    from kam.cli.printing import err, report
    from kam.pipeline.watch import Notice

    err(_("watching for changes; press Ctrl-C to stop"))
    try:
        for event in events:
            if isinstance(event, Notice):
                err(f"kam: {event.text}")
                continue
            for outcome in event:
                report(outcome, quiet, verbose, timings)
    except KeyboardInterrupt:
        pass
    raise typer.Exit(0)
