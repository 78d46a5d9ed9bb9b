"""A cold layout on two processes: a forked copy lays out some of the stretches.

Laying out is about half of a cold PDF build, on one core. kam's document is a run of
stretches that each begin on a new page (kam.render.pdf.incremental: the cover and
contents, then each part), and a stretch lays out alone as it does in the whole
document, but for what it cannot see: its page numbers, the page total and, for the
contents, the pages its entries are on. So when kam builds one document and may use
two processes, the process forks before the layout and the copy lays out about half
of the parts while this process lays out the others:

1. Both paginate their stretches, each as a document of its own, without the page
   margins (WeasyPrint makes those once every page is laid out, as here).
2. The copy sends how many pages each of its stretches has, and their anchors. This
   process then knows where every stretch starts and the page total, lays out the
   contents with the page numbers of its entries, and sends the numbers back.
3. Each process puts the margin boxes (the running head and the page numbers) on its
   own pages. The copy sends its pages (pickled: the boxes, with what they share with
   this process, such as the fonts, named instead of copied).
4. This process joins the pages in order; the PDF is written as usual.

The PDF is byte for byte the one a single layout gives (tests/test_parallel.py).
Whatever does not go as planned ends the plan: the copy is stopped and the document is
laid out whole, in this process, as without it. That covers a copy that fails, is late
or reports a problem (WeasyPrint's warnings are then reported by the whole layout), a
stretch that needs more than one pagination (a page reference to resolve again), and a
contents whose page count changes with its numbers.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import re
import select
import struct
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kam.render.pdf import incremental

#: The fewest stretches worth a second process: the contents and two parts.
MIN_STRETCHES = 3

#: The least markup in the parts worth a second process (characters, images' data
#: left out): forking and handing the pages over cost about 0.1 s. Ribera has 120,000.
MIN_MARKUP = 40_000

_DATA_URI = re.compile(r"""\bsrc\s*=\s*(?:"data:[^"]*"|'data:[^']*')""")

#: How long this process waits for a message of the copy (seconds); after that it
#: stops the copy and lays out the whole document itself.
MAX_WAIT = 120.0


@dataclass
class _Stretch:
    """A stretch paginated alone: its document (pages without margins yet), and the
    layout context and states the margins are made from."""

    document: Any
    context: Any
    boxes: list[Any]


def lay_out(renderer: Any) -> Any | None:
    """The document laid out by this process and a forked copy (see above); None when
    the plan does not hold, and the caller lays out the whole document."""
    split = incremental.split(renderer.html)
    if split is None or len(split.bodies) < MIN_STRETCHES or not hasattr(os, "fork"):
        return None
    if sum(_weights(split).values()) < MIN_MARKUP:
        return None
    theirs = _share(split)
    copy = _Copy.start(renderer, split, theirs)
    try:
        return _here(renderer, split, theirs, copy)
    finally:
        copy.stop()


def _weights(split: incremental.Split) -> dict[int, int]:
    """The markup of each part (stretch 1 on), a measure of its layout's work: its
    length, images' data left out (an image is drawn, not laid out)."""
    return {i: len(_DATA_URI.sub("", body)) for i, body in enumerate(split.bodies) if i}


def _share(split: incremental.Split) -> frozenset[int]:
    """The stretches the copy lays out: the largest parts, about half the markup (the
    contents, stretch 0, is laid out here, last)."""
    weights = _weights(split)
    half = (sum(weights.values()) + len(_DATA_URI.sub("", split.bodies[0]))) / 2
    theirs: set[int] = set()
    for i in sorted(weights, key=lambda i: (-weights[i], i)):
        if sum(weights[j] for j in theirs) + weights[i] <= half or not theirs:
            theirs.add(i)
    if len(theirs) == len(weights):
        theirs.discard(max(theirs))
    return frozenset(theirs)


def _here(renderer: Any, split: incremental.Split, theirs: frozenset[int], copy: _Copy):
    """This process's side: its stretches, the numbers, the contents, the join."""
    mine: dict[int, _Stretch] = {}
    for index in range(1, len(split.bodies)):
        if index not in theirs:
            found = _paginate(renderer, _text(split, index))
            if found is None:
                return None
            mine[index] = found
    wanted = sorted(set(incremental._HREF.findall(split.bodies[0])))
    draft = _paginate(renderer, _text(split, 0, {name: 0 for name in wanted}))
    told = copy.receive()
    if draft is None or told is None:
        return None
    sizes = [len(draft.boxes)] + [
        len(mine[i].boxes) if i in mine else told["sizes"][i] for i in range(1, len(split.bodies))
    ]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    total = sum(sizes)
    targets = _targets(wanted, starts, mine, told["anchors"])
    if targets is None or not copy.send({"starts": starts, "total": total}):
        return None
    zero = _paginate(renderer, _text(split, 0, targets))
    if zero is None or len(zero.boxes) != sizes[0]:
        return None
    mine[0] = zero
    for index, stretch in mine.items():
        _margins(stretch, starts[index], total)
    sent = copy.receive(_shared_here(renderer, zero.context))
    if sent is None:
        return None
    pages = []
    for index in range(len(split.bodies)):
        pages += mine[index].document.pages if index in mine else sent["pages"][index]
    return zero.document.copy(pages)


