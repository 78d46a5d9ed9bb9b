"""Build many documents: every one validated first, then the valid ones built, in
parallel worker processes, one outcome per document.

`check_all` prepares each document once (load, validate, analyze, rules) and says which
are invalid, all at once, before anything is built; `build_many` builds the others from
what was prepared, so nothing is computed twice: worker processes are forked after
the documents are prepared and the heavy modules imported, so each starts warm and
holds the prepared documents. A failing document never stops the others.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kam.i18n import language
from kam.problems import KamError, Problem
from kam.registry import DOCUMENT_FORMATS

if TYPE_CHECKING:
    from kam.pipeline import Prepared


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
    formats: tuple[str, ...] = DOCUMENT_FORMATS
    strict: bool = False
    pdf_variant: str | None = None
    keep_layout: bool = False  # watch mode: see kam.pipeline.build
    compare_to: str | None = None  # a git revision: the document lists what changed since
    edition: str = "internal"  # or "customer": kam.pipeline.editions


# Prepared documents are kept for their builds up to this many portfolio customers in
# all (a million take about 200 MB: kam.load.tables.CustomerTable); the documents past
# it keep only their verdict and are prepared again when built.
KEPT_CUSTOMERS = 2_000_000


@dataclass
class Ready:
    """A document that validated, prepared once, waiting for its build (`prepared` is
    None when the batch keeps too much already: its build prepares it again)."""

    entry: Path
    prepared: Prepared | None
    seconds: float  # what preparing it took, counted in its build's time
    language: str  # of its messages


@dataclass
class Checked:
    """The documents of a batch, validated: the ones to build and the invalid ones."""

    ready: list[Ready] = field(default_factory=list)
    invalid: list[Outcome] = field(default_factory=list)


def check_one(entry: Path, options: Options) -> Ready | Outcome:
    """Prepare `entry`: Ready to build, or the Outcome of an invalid document (with
    `strict`, warnings make it invalid). Never raises."""
    from kam.pipeline import prepare

    start = time.perf_counter()
    try:
        prepared, problems = prepare(entry)
    except Exception as exc:  # noqa: BLE001 - reported as an internal error, not a crash
        return _internal(entry, exc, start)
    seconds = time.perf_counter() - start
    if prepared is None or (options.strict and problems.warnings):
        return Outcome(entry, False, [], problems.items, seconds, language=language())
    return Ready(entry, prepared, seconds, language())


def check_all(
    entries: Sequence[Path], options: Options, started: Callable[[Path], None] | None = None
) -> Checked:
    """Validate every entry, in order, before any is built (`started` is told of each).
    In this process: worker processes were measured slower at it (forking them and
    sending the prepared documents back cost more than they save), and the builds'
    workers inherit what was prepared here."""
    checked = Checked()
    kept = 0
    for entry in entries:
        if started is not None:
            started(entry)
        found = check_one(entry, options)
        if isinstance(found, Outcome):
            checked.invalid.append(found)
            continue
        rows = _customers(found.prepared)
        if rows and kept + rows > KEPT_CUSTOMERS:
            found.prepared = None
        else:
            kept += rows
        checked.ready.append(found)
    return checked


def _customers(prepared: Prepared | None) -> int:
    table = prepared.loaded.tables.customers if prepared is not None else None
    return len(table.ids) if table is not None else 0


def build_one(
    entry: Path, options: Options, ready: Ready | None = None, helpers: int = 0
) -> Outcome:
    """Build one document (from what was prepared, when `ready`); never raises. The
    outcome says in which language to report it: the document's (kam.load set it in
    this process, which may be a worker)."""
    from kam.pipeline import build_document

    start = time.perf_counter()
    before = ready.seconds if ready is not None else 0.0
    try:
        built = build_document(
            entry,
            options.out_dir,
            options.formats,
            options.strict,
            options.pdf_variant,
            options.keep_layout,
            options.compare_to,
            options.edition,
            ready=ready.prepared if ready is not None else None,
            helpers=helpers,
        )
    except KamError as exc:
        return Outcome(
            entry, False, [], exc.problems.items, before + time.perf_counter() - start,
            language=_speaking(ready),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - reported as an internal error, not a crash
        return _internal(entry, exc, start - before, _speaking(ready))
    seconds = before + time.perf_counter() - start
    return Outcome(
        entry, True, built.written, built.problems.items, seconds, built.timings,
        language=_speaking(ready), locale=built.locale,
    )  # fmt: skip


def _speaking(ready: Ready | None) -> str:
    return ready.language if ready is not None else language()


def _internal(entry: Path, exc: Exception, start: float, speaking: str | None = None) -> Outcome:
    return Outcome(
        entry, False, seconds=time.perf_counter() - start,
        internal=f"{type(exc).__name__}: {exc}", language=speaking or language(),
    )  # fmt: skip


def warm_up(formats: Sequence[str]) -> None:
    """Import what every build needs and compile kam's templates, once, before workers
    are forked (each would take most of a second to compile them)."""
    import kam.render.context  # noqa: F401
    from kam.render import html as render

    env = render.environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
    if "pdf" in formats:
        from kam.render import pdf

        pdf.preload(render.font_css(render.DEFAULT_FONT, embed=False))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# The documents a pool's workers build: set before they are forked, so each inherits
# them (nothing prepared is sent to a worker, or prepared again there).
_batch: list[Ready] = []


def _build_at(index: int, options: Options) -> Outcome:
    ready = _batch[index]
    return build_one(ready.entry, options, ready)


def build_many(
    ready: Sequence[Ready],
    options: Options,
    jobs: int,
    started: Callable[[Path], None] | None = None,
) -> Iterator[Outcome]:
    """Yield one outcome per prepared document as builds finish (in order when `jobs`
    is 1). `started` is told of each build as it begins: in a pool, as the pool hands
    the documents out, in order, to the workers as they become free."""
    if jobs <= 1 or len(ready) <= 1:
        # One document alone may use a second process to paint its PDF.
        helpers = 1 if jobs > 1 and len(ready) == 1 else 0
        for item in ready:
            if started is not None:
                started(item.entry)
            outcome = build_one(item.entry, options, item, helpers)
            item.prepared = None  # built: what it held can go
            yield outcome
        return
    import multiprocessing  # a pool only for several builds: one build imports neither
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _batch
    warm_up(options.formats)
    workers = min(jobs, len(ready))
    context = multiprocessing.get_context("fork")
    _batch = list(ready)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_build_at, index, options) for index in range(len(ready))]
            waiting = iter(ready)
            for item in _first(waiting, workers):
                if started is not None:
                    started(item.entry)
            for future in as_completed(futures):
                yield future.result()
                following = next(waiting, None)  # a worker is free: it takes the next
                if following is not None and started is not None:
                    started(following.entry)
    finally:
        _batch = []


def _first(items: Iterator[Ready], count: int) -> list[Ready]:
    return [item for _i, item in zip(range(count), items, strict=False)]
