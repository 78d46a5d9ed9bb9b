"""Charts as small, deterministic SVG documents (no chart library).

Why hand-written SVG: matplotlib, measured here, costs 0.43 s to import and ~50 ms a
chart, which alone breaks the 1 s HTML-build target and the PDF-time ratio; pygal
gives random ids (not reproducible). These charts are plain vector shapes and text,
byte-identical for the same data, and embedded as data: URIs.

Every function takes plain data and label strings (already localized and formatted)
and returns SVG text. Nothing here reads files or knows the models.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from kam import text

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
FONT = "DejaVu Sans, Arial, sans-serif"

Fmt = Callable[[float], str]


# Characters XML 1.0 forbids even escaped: one of them (from a CSV file, say) would make
# the whole chart unreadable, so it is drawn as U+FFFD instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("\ufffd", text))


def _n(value: float) -> str:
    """Numbers in SVG attributes: short and deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float) -> float:
    """Rough advance width of `text` in DejaVu Sans (enough for layout)."""
    return len(text) * size * 0.58


@dataclass
class Svg:
    width: float
    height: float
    title: str
    parts: list[str] = field(default_factory=list)

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
        self, x, y, content: str, size=11.0, anchor="start", fill=INK, weight="normal"
    ) -> None:
        bold = ' font-weight="bold"' if weight == "bold" else ""
        self.add(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}>{escape(content)}</text>'
        )

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


def _y_axis(svg: Svg, frame: Frame, ticks: list[float], fmt: Fmt) -> None:
    for tick in ticks:
        y = frame.y(tick)
        svg.line(frame.left, y, frame.right, y, GRID, 0.8)
        svg.text(frame.left - 6, y + 4, fmt(tick), 10, "end", MUTED)
    if ticks[0] < 0 < ticks[-1]:
        svg.line(frame.left, frame.y(0), frame.right, frame.y(0), MUTED, 1)


def _vertical_label(svg: Svg, frame: Frame, label: str, size: float) -> None:
    """The y-axis title, written bottom to top along the left edge."""
    mid = _n((frame.top + frame.bottom) / 2)
    svg.add(
        f'<text x="12" y="{mid}" font-size="{_n(size)}" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {mid})">{escape(label)}</text>'
    )


def _legend(
    svg: Svg, names: Sequence[str], y: float, palette: Sequence[str], x0: float = 10
) -> None:
    x = x0
    for i, name in enumerate(names):
        width = 16 + text_width(name, 10) + 14
        if x + width > svg.width - 4:
            x = x0
            y += 16
        svg.rect(x, y - 9, 10, 10, palette[i % len(palette)])
        svg.text(x + 14, y, name, 10)
        x += width


