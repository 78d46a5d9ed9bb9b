"""HTML to PDF with WeasyPrint, fetching nothing but data: URIs and project files."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from kam import cycles, interrupt, stand_ins
from kam.i18n import N_, _
from kam.load.images import shorten
from kam.problems import Pos, Problems, position
from kam.text import number

#: A renderer message is cut to this many characters, and a data: URI in it to its
#: type and a few characters (a broken 8 MB image would otherwise fill the terminal).
MAX_MESSAGE_CHARS = 300
_DATA_URI = re.compile(r"data:[^\s'\")]*")
_CSS_POSITION = re.compile(r" at (\d+):(\d+)")

#: WeasyPrint warnings about the machine, not the document: not errors.
_SETUP_NOTES = ("Using fontTools instead of HarfBuzz-Subset",)

MISSING_LIBRARY = N_(
    "PDF output needs the Pango library, which could not be loaded ({detail}). Install "
    "it: on Debian or Ubuntu `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`; "
    "on macOS `brew install pango`; on Windows see "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html. "
    "HTML output works without it: kam build --format html"
)


class MissingLibrary(Exception):
    """WeasyPrint cannot load a system library (Pango, GObject): the user's setup."""

    def __str__(self) -> str:
        return self.args[0]  # translated, with its English source


def _weasyprint():
    """Import WeasyPrint, or raise MissingLibrary saying what to install. WeasyPrint
    prints a banner to standard output when a library is missing: kept off it, since
    kam's standard output is for reports."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), _fonttools_on_demand():
            try:
                with _libraries_found_quickly():
                    import weasyprint
            except OSError:  # a library the linker's cache does not list: the slow search
                import weasyprint
    except OSError as exc:
        found = re.search(r"cannot load library '([^']+)'", str(exc))
        if found:
            detail = _("cannot load {library}", library=found.group(1))
        else:
            detail = shorten(str(exc), 80)
        raise MissingLibrary(_(MISSING_LIBRARY, detail=detail)) from None
    return weasyprint


@contextlib.contextmanager
def _libraries_found_quickly() -> Iterator[None]:
    """WeasyPrint's import with the system libraries looked up in one reading of the
    linker's cache (`ldconfig -p`), on Linux.

    Why: WeasyPrint tries several names for each library (the Windows and macOS ones
    first), and for each name that does not load, cffi asks ctypes.util.find_library,
    which on Linux runs `ldconfig -p`, then gcc, then ld: 54 processes and about 0.25 s
    of every PDF build on this machine. Here a name the cache does not list is not found;
    when that leaves a library WeasyPrint needs missing, the caller imports it again
    with the usual search. With LD_LIBRARY_PATH set (which only ld's search honours),
    nothing changes."""
    import ctypes.util

    if sys.platform != "linux" or os.environ.get("LD_LIBRARY_PATH"):
        yield
        return
    original, listing = ctypes.util.find_library, []

    def find_library(name: str) -> str | None:
        if not listing:
            listing.append(_linker_cache())
        found = re.search(_cache_entry(name), listing[0])
        return os.fsdecode(found.group(1)) if found else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _linker_cache() -> bytes:
    """`ldconfig -p`, as ctypes.util reads it (empty when it cannot be run)."""
    import subprocess

    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return b""


def _cache_entry(name: str) -> bytes:
    """The pattern ctypes.util matches in `ldconfig -p` for library `name`."""
    import struct

    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
    }.get(machine, "libc6")
    return os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}")


#: The fontTools modules WeasyPrint imports for what few PDFs need: subsetting fonts
#: when HarfBuzz cannot (fontTools.subset), and a variable font's instance
#: (instantiateVariableFont, in fontTools.varLib), with the functions imported by name.
_ON_DEMAND = {
    "fontTools.subset": (),
    "fontTools.varLib": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
}


@contextlib.contextmanager
def _fonttools_on_demand() -> Iterator[None]:
    """WeasyPrint's import with each module of `_ON_DEMAND` standing in for itself: an
    empty module whose attributes, and the functions it names, import the real module
    when they are first read or called. Afterwards the real modules import as usual.

    Why: they import most of fontTools' tables (about 60 ms and 8 MB of every PDF
    build), and fontTools.subset imports lxml (6 MB more, installed for python-pptx's
    decks) to subset SVG tables. WeasyPrint subsets fonts with HarfBuzz when
    libharfbuzz-subset loads; without it, fontTools.subset is imported at the first
    font subset, lxml with it, as if WeasyPrint had imported them."""
    placed = [
        name
        for name, functions in _ON_DEMAND.items()
        if stand_ins.place(name, **{f: stand_ins.real_function(name, f) for f in functions})
    ]
    try:
        yield
    finally:
        for name in placed:
            stand_ins.forget(name)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ProjectFetcher(URLFetcher):
        """Allow data: URIs and regular files inside the project folder; refuse the rest."""

        def __init__(self, root: Path, refused: list[str]):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.root = root.resolve()
            self.refused = refused

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"kam refused to fetch {url!r}")

    return ProjectFetcher


@cache
def _fonts(font_css: str):
    """The bundled fonts, parsed once per process: a warm process (watch mode, batch
    workers) reuses them, and the HTML parser never sees the fonts' data URIs. Given
    as file: URLs of kam's own fonts (PdfJob.font_files), they are read from there."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    return CSS(string=font_css, font_config=config), config


