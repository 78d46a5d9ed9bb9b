"""Charts as small, deterministic SVG documents (no chart library).

Why hand-written SVG: matplotlib, measured here, costs 0.43 s to import and ~50 ms a
chart, which alone breaks the 1 s HTML-build target and the PDF-time ratio; pygal
gives random ids (not reproducible). These charts are plain vector shapes and text,
byte-identical for the same data, and embedded as data: URIs.

Every function takes plain data and label strings (already localized and formatted)
and returns SVG text. Nothing here reads files or knows the models.

The charts lay out their own labels, because the PDF shows every word where the SVG
puts it: no wrapping, no clipping. Each text's box is known before it is written
(`text_width` from DejaVu Sans's own advance widths, the font's ascent and descent);
a label is written only where its box is free and inside the picture (`Svg.place`),
long labels wrap at spaces onto a few lines (never inside a word, never with "…"), and
a label that fits nowhere becomes a number with the label in a legend under the chart
(`Keys`). A value label that finds no free place is left out: every chart has its
figures in a table or in its alt text as well.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kam import text
from kam.registry import FONTS

PALETTE = (
    "#1f3a5f",
    "#2a7f8f",
    "#e09f3e",
    "#9e2a2b",
    "#6a994e",
    "#7b6d8d",
    "#bc6c25",
    "#457b9d",
    "#a3a380",
    "#5c677d",
)
INK = "#1d2430"
MUTED = "#5b6573"
GRID = "#d5dbe3"
GOOD = "#2e7d4f"
BAD = "#b23b3b"
HIGHLIGHT = "#e09f3e"
FONT = f"{FONTS['dejavu-sans'].family}, Arial, sans-serif"  # the font of the widths below

Fmt = Callable[[float], str]
#: The ticks of one axis → the formatter of all of them (one unit, one number of decimals).
AxisFmt = Callable[[Sequence[float]], Fmt]


# Characters XML 1.0 forbids even escaped: one of them (from a CSV file, say) would make
# the whole chart unreadable, so it is drawn as U+FFFD instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# xml.sax.saxutils' escape and quoteattr, the same output: importing that module
# imports urllib.request and ssl, about 9 ms of every HTML build.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text).translate(_TEXT)


def quoteattr(text: str) -> str:
    """The value quoted for an attribute: in double quotes, or single quotes when it
    holds a double quote but no single one, else with its double quotes escaped."""
    value = _NOT_XML.sub("\ufffd", text).translate(_ATTRIBUTE)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _n(value: float) -> str:
    """Numbers in SVG attributes: short and deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- How wide and how tall a text is --------------------------------------------------

#: DejaVu Sans's ascent and descent (hhea), in em: the box a PDF reader gives a word
#: reaches this far above and below its baseline.
ASCENT = 0.93
DESCENT = 0.24
LEADING = 1.2  # baseline to baseline of a label's lines, in em
GAP = 2.0  # the least room between two labels
MIN_SIZE = 7.0  # the smallest font a label is shrunk to

# Advance widths of DejaVu Sans (Book and Bold), in 1/1000 em rounded up, read from the
# fonts with fontTools. Accented letters advance as their base letter; a character not
# listed counts 1 em (wider than nearly any glyph), so estimates err on the wide side.
_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~\xa0\u202f\u2009\u2007€£¥¢°±·×÷¿¡«»‹›“”‘’„–—−…•‰ªº§©®™"
    "ßæÆøØœŒðÐþÞłŁıđĐ"
)
_BOOK = (
    "318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 "
    "637 637 637 637 637 337 337 838 838 838 531 1000 685 687 699 771 632 576 775 752 295 "
    "295 656 558 863 749 788 604 788 695 635 611 732 685 989 686 611 686 391 337 391 838 "
    "500 500 613 635 550 635 616 353 635 634 278 278 580 278 975 634 612 635 635 412 521 "
    "393 634 592 818 592 592 525 637 337 637 838 318 200 200 637 637 637 637 637 500 838 "
    "318 838 838 531 401 612 612 400 400 519 519 318 318 519 500 1000 838 1000 590 1342 472 "
    "472 500 1000 1000 1000 630 982 975 612 788 1023 1070 612 775 635 605 285 563 278 635 "
    "775"
)
_BOLD = (
    "349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 "
    "696 696 696 696 696 400 400 838 838 838 581 1000 774 763 734 831 684 684 821 837 373 "
    "373 775 638 996 837 851 733 851 771 721 683 813 774 1104 771 725 726 458 366 458 838 "
    "500 500 675 716 593 716 679 436 716 712 343 343 666 343 1042 712 688 716 716 494 596 "
    "479 712 652 924 646 652 583 712 366 712 838 349 200 200 696 696 696 696 696 500 838 "
    "380 838 838 581 457 646 646 413 413 658 658 380 380 658 500 1000 838 1000 640 1440 564 "
    "564 500 1000 1000 1000 720 1048 1085 688 851 1095 1167 688 838 716 738 372 643 343 716 "
    "838"
)
_ADVANCES = {
    False: dict(zip(_CHARS, map(int, _BOOK.split()), strict=True)),
    True: dict(zip(_CHARS, map(int, _BOLD.split()), strict=True)),
}
_SAFETY = 1.04  # kerning, rounding and a fallback font a little wider than DejaVu Sans


