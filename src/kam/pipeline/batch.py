"""Build many documents, in parallel worker processes, one outcome per document.

A failing document never stops the others. Workers are forked after the heavy modules
are imported, so each starts warm.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kam.i18n import language
from kam.problems import KamError, Problem


@dataclass
class Outcome:
    entry: Path
    ok: bool
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    internal: str | None = None  # an unexpected exception: a bug in kam
    language: str | None = None  # of the messages: the document's, once it was read
    locale: str | None = None  # the document's, when it was built (how numbers are written)


@dataclass(frozen=True)
class Options:
    out_dir: Path | None = None
    formats: tuple[str, ...] = ("pdf", "html")
    strict: bool = False
    pdf_variant: str | None = None
    keep_layout: bool = False  # watch mode: see kam.pipeline.build
    compare_to: str | None = None  # a git revision: the document lists what changed since


def build_one(entry: Path, options: Options) -> Outcome:
    """Build one document; never raises. The outcome says in which language to report
    it: the document's (kam.load set it in this process, which may be a worker)."""
    from kam.pipeline import build_document

    start = time.perf_counter()
    try:
        built = build_document(
            entry,
            options.out_dir,
            options.formats,
            options.strict,
            options.pdf_variant,
            options.keep_layout,
            options.compare_to,
        )
    except KamError as exc:
        return Outcome(
            entry, False, [], exc.problems.items, time.perf_counter() - start,
            language=language(),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - reported as an internal error, not a crash
        return Outcome(
            entry, False, seconds=time.perf_counter() - start,
            internal=f"{type(exc).__name__}: {exc}", language=language(),
        )  # fmt: skip
    seconds = time.perf_counter() - start
    return Outcome(
        entry, True, built.written, built.problems.items, seconds, built.timings,
        language=language(), locale=built.locale,
    )  # fmt: skip


def warm_up(formats: Sequence[str]) -> None:
    """Import what every build needs, once, before workers are forked."""
    import kam.render.context  # noqa: F401
    import kam.render.html  # noqa: F401

    if "pdf" in formats:
        from kam.render import html as render
        from kam.render import pdf

        pdf.preload(render.font_css(render.DEFAULT_FONT))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_many(entries: Sequence[Path], options: Options, jobs: int) -> Iterator[Outcome]:
    """Yield one outcome per entry as builds finish (in order when `jobs` is 1)."""
    if jobs <= 1 or len(entries) <= 1:
        for entry in entries:
            yield build_one(entry, options)
        return
    import multiprocessing

    warm_up(options.formats)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(entries)), mp_context=context) as pool:
        futures = [pool.submit(build_one, entry, options) for entry in entries]
        for future in as_completed(futures):
            yield future.result()