def preload(font_css: str) -> None:
    """Parse the bundled fonts (PdfJob.font_files, or font_css where there are no
    files) and start fontconfig and Pango, e.g. in a parent
    process before it forks build workers, so that every worker starts warm. Without
    Pango, nothing: each build reports it."""
    try:
        weasyprint = _weasyprint()
    except MissingLibrary:
        return
    css, config = _fonts(font_css)
    weasyprint.HTML(string="<p>kam</p>").write_pdf(stylesheets=[css], font_config=config)


# Drop the cached fonts before the interpreter tears modules down, so WeasyPrint can
# remove its temporary font folder cleanly.
atexit.register(_fonts.cache_clear)


#: Layouts kept by a warm process (watch mode), by output file: see kam.render.pdf.incremental.
_kept: dict[str, tuple[str, object]] = {}  # (the fonts' CSS, kam.render.pdf.incremental.Layout)
#: The pages painted by the last write of each kept output (kam.render.pdf.painted.Painter).
_painters: dict[str, Any] = {}
_painting: Any = None  # the Painter of the write under way, if any


@dataclass(frozen=True)
class PdfJob:
    """What a PDF is made of besides its HTML."""

    root: Path  # the project folder: the only files the renderer may read
    identifier: bytes  # the PDF's /ID: the same input gives the same bytes
    variant: str | None = None  # one of kam.registry.PDF_VARIANTS, e.g. "pdf/ua-1"
    font_css: str = ""  # the @font-face block in the HTML: applied from a cache instead
    font_files: str = ""  # the same rules reading kam's font files (parsed much faster)
    helpers: int = 0  # processes it may fork to lay out and paint pages (parallel, helper)
    own_templates: bool = False  # kam's templates: parts may be laid out alone (incremental)
    keep: str | None = None  # watch mode: keep the layout under this name (see incremental)
    when: dt.date | None = None  # dates fontTools' subset fonts when SOURCE_DATE_EPOCH is unset
    user_css: tuple[Path, str] | None = None  # the project's style.css, where CSS messages point


