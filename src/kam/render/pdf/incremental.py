"""Lay out again only the stretches of a document that changed (watch mode).

kam's document is a run of stretches that each begin on a new page: the cover and
contents, then every part (kam.css forces a page break before each). A warm process
keeps the pages of its last layout; on a rebuild it lays out only the stretches whose
HTML changed, each as a document of its own, and joins their pages with the kept
ones. What a stretch cannot see from its own pages is given to it as literals: the
first page number and the page total (`counter(pages)`), and, for the contents, the
page number of every entry. The running head and footer are literal strings in the
stylesheet already (kam.render.html.running_css).

This relies on kam.css as it is: no left/right or blank page styles (a stretch laid
out alone starts on a right-hand first page whatever its number), no counters, fixed
or running elements, footnotes or named strings, and no page references but the
contents'. `split` refuses documents whose styles it cannot account for, and projects
with their own templates/ never come here.

A stretch laid out alone is kept with WeasyPrint's state at the start of each of its
pages: the next edit in it lays out only the pages around the change (see "Resuming a
stretch" below).

The joined PDF is byte for byte the PDF of a full layout (tests/test_incremental.py).
When a changed stretch comes out with a different number of pages, when anything
outside the stretches changed (the head, the styles) or when the document does not
have this shape, `relayout` returns None and the caller lays out the whole document.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The class tokens of elements that begin a page (kam.css: `.part`).
BREAK_CLASSES = frozenset({"part"})

_TAG = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(r"""\sid="([^"]+)\"""")
_HREF = re.compile(r"""\shref="#([^"]+)\"""")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_RAW = frozenset({"script", "style", "textarea", "title", "template", "svg", "math"})
_STRING = re.compile(r"\bstring\(\s*([\w-]+)\s*\)")
_PAGE_SIDES = re.compile(r"@page[^{]*:(?:left|right|recto|verso|blank|first|nth)")
_ACROSS = re.compile(
    r"counter-(?:reset|increment|set)\s*:|position\s*:\s*(?:fixed|running)|running\(|element\("
    r"|float\s*:\s*footnote"
)
_PAGES = re.compile(r"\bcounter\(\s*pages\s*\)")
_TARGET_RULE = re.compile(
    r"([^{}]+)\{[^{}]*?content:\s*([^;{}]*?)target-counter\(\s*attr\(href\)\s*,\s*page\s*\)"
    r"([^;{}]*)"
)


@dataclass(frozen=True)
class Split:
    """A document cut where pages begin: `bodies[i]` is stretch i wrapped in the
    elements open around it, `ids[i]` the first id in it (where it starts in a layout)."""

    prefix: str  # from the start of the document through <body ...>
    bodies: tuple[str, ...]
    ids: tuple[str | None, ...]
    suffix: str  # from </body>


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + escaped.replace("\n", "\\A ") + '"'


def _breaks_page(attrs: str) -> bool:
    match = _CLASS.search(attrs)
    return bool(match and BREAK_CLASSES & set((match.group(1) or match.group(2) or "").split()))


def split(html: str) -> Split | None:
    """Cut `html` before each element that begins a page; None when it cannot be cut
    safely (elements not closed, raw text in the body, styles it cannot account for)."""
    body = re.search(r"<body\b[^>]*>", html)
    end = html.rfind("</body>")
    if body is None or end < body.end():
        return None
    cuts = _cuts(html, body.end(), end)
    if cuts is None:
        return None
    bodies, ids = [], []
    for (here, opened), (there, still_open) in zip(cuts, cuts[1:], strict=False):
        text = html[here:there]
        closing = "".join(f"</{name}>" for name, _ in reversed(still_open))
        bodies.append("".join(tag for _, tag in opened) + text + closing)
        found = _ID.search(text)
        ids.append(found.group(1) if found else None)
    head = html[: body.end()]
    if any(found is None for found in ids[1:]) or not _head_supported(head):
        return None
    return Split(head, tuple(bodies), tuple(ids), html[end:])


Cut = tuple[int, tuple[tuple[str, str], ...]]  # where, and the elements open there


def _cuts(html: str, start: int, end: int) -> list[Cut] | None:
    """Where the body between `start` and `end` is cut, each with the (name, start tag)
    of the elements open there; None when the markup is not as kam writes it."""
    stack: list[tuple[str, str]] = []  # (name, start tag) of the open elements
    cuts: list[Cut] = [(start, ())]
    run_start, run_depth = None, 0  # start tags directly before the current position
    position = start
    for match in _TAG.finditer(html, start, end):
        if html[position : match.start()].strip():
            run_start = None
        position = match.end()
        closing, name = match.group(1), match.group(2)
        if name is None:  # a comment
            run_start = None
            continue
        name = name.lower()
        if closing:
            if not stack or stack[-1][0] != name:
                return None
            stack.pop()
            run_start = None
            continue
        if name in _RAW:
            return None
        if name in _VOID or match.group(3).rstrip().endswith("/"):
            run_start = None
            continue
        if _breaks_page(match.group(3)):
            # The start tags just before it (e.g. <main>) travel with it.
            cut, depth = (
                (run_start, len(stack) - run_depth)
                if run_start is not None
                else (match.start(), len(stack))
            )
            if cut > cuts[-1][0]:
                cuts.append((cut, tuple(stack[:depth])))
            run_start = None
        if run_start is None:
            run_start, run_depth = match.start(), 0
        run_depth += 1
        stack.append((name, match.group(0)))
    if stack:
        return None
    return [*cuts, (end, ())]


def _head_supported(head: str) -> bool:
    """Whether the styles let stretches be laid out alone."""
    if head.count("target-counter(") > 1 or "target-text(" in head or "target-counters(" in head:
        return False  # references other than the contents' page numbers
    if _PAGE_SIDES.search(head):
        return False  # pages styled by their side or number
    if _STRING.search(head):
        return False  # named strings: a stretch alone cannot see the values set before it
    return not _ACROSS.search(head)  # counters, fixed or running elements, footnotes


def chunk_html(
    split_: Split, index: int, first_page: int, total: int | None, targets: dict[str, int] | None
) -> str | None:
    """Stretch `index` as a document of its own, starting at page `first_page` (0-based)
    of `total` (None: `counter(pages)` left as it is); `targets` gives the page numbers
    for the contents' entries."""
    prefix = split_.prefix if total is None else _PAGES.sub(_css_string(str(total)), split_.prefix)
    rules = []
    if first_page:
        rules.append(f"@page :first {{ counter-reset: page {first_page + 1}; }}")
    if targets:
        found = _TARGET_RULE.search(split_.prefix)
        if found is None:
            return None
        selector, before, after = found.group(1).strip(), found.group(2), found.group(3)
        if "::after" not in selector or "," in selector:
            return None
        for anchor, number in sorted(targets.items()):
            attribute = f'[href="#{anchor}"]'
            rules.append(
                f"{selector.replace('::after', attribute + '::after')} "
                f"{{ content: {before}{_css_string(str(number))}{after}; }}"
            )
    style = f"<style>@media print {{ {' '.join(rules)} }}</style>" if rules else ""
    head_end = prefix.find("</head>")
    if style and head_end < 0:
        return None
    if style:
        prefix = prefix[:head_end] + style + prefix[head_end:]
    return prefix + split_.bodies[index] + split_.suffix


