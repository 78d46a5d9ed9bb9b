"""A second process paints the second half of a cold build's pages.

Painting the laid-out pages into the PDF's content is about a quarter of a cold PDF
build, one page after the other, on one core. When kam builds one document and may use
two processes (`--jobs`, two cores by default), the process forks once the layout is
done: the copy paints the pages from the middle on, as a warm process would have
painted them last time (kam.render.pdf.painted), and sends what it painted; this
process paints the first half meanwhile, then replays the second half in page order,
as watch mode replays the pages it kept. The PDF is byte for byte the one a single
process writes (tests/test_painted.py).

What the copy cannot hand over is painted here after all: a page drawing an image, a
page that uses a font no page before it has used (the font is made by painting), a
page marked where a box cannot be found again. If the copy fails or takes too long,
this process paints every page itself; what WeasyPrint reported while the copy painted
is reported here.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from kam.render.pdf.painted import Painted, _record, content, replayed

#: The fewest pages worth a second process (forking and handing over cost ~50 ms).
MIN_PAGES = 8

#: How long this process waits for the copy's pages once it needs them (seconds);
#: after that it kills the copy and paints them itself.
MAX_WAIT = 120.0


class Helper:
    """The forked copy painting pages `first`… of `pages`, seen from this process
    (the `_painting` of kam.render.pdf during the write)."""

    def __init__(self, pages: list[Any], first: int, pid: int, reader: int) -> None:
        self.pages, self.first, self.pid, self.reader = pages, first, pid, reader
        self.numbers = {id(page): number for number, page in enumerate(pages)}
        self.painted: dict[int, Painted] | None = None  # once received
        self.messages: list[str] = []  # what WeasyPrint reported in the copy
        self.refused: list[str] = []
        self.reused = 0

    def paint(self, page: Any, stream: Any, scale: float, paint: Callable[[], bytes]) -> None:
        number = self.numbers.get(id(page), -1)
        if number < self.first:
            paint()
            return
        if self.painted is None:
            self.painted = self._receive()
        found = self.painted.get(id(page))
        if found is not None and replayed(found, stream, scale, content(stream)):
            self.reused += 1
            return
        paint()

    def _receive(self) -> dict[int, Painted]:
        """The copy's pages (none if it failed or is late), the copy reaped."""
        chunks, deadline = [], time.monotonic() + MAX_WAIT
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.reader], [], [], left)[0]:
                    return {}  # late: stop() kills it
                chunk = os.read(self.reader, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            sent = pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # a copy that died half-way: its pages are painted here
            return {}
        finally:
            self.stop()
        if not sent:
            return {}
        self.messages, self.refused = sent["messages"], sent["refused"]
        return dict(self._painted(record) for record in sent["pages"])

    def _painted(self, record: dict) -> tuple[int, Painted]:
        page = self.pages[record.pop("number")]
        boxes = _boxes(page)
        tags = tuple((boxes[index], value) for index, value in record.pop("tags"))
        return id(page), Painted(page=page, tags=tags, **record)

    def stop(self) -> None:
        """End the copy (killed if it is still painting) and close the pipe."""
        if self.pid:
            reap(self.pid)
            self.pid = 0
            os.close(self.reader)


def reap(pid: int) -> None:
    """End the forked copy `pid`: killed if it is still at work, then waited for."""
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def start(document: Any, scale: float, messages: list[str], refused: list[str]) -> Helper | None:
    """Fork the copy that paints the second half of `document`'s pages; None where a
    second process cannot be had (too few pages, no fork)."""
    pages = list(document.pages)
    if len(pages) < MIN_PAGES or not hasattr(os, "fork"):
        return None
    first = len(pages) // 2
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: paint, send, and leave without running any clean-up
        status = 1
        try:
            os.close(reader)
            _alone()
            already = len(messages), len(refused)
            sent = {
                "pages": _paint_here(document, first, scale),
                "messages": messages[already[0] :],
                "refused": refused[already[1] :],
            }
            _send(writer, pickle.dumps(sent, pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return Helper(pages, first, pid, reader)


def _alone() -> None:
    """The copy dies of Ctrl-C and of a kill as a plain process does, and has no timer."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    for name in ("SIGINT", "SIGTERM", "SIGALRM"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def _send(writer: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(writer, view) :]
    os.close(writer)


def _paint_here(document: Any, first: int, scale: float) -> list[dict]:
    """Paint pages `first`… as WeasyPrint's PDF writer sets each up (a stream per page
    drawn from the page's top-left corner), noting what each adds to the document."""
    import pydyf
    from weasyprint.pdf.stream import Stream

    resources = pydyf.Dictionary(
        {
            "ExtGState": pydyf.Dictionary(),
            "XObject": pydyf.Dictionary(),
            "Pattern": pydyf.Dictionary(),
            "Shading": pydyf.Dictionary(),
            "ColorSpace": b"0 0 R",  # the document's: put back by the replay
        }
    )
    fonts: dict = {}
    sent = []
    for number in range(first, len(document.pages)):
        page = document.pages[number]
        stream = Stream(
            fonts,
            _rectangle(page, scale),
            resources,
            {},
            {},
            document.color_profiles,
            document.output_intent,
            compress=True,
        )
        stream.transform(d=-1, f=(page.height * scale))
        before = content(stream)

        def paint(page=page, stream=stream) -> bytes:
            page.paint(stream, scale)
            return stream.stream[0]

        found = _record(page, stream, scale, before, paint)
        if found is None:
            continue
        index = {id(box): i for i, box in enumerate(_boxes(page))}
        if any(id(box) not in index for box, _ in found.tags):
            continue
        sent.append(
            {
                "number": number,
                "before": found.before,
                "scale": found.scale,
                "content": found.content,
                "alphas": found.alphas,
                "fonts": found.fonts,
                "tags": tuple((index[id(box)], value) for box, value in found.tags),
                "xobjects": found.xobjects,
                "groups": found.groups,
                "data": stream.data,
            }
        )
    return sent


def _rectangle(page: Any, scale: float) -> tuple[float, float, float, float]:
    """The page's rectangle, bleed included, as WeasyPrint's PDF writer computes it."""
    left, top = -scale * page.bleed["left"], -scale * page.bleed["top"]
    width = scale * (page.width + page.bleed["left"] + page.bleed["right"])
    height = scale * (page.height + page.bleed["top"] + page.bleed["bottom"])
    return left / scale, top / scale, width / scale, height / scale


def _boxes(page: Any) -> list[Any]:
    """Every box of `page`, in an order that the forked copy's walk gives too."""
    found, stack = [], [page._page_box]
    while stack:
        box = stack.pop()
        found.append(box)
        if hasattr(box, "children"):
            stack.extend(reversed(list(box.all_children())))
    return found