def write_pdf(
    html: str,
    target: Path,
    job: PdfJob,
    problems: Problems,
    timings: dict[str, float] | None = None,
) -> bool:
    """Render `html` to a tagged PDF at `target`. WeasyPrint's warnings and refused
    fetches are errors (reported to `problems`, and False returned), while laying out
    and while drawing. `timings` receives the time of the layout and of the writing.

    Why the ceremony: WeasyPrint swallows every exception while it draws an SVG, so
    Ctrl-C, SIGTERM and the time budget are recorded and checked once WeasyPrint
    returns, before the caller renames the file into place."""
    try:
        renderer = _Renderer(_weasyprint(), html, job)
    except MissingLibrary as exc:
        problems.error(str(exc))
        return False
    with renderer.listening():
        try:
            with (
                _source_date(job.when),
                interrupt.recording(),
                _deadline() as deadline,
                cycles.rarely(),
            ):
                start = time.perf_counter()
                document, stage = _lay_out(renderer, job)
                if not renderer.judge(deadline, problems, document is not None):
                    return False
                written = time.perf_counter()
                renderer.forget()  # what the layout complained of is judged already
                painter = _painter_for(job.keep)
                _write(document, target, job, painter, renderer)
                # SVG images are drawn, and their images fetched, only now.
                if not renderer.judge(deadline, problems, not renderer.failed()):
                    _forget(job.keep)
                    return False
        except _TimeUp:
            _forget(job.keep)
            return deadline.report(problems)
    if timings is not None:
        timings[stage] = written - start
        stage = "write"
        if painter is not None:
            stage += f" ({painter.reused} of {len(document.pages)} pages as painted before)"
        timings[stage] = time.perf_counter() - written
    return True


def _write(document, target: Path, job: PdfJob, painter, renderer: _Renderer) -> None:
    """Write the laid-out `document`; with a `painter` (watch mode), the pages painted
    by the last write are not painted again (kam.render.pdf.painted); with
    `job.helpers`, a forked copy paints the second half (kam.render.pdf.helper)."""
    global _painting
    for page in document.pages:
        page.__class__ = _joined(type(page))
    helper = None
    if painter is not None:
        painter.start()
    elif _forks(job):
        from kam.render.pdf.helper import start

        helper = start(document, SCALE, renderer.handler.messages, renderer.refused)
    _painting = painter or helper
    try:
        with _page_references_kept():
            document.write_pdf(
                target,
                pdf_identifier=job.identifier,
                pdf_variant=job.variant,
                pdf_tags=True,
                uncompressed_pdf=False,
                finisher=_serialize_once,
            )
    except BaseException:
        _forget(job.keep)
        raise
    finally:
        _painting = None
        if helper is not None:  # reaped, and what WeasyPrint reported in it reported here
            helper.stop()
            renderer.handler.messages.extend(helper.messages)
            renderer.refused.extend(helper.refused)
    if painter is not None:
        painter.written(document.pages)


@contextlib.contextmanager
def _page_references_kept() -> Iterator[None]:
    """pydyf's `PDF.page_references` made once for each number of pages, while
    WeasyPrint writes.

    Why: pydyf makes a new tuple of every page's reference each time it is read, and
    WeasyPrint's tags read it for each element they mark: 7,214 times for ribera's 32
    pages, 38 ms of every write."""
    import pydyf

    made = pydyf.PDF.__dict__["page_references"]

    def kept(pdf):
        count = len(pdf.pages["Kids"])
        found = pdf.__dict__.get(REFERENCES)
        if found is None or found[0] != count:
            found = pdf.__dict__[REFERENCES] = (count, made.fget(pdf))
        return found[1]

    pydyf.PDF.page_references = property(kept)
    try:
        yield
    finally:
        pydyf.PDF.page_references = made


#: Where a pydyf.PDF keeps its page references while it is written, with their count.
REFERENCES = "_kam_references"


def _forks(job: PdfJob) -> bool:
    """Whether the PDF may be laid out and painted with a forked copy's help: it may use
    another process, it is not watch mode's (which keeps its own layout and paint), and
    no variant gives it a colour profile as WeasyPrint starts writing (PDF/A's sRGB
    output intent: pages the copy made before that would name another default colour
    space)."""
    if not job.helpers or job.keep is not None:
        return False
    if job.variant is None:
        return True
    from weasyprint.pdf import VARIANTS

    return not VARIANTS[job.variant][1].get("output_intent")


