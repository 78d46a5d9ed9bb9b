"""Keep what each page painted between watch-mode rebuilds.

kam.render.pdf.incremental lays out again only the pages an edit changed; the others
are the very page objects of the last layout. Painting them again (drawing every line
of text into the PDF's content, about 0.8 s of ribera's 1.2 s of writing) gives the
same bytes as last time, so a warm process keeps them: for each page, its content and
what painting it added to the document as a whole, which is replayed, in page order,
when the same page object comes round again.

What a page's painting adds to the document, besides its content:
- in each font it uses, the glyphs it draws (their widths and text, written into the
  PDF in the order they were first used), kept per page by giving each font empty
  glyph tables while the page is painted and merging them after;
- the transparency states it names (`/a0.5`), named by their value;
- its marked content (the PDF's tags), keyed by the page's own boxes.

- the groups its SVG charts are drawn in (form XObjects named by how many came before
  them: replayed only where as many came before), kept as plain PDF objects.

A page whose painting adds anything else (images, patterns, shadings, numbered
graphics states, glyphs missing from a font) is painted every time,
as is a page whose stream does not start as it did, and a page that uses a font no
page before it has used in this write (the font is made by painting). The PDF is byte
for byte the one a full paint gives (tests/test_incremental.py). A replayed page's
stream is not even compressed again: its bytes in the last PDF are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

#: Resources whose names count the entries before them: a page that adds one of these
#: is painted every time; groups (XObjects) are replayed where as many came before.
_COUNTED = ("Pattern", "Shading")


@dataclass(eq=False)
class Painted:
    """What painting `page` gave last time."""

    page: Any  # kept, so that no other page can take its id
    before: bytes  # the content the stream held before painting (the page's transform)
    scale: float
    content: bytes
    alphas: tuple[tuple[str, dict], ...]  # transparency states used, in first use order
    fonts: tuple[tuple[Any, tuple, tuple], ...]  # (key, widths, texts) of each font used
    tags: tuple[tuple[Any, dict], ...]  # marked content added, in order
    xobjects: int  # how many XObjects the document had before the page
    groups: tuple[tuple[str, Any], ...]  # the groups it added (frozen, see _freeze)
    stream: Any = None  # the stream it went into, until the write is over
    data: bytes | None = None  # that stream as the PDF holds it (compressed)


class Painter:
    """The pages a warm process painted for one output."""

    def __init__(self) -> None:
        self.painted: dict[int, Painted] = {}
        self.reused = 0  # pages replayed in the last write

    def start(self) -> None:
        self.reused = 0

    def paint(self, page: Any, stream: Any, scale: float, paint: Callable[[], bytes]) -> None:
        """Paint `page` into `stream`, or replay what painting it gave last time;
        `paint()` paints it and returns its content."""
        before = content(stream)
        found = self.painted.get(id(page))
        if found is not None and found.page is page and replayed(found, stream, scale, before):
            self.reused += 1
            found.stream = stream
            return
        recorded = _record(page, stream, scale, before, paint)
        if recorded is None:
            self.painted.pop(id(page), None)
        else:
            recorded.stream = stream
            self.painted[id(page)] = recorded

    def written(self, pages: list[Any]) -> None:
        """After the write: keep each page's stream as written (compressed once, it is
        the same next time), and forget the pages that are not in the layout any more."""
        from kam.render.pdf import DATA

        alive = {id(page) for page in pages}
        for key, found in list(self.painted.items()):
            if key not in alive:
                del self.painted[key]
            elif found.stream is not None:
                found.data = found.stream.__dict__.get(DATA, found.data)
                found.stream = None


def content(stream: Any) -> bytes:
    """What `stream` holds, as pydyf writes it."""
    from pydyf import _to_bytes

    return b"\n".join(_to_bytes(item) for item in stream.stream)


def replayed(found: Painted, stream: Any, scale: float, before: bytes) -> bool:
    """Whether the page painted as `found` was replayed into `stream`: it must start as
    it did, at the same scale (and see _replay)."""
    return found.before == before and found.scale == scale and _replay(found, stream)


class _Used(dict):
    """A resource dictionary (pydyf.Dictionary's class swapped for a subclass of it)
    that notes the names the stream asks for."""

    used: list[str] | None = None

    def __contains__(self, key: object) -> bool:
        if self.used is not None and key not in self.used:
            self.used.append(key)  # type: ignore[arg-type]
        return dict.__contains__(self, key)


def _noting(states: Any) -> Any:
    if not getattr(type(states), "_kam_used", False):
        states.__class__ = _used(type(states))
    return states


@cache
def _used(cls: type) -> type:
    return type(cls.__name__, (_Used, cls), {"_kam_used": True})


def _record(
    page: Any, stream: Any, scale: float, before: bytes, paint: Callable[[], bytes]
) -> Painted | None:
    """Paint the page, noting what it adds to the document; None when a replay could
    not give the same bytes."""
    resources, fonts, tags = stream._resources, stream._fonts, stream._tags
    states = _noting(resources["ExtGState"])
    counted = [len(resources.get(name, ())) for name in _COUNTED]
    xobjects = dict(resources["XObject"])
    state_names = set(states)
    tags_before = len(tags) if tags is not None else 0
    kept = {key: (font.widths, font.to_unicode, len(font.missing)) for key, font in fonts.items()}
    for font in fonts.values():
        font.widths, font.to_unicode = {}, {}
    states.used = []
    try:
        painted = paint()
    finally:
        used, states.used = states.used, None
        glyphs = {key: (font.widths, font.to_unicode) for key, font in fonts.items()}
        for key, (widths, texts, _) in kept.items():
            font = fonts[key]
            font.widths, font.to_unicode = widths, texts
            _merge(font, *glyphs[key])
    added_states = [name for name in states if name not in state_names]
    groups = _frozen_groups(resources["XObject"], xobjects)
    if (
        groups is None
        or [len(resources.get(name, ())) for name in _COUNTED] != counted
        or any(not name.startswith(("a", "A")) for name in added_states)
        or any(len(font.missing) != kept.get(key, (0, 0, 0))[2] for key, font in fonts.items())
    ):
        return None
    return Painted(
        page=page,
        before=before,
        scale=scale,
        content=painted,
        alphas=tuple((name, dict(states[name])) for name in used if name in states),
        fonts=tuple(
            (key, tuple(widths.items()), tuple(texts.items()))
            for key, (widths, texts) in glyphs.items()
            if widths or texts
        ),
        tags=tuple((box, dict(value)) for box, value in list(tags.items())[tags_before:])
        if tags is not None
        else (),
        xobjects=len(xobjects),
        groups=groups,
    )


class _Unfrozen(Exception):
    """A value the replay cannot make again (an image, an object of another kind)."""


def _frozen_groups(now: dict, before: dict) -> tuple[tuple[str, Any], ...] | None:
    """The XObjects added since `before`, frozen; None when one is not a group."""
    memo: dict[int, Any] = {}
    added = [(name, value) for name, value in now.items() if name not in before]
    if any(not re.fullmatch(r"x\d+", name) for name, _ in added):
        return None
    try:
        return tuple((name, _freeze(value, memo)) for name, value in added)
    except _Unfrozen:
        return None


#: The document's colour spaces, as a group's resources name them: the current ones
#: are put back when the group is made again (another process numbers them otherwise).
_COLOR_SPACE = "ColorSpace"


def _freeze(value: Any, memo: dict[int, Any], key: str = "") -> Any:
    """`value` (a group as WeasyPrint drew it, or part of one) as plain data: streams
    as their content, dictionaries and arrays as tuples; an object met twice (a group
    that is also a mask) is one frozen object, kept in `memo`."""
    import pydyf

    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, pydyf.Stream):
        frozen = memo[id(value)] = _Frozen("stream", (content(value), value.compress))
        frozen.items = _freeze(value.extra, memo)
        return frozen
    if isinstance(value, pydyf.Dictionary):
        frozen = memo[id(value)] = _Frozen("dict", None)
        frozen.items = tuple((k, _freeze(v, memo, k)) for k, v in value.items())
        return frozen
    if isinstance(value, pydyf.Array):
        return _Frozen("array", tuple(_freeze(v, memo) for v in value))
    if value is None and key == "Font":  # set when the PDF is written
        return None
    if key == _COLOR_SPACE:
        return _Frozen(_COLOR_SPACE, None)
    if isinstance(value, (str, bytes, int, float)) and not isinstance(value, pydyf.Object):
        return value
    raise _Unfrozen(type(value).__name__)


class _Frozen:
    """A frozen PDF object: its kind, what it holds, and its entries."""

    __slots__ = ("kind", "value", "items")

    def __init__(self, kind: str, value: Any) -> None:
        self.kind, self.value, self.items = kind, value, None


def _thaw(value: Any, memo: dict[int, Any], color_space: Any) -> Any:
    """New pydyf objects made from a frozen value, one for each frozen object, with
    the document's `color_space`."""
    import pydyf

    if not isinstance(value, _Frozen):
        return value
    if value.kind == _COLOR_SPACE:
        return color_space
    if id(value) in memo:
        return memo[id(value)]
    if value.kind == "array":
        return pydyf.Array([_thaw(v, memo, color_space) for v in value.value])
    if value.kind == "stream":
        data, compress = value.value
        made = memo[id(value)] = pydyf.Stream([data], compress=compress)
        made.extra = _thaw(value.items, memo, color_space)
        return made
    made = memo[id(value)] = pydyf.Dictionary()
    for key, item in value.items:
        made[key] = _thaw(item, memo, color_space)
    return made


def _merge(font: Any, widths: dict, texts: dict) -> None:
    """Add a page's glyphs to a font's tables, the first use of each winning."""
    for glyph, width in widths.items():
        if glyph not in font.widths:
            font.widths[glyph] = width
    for glyph, text in texts.items():
        if glyph not in font.to_unicode:
            font.to_unicode[glyph] = text


def _replay(found: Painted, stream: Any) -> bool:
    """Give the document what painting the page gave it; False (and nothing changed)
    when a font it used is not in the document yet or marks were made before it.
    Groups are renamed when a different number of them came before the page."""
    fonts, tags, resources = stream._fonts, stream._tags, stream._resources
    if any(key not in fonts for key, _, _ in found.fonts) or tags:
        return False
    from pydyf import Dictionary

    shift = len(resources["XObject"]) - found.xobjects if found.groups else 0
    memo: dict[int, Any] = {}
    for name, group in found.groups:
        thawed = _thaw(group, memo, resources["ColorSpace"])
        resources["XObject"][f"x{int(name[1:]) + shift}"] = thawed
    states = resources["ExtGState"]
    for name, value in found.alphas:
        if name not in states:
            states[name] = Dictionary(value)
    for key, widths, texts in found.fonts:
        _merge(fonts[key], dict(widths), dict(texts))
    if tags is not None:
        for box, value in found.tags:
            tags[box] = dict(value)
    if shift:
        stream.stream[:] = [_GROUP.sub(lambda m: b"/x%d Do" % (int(m[1]) + shift), found.content)]
        return True
    stream.stream[:] = [found.content]
    if found.data is not None:
        from kam.render.pdf import DATA

        stream.__dict__[DATA] = found.data
    return True


#: How a page's content draws a group it added (pydyf's draw_x_object): `/x3 Do`.
_GROUP = re.compile(rb"/x(\d+) Do")