@lru_cache(maxsize=4096)
def _advance(char: str, bold: bool) -> float:
    table = _ADVANCES[bold]
    if char in table:
        return table[char] / 1000
    if unicodedata.combining(char):
        return 0.0
    return table.get(unicodedata.normalize("NFD", char)[0], 1000) / 1000


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` in DejaVu Sans at `size` (a little more, never less:
    a label that fits by this measure fits on the page)."""
    return sum(_advance(char, bold) for char in text) * size * _SAFETY


@dataclass(frozen=True)
class Box:
    """A rectangle in the SVG's coordinates: x0 < x1 left to right, y0 < y1 top down."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box, gap: float = GAP) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def overlap(self, other: Box) -> float:
        """The area this box (and a margin of GAP) shares with `other`."""
        w = min(self.x1 + GAP, other.x1) - max(self.x0 - GAP, other.x0)
        h = min(self.y1 + GAP, other.y1) - max(self.y0 - GAP, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def within(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.x1 <= other.x1
            and self.y0 >= other.y0
            and self.y1 <= other.y1
        )


def text_box(x: float, y: float, content: str, size: float, anchor: str, bold: bool) -> Box:
    """The box of one line of text whose anchor point (baseline) is at (x, y)."""
    width = text_width(content, size, bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - ASCENT * size, left + width, y + DESCENT * size)


# --- Lines of a label -----------------------------------------------------------------

# A unit written apart from its number stays on the number's line (`10 %`, `5 €`).
_UNIT = re.compile(r"[%‰€$£¥¢]|p\.?p\.?|pp")


def _words(label: str) -> list[str]:
    """The words of `label`, split at ordinary spaces only: a no-break space (Babel's
    `1,2 M €`, `12,5 %`) never becomes a line break, nor does the space before a unit."""
    words: list[str] = []
    for word in re.split(r"[ \t\r\n]+", label.strip()):
        if words and _UNIT.fullmatch(word) and words[-1][-1:].isdigit():
            words[-1] += "\xa0" + word
        elif word:
            words.append(word)
    return words


def wrap(label: str, width: float, size: float, bold: bool = False) -> list[str] | None:
    """`label` in lines no wider than `width`, broken between words only; None when one
    word alone is wider."""
    lines: list[str] = []
    current = ""
    for word in _words(label):
        if text_width(word, size, bold) > width:
            return None
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


@dataclass(frozen=True)
class Fit:
    """A label laid out: its lines and their font size."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False

    @property
    def width(self) -> float:
        return max((text_width(line, self.size, self.bold) for line in self.lines), default=0)

    @property
    def height(self) -> float:
        """From the top of the first line's box to the bottom of the last's."""
        return ((len(self.lines) - 1) * LEADING + ASCENT + DESCENT) * self.size

    def box(self, x: float, y: float, anchor: str) -> Box:
        """The box of the label with its first baseline at y."""
        w = self.width
        left = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
        return Box(left, y - ASCENT * self.size, left + w, y - ASCENT * self.size + self.height)


def fit(
    label: str, width: float, sizes: Iterable[float], max_lines: int, bold: bool = False
) -> Fit | None:
    """`label` in at most `max_lines` lines of `width`, at the first of `sizes` that
    allows it; None when none does."""
    for size in sizes:
        lines = wrap(label, width, size, bold)
        if lines is not None and len(lines) <= max_lines:
            return Fit(tuple(lines), size, bold)
    return None


def fits(label: str, width: float, sizes: Iterable[float], bold: bool = False) -> list[Fit]:
    """Ways to write a short label (a name) near a mark: on one line, and on two lines
    of about equal length, at the first of `sizes` that allows each."""
    found = []
    for size in sizes:
        one = wrap(label, width, size, bold)
        if one is not None and len(one) == 1:
            found.append(Fit(tuple(one), size, bold))
            break
    for size in sizes:
        half = text_width(label, size, bold) / 2
        two = None
        while half <= width:
            two = wrap(label, half, size, bold)
            if two is not None and len(two) <= 2:
                break
            half += size
        if two is not None and len(two) == 2:
            found.append(Fit(tuple(two), size, bold))
            break
    return found


def _column(
    labels: Sequence[tuple[str, bool]],
    width: float,
    sizes: Sequence[float],
    lines: int,
    keys: Keys,
    more_lines: int = 0,
) -> list[Fit]:
    """Labels (text, bold) in a column `width` wide, one size for all: the largest of
    `sizes` at which each wraps into `lines` lines; else into one more line (up to
    `more_lines` more); a label that fits in none of these (a word wider than the
    column) becomes a number (see Keys)."""
    for most in range(lines, lines + more_lines + 1):
        for size in sizes:
            laid = [fit(label, width, (size,), most, bold) for label, bold in labels]
            if all(laid):
                return laid  # type: ignore[return-value]
    size, most = sizes[-1], lines + more_lines
    return [
        fit(label, width, (size,), most, bold) or keys.fit(label, size, bold)
        for label, bold in labels
    ]


def _trace(points: Sequence[tuple[float, float]], step: float = 3.0) -> list[Box]:
    """Small boxes along a polyline: where a label would cover the line."""
    boxes = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
        for i in range(n + 1):
            x, y = x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n
            boxes.append(Box(x - 1.5, y - 1.5, x + 1.5, y + 1.5))
    return boxes


def _hard_wrap(label: str, width: float, size: float) -> tuple[str, ...]:
    """The last resort for a legend entry with a word wider than the whole chart: lines
    cut where the width ends (nothing is left out)."""
    lines: list[str] = []
    current = ""
    for char in " ".join(_words(label)):
        if current and text_width(current + char, size) > width:
            lines.append(current.strip())
            current = ""
        current += char
    return (*lines, current.strip())


class Keys:
    """Labels too long for their place: the place shows a number, and a legend under
    the chart gives the number's label in full."""

    def __init__(self) -> None:
        self.labels: list[str] = []

    def add(self, label: str) -> str:
        self.labels.append(label)
        return str(len(self.labels))

    def fit(self, label: str, size: float, bold: bool = False) -> Fit:
        return Fit((self.add(label),), size, bold)

    def legend(self, width: float, size: float = 9) -> Legend:
        return Legend(
            [(None, str(i), label) for i, label in enumerate(self.labels, 1)], width, size
        )


# --- The picture ----------------------------------------------------------------------


@dataclass
class Svg:
    width: float
    height: float
    title: str
    parts: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # where the texts written so far are

    @property
    def area(self) -> Box:
        return Box(1, 1, self.width - 1, self.height - 1)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def rect(self, x, y, w, h, fill, **extra) -> None:
        attrs = "".join(f" {k.replace('_', '-')}={quoteattr(str(v))}" for k, v in extra.items())
        self.add(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" '
            f'fill="{fill}"{attrs}/>'
        )

    def line(self, x1, y1, x2, y2, stroke=GRID, width=1.0, dash: str | None = None) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{stroke}" stroke-width="{_n(width)}"{dashes}/>'
        )

    def text(
        self,
        x,
        y,
        content: str,
        size=11.0,
        anchor="start",
        fill=INK,
        weight="normal",
        role: str = "",
    ) -> Box:
        """One line of text; `role` becomes its class (tick, value, label, legend …)."""
        bold = ' font-weight="bold"' if weight == "bold" else ""
        kind = f' class="{role}"' if role else ""
        self.add(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}{kind}>{escape(content)}</text>'
        )
        box = text_box(x, y, content, size, anchor, weight == "bold")
        self.boxes.append(box)
        return box

    def label(self, x, y, label: Fit, anchor="start", fill=INK, role: str = "") -> Box:
        """A laid-out label, its first baseline at y (one <text> a line)."""
        weight = "bold" if label.bold else "normal"
        for i, line in enumerate(label.lines):
            self.text(x, y + i * label.size * LEADING, line, label.size, anchor, fill, weight, role)
        return label.box(x, y, anchor)

    def free(self, box: Box, within: Box | None = None, avoid: Sequence[Box] = ()) -> bool:
        """Whether `box` lies inside `within` (the picture) and clear of every text
        written so far and of `avoid`."""
        return box.within(within or self.area) and not any(
            box.hits(other) for other in (*self.boxes, *avoid)
        )

    def place(
        self,
        label: Fit,
        candidates: Iterable[tuple[float, float, str]],
        fill=INK,
        role: str = "",
        within: Box | None = None,
        avoid: Sequence[Box] = (),
        soft: Sequence[Box] = (),
    ) -> Box | None:
        """Write `label` at the first of `candidates` (x, first baseline, anchor) where
        it is free; None (nothing written) when it is free nowhere. With `soft` (shapes
        a label had better not cover: bubbles, a curve), the free candidate that
        covers the least of them."""
        return self.place_any([(label, *c) for c in candidates], fill, role, within, avoid, soft)

    def place_any(
        self,
        options: Iterable[tuple[Fit, float, float, str]],
        fill=INK,
        role: str = "",
        within: Box | None = None,
        avoid: Sequence[Box] = (),
        soft: Sequence[Box] = (),
        backing: str | None = None,
    ) -> Box | None:
        """`place` with a choice of layouts too: options are (label, x, y, anchor).
        `backing`: a color drawn (translucent) under the label when it covers `soft`."""
        best: tuple[float, Fit, float, float, str] | None = None
        for label, x, y, anchor in options:
            box = label.box(x, y, anchor)
            if not self.free(box, within, avoid):
                continue
            cost = sum(box.overlap(shape) for shape in soft)
            if best is None or cost < best[0]:
                best = (cost, label, x, y, anchor)
            if cost == 0:
                break
        if best is None:
            return None
        cost, label, x, y, anchor = best
        if backing and cost:
            box = label.box(x, y, anchor)
            w, h = box.x1 - box.x0 + 4, box.y1 - box.y0
            self.rect(box.x0 - 2, box.y0, w, h, backing, fill_opacity="0.8", rx="2")
        return self.label(x, y, label, anchor, fill, role)

    def polyline(self, points: Sequence[tuple[float, float]], stroke, width=2.0) -> None:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.add(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" '
            f'stroke-width="{_n(width)}" stroke-linejoin="round"/>'
        )

    def circle(self, x, y, r, fill, stroke="none", opacity: float = 1.0) -> None:
        alpha = f' fill-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.add(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}" '
            f'stroke="{stroke}"{alpha}/>'
        )

    def render(self) -> str:
        body = "".join(self.parts)
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{_n(self.width)}" height="{_n(self.height)}" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'font-family="{FONT}" role="img"><title>{escape(self.title)}</title>{body}</svg>'
        )


def data_uri(svg: str) -> str:
    return text.data_uri(svg.encode("utf-8"), "image/svg+xml")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] with the least headroom (4 to 7 ticks)."""
    if not high - low > 1e-9:  # also a span of 5e-324, whose ticks would be 0 apart
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    best: tuple[float, int, float] | None = None
    for multiple in (1, 2, 2.5, 5, 10, 20):
        step = multiple * magnitude
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        n = last - first + 1
        if not 4 <= n <= 7:
            continue
        waste = (last * step - high) + (low - first * step)
        if best is None or (waste, n) < (best[0], best[1]):
            best = (waste, n, step)
    step = best[2] if best else raw
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _sizes(largest: float, smallest: float = MIN_SIZE) -> list[float]:
    """Font sizes from `largest` down to `smallest`, half a unit apart."""
    sizes = [largest]
    while sizes[-1] - 0.5 >= smallest - 1e-9:
        sizes.append(round(sizes[-1] - 0.5, 2))
    return sizes


def _tick_labels(ticks: Sequence[float], fmt: Fmt, axis: AxisFmt | None) -> list[str]:
    """The labels of one axis's ticks, all in the unit `axis` picks for them."""
    tick = axis(ticks) if axis else fmt
    return [tick(t) for t in ticks]


@dataclass
class Frame:
    """A plot area inside an SVG, mapping data values to coordinates."""

    left: float
    top: float
    right: float
    bottom: float
    y_low: float
    y_high: float

    def y(self, value: float) -> float:
        span = self.y_high - self.y_low or 1
        return self.bottom - (value - self.y_low) / span * (self.bottom - self.top)

    @property
    def box(self) -> Box:
        return Box(self.left, self.top, self.right, self.bottom)


@dataclass(frozen=True)
class Scale:
    """Data values along a horizontal axis → x: `low` at `left`, `low + span` at `right`."""

    low: float
    span: float
    left: float
    right: float

    def __call__(self, value: float) -> float:
        return self.left + (value - self.low) / self.span * (self.right - self.left)


def _stack(
    laid: Sequence[Fit], least: float, pad: float, top: float
) -> tuple[list[tuple[float, float]], float]:
    """Rows one under another from `top`, each as tall as its label and `pad`, and at
    least `least`: each row's (top, height), and the bottom of the last."""
    rows = []
    for label in laid:
        h = max(least, label.height + pad)
        rows.append((top, h))
        top += h
    return rows, top


def _row_label(svg: Svg, right: float, mid: float, label: Fit, fill: str) -> None:
    """A row's label, right-aligned at `right` and centered on the row's middle."""
    svg.label(right, mid - label.height / 2 + ASCENT * label.size, label, "end", fill, "label")


TICK = 10.0  # font size of tick labels


def _y_axis(svg: Svg, frame: Frame, ticks: list[float], labels: Sequence[str]) -> None:
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        svg.line(frame.left, y, frame.right, y, GRID, 0.8)
        svg.text(frame.left - 6, y + 0.35 * TICK, label, TICK, "end", MUTED, role="tick-y")
    if ticks[0] < 0 < ticks[-1]:
        svg.line(frame.left, frame.y(0), frame.right, frame.y(0), MUTED, 1)


def _y_axis_width(labels: Sequence[str]) -> float:
    """Room left of a frame for its tick labels."""
    return 2 + max((text_width(label, TICK) for label in labels), default=0) + 6


TITLE_X = 12  # where the y-axis title's baseline runs, bottom to top
TITLE_ROOM = TITLE_X + DESCENT * 10.5 + 4  # room the y-axis title takes at the left edge


def _vertical_label(svg: Svg, frame: Frame, label: str, size: float) -> None:
    """The y-axis title, written bottom to top along the left edge (smaller when the
    frame is not tall enough for it)."""
    span = frame.bottom - frame.top
    size = next((s for s in _sizes(size) if text_width(label, s) <= span), MIN_SIZE)
    mid = (frame.top + frame.bottom) / 2
    width = text_width(label, size)
    svg.add(
        f'<text x="{_n(TITLE_X)}" y="{_n(mid)}" font-size="{_n(size)}" fill="{MUTED}" '
        f'text-anchor="middle" transform="rotate(-90 {_n(TITLE_X)} {_n(mid)})" '
        f'class="axis-title">{escape(label)}</text>'
    )
    svg.boxes.append(
        Box(TITLE_X - ASCENT * size, mid - width / 2, TITLE_X + DESCENT * size, mid + width / 2)
    )


def _x_title(svg: Svg, label: str, y: float, size: float = 10.5) -> None:
    """The x-axis title, centered under the chart on one line (smaller when long)."""
    room = svg.width - 8
    size = next((s for s in _sizes(size) if text_width(label, s) <= room), MIN_SIZE)
    svg.text(svg.width / 2, y, label, size, "middle", MUTED, role="axis-title")


class Legend:
    """Entries in rows across the chart: a color swatch (or a key number) and a label,
    the label wrapped at spaces when it is wider than the chart."""

    def __init__(
        self,
        entries: Sequence[tuple[str | None, str, str]],
        width: float,
        size: float = 10,
        x0: float = 10,
    ):
        self.items: list[tuple[float, float, str | None, str, float, Fit]] = []
        x, y, row = x0, 0.0, 0.0
        right = width - x0
        for color, key, label in entries:
            mark = size * 1.4 if color else text_width(key, size, True) + size * 0.5
            room = right - x0 - mark
            laid = fit(label, room, _sizes(size), 99) or Fit(
                _hard_wrap(label, room, MIN_SIZE), MIN_SIZE
            )
            entry = mark + laid.width
            if x > x0 and x + entry > right:
                x, y, row = x0, y + row + size * 0.5, 0.0
            self.items.append((x, y, color, key, mark, laid))
            row = max(row, laid.height)
            x += entry + size * 1.4
        self.height = y + row

    def draw(self, svg: Svg, top: float) -> None:
        for x, y, color, key, mark, laid in self.items:
            baseline = top + y + ASCENT * laid.size
            if color:
                svg.rect(x, baseline - 0.85 * laid.size, laid.size, laid.size, color)
            else:
                svg.text(x, baseline, key, laid.size, "start", INK, "bold", "key")
            svg.label(x + mark, baseline, laid, "start", INK, "legend")


def _finish(svg: Svg, keys: Keys, bottom: float, legends: Sequence[Legend] = ()) -> str:
    """Legends (and the keys' legend) below `bottom`; the picture ends under them."""
    for legend in (*legends, *([keys.legend(svg.width)] if keys.labels else [])):
        if legend.items:
            bottom += 8
            legend.draw(svg, bottom)
            bottom += legend.height
    svg.height = max(svg.height, bottom + 6)
    return svg.render()


FEW_KEYS = 5  # at most this many category labels become numbers rather than every other


def _categories(
    labels: Sequence[str],
    centers: Sequence[float],
    slot: float,
    width: float,
    keys: Keys,
    sizes: Sequence[float] = (10.5, 9.5, 8.5, 8),
) -> list[Fit | None]:
    """The labels under vertical bars or points: each in up to three lines of its slot,
    one size for all (the largest that fits). A few labels that fit nowhere (a word
    wider than the slot) become numbers, given in full in the keys' legend; when many
    do (36 months, say), every second (third, fourth) label is written instead, with
    that many slots of room, as periods are; failing that, numbers. None: no label."""

    def room(i: int, slots: int) -> float:
        return min(slots * slot - 4, 2 * (centers[i] - 2), 2 * (width - 2 - centers[i]))

    for size in sizes:
        laid = [fit(label, room(i, 1), (size,), 3) for i, label in enumerate(labels)]
        if all(laid):
            return laid
    small = sizes[-1]
    laid = [fit(label, room(i, 1), (small,), 3) for i, label in enumerate(labels)]
    if laid.count(None) > FEW_KEYS:
        for every in (2, 3, 4):
            thinned = [
                fit(label, room(i, every), (small,), 2) if i % every == 0 else None
                for i, label in enumerate(labels)
            ]
            if all(thinned[::every]):
                return thinned
    return [f or keys.fit(label, small) for f, label in zip(laid, labels, strict=True)]


def _draw_categories(svg: Svg, cats: Sequence[Fit | None], centers, top: float) -> float:
    """The category labels, their first line's box from `top`; returns their bottom."""
    bottom = top
    for center, laid in zip(centers, cats, strict=True):
        if laid is not None:
            box = svg.label(center, top + ASCENT * laid.size, laid, "middle", INK, "label")
            bottom = max(bottom, box.y1)
    return bottom


def _value_size(labels: Sequence[str], room: float, bold: bool = True) -> float | None:
    """The largest size (9.5 to 7.5) at which every label is at most `room` wide."""
    return next(
        (s for s in (9.5, 8.5, 7.5) if all(text_width(x, s, bold) <= room for x in labels)),
        None,
    )


def stacked_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    fmt: Fmt,
    width: float = 680,
    height: float = 300,
    palette: Sequence[str] = PALETTE,
    axis: AxisFmt | None = None,
) -> str:
    """Vertical bars per category, stacked by series (revenue by year by product).

    The totals stand above the bars, on a second row where they are wider than a bar's
    slot, left out where they find no room; the series' legend and any keys follow."""
    totals = [sum(vals[i] for _n, vals in series) for i in range(len(categories))]
    ticks = nice_ticks(0, max(totals, default=1) or 1)
    tick_labels = _tick_labels(ticks, fmt, axis)
    left, right = _y_axis_width(tick_labels), width - 10
    slot = (right - left) / max(len(categories), 1)
    bar = slot * 0.62
    centers = [left + slot * (i + 0.5) for i in range(len(categories))]
    keys = Keys()
    cats = _categories(categories, centers, slot, width, keys)
    values = [fmt(t) for t in totals]
    size = _value_size(values, slot - GAP)
    rows = 1 if size else 2
    size = size or 7.5
    top = 6 + (ASCENT + (rows - 1) * LEADING) * size + 4
    frame = Frame(left, top, right, top + height - 60, 0, ticks[-1])
    svg = Svg(width, frame.bottom + 30, title)
    _y_axis(svg, frame, ticks, tick_labels)
    tops = []
    for i, center in enumerate(centers):
        x = center - bar / 2
        base = 0.0
        for s, (_name, vals) in enumerate(series):
            value = vals[i]
            if value > 0:
                svg.rect(
                    x,
                    frame.y(base + value),
                    bar,
                    frame.y(base) - frame.y(base + value),
                    palette[s % len(palette)],
                )
                base += value
        tops.append(Box(x, frame.y(base), x + bar, frame.bottom))
    bottom = _draw_categories(svg, cats, centers, frame.bottom + 8)
    for i, center in enumerate(centers):
        y = tops[i].y0 - 4
        svg.place(
            Fit((values[i],), size, True),
            [(center, y - row * size * LEADING, "middle") for row in range(rows)],
            role="value",
            within=Box(1, 1, width - 1, frame.bottom),
            avoid=tops[:i] + tops[i + 1 :],
        )
    legend = Legend([(palette[s % len(palette)], "", n) for s, (n, _v) in enumerate(series)], width)
    return _finish(svg, keys, bottom, [legend])


def line_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    fmt: Fmt,
    width: float = 680,
    height: float = 200,
    palette: Sequence[str] = PALETTE,
    axis: AxisFmt | None = None,
) -> str:
    """One series over categories, with value labels (gross margin % by year): each
    above its point, else below, else left out."""
    known = [v for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    pad = (high - low) * 0.25 or abs(high) * 0.1 or 0.1
    ticks = nice_ticks(max(0.0, low - pad) if low >= 0 else low - pad, high + pad)
    tick_labels = _tick_labels(ticks, fmt, axis)
    left, right = _y_axis_width(tick_labels), width - 10
    slot = (right - left) / max(len(categories), 1)
    centers = [left + slot * (i + 0.5) for i in range(len(categories))]
    keys = Keys()
    cats = _categories(categories, centers, slot, width, keys)
    labels = [fmt(v) for v in known]
    size = _value_size(labels, slot - GAP) or 7.5
    top = 6 + ASCENT * size + 8
    frame = Frame(left, top, right, top + height - 38, ticks[0], ticks[-1])
    svg = Svg(width, frame.bottom + 20, title)
    _y_axis(svg, frame, ticks, tick_labels)
    bottom = _draw_categories(svg, cats, centers, frame.bottom + 8)
    points = [
        (x, frame.y(value)) for x, value in zip(centers, values, strict=True) if value is not None
    ]
    if len(points) > 1:
        svg.polyline(points, palette[1], 2.2)
    dots = [Box(x - 4, y - 4, x + 4, y + 4) for x, y in points]
    for x, y in points:
        svg.circle(x, y, 3.5, palette[1])
    above, below = 4 + GAP + DESCENT * size, 4 + GAP + ASCENT * size
    for (x, y), label in zip(points, labels, strict=True):
        svg.place(
            Fit((label,), size, True),
            [
                (x, y - above, "middle"),
                (x, y + below, "middle"),
                (x - 4, y - above, "end"),
                (x + 4, y - above, "start"),
                (x - 4, y + below, "end"),
                (x + 4, y + below, "start"),
            ],
            role="value",
            within=Box(1, 1, width - 1, frame.bottom),
            avoid=dots,
            soft=_trace(points),
        )
    return _finish(svg, keys, bottom)


def waterfall(
    title: str,
    steps: Sequence[tuple[str, float, bool]],
    fmt: Fmt,
    width: float = 680,
    height: float = 300,
    palette: Sequence[str] = PALETTE,
    axis: AxisFmt | None = None,
) -> str:
    """Revenue down to net profit, one row a step in the order of the table beside it:
    subtotals as bars from zero, the other steps as bars floating from the level before
    them to the level after, joined by thin connectors.

    Rows rather than columns, so that a step's label (a cost to serve is often a short
    sentence) has a line of its own, wrapped at spaces, and each value sits at the end
    of its own bar. `height` is not used: the rows decide it."""
    spans = _waterfall_spans(steps)
    levels = [0.0, *(end for _start, end in spans)]
    ticks = nice_ticks(min(levels), max(levels) or 1)
    tick_labels = _tick_labels(ticks, fmt, axis)
    keys = Keys()
    natural = max((text_width(lb, 9.5, sub) for lb, _a, sub in steps), default=40)
    column = max(min(natural, width * 0.36), 40)
    laid = _column([(lb, sub) for lb, _a, sub in steps], column, _sizes(9.5, 8), 3, keys)
    label_right = 6 + column
    left = max(label_right + 12, 4 + text_width(tick_labels[0], 9) / 2)
    right = width - max(10, 4 + text_width(tick_labels[-1], 9) / 2)
    x = Scale(ticks[0], (ticks[-1] - ticks[0]) or 1, left, right)
    thick = 14
    rows, y = _stack(laid, thick + 10, 8, 6.0)
    axis_y = y + 2
    svg = Svg(width, axis_y + 4 + (ASCENT + DESCENT) * 9 + 6, title)
    _x_ticks(svg, x, ticks, tick_labels, axis_y)
    for i, ((_label, amount, subtotal), (start, end), (top, h), fitted) in enumerate(
        zip(steps, spans, rows, laid, strict=True)
    ):
        mid = top + h / 2
        _row_label(svg, label_right, mid, fitted, INK if subtotal else MUTED)
        x0, x1 = sorted((x(start), x(end)))
        color = BAD if amount < 0 else palette[0] if subtotal else GOOD
        svg.rect(x0, mid - thick / 2, max(x1 - x0, 1), thick, color)
        if i + 1 < len(steps):  # the connector down to the next bar
            below = mid + h / 2 + (rows[i + 1][1] - thick) / 2
            svg.line(x(end), mid + thick / 2, x(end), below, MUTED, 0.8, "2 2")
        value = Fit((fmt(amount),), 9, subtotal)
        row = Box(label_right + 6, top, width - 1, top + h)
        _waterfall_value(svg, value, amount < 0, (x0, x1), mid + 0.35 * 9, row)
    return _finish(svg, keys, svg.height - 6)


def _waterfall_spans(steps: Sequence[tuple[str, float, bool]]) -> list[tuple[float, float]]:
    """Where each step's bar starts and ends: a subtotal from zero to its amount, any
    other step from the level before it to the level after."""
    spans = []
    running = 0.0
    for _label, amount, subtotal in steps:
        start = 0.0 if subtotal else running
        running = amount if subtotal else running + amount
        spans.append((start, running))
    return spans


def _x_ticks(svg: Svg, x: Scale, ticks: Sequence[float], labels: Sequence[str], bottom: float):
    """Grid lines down to `bottom` (a darker one at zero), the tick labels under it."""
    for tick, tick_label in zip(ticks, labels, strict=True):
        svg.line(x(tick), 4, x(tick), bottom, GRID, 0.8)
        svg.text(x(tick), bottom + 4 + ASCENT * 9, tick_label, 9, "middle", MUTED, role="tick-x")
    if ticks[0] < 0 < ticks[-1]:
        svg.line(x(0), 4, x(0), bottom, MUTED, 1)


def _waterfall_value(
    svg: Svg, value: Fit, cost: bool, bar: tuple[float, float], baseline: float, row: Box
) -> None:
    """A step's value beyond its bar's end (the right for a gain, the left for a cost);
    else inside the bar, in white; else beyond its other end; else left out."""
    x0, x1 = bar
    ahead, behind = (x1 + 4, baseline, "start"), (x0 - 4, baseline, "end")
    if cost:
        ahead, behind = behind, ahead
    inside = (x0 + 4, baseline, "start") if cost else (x1 - 4, baseline, "end")
    if not (
        svg.place(value, [ahead], role="value", within=row)
        or svg.place(value, [inside], "#ffffff", "value", Box(x0, row.y0, x1, row.y1))
    ):
        svg.place(value, [behind], role="value", within=row)


def whale_curve(
    title: str,
    points: Sequence[tuple[float, float]],
    key_point: tuple[float, float] | None,
    pct: Fmt,
    x_label: str,
    y_label: str,
    key_label: str,
    width: float = 680,
    height: float = 300,
    palette: Sequence[str] = PALETTE,
    axis: AxisFmt | None = None,
) -> str:
    """Cumulative profit (share of total) against the cumulative share of customers.

    `points` are (share of customers, share of profit) from (0, 0): for a large
    portfolio a few hundred of them (kam.analysis.portfolio keeps the peak). The peak's
    value and the key account's name are placed where they are free."""
    shares = [y for _x, y in points[1:]]
    top = max([1.0, *shares])
    low = min([0.0, *shares])
    ticks = nice_ticks(low, top)
    tick_labels = _tick_labels(ticks, pct, axis)
    quarters = [0, 0.25, 0.5, 0.75, 1]
    x_labels = _tick_labels(quarters, pct, axis)
    left = TITLE_ROOM + _y_axis_width(tick_labels)
    right = width - max(14, 4 + text_width(x_labels[-1], TICK) / 2)
    frame = Frame(left, 8 + ASCENT * 10 + 8, right, height - 40, ticks[0], ticks[-1])
    svg = Svg(width, height, title)
    keys = Keys()
    _y_axis(svg, frame, ticks, tick_labels)

    def x(share: float) -> float:
        return frame.left + (frame.right - frame.left) * share

    for q, label in zip(quarters, x_labels, strict=True):
        svg.text(
            x(q), frame.bottom + 8 + ASCENT * TICK, label, TICK, "middle", MUTED, role="tick-x"
        )
    _x_title(svg, x_label, height - 6, 10)
    _vertical_label(svg, frame, y_label, 10)
    svg.line(frame.left, frame.y(1), frame.right, frame.y(1), MUTED, 1, "4 3")
    drawn = [(x(a), frame.y(b)) for a, b in points]
    svg.polyline(drawn, palette[0], 2.2)
    plot = Box(frame.left, 1, width - 1, frame.bottom)
    curve = _trace(drawn)
    if shares:
        _whale_peak(svg, shares, drawn, pct, palette[0], plot, curve)
    if key_point is not None:
        kx, ky = x(key_point[0]), frame.y(key_point[1])
        svg.circle(kx, ky, 6, HIGHLIGHT, INK)
        room = (frame.right - frame.left) * 0.45
        rightwards = kx < (left + right) / 2
        _place_near(svg, key_label, keys, (kx, ky, 7), plot, rightwards, room, 10, curve)
    return _finish(svg, keys, svg.height - 6)


def _whale_peak(
    svg: Svg,
    shares: Sequence[float],
    drawn: Sequence[tuple[float, float]],
    pct: Fmt,
    color: str,
    plot: Box,
    curve: Sequence[Box],
) -> None:
    """The curve's peak (the largest share of profit): a dot, and its value above it
    (else beside it, else below) where that is free and covers the least of the curve."""
    peak = max(range(len(shares)), key=shares.__getitem__)
    px, py = drawn[peak + 1]
    svg.circle(px, py, 3.5, color)
    above, below = 4 + GAP + DESCENT * 10, 4 + GAP + ASCENT * 10
    svg.place(
        Fit((pct(shares[peak]),), 10, True),
        [
            (px, py - above, "middle"),
            (px - 4, py - above, "end"),
            (px + 4, py - above, "start"),
            (px - 4, py + below, "end"),
            (px + 4, py + below, "start"),
        ],
        role="value",
        within=plot,
        soft=curve,
    )


def _place_near(
    svg: Svg,
    name: str,
    keys: Keys,
    mark: tuple[float, float, float],
    within: Box,
    rightwards: bool,
    room: float,
    size: float,
    soft: Sequence[Box] = (),
    backing: str | None = None,
) -> Box | None:
    """A name next to a mark (x, y, radius): below or above it, to its right or left
    (first the side `rightwards` says), on one line or two, where it covers the least
    of `soft`; as a number (with the name in the keys' legend) when it fits nowhere."""
    cx, cy, r = mark

    def spots(fitted: Fit) -> list[tuple[float, float, str]]:
        s, lines = fitted.size, len(fitted.lines)
        above = cy - r - 3 - DESCENT * s - (lines - 1) * LEADING * s
        below = cy + r + 3 + ASCENT * s
        beside = cy + 0.35 * s - (lines - 1) * LEADING * s / 2
        near = [(cx + r + 4, below - r, "start"), (cx - r - 4, below - r, "end")]
        high = [(cx + r + 4, above + r, "start"), (cx - r - 4, above + r, "end")]
        side = [(cx + r + 4, beside, "start"), (cx - r - 4, beside, "end")]
        if not rightwards:
            near, high, side = near[::-1], high[::-1], side[::-1]
        return [*near, *high, *side, (cx, above, "middle"), (cx, below, "middle")]

    options = [(f, *spot) for f in fits(name, room, _sizes(size, 8), True) for spot in spots(f)]
    placed = svg.place_any(options, INK, "label", within, (), soft, backing)
    if placed is None:
        key = keys.fit(name, size, True)
        placed = svg.place(key, spots(key), role="key", within=within, soft=soft)
        if placed is None:
            keys.labels.pop()
    return placed


@dataclass
class Bubble:
    label: str
    x: float  # relative strength 1..10
    y: float  # attractiveness 1..10
    size: float  # revenue
    key: bool = False
    count: int = 1  # > 1: the bubble stands for this many customers (one matrix cell)


def bubble_matrix(
    title: str,
    bubbles: Sequence[Bubble],
    threshold: float,
    quadrant_names: dict[str, str],
    x_label: str,
    y_label: str,
    width: float = 680,
    height: float = 420,
    palette: Sequence[str] = PALETTE,
) -> str:
    """McDonald's selection matrix: attractiveness against relative strength.

    The quadrants' names sit in their corners (smaller, or left out, when a quadrant is
    too narrow); the key account's name is placed next to its bubble where it is free,
    clear of other bubbles if it can be; a cell's count is written in its bubble unless
    it would cover another label."""
    svg = Svg(width, height, title)
    keys = Keys()
    left = TITLE_ROOM + _y_axis_width(["10"])
    frame = Frame(left, 12, width - 12, height - 40, 0.5, 10.5)
    x = Scale(0.5, 10, frame.left, frame.right)
    quadrants = _quadrants(svg, frame, x(threshold), frame.y(threshold))
    for v in range(1, 11):
        svg.text(x(v), frame.bottom + 4 + ASCENT * 9.5, str(v), 9.5, "middle", MUTED, role="tick-x")
        svg.text(frame.left - 6, frame.y(v) + 0.35 * 9.5, str(v), 9.5, "end", MUTED, role="tick-y")
    biggest = max((b.size for b in bubbles), default=1) or 1

    def mark(b: Bubble) -> tuple[float, float, float]:
        """The bubble's center and radius (its area after its revenue)."""
        return x(b.x), frame.y(b.y), 4 + 18 * math.sqrt(max(b.size, 0) / biggest)

    for b in sorted(bubbles, key=lambda b: (b.key, -b.size, b.label)):
        if b.key:
            svg.circle(*mark(b), HIGHLIGHT, INK)
        else:
            svg.circle(*mark(b), palette[1], "#ffffff", 0.55)
    discs = {id(b): _disc(*mark(b)) for b in bubbles}
    room = (frame.right - frame.left) * 0.45
    marked = [disc for b in bubbles if b.key for disc in [discs[id(b)]]]  # kept uncovered
    for b in (b for b in bubbles if b.key):
        others = [disc for k, disc in discs.items() if k != id(b)]
        rightwards = x(b.x) < (frame.left + frame.right) / 2
        _place_near(
            svg, b.label, keys, mark(b), frame.box, rightwards, room, 10.5, others, "#ffffff"
        )
    for name, (box, anchor, edge) in quadrants.items():
        _quadrant_name(svg, quadrant_names[name], box, anchor, edge, marked, list(discs.values()))
    for b in sorted(bubbles, key=lambda b: (-b.size, b.label)):
        if b.count > 1 and not b.key:
            cx, cy, r = mark(b)
            count = fit(b.label, 2 * r + 8, _sizes(9, 7.5), 1, True)
            if count is not None:
                spot = (cx, cy + 0.35 * count.size, "middle")
                svg.place(count, [spot], "#ffffff", "count", frame.box, marked)
    _x_title(svg, x_label, height - 8)
    _vertical_label(svg, frame, y_label, 10.5)
    return _finish(svg, keys, svg.height - 6)


_SHADES = {"star": "#fbeed5", "strategic": "#dcefe3", "streamline": "#f1f4f8", "status": "#e3e9f0"}


def _quadrants(svg: Svg, frame: Frame, mx: float, my: float) -> dict[str, tuple[Box, str, str]]:
    """The matrix's four quadrants, split at (mx, my), each shaded: by name, its box and
    the corner its name goes in (the anchor of its text, the edge it is written along)."""
    quadrants = {
        "star": (Box(frame.left, frame.top, mx, my), "start", "top"),
        "strategic": (Box(mx, frame.top, frame.right, my), "end", "top"),
        "streamline": (Box(frame.left, my, mx, frame.bottom), "start", "bottom"),
        "status": (Box(mx, my, frame.right, frame.bottom), "end", "bottom"),
    }
    for name, (box, _anchor, _edge) in quadrants.items():
        svg.rect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0, _SHADES[name])
    return quadrants


def _quadrant_name(
    svg: Svg,
    name: str,
    box: Box,
    anchor: str,
    edge: str,
    marked: Sequence[Box],
    discs: Sequence[Box],
) -> None:
    """A quadrant's name in its outer corner, else further along its edge, clear of the
    `marked` bubbles and covering the least of the others; left out when too wide."""
    label = fit(name, box.x1 - box.x0 - 12, _sizes(11, 8), 1, True)
    if label is None:
        return
    slide = max(0.0, (box.x1 - box.x0) / 2 - label.width)
    shifts = [k * 8.0 for k in range(int(slide // 8) + 1)]
    xs = [box.x0 + 6 + d if anchor == "start" else box.x1 - 6 - d for d in shifts]
    edge_y = box.y0 + 4 + ASCENT * label.size
    if edge == "bottom":
        edge_y = box.y1 - 4 - DESCENT * label.size
    options = [(label, lx, edge_y, anchor) for lx in xs]
    svg.place_any(options, MUTED, "quadrant", box, marked, discs, "#ffffff")


def _disc(cx: float, cy: float, r: float) -> Box:
    """Where a label would cover a circle: about the square of its area."""
    half = r * 0.85
    return Box(cx - half, cy - half, cx + half, cy + half)


def hbars(
    title: str,
    rows: Sequence[tuple[str, float]],
    fmt: Fmt,
    width: float = 680,
    bar_height: float = 20,
    signed_colors: bool = True,
    palette: Sequence[str] = PALETTE,
    colors: Sequence[str] = (),
    marks: Sequence[float | None] = (),
) -> str:
    """Horizontal bars, one per row; negative values to the left in red.

    The row labels wrap at spaces (up to three lines) in a column of at most 40 % of
    the width; the values sit beyond each bar's end, with room kept for the widest.
    `colors` (one per row) color the bars instead; `marks` (one per row, or None) draw
    a tick across a bar at that value (a value label it would cross moves past it)."""
    keys = Keys()
    natural = max((text_width(label, 10) for label, _ in rows), default=40)
    column = max(min(natural, width * 0.4), 40)
    laid = _column([(label, False) for label, _ in rows], column, _sizes(10, 8), 3, keys)
    values = [fmt(v) for _l, v in rows]
    size = 9.5
    label_right = 4 + column
    left = label_right + 10 + _values_room(values, rows, size, True)
    right = width - 4 - _values_room(values, rows, size, False)
    numbers = [v for _l, v in rows] + [m for m in marks if m is not None]
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    x = Scale(low, (high - low) or 1, left, right)
    tops, y = _stack(laid, bar_height + 6, 6, 8.0)
    svg = Svg(width, y + 8, title)
    zero = x(0)
    for i, ((_label, value), (top, h), label, shown) in enumerate(
        zip(rows, tops, laid, values, strict=True)
    ):
        mid = top + h / 2
        color = (BAD if value < 0 else GOOD) if signed_colors else palette[i % len(palette)]
        color = colors[i] if colors else color
        svg.rect(min(zero, x(value)), mid - bar_height / 2, abs(x(value) - zero), bar_height, color)
        _row_label(svg, label_right, mid, label, INK)
        mark = marks[i] if marks else None
        if mark is not None:
            svg.line(x(mark), mid - bar_height / 2 - 3, x(mark), mid + bar_height / 2 + 3, INK, 2)
        _hbar_value(svg, x, value, mark, shown, mid + 0.35 * size, size)
    svg.line(zero, 4, zero, svg.height - 4, MUTED, 1)
    return _finish(svg, keys, svg.height - 6)


def _values_room(
    values: Sequence[str], rows: Sequence[tuple[str, float]], size: float, negative: bool
) -> float:
    """Room beyond the bars' ends for the widest value label on one side (the left for
    negative values); none when no value is on that side."""
    widths = [
        text_width(shown, size, True)
        for shown, (_label, value) in zip(values, rows, strict=True)
        if (value < 0) == negative
    ]
    return max(widths) + 8 if widths else 0


def _hbar_value(
    svg: Svg, x: Scale, value: float, mark: float | None, shown: str, baseline: float, size: float
) -> None:
    """A bar's value beyond its end; past the bar's tick (`mark`) when it would cross it."""
    if value < 0:
        svg.text(x(value) - 4, baseline, shown, size, "end", INK, "bold", "value")
        return
    start = x(value) + 4
    if mark is not None and x(value) <= x(mark) < start + text_width(shown, size, True):
        start = x(mark) + 4  # past the tick, not across it
    svg.text(start, baseline, shown, size, "start", INK, "bold", "value")


@dataclass
class Bar:
    label: str
    start: float  # day numbers (date.toordinal())
    end: float
    color: str
    flagged: bool = False


def gantt(
    title: str,
    bars: Sequence[Bar],
    months: Sequence[tuple[float, str]],
    today: float | None,
    today_label: str,
    width: float = 680,
    row: float = 17,
) -> str:
    """Action timeline: one bar per action from start to due; a line for today.

    Each action's label wraps at spaces onto two lines (three, smaller, if it must) in
    a column of a third of the width; the months are labelled as often as their labels
    fit side by side, and the time axis runs on far enough for the last one."""
    keys = Keys()
    natural = max((text_width(b.label, 9) for b in bars), default=40)
    column = max(min(natural, width * 0.34), 40)
    laid = _column([(b.label, False) for b in bars], column, _sizes(9, 8), 2, keys, 2)
    label_right = 4 + column
    size = 8.5
    x = _time_scale(bars, months, today, label_right + 8, width - 8, size)
    every = _month_step(months, x, size)
    header = 4 + (ASCENT + DESCENT) * size + 4
    tops, y = _stack(laid, row, 5, header + 2)
    end = y + 4
    svg = Svg(width, end + 4 + (ASCENT + DESCENT) * size + 3, title)
    for i, (day, name) in enumerate(months):
        svg.line(x(day), header - 2, x(day), end, GRID, 0.8)
        if i % every == 0:
            svg.text(x(day) + 2, 4 + ASCENT * size, name, size, "start", MUTED, role="tick-x")
    for b, (top, h), label in zip(bars, tops, laid, strict=True):
        mid = top + h / 2
        _row_label(svg, label_right, mid, label, BAD if b.flagged else INK)
        svg.rect(
            x(b.start), mid - (row - 5) / 2, max(x(b.end) - x(b.start), 3), row - 5, b.color, rx="2"
        )
    if today is not None:
        svg.line(x(today), header - 4, x(today), end, BAD, 1.3, "4 2")
        baseline = end + 4 + ASCENT * size
        half = text_width(today_label, size) / 2
        tx = min(max(x(today), half + 2), width - 2 - half)
        svg.text(tx, baseline, today_label, size, "middle", BAD, role="today")
    return _finish(svg, keys, svg.height - 3)


def _time_scale(
    bars: Sequence[Bar],
    months: Sequence[tuple[float, str]],
    today: float | None,
    left: float,
    right: float,
    size: float,
) -> Scale:
    """Days → x from the first bar, month or today to the last, and on until the last
    month's label (at `size`) ends inside the axis."""
    marks = [m for m, _ in months] + ([today] if today is not None else [])
    lo = min([b.start for b in bars] + marks, default=0)
    hi = max([b.end for b in bars] + marks, default=1)
    if months:
        last, name = months[-1]
        room = right - left - 2 - text_width(name, size)
        hi = max(hi, lo + (last - lo) * (right - left) / max(room, 1))
    return Scale(lo, (hi - lo) or 1, left, right)


def _month_step(months: Sequence[tuple[float, str]], x: Scale, size: float) -> int:
    """Label every month, else every second (third …): the first step at which each
    labelled month's name fits before the next labelled month."""
    return next(
        (
            k
            for k in range(1, len(months) + 1)
            if all(
                x(months[i + k][0]) - x(months[i][0]) >= 2 + text_width(months[i][1], size) + 4
                for i in range(0, len(months) - k, k)
            )
        ),
        max(len(months), 1),
    )