def stacked_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    fmt: Fmt,
    width: float = 680,
    height: float = 300,
    palette: Sequence[str] = PALETTE,
) -> str:
    """Vertical bars per category, stacked by series (revenue by year by product)."""
    svg = Svg(width, height, title)
    legend_rows = 1 + int(sum(30 + text_width(n, 10) for n, _ in series) // (width - 20))
    totals = [sum(vals[i] for _n, vals in series) for i in range(len(categories))]
    ticks = nice_ticks(0, max(totals, default=1) or 1)
    label_w = max(text_width(fmt(t), 10) for t in ticks) + 12
    frame = Frame(label_w, 14, width - 10, height - 30 - 16 * legend_rows, 0, ticks[-1])
    _y_axis(svg, frame, ticks, fmt)
    slot = (frame.right - frame.left) / max(len(categories), 1)
    bar = slot * 0.62
    for i, category in enumerate(categories):
        x = frame.left + slot * i + (slot - bar) / 2
        base = 0.0
        for s, (_name, values) in enumerate(series):
            value = values[i]
            if value > 0:
                svg.rect(x, frame.y(base + value), bar, frame.y(base) - frame.y(base + value),
                         palette[s % len(palette)])  # fmt: skip
                base += value
        svg.text(x + bar / 2, frame.y(base) - 4, fmt(totals[i]), 9.5, "middle", INK, "bold")
        svg.text(x + bar / 2, frame.bottom + 14, category, 10.5, "middle")
    _legend(svg, [name for name, _ in series], frame.bottom + 34, palette)
    return svg.render()


def line_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    fmt: Fmt,
    width: float = 680,
    height: float = 200,
    palette: Sequence[str] = PALETTE,
) -> str:
    """One series over categories, with value labels (gross margin % by year)."""
    svg = Svg(width, height, title)
    known = [v for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    pad = (high - low) * 0.25 or abs(high) * 0.1 or 0.1
    ticks = nice_ticks(max(0.0, low - pad) if low >= 0 else low - pad, high + pad)
    label_w = max(text_width(fmt(t), 10) for t in ticks) + 12
    frame = Frame(label_w, 14, width - 10, height - 24, ticks[0], ticks[-1])
    _y_axis(svg, frame, ticks, fmt)
    slot = (frame.right - frame.left) / max(len(categories), 1)
    points = []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        x = frame.left + slot * (i + 0.5)
        svg.text(x, frame.bottom + 14, category, 10.5, "middle")
        if value is not None:
            points.append((x, frame.y(value)))
    if len(points) > 1:
        svg.polyline(points, palette[1], 2.2)
    for (x, y), value in zip(points, known, strict=True):
        svg.circle(x, y, 3.5, palette[1])
        svg.text(x, y - 8, fmt(value), 9.5, "middle", INK, "bold")
    return svg.render()


def waterfall(
    title: str,
    steps: Sequence[tuple[str, float, bool]],
    fmt: Fmt,
    width: float = 680,
    height: float = 300,
    palette: Sequence[str] = PALETTE,
) -> str:
    """Revenue down to net profit: subtotals as full bars, deductions as floating bars."""
    svg = Svg(width, height, title)
    levels = [0.0]
    running = 0.0
    for _label, amount, subtotal in steps:
        running = amount if subtotal else running + amount
        levels.append(running)
    ticks = nice_ticks(min(levels), max(levels) or 1)
    label_w = max(text_width(fmt(t), 10) for t in ticks) + 12
    frame = Frame(label_w, 16, width - 10, height - 64, ticks[0], ticks[-1])
    _y_axis(svg, frame, ticks, fmt)
    slot = (frame.right - frame.left) / max(len(steps), 1)
    bar = slot * 0.7
    running = 0.0
    for i, (label, amount, subtotal) in enumerate(steps):
        x = frame.left + slot * i + (slot - bar) / 2
        if subtotal:
            top, bottom, color = max(amount, 0), min(amount, 0), palette[0]
            running = amount
            if amount < 0:
                color = BAD
        else:
            start, running = running, running + amount
            top, bottom = max(start, running), min(start, running)
            color = BAD if amount < 0 else GOOD
        svg.rect(x, frame.y(top), bar, frame.y(bottom) - frame.y(top), color)
        label_y = frame.y(top) - 4
        svg.text(x + bar / 2, label_y, fmt(amount), 8.5, "middle", INK)
        words = _wrap(label, max(6, int(slot / 6)))
        for j, word_line in enumerate(words[:3]):
            svg.text(x + bar / 2, frame.bottom + 13 + 11 * j, word_line, 8.5, "middle", MUTED)
    return svg.render()


def _wrap(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]


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
) -> str:
    """Cumulative profit (share of total) against the cumulative share of customers.

    `points` are (share of customers, share of profit) from (0, 0): for a large
    portfolio a few hundred of them (kam.analysis.portfolio keeps the peak)."""
    svg = Svg(width, height, title)
    shares = [y for _x, y in points[1:]]
    top = max([1.0, *shares])
    low = min([0.0, *shares])
    ticks = nice_ticks(low, top)
    label_w = max(text_width(pct(t), 10) for t in ticks) + 30
    frame = Frame(label_w, 14, width - 14, height - 40, ticks[0], ticks[-1])
    _y_axis(svg, frame, ticks, pct)

    def x(share: float) -> float:
        return frame.left + (frame.right - frame.left) * share

    svg.line(frame.left, frame.y(1), frame.right, frame.y(1), MUTED, 1, "4 3")
    drawn = [(x(a), frame.y(b)) for a, b in points]
    svg.polyline(drawn, palette[0], 2.2)
    if shares:
        peak = max(range(len(shares)), key=shares.__getitem__)
        px, py = drawn[peak + 1]
        svg.circle(px, py, 3.5, palette[0])
        svg.text(px, py - 8, pct(shares[peak]), 10, "middle", INK, "bold")
    if key_point is not None:
        kx, ky = x(key_point[0]), frame.y(key_point[1])
        svg.circle(kx, ky, 6, HIGHLIGHT, INK)
        anchor = "start" if kx < (frame.left + frame.right) / 2 else "end"
        offset = 10 if anchor == "start" else -10
        svg.text(kx + offset, ky + 16, key_label, 10, anchor, INK, "bold")
    for q in (0, 0.25, 0.5, 0.75, 1):
        svg.text(
            frame.left + (frame.right - frame.left) * q,
            frame.bottom + 14,
            pct(q),
            10,
            "middle",
            MUTED,
        )
    svg.text((frame.left + frame.right) / 2, height - 6, x_label, 10, "middle", MUTED)
    _vertical_label(svg, frame, y_label, 10)
    return svg.render()


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
    """McDonald's selection matrix: attractiveness against relative strength."""
    svg = Svg(width, height, title)
    frame = Frame(44, 12, width - 12, height - 40, 0.5, 10.5)

    def x(value: float) -> float:
        return frame.left + (value - 0.5) / 10 * (frame.right - frame.left)

    shades = {
        "star": "#fbeed5",
        "strategic": "#dcefe3",
        "streamline": "#f1f4f8",
        "status": "#e3e9f0",
    }
    mx, my = x(threshold), frame.y(threshold)
    svg.rect(frame.left, frame.top, mx - frame.left, my - frame.top, shades["star"])
    svg.rect(mx, frame.top, frame.right - mx, my - frame.top, shades["strategic"])
    svg.rect(frame.left, my, mx - frame.left, frame.bottom - my, shades["streamline"])
    svg.rect(mx, my, frame.right - mx, frame.bottom - my, shades["status"])
    svg.text(frame.left + 6, frame.top + 14, quadrant_names["star"], 11, "start", MUTED, "bold")
    svg.text(frame.right - 6, frame.top + 14, quadrant_names["strategic"], 11, "end", MUTED, "bold")
    svg.text(
        frame.left + 6, frame.bottom - 6, quadrant_names["streamline"], 11, "start", MUTED, "bold"
    )
    svg.text(frame.right - 6, frame.bottom - 6, quadrant_names["status"], 11, "end", MUTED, "bold")
    for v in range(1, 11):
        svg.text(x(v), frame.bottom + 13, str(v), 9.5, "middle", MUTED)
        svg.text(frame.left - 6, frame.y(v) + 3, str(v), 9.5, "end", MUTED)
    biggest = max((b.size for b in bubbles), default=1) or 1
    for b in sorted(bubbles, key=lambda b: (b.key, -b.size, b.label)):
        radius = 4 + 18 * math.sqrt(max(b.size, 0) / biggest)
        if b.key:
            svg.circle(x(b.x), frame.y(b.y), radius, HIGHLIGHT, INK)
            svg.text(x(b.x), frame.y(b.y) - radius - 4, b.label, 10.5, "middle", INK, "bold")
        else:
            svg.circle(x(b.x), frame.y(b.y), radius, palette[1], "#ffffff", 0.55)
            if b.count > 1:
                svg.text(x(b.x), frame.y(b.y) + 3.5, b.label, 9, "middle", "#ffffff", "bold")
    svg.text((frame.left + frame.right) / 2, height - 8, x_label, 10.5, "middle", MUTED)
    _vertical_label(svg, frame, y_label, 10.5)
    return svg.render()