def _painter_for(keep: str | None):
    """The pages painted for output `keep` by the last write, when its layout is kept."""
    if keep is None or keep not in _kept:
        _painters.pop(keep, None)
        return None
    from kam.render.pdf.painted import Painter

    return _painters.setdefault(keep, Painter())


def _forget(keep: str | None) -> None:
    """Drop what a warm process keeps for output `keep` (a failed or interrupted write)."""
    _kept.pop(keep, None)
    _painters.pop(keep, None)


@cache
def _joined(cls: type) -> type:
    """`cls` (weasyprint.Page) whose content, once painted, is kept as one string of
    bytes, as pydyf will write it, instead of a list of every operator and operand:
    all pages' lists are held until the PDF is written (about 250,000 small objects
    for ribera). The same bytes; less memory at the peak of the build."""
    if getattr(cls, "_kam_joined", False):
        return cls
    from pydyf import _to_bytes

    def paint(self, stream, scale=1):
        def painted() -> bytes:
            cls.paint(self, stream, scale)
            stream.stream[:] = [b"\n".join(_to_bytes(item) for item in stream.stream)]
            return stream.stream[0]

        if _painting is None:
            painted()
        else:
            _painting.paint(self, stream, scale, painted)

    return type(cls.__name__, (cls,), {"paint": paint, "_kam_joined": True})


def _serialize_once(_document, pdf) -> None:
    """Make every object of `pdf` serialize (and compress) itself once. pydyf writes
    each object, then, for the second half of the /ID, serializes them all again to
    hash them: every stream compressed twice at level 9 (a third of the writing of
    a tagged PDF). The bytes are the same; WeasyPrint calls this just before writing."""
    for item in pdf.objects:
        item.__class__ = _once(type(item))
    pdf.__class__ = _once_pdf(type(pdf))


#: WeasyPrint's points per CSS pixel (72 / 96): the scale of every page it writes.
SCALE = 0.75

#: Where an object keeps its serialized bytes (see _once; kam.render.pdf.painted).
DATA = "_kam_data"


@cache
def _once(cls: type) -> type:
    """`cls` with its `data` computed on first use and kept (the object is complete
    by then: WeasyPrint has drawn and linked everything before writing)."""
    if getattr(cls, "_kam_once", False):
        return cls
    compute = cls.data.fget

    def data(self):
        found = self.__dict__.get(DATA)
        if found is None:
            found = self.__dict__[DATA] = compute(self)
        return found

    return type(cls.__name__, (cls,), {"data": property(data), "_kam_once": True})


@cache
def _once_pdf(cls: type) -> type:
    """`cls` (pydyf.PDF) whose objects added while writing (the object stream of a
    compressed PDF, the cross-reference stream) serialize once too, compressed at the
    levels of WRITTEN_LEVELS."""

    from pydyf import Stream

    def add_object(self, item):
        level = WRITTEN_LEVELS.get(item.extra.get("Type")) if type(item) is Stream else None
        if level is not None and item.compress:
            item.__class__ = _once(_leveled(type(item)))
            item.__dict__[LEVEL] = level
        else:
            item.__class__ = _once(type(item))
        cls.add_object(self, item)

    return type(cls.__name__, (cls,), {"add_object": add_object})


#: zlib's level for the two streams pydyf makes as it writes, by their /Type; pydyf
#: compresses every stream at level 9. For ribera: the object stream (the dictionaries
#: of every object, 0.77 MB) takes 59 ms at level 9 and 14 ms at 6, for 6 KB more
#: (1.5 % of the PDF); the cross-reference stream (rows of fixed-width numbers, 47 KB)
#: takes 43 ms at level 9 for 17 KB, and 0.2 ms at level 1 for 13 KB.
WRITTEN_LEVELS = {"/ObjStm": 6, "/XRef": 1}

#: Where such a stream keeps its level.
LEVEL = "_kam_level"