def _text(split: incremental.Split, index: int, targets: dict[str, int] | None = None) -> str:
    """Stretch `index` as a document of its own, its page numbers left to the margins
    (`counter(page)` and `counter(pages)` are set on its pages' states, see _margins)."""
    text = incremental.chunk_html(split, index, 0, None, targets)
    assert text is not None  # split() accepted the styles chunk_html relies on
    return text


def _targets(
    wanted: list[str], starts: list[int], mine: dict[int, _Stretch], theirs: dict[int, list]
) -> dict[str, int] | None:
    """The page number of each contents entry, from the anchors of every stretch's
    pages (each at its first page); None when one is not found."""
    anchors: list[tuple[int, list[list[str]]]] = [
        (index, [list(page.anchors) for page in stretch.document.pages])
        for index, stretch in mine.items()
    ]
    anchors += list(theirs.items())
    found: dict[str, int] = {}
    for index, pages in sorted(anchors):
        for number, names in enumerate(pages, start=starts[index] + 1):
            for name in names:
                found.setdefault(name, number)
    if any(name not in found for name in wanted):
        return None
    return {name: found[name] for name in wanted}


@contextlib.contextmanager
def _paginating(holder: dict[str, Any]) -> Iterator[None]:
    """WeasyPrint's layout_document replaced, while one stretch is laid out, by its
    pagination alone: the pages without their margins, which _margins adds once the
    page numbers are known. `holder` receives the context and the page boxes, and
    "again" when the pages would need another pass (a page reference to resolve)."""
    import weasyprint.document as document_module
    from weasyprint.layout import initialize_page_maker
    from weasyprint.layout.page import make_all_pages

    original = document_module.layout_document

    def layout_document(html, root_box, context, max_loops=8):
        initialize_page_maker(context, root_box)
        boxes = list(make_all_pages(context, root_box, html, []))
        states = [made for *_, made in context.page_maker]
        holder["again"] = any(made["content_changed"] or made["pages_wanted"] for made in states)
        holder["again"] |= not incremental.bookmarks_once(boxes, range(len(boxes)))
        holder.update(context=context, boxes=boxes)
        return boxes

    document_module.layout_document = layout_document
    try:
        yield
    finally:
        document_module.layout_document = original


def _paginate(renderer: Any, text: str) -> _Stretch | None:
    """Stretch `text` paginated (see _paginating); None when WeasyPrint complained or
    the stretch needs what a single pass does not give."""
    holder: dict[str, Any] = {}
    with _paginating(holder):
        document = renderer.render(text)
    if document is None or holder.get("again", True):
        return None
    return _Stretch(document, holder["context"], holder["boxes"])


def _margins(stretch: _Stretch, first: int, total: int) -> None:
    """Number the pages of `stretch` from `first` + 1 of `total`, and give them their
    margin boxes and backgrounds as WeasyPrint's layout_document does once all pages
    are laid out; the pages' links and anchors are gathered again with them."""
    from weasyprint.document import Page

    context, boxes = stretch.context, stretch.boxes
    for i in range(len(boxes)):
        counters = context.page_maker[i + 1][3][1]
        counters["page"], counters["pages"] = [first + i + 1], [total]
    incremental.add_margins(context, boxes, range(len(boxes)))
    stretch.document.pages = [Page(box) for box in boxes]


# The copy