@dataclass
class Layout:
    """The pages of a layout, the split they were made from, and where each stretch
    starts; `targets` are the page numbers the contents show."""

    split: Split
    document: Any  # the weasyprint.Document whose metadata the PDF takes
    pages: list[Any]
    starts: list[int]  # first page of each stretch, then the page total
    targets: dict[str, int]
    laid_out: int  # how many of the pages were laid out for it
    alone: dict[int, Alone] = field(default_factory=dict)  # by stretch: see resume


def _first_pages(pages: Sequence[Any], names: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for name in page.anchors:
            if name in names and name not in found:
                found[name] = number
    return found


def _targets(split_: Split, pages: Sequence[Any]) -> dict[str, int] | None:
    wanted = set(_HREF.findall(split_.bodies[0]))
    found = _first_pages(pages, wanted)
    return found if set(found) == wanted else None


def record(html: str, document: Any) -> Layout | None:
    """Remember a full layout of `html`, if it has the shape `relayout` needs."""
    split_ = split(html)
    if split_ is None:
        return None
    pages = list(document.pages)
    ids = {name for name in split_.ids if name}
    found = _first_pages(pages, ids)
    starts = [0] + [found.get(name, 0) - 1 for name in split_.ids[1:]] + [len(pages)]
    if any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
        return None
    targets = _targets(split_, pages)
    if targets is None:
        return None
    return Layout(split_, document, pages, starts, targets, len(pages))


def relayout(html: str, previous: Layout, render: Callable[[str], Any]) -> Layout | None:
    """Lay out `html` again reusing `previous` where its stretches did not change.
    `render(html)` lays out a document and returns it (a weasyprint.Document), or None
    when it failed. Returns None when a full layout is needed."""
    new = split(html)
    old = previous.split
    if (
        new is None
        or new.prefix != old.prefix
        or new.suffix != old.suffix
        or new.ids != old.ids
        or len(new.bodies) != len(old.bodies)
    ):
        return None
    starts, total = previous.starts, len(previous.pages)
    layout = Layout(new, previous.document, list(previous.pages), starts, {}, 0)
    layout.alone = dict(previous.alone)
    for index in range(1, len(new.bodies)):
        changed = new.bodies[index] != old.bodies[index]
        if changed and not _replace(layout, index, total, None, previous, render):
            return None
    targets = _targets(new, layout.pages)
    if targets is None:
        return None
    layout.targets = targets
    if new.bodies[0] != old.bodies[0] or targets != previous.targets:
        if not _replace(layout, 0, total, targets, previous, render):
            return None
        if _targets(new, layout.pages) != targets:
            return None
    return layout


def _replace(
    layout: Layout,
    index: int,
    total: int,
    targets: dict[str, int] | None,
    previous: Layout,
    render: Callable[[str], Any],
) -> bool:
    """Lay out stretch `index` of `layout` again and put its pages in place."""
    begin, end = layout.starts[index], layout.starts[index + 1]
    text = chunk_html(layout.split, index, begin, total, targets)
    if text is None:
        return False
    old_pages = previous.pages[begin:end]
    found = _render_alone(text, render, previous.alone.get(index), old_pages)
    if found is None:
        return False
    pages, alone, laid_out = found
    if len(pages) != end - begin:
        return False
    layout.pages[begin:end] = pages
    layout.alone[index] = alone
    layout.laid_out += laid_out
    return True


# Resuming a stretch at the page where it changed
#
# A part runs over many pages (ribera's plan, 13), and an edit changes a few of them.
# A stretch laid out alone is kept (`Alone`): for each of its pages, the state
# WeasyPrint starts the page from (its `page_maker`: where in the box tree the page
# starts, the counters, the page's side), and its page box. When the stretch changes
# again and its markup has the same shape (the same tags, only text changed), its
# boxes are built again but WeasyPrint lays out only the pages from the one before the
# change, and stops laying out once a page starts where it started before, with the
# same state, after the change: that page and the following ones are the kept ones.
# This is WeasyPrint's own way of making a page again (layout.page.remake_page), used
# across two layouts of the same shape; tests/test_incremental.py checks the bytes.

#: Elements whose layout does not depend on what follows them: a heading directly
#: inside these marks a place that the pages before it do not look past.
_FLOW = frozenset({"html", "body", "main", "section", "article", "header"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"[^"]*"|'[^']*')""")


@dataclass(frozen=True)
class Alone:
    """A stretch laid out as a document of its own (see above)."""

    text: str  # the stretch's document
    states: tuple[tuple[Any, ...], ...]  # per page and after the last: WeasyPrint's
    boxes: tuple[Any, ...]  # the page boxes
    carried: frozenset[int]  # pages that start with something carried over (a float)


class _Laying:
    """The layout of one stretch alone, resumed where `plan` says: (the first page
    to lay out again, the last page that holds a change) of `previous`."""

    def __init__(self, previous: Alone | None, plan: tuple[int, int] | None):
        self.previous, self.plan = previous, plan
        self.states: tuple[tuple[Any, ...], ...] = ()
        self.boxes: list[Any] = []
        self.carried: set[int] = set()
        self.remade: set[int] = set()

    def alone(self, text: str) -> Alone:
        carried = set(self.carried)
        if self.previous is not None:  # what the kept pages carried, they still do
            carried |= {i for i in self.previous.carried if i - 1 not in self.remade}
        return Alone(text, self.states, tuple(self.boxes), frozenset(carried))


def _render_alone(
    text: str, render: Callable[[str], Any], previous: Alone | None, old_pages: Sequence[Any]
) -> tuple[list[Any], Alone, int] | None:
    """(the pages of stretch `text`, what to keep of its layout, how many pages were
    laid out), or None when the renderer failed."""
    plan = _plan(previous, text, old_pages) if previous is not None else None
    laying = _Laying(previous, plan)
    with _hooked(laying):
        document = render(text)
    if document is None:
        return None
    by_box = {id(page._page_box): page for page in old_pages}
    pages = [by_box.get(id(page._page_box), page) for page in document.pages]
    return pages, laying.alone(text), len(laying.remade)


def _plan(previous: Alone, text: str, old_pages: Sequence[Any]) -> tuple[int, int] | None:
    """The pages of `previous` to lay out again for `text`: from the page before the
    last heading ahead of the change, through the page of the first id after it. None
    when the styles changed or the markup has another shape."""
    old = previous.text
    if len(old_pages) != len(previous.boxes):
        return None
    same = 0
    limit = min(len(old), len(text))
    while same < limit and old[same] == text[same]:
        same += 1
    if same < old.find("</head>") or _shape(old) != _shape(text):
        return None
    tail = 0
    while tail < limit - same and old[-1 - tail] == text[-1 - tail]:
        tail += 1
    first_page = _first_pages(old_pages, set(_ID.findall(old)))
    first, last = 0, len(old_pages) - 1
    for where, name, in_flow in _marks(old):
        if where < same and in_flow and name in first_page:
            first = max(0, first_page[name] - 2)  # the page before (0-based)
        elif where >= len(old) - tail and name in first_page:
            last = first_page[name] - 1
            break
    while first in previous.carried:
        first -= 1
    return (first, last) if first <= last else None


#: Elements whose content is text, not markup: a `<` in a stylesheet starts no tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})


def _tags(text: str) -> Iterator[re.Match[str]]:
    """The tags (and comments) of `text`, without looking into raw-text elements."""
    position = 0
    while match := _TAG.search(text, position):
        yield match
        position = match.end()
        name = (match.group(2) or "").lower()
        if name in _RAW_TEXT and not match.group(1):
            close = re.compile(f"</{name}", re.I).search(text, position)
            position = close.start() if close else len(text)


def _shape(text: str) -> list[str]:
    """The tags of `text` (but where their images come from: a chart's data URI), and
    whether the text between them is empty, blank or not: documents of the same shape
    have the same box tree but for their text and their images' sizes."""
    shape, position = [], 0
    for match in _tags(text):
        between = text[position : match.start()]
        shape.append("t" if between.strip() else " " if between else "")
        shape.append(_SRC.sub("", match.group(0)))
        position = match.end()
    return shape


def _marks(text: str) -> Iterator[tuple[int, str, bool]]:
    """(where, id, whether it is a heading in the flow) for each element with an id."""
    stack: list[str] = []
    for match in _tags(text):
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        name = name.lower()
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
            continue
        found = _ID.search(match.group(0))
        if found:
            flow = name in _HEADINGS and all(n in _FLOW for n in stack)
            yield match.start(), found.group(1), flow
        if name not in _VOID and not match.group(3).rstrip().endswith("/"):
            stack.append(name)


@contextlib.contextmanager
def _hooked(laying: _Laying) -> Iterator[None]:
    """WeasyPrint's pagination replaced, while one stretch is laid out, by one that
    records its states (and resumes, when `laying.plan` says where)."""
    import weasyprint.document as document_module
    import weasyprint.layout.page as page_module

    paginate, remake = document_module.layout_document, page_module.remake_page

    def remake_page(index, context, root_box, html):
        page, resume_at = remake(index, context, root_box, html)
        laying.remade.add(index)
        maker = context.page_maker
        if context.broken_out_of_flow or context.reported_footnotes:
            laying.carried.add(index + 1)
        carried = index + 1 in laying.carried or (
            laying.previous is not None and index + 1 in laying.previous.carried
        )
        if laying.previous is not None and carried and index + 1 < len(maker):
            maker[index + 1][-1]["content_changed"] = resume_at is not None  # not a kept one
        return page, resume_at

    def layout_document(html, root_box, context, max_loops=8):
        pages = _resume(html, root_box, context, laying) if laying.plan else None
        if pages is None:
            laying.remade.clear()
            laying.carried.clear()
            pages = list(paginate(html, root_box, context, max_loops))
        laying.boxes = pages
        laying.states = tuple(
            (copy.deepcopy(r), copy.deepcopy(n), right, copy.deepcopy(s), list(made["anchors"]))
            for r, n, right, s, made in context.page_maker
        )
        return pages

    document_module.layout_document, page_module.remake_page = layout_document, remake_page
    try:
        yield
    finally:
        document_module.layout_document, page_module.remake_page = paginate, remake


def _resume(html, root_box, context, laying: _Laying) -> list[Any] | None:
    """WeasyPrint's layout_document from the kept states: the pages in `laying.plan`
    and those after them until one starts as it did. None when it cannot."""
    from weasyprint.layout import initialize_page_maker
    from weasyprint.layout.page import make_all_pages

    previous, (first, last) = laying.previous, laying.plan
    initialize_page_maker(context, root_box)
    if _continues_bookmark(root_box, previous.states[first][0]):
        return None  # its label is shown once, where it starts: on a kept page
    context.page_maker = [
        (
            copy.deepcopy(r), copy.deepcopy(n), right, copy.deepcopy(s),
            {"content_changed": first <= i <= last, "pages_wanted": False,
             "anchors": list(anchors), "content_lookups": []},
        )
        for i, (r, n, right, s, anchors) in enumerate(previous.states)
    ]  # fmt: skip
    pages = list(make_all_pages(context, root_box, html, list(previous.boxes)))
    if any(made["content_changed"] or made["pages_wanted"] for *_, made in context.page_maker):
        return None  # page references to resolve again: a full layout does it
    for state in context.page_maker:
        state[3][1]["pages"] = [len(pages)]
    kept = {id(box) for box in previous.boxes}
    fresh = [i for i, box in enumerate(pages) if id(box) not in kept]
    if not _finish(context, pages, fresh):
        return None
    return pages


def _continues_bookmark(box: Any, skip: Any) -> bool:
    """Whether a box with a bookmark continues onto the page that starts at `skip`."""
    while True:
        if getattr(box, "bookmark_label", None):
            return True
        if not skip:
            return False
        if len(skip) != 1:
            return True  # not a plain path: do not guess
        ((index, skip),) = skip.items()
        children = getattr(box, "children", None)
        if not isinstance(index, int) or not children or index >= len(children):
            return False
        box = children[index]


def bookmarks_once(pages: Sequence[Any], fresh: Iterable[int]) -> bool:
    """One bookmark per element on the `fresh` pages, as WeasyPrint's layout_document
    leaves them; False when a page needs what a stretch does not have (named strings,
    page references in bookmarks)."""
    seen: dict[str, list[Any]] = {"::before": [], "::after": [], "": []}
    for i in fresh:
        for child in pages[i].descendants():
            if child.missing_link or (child.string_set and child.string_set != "none"):
                return False
            if child.bookmark_label:
                tag = child.element_tag
                kind = next((k for k in ("::before", "::after") if tag.endswith(k)), "")
                if child.element in seen[kind]:
                    child.bookmark_label = ""
                else:
                    seen[kind].append(child.element)
    return True


def _finish(context: Any, pages: list[Any], fresh: list[int]) -> bool:
    """What WeasyPrint's layout_document does to pages once laid out, done to the
    `fresh` ones (the kept ones had it): one bookmark per element, margin boxes and
    backgrounds. False when a page needs what a stretch does not have (named strings,
    page references in bookmarks)."""
    if not bookmarks_once(pages, fresh):
        return False
    add_margins(context, pages, fresh)
    return True


def add_margins(context: Any, pages: list[Any], indexes: Iterable[int]) -> None:
    """The margin boxes and backgrounds of pages `indexes`, from their states in
    `context.page_maker`, as WeasyPrint's layout_document adds them last."""
    from weasyprint.layout import layout_fixed_boxes, make_margin_boxes
    from weasyprint.layout.background import layout_backgrounds

    for i in indexes:
        page = pages[i]
        root, footnote_area, note_area = page.children
        root.children = [
            *layout_fixed_boxes(context, pages[:i], page),
            *root.children,
            *layout_fixed_boxes(context, pages[i + 1 :], page),
        ]
        context.current_page = i + 1
        children = [root] + [area for area in (footnote_area, note_area) if area.children]
        children.extend(make_margin_boxes(context, page, context.page_maker[i + 1][3]))
        page.children = tuple(children)
        layout_backgrounds(page, context.get_image_from_uri)
