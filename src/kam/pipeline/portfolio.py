"""`kam portfolio`: prepare many accounts, roll them up, write the roll-up.

Each account is prepared once (load, validate, analyze, rules) and reviewed as
`kam check` reviews it; an account that fails is kept with its first error and the
others still roll up. With several cores, accounts are prepared in worker processes
(forked warm, as `batch` does) and only their rows come back. The outputs
(`portfolio.html`, `portfolio.pdf`) are written all or none (`outputs`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kam.i18n import _
from kam.pipeline import pdf_first, prepare, today
from kam.pipeline.outputs import OutputError, Outputs
from kam.problems import KamError, Problem, Problems
from kam.rollup import AccountRow, Failure, Rollup, account_row, roll_up

#: The roll-up's outputs, named once.
NAME = "portfolio"
#: Fewer accounts than this are prepared in this process (forking costs more).
PARALLEL_FROM = 8

Show = Callable[[Path], str]


def one(entry: Path, show: Show = str) -> AccountRow | Failure:
    """One account's row, or its first error. Never raises (but for Ctrl-C)."""
    try:
        prepared, problems = prepare(entry)
        if prepared is None:
            return Failure(show(entry), first_error(problems, show))
        return account_row(
            show(entry),
            prepared.doc,
            prepared.figures,
            prepared.problems.warnings,
            prepared.loaded.source.pos,
        )
    except Exception as exc:  # noqa: BLE001 - one account's bug must not stop the others
        reason = f"{type(exc).__name__}: {exc}"
        return Failure(
            show(entry), _("internal error ({reason}); this is a bug in kam", reason=reason)
        )


def first_error(problems: Problems, show: Show) -> str:
    """`file:line:col: message` of the first error (its key before the message)."""
    errors = problems.errors
    if not errors:
        return _("the document is not valid")
    problem: Problem = errors[0]
    where = problem.pos.label(show(problem.pos.file)) + ": " if problem.pos else ""
    key = f"{problem.key}: " if problem.key else ""
    return f"{where}{key}{problem.message}"


def collect(
    entries: Sequence[Path],
    show: Show = str,
    jobs: int = 1,
    meanwhile: Callable[[], None] | None = None,
) -> list[AccountRow | Failure]:
    """Each entry's row or failure, in the order given. With workers, this process
    runs `meanwhile` while they prepare the accounts."""
    if jobs <= 1 or len(entries) < PARALLEL_FROM:
        return [one(Path(entry), show) for entry in entries]
    import multiprocessing

    import kam.review  # noqa: F401 - imported before forking: every worker starts warm

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(entries)), mp_context=context) as pool:
        futures = [pool.submit(one, Path(entry), show) for entry in entries]
        if meanwhile is not None:
            meanwhile()
        return [future.result() for future in futures]


def warm_pdf() -> None:
    """Import the PDF renderer and parse the fonts (the PDF's first 0.7 s)."""
    from kam.render import html as render
    from kam.render import pdf

    pdf.preload(render.font_css(embed=False))


def portfolio(
    entries: Sequence[Path],
    locale: str | None = None,
    show: Show = str,
    jobs: int = 1,
    pdf: bool = False,
) -> Rollup:
    """The roll-up of `entries`, in `locale` (default: the first account's). With
    `pdf`, the PDF renderer warms up while worker processes prepare the accounts."""
    results = collect(entries, show, jobs, warm_pdf if pdf else None)
    rows = [r for r in results if isinstance(r, AccountRow)]
    failures = [r for r in results if isinstance(r, Failure)]
    chosen = locale or (rows[0].locale if rows else None) or "en"
    return roll_up(rows, failures, chosen, today())


def rollup_paths(out_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    """Where the roll-up writes each format: `portfolio.html`, `portfolio.pdf` in
    `out_dir` (one name for every portfolio, unlike a document's `output_paths`)."""
    return {fmt: Path(out_dir) / f"{NAME}.{fmt}" for fmt in formats}


def write(rollup: Rollup, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Write the roll-up's HTML and PDF into `out_dir`, all or none. Raises KamError."""
    from kam.rollup import view

    problems = Problems()
    html = view.render_html(rollup)
    targets = rollup_paths(out_dir, formats)
    try:
        with Outputs() as outputs:
            if "html" in targets:
                outputs.write_text(targets["html"], html)
            if "pdf" in targets:
                target = targets["pdf"]
                if not _write_pdf(html, outputs.stage(target), target, rollup, problems):
                    raise KamError(problems)
            written = outputs.commit()
    except OutputError as exc:
        problems.error(exc.message)
        raise KamError(problems) from None
    return pdf_first(written)


def _write_pdf(html: str, tmp: Path, target: Path, rollup: Rollup, problems: Problems) -> bool:
    """The PDF through kam's PDF stage: it fetches nothing (the page is self-contained)."""
    from kam.pipeline.outputs import output_error
    from kam.render import html as render
    from kam.render import pdf

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    job = pdf.PdfJob(
        root=target.parent.resolve(),
        identifier=identifier,
        font_css=render.font_css(),
        font_files=render.font_css(embed=False),
        when=rollup.when,
    )
    try:
        return pdf.write_pdf(html, tmp, job, problems)
    except OSError as exc:
        raise output_error(target, exc) from None