def hbars(
    title: str,
    rows: Sequence[tuple[str, float]],
    fmt: Fmt,
    width: float = 680,
    bar_height: float = 20,
    signed_colors: bool = True,
    palette: Sequence[str] = PALETTE,
) -> str:
    """Horizontal bars, one per row; negative values to the left in red."""
    label_w = min(max((text_width(label, 10) for label, _ in rows), default=40) + 12, width * 0.42)
    height = 18 + len(rows) * (bar_height + 6) + 8
    svg = Svg(width, height, title)
    values = [v for _l, v in rows]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1
    left, right = label_w + 8, width - 60
    if low < 0:
        left += 50

    def x(value: float) -> float:
        return left + (value - low) / span * (right - left)

    zero = x(0)
    for i, (label, value) in enumerate(rows):
        y = 14 + i * (bar_height + 6)
        color = (BAD if value < 0 else GOOD) if signed_colors else palette[i % len(palette)]
        svg.rect(min(zero, x(value)), y, abs(x(value) - zero), bar_height, color)
        short = label if text_width(label, 10) < label_w else label[: int(label_w / 5.8) - 1] + "…"
        svg.text(label_w, y + bar_height * 0.7, short, 10, "end")
        if value < 0:
            svg.text(x(value) - 4, y + bar_height * 0.7, fmt(value), 9.5, "end", INK, "bold")
        else:
            svg.text(x(value) + 4, y + bar_height * 0.7, fmt(value), 9.5, "start", INK, "bold")
    svg.line(zero, 8, zero, height - 6, MUTED, 1)
    return svg.render()


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
    """Action timeline: one bar per action from start to due; a line for today."""
    label_w = 215.0
    height = 30 + len(bars) * row + 16
    svg = Svg(width, height, title)
    lo = min([b.start for b in bars] + [m for m, _ in months] + ([today] if today else []))
    hi = max([b.end for b in bars] + [m for m, _ in months] + ([today] if today else []))
    span = (hi - lo) or 1
    left, right = label_w + 6, width - 8

    def x(day: float) -> float:
        return left + (day - lo) / span * (right - left)

    for day, name in months:
        svg.line(x(day), 18, x(day), height - 4, GRID, 0.8)
        svg.text(x(day) + 2, 12, name, 8.5, "start", MUTED)
    for i, b in enumerate(bars):
        y = 24 + i * row
        short = (
            b.label if text_width(b.label, 9) < label_w else b.label[: int(label_w / 5.3) - 1] + "…"
        )
        svg.text(label_w, y + row * 0.62, short, 9, "end", BAD if b.flagged else INK)
        svg.rect(x(b.start), y + 2, max(x(b.end) - x(b.start), 3), row - 5, b.color, rx="2")
    if today is not None:
        svg.line(x(today), 16, x(today), height - 4, BAD, 1.3, "4 2")
        svg.text(x(today), height - 3, today_label, 8.5, "middle", BAD)
    return svg.render()