class _Copy:
    """The forked copy laying out the stretches `theirs`, seen from this process."""

    def __init__(self, pid: int, reader: int, writer: int) -> None:
        self.pid, self.reader, self.writer = pid, reader, writer

    @classmethod
    def start(cls, renderer: Any, split: incremental.Split, theirs: frozenset[int]) -> _Copy:
        down, up = os.pipe(), os.pipe()  # (read, write) each: to the copy, from it
        pid = os.fork()
        if pid == 0:  # the copy: lay out, send, and leave without running any clean-up
            status = 1
            try:
                os.close(down[1])
                os.close(up[0])
                _copy(renderer, split, theirs, down[0], up[1])
                status = 0
            finally:
                os._exit(status)
        os.close(down[0])
        os.close(up[1])
        return cls(pid, up[0], down[1])

    def receive(self, shared: dict[str, Any] | None = None) -> dict | None:
        """The copy's next message, what it names taken from `shared` (see _Pickler);
        None when the copy failed, is late or said it failed."""
        if not self.pid:
            return None
        message = _read(self.reader, time.monotonic() + MAX_WAIT, shared or {})
        if not message or message.get("failed"):
            self.stop()
            return None
        return message

    def send(self, message: dict) -> bool:
        try:
            _write(self.writer, pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
        except OSError:
            return False
        return True

    def stop(self) -> None:
        """End the copy (killed if it is still working) and close the pipes."""
        if self.pid:
            from kam.render.pdf.helper import reap

            reap(self.pid)
            self.pid = 0
            os.close(self.reader)
            os.close(self.writer)


def _copy(renderer: Any, split: incremental.Split, theirs: frozenset[int], down: int, up: int):
    """The copy's side: paginate, say the sizes and anchors, wait for the numbers, put
    the margins on, send the pages."""
    from kam.render.pdf.helper import _alone

    _alone()
    laid: dict[int, _Stretch] = {}
    for index in sorted(theirs):
        found = _paginate(renderer, _text(split, index))
        if found is None or renderer.failed():
            _write(up, pickle.dumps({"failed": True}))
            return
        laid[index] = found
    _write(
        up,
        pickle.dumps(
            {
                "sizes": {i: len(stretch.boxes) for i, stretch in laid.items()},
                "anchors": {
                    i: [list(page.anchors) for page in stretch.document.pages]
                    for i, stretch in laid.items()
                },
            }
        ),
    )
    numbers = _read(down, time.monotonic() + MAX_WAIT, {})
    if not numbers:
        return
    for index, stretch in laid.items():
        _margins(stretch, numbers["starts"][index], numbers["total"])
    pages = {index: stretch.document.pages for index, stretch in laid.items()}
    data = io.BytesIO()
    try:
        _Pickler(data, renderer).dump({"pages": pages})
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        _write(up, pickle.dumps({"failed": True}))
        return
    _write(up, data.getvalue())


def _write(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, deadline: float, shared: dict[str, Any]) -> dict | None:
    """One message from `fd` (None: the other side closed, or the deadline passed)."""
    header = _exactly(fd, 8, deadline)
    if header is None:
        return None
    data = _exactly(fd, struct.unpack("<Q", header)[0], deadline)
    if data is None:
        return None
    try:
        return _Unpickler(data, shared).load()
    except Exception:  # a message cut short: the other side died as it wrote
        return None


def _exactly(fd: int, size: int, deadline: float) -> bytes | None:
    chunks, left = [], size
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            return None
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# The pickle of the copy's pages


def _shared_here(renderer: Any, context: Any) -> dict[str, Any]:
    return {"fonts": renderer.options.get("font_config"), "fetcher": renderer.fetcher,
            "context": context}  # fmt: skip


def _shared(name: str) -> Any:
    """What the copy's pages name `name`, in the pickle; _Unpickler takes it from this
    process instead."""
    raise LookupError(f"{name} is read with kam's _Unpickler")


class _Unpickler(pickle.Unpickler):
    """A message of the copy, with what it names (`_shared`) taken from `shared`."""

    def __init__(self, data: bytes, shared: dict[str, Any]) -> None:
        super().__init__(io.BytesIO(data))
        self.shared = shared

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_shared":
            return self.shared.__getitem__
        return super().find_class(module, name)


def _function(name: str) -> Any:
    """One of this module's functions, by name (a function the copy's pages hold)."""
    return globals()[name]


def _not_floated() -> bool:
    """What WeasyPrint sets as a flex item's `is_floated` (a lambda in its box builder)."""
    return False


def _placeholder(state: dict) -> Any:
    """An absolutely positioned box's placeholder, from its attributes (it passes every
    other attribute to its box, so pickle's own way loops for ever)."""
    from weasyprint.layout.absolute import AbsolutePlaceholder

    placeholder = object.__new__(AbsolutePlaceholder)
    placeholder.__dict__.update(state)
    return placeholder


class _Pickler(pickle.Pickler):
    """The copy's pages, naming what this process has as well: the fonts, the fetcher
    of project files, the layout context an SVG image draws its text with."""

    def __init__(self, file: io.BytesIO, renderer: Any) -> None:
        from weasyprint.layout import LayoutContext
        from weasyprint.layout.absolute import AbsolutePlaceholder

        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.named = {
            id(renderer.options.get("font_config")): "fonts",
            id(renderer.fetcher): "fetcher",
        }
        self.context, self.placeholder = LayoutContext, AbsolutePlaceholder

    def reducer_override(self, obj: Any) -> Any:
        name = self.named.get(id(obj))
        if name is not None:
            return _shared, (name,)
        if isinstance(obj, self.context):
            return _shared, ("context",)
        if type(obj) is self.placeholder:
            return _placeholder, (dict(vars(obj)),)
        if isinstance(obj, types.FunctionType) and _returns_false(obj):
            return _function, ("_not_floated",)
        return NotImplemented


_FALSE = (lambda: False).__code__  # noqa: E731 - the code WeasyPrint's lambda has


def _returns_false(function: types.FunctionType) -> bool:
    """Whether `function` is a `lambda: False` (a flex item's `is_floated`)."""
    code = function.__code__
    return (
        function.__name__ == "<lambda>"
        and code.co_code == _FALSE.co_code
        and code.co_consts == _FALSE.co_consts
        and not function.__defaults__
    )
