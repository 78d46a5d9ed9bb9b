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

The joined PDF is byte for byte the PDF of a full layout (tests/test_incremental.py).
When a changed stretch comes out with a different number of pages, when anything
outside the stretches changed (the head, the styles) or when the document does not
have this shape, `relayout` returns None and the caller lays out the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    split_: Split, index: int, first_page: int, total: int, targets: dict[str, int] | None
) -> str | None:
    """Stretch `index` as a document of its own, starting at page `first_page` (0-based)
    of `total`; `targets` gives the page numbers for the contents' entries."""
    prefix = _PAGES.sub(_css_string(str(total)), split_.prefix)
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
    pages = list(previous.pages)
    laid_out = 0
    for index in range(1, len(new.bodies)):
        if new.bodies[index] == old.bodies[index]:
            continue
        pages_of = _lay_out(new, index, starts, total, None, render)
        if pages_of is None:
            return None
        pages[starts[index] : starts[index + 1]] = pages_of
        laid_out += len(pages_of)
    targets = _targets(new, pages)
    if targets is None:
        return None
    if new.bodies[0] != old.bodies[0] or targets != previous.targets:
        pages_of = _lay_out(new, 0, starts, total, targets, render)
        if pages_of is None:
            return None
        pages[: starts[1]] = pages_of
        laid_out += len(pages_of)
        if _targets(new, pages) != targets:
            return None
    return Layout(new, previous.document, pages, starts, targets, laid_out)


def _lay_out(
    split_: Split,
    index: int,
    starts: list[int],
    total: int,
    targets: dict[str, int] | None,
    render: Callable[[str], Any],
) -> list[Any] | None:
    text = chunk_html(split_, index, starts[index], total, targets)
    if text is None:
        return None
    document = render(text)
    if document is None or len(document.pages) != starts[index + 1] - starts[index]:
        return None
    return list(document.pages)