@cache
def _leveled(cls: type) -> type:
    """`cls` (pydyf.Stream, compressed) at the zlib level it keeps under LEVEL: what
    pydyf's Stream.data does, but for the level."""
    import zlib

    from pydyf import Dictionary, _to_bytes

    def data(self):
        joined = b"\n".join(_to_bytes(item) for item in self.stream)
        stream = zlib.compress(joined, self.__dict__[LEVEL])
        extra = Dictionary(self.extra.copy())
        extra["Filter"] = "/FlateDecode"
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    return type(cls.__name__, (cls,), {"data": property(data)})


class _Renderer:
    """WeasyPrint set up for one PDF: the fetcher that refuses what is outside the
    project, the cached fonts, and the warnings it logs, collected."""

    def __init__(self, weasyprint, html: str, job: PdfJob):
        self.weasyprint = weasyprint
        self.job = job
        self.stylesheets, self.options = [], {}
        if job.font_css and job.font_css in html:
            html = html.replace(job.font_css, "", 1)
            css, config = _fonts(job.font_files or job.font_css)
            self.stylesheets, self.options = [css], {"font_config": config}
        self.html = html  # without the fonts: a kept layout is only valid for the same
        self.refused: list[str] = []
        self.fetcher = _fetcher_class()(job.root, self.refused)
        self.handler = _Collect()

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self.handler)
        previous = logger.level
        logger.setLevel(logging.WARNING)
        try:
            yield
        finally:
            logger.removeHandler(self.handler)
            logger.setLevel(previous)

    def failed(self) -> bool:
        messages = self.handler.messages
        return bool(self.refused) or any(not m.startswith(_SETUP_NOTES) for m in messages)

    def forget(self) -> None:
        self.refused.clear()
        self.handler.messages.clear()

    def render(self, text: str):
        """A layout of `text`, or None when WeasyPrint complained."""
        document = self.weasyprint.HTML(
            string=text, base_url=str(self.job.root) + "/", url_fetcher=self.fetcher
        ).render(stylesheets=self.stylesheets, **self.options)
        return None if self.failed() else document

    def judge(self, deadline: _Deadline, problems: Problems, ok: bool) -> bool:
        """After WeasyPrint returns: a swallowed signal, the time budget, then `ok`."""
        interrupt.check()
        if deadline.passed:
            return deadline.report(problems)
        if not ok:
            _report(self.refused, self.handler.messages, problems, self.css_lines())
        return ok

    def css_lines(self) -> tuple[Path, int, int] | None:
        return _css_lines(self.html, self.job.user_css)


def _lay_out(renderer: _Renderer, job: PdfJob):
    """(the laid-out document or None, the name of the stage for --timings). With a
    kept layout of the same output (watch mode), only what changed is laid out."""
    from kam.render.pdf import incremental

    kept_fonts, kept = _kept.pop(job.keep, (None, None))
    layout = None
    if kept is not None and kept_fonts == job.font_css:
        layout = incremental.relayout(renderer.html, kept, renderer.render)
    if layout is not None:
        document = layout.document.copy(layout.pages)
        stage = f"layout ({layout.laid_out} of {len(layout.pages)} pages)"
    else:
        renderer.forget()  # whatever a stretch laid out alone complained of, this decides
        document, stage = _in_two(renderer, job), "layout (2 processes)"
        if document is None:
            renderer.forget()
            document, stage = renderer.render(renderer.html), "layout"
    if document is not None and job.keep is not None:
        layout = layout or incremental.record(renderer.html, document)
        if layout is not None:
            _kept[job.keep] = (job.font_css, layout)
    return document, stage


def _in_two(renderer: _Renderer, job: PdfJob):
    """A cold layout by this process and a forked copy (kam.render.pdf.parallel), when
    it may fork (_forks) and the HTML is kam's own templates'; None otherwise, or when
    it did not work out."""
    if not (_forks(job) and job.own_templates):
        return None
    from kam.render.pdf import parallel

    document = parallel.lay_out(renderer)
    if document is None:
        interrupt.check()  # a Ctrl-C that ended the copy ends the build, not the plan
    return document


#: The most time the layout and the writing of one PDF may take (seconds); the
#: environment variable KAM_PDF_TIME_LIMIT sets another. It stops what a project's
#: styles can make endless (nested multi-column layouts, say) where the work starts.
MAX_PDF_SECONDS = 60.0


class _TimeUp(BaseException):
    """The PDF's time budget ran out (a BaseException, as KeyboardInterrupt is)."""


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.passed = False

    def report(self, problems: Problems) -> bool:
        problems.error(
            _(
                "laying out and writing the PDF took more than {seconds} s (the limit); "
                "if the project has its own templates/style.css, look for styles that multiply "
                "the work (multi-column layouts inside each other, huge sizes); "
                "KAM_PDF_TIME_LIMIT=SECONDS allows more time",
                seconds=number(self.seconds),
            )
        )
        return False


@contextlib.contextmanager
def _deadline() -> Iterator[_Deadline]:
    """A timer that interrupts the PDF stage after its time budget (main thread only:
    elsewhere Python cannot handle the signal, and the stage runs unbounded)."""
    try:
        seconds = float(os.environ.get("KAM_PDF_TIME_LIMIT") or MAX_PDF_SECONDS)
    except ValueError:
        seconds = MAX_PDF_SECONDS
    deadline = _Deadline(seconds)
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield deadline
        return

    def time_up(_signum, _frame):
        deadline.passed = True
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _report(
    refused: list[str],
    messages: list[str],
    problems: Problems,
    css: tuple[Path, int, int] | None,
) -> None:
    """Refused fetches and WeasyPrint's messages as problems: short, and CSS messages
    located in the project's templates/style.css."""
    for url in dict.fromkeys(refused):
        problems.error(
            _("the document refers to '{url}', which kam does not fetch", url=shorten(url))
        )
    for message in dict.fromkeys(messages):
        if message.startswith(_SETUP_NOTES) or any(u in message for u in refused):
            continue
        pos = None
        found = _CSS_POSITION.search(message)
        if css is not None and found:
            path, offset, first_col = css
            line, col = int(found.group(1)) - offset, int(found.group(2))
            if line >= 1:
                pos = Pos(path, line, col - first_col if line == 1 else col)
                message = message[: found.start()] + message[found.end() :]
        problems.error(_("PDF rendering: {problem}", problem=short_message(message)), pos)


def short_message(message: str) -> str:
    """A renderer message fit for a terminal: data: URIs cut short, control characters
    escaped, at most MAX_MESSAGE_CHARS characters."""
    from kam.text import clean

    message = clean(_DATA_URI.sub(lambda m: shorten(m.group()), message)).rstrip(": ")
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return message


def _css_lines(html: str, user_css: tuple[Path, str] | None) -> tuple[Path, int, int] | None:
    """Where the project's stylesheet starts in the HTML's <style> element, as
    WeasyPrint counts lines and columns there: (the file, lines before it, columns
    before it on its first line). kam's stylesheet comes first, the project's last."""
    if user_css is None:
        return None
    path, text = user_css
    text = text.replace("</", "<\\/")
    at = html.rfind(text) if text.strip() else -1
    style = html.rfind("<style", 0, at) if at >= 0 else -1
    if style < 0:
        return None
    begin = html.index(">", style) + 1
    start = position(path, html[begin:at], at - begin)  # where it starts in the element
    return path, start.line - 1, start.col - 1


@contextlib.contextmanager
def _source_date(when: dt.date | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the start of `when` (UTC) while WeasyPrint runs, unless
    it holds a time already: fontTools dates the fonts it subsets with it, or with the
    clock (and fails on a value that is not a number, which kam.pipeline.today ignores).
    The environment is the process's: restored afterwards."""
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if when is None or (current is not None and current.strip().isdigit()):
        yield
        return
    epoch = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if current is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = current
