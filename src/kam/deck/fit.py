"""How much room a text takes on a slide, estimated, so that the deck never relies on
PowerPoint's auto-fit (off everywhere): long texts are shortened, long lists split
across slides, and a test reads the deck back and checks every box with this estimate.

The width of a line is measured with kam's table of DejaVu Sans advances (the charts'
measure, `render.svg.text_width`): wider than Source Sans, Calibri or Arial, so a text
that fits by this measure fits in whichever of them the viewer shows.
"""

from __future__ import annotations

import re

from kam.render.svg import text_width

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
#: A line's height as a share of its font size (PowerPoint's single spacing is ~1.2).
LINE_HEIGHT = 1.2
#: Room kept under a paragraph (`space_after` is never set: this is the slack).
PARAGRAPH_GAP = 0.0


def lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines `text` takes in a box `width_pt` wide at `size` points, wrapped
    between words (a word wider than the box is broken where it must)."""
    count = 0
    for paragraph in text.split("\n"):
        count += _paragraph_lines(paragraph, width_pt, size, bold)
    return max(count, 1)


def _paragraph_lines(paragraph: str, width: float, size: float, bold: bool) -> int:
    count, current = 1, 0.0
    space = text_width(" ", size, bold)
    for word in paragraph.split(" "):
        if not word:
            continue
        w = text_width(word, size, bold)
        if w > width:  # broken across lines, character by character
            w = (current + space if current else 0.0) + w
            count += int(w // width)
            current = w % width
            continue
        if current and current + space + w > width:
            count += 1
            current = w
        else:
            current = current + space + w if current else w
    return count


def height_pt(paragraphs: list[tuple[str, float, bool]], width_pt: float) -> float:
    """The height of paragraphs (text, size, bold) set in a box `width_pt` wide."""
    return sum(
        lines(text, width_pt, size, bold) * size * LINE_HEIGHT + PARAGRAPH_GAP
        for text, size, bold in paragraphs
    )


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis. No-break
    spaces stay (Babel's `63.998 €`): a line never breaks there."""
    text = _spaces(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"(\*\*|__|\*|`)")


def plain(markdown: str | None) -> str:
    """A Markdown text as one plain line: links to their words, emphasis and list marks
    dropped, white space collapsed."""
    if not markdown:
        return ""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKS.sub("", text)
    text = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+[.)]|#+)[ \t]+", "", text)
    return _spaces(text)


def _spaces(text: str) -> str:
    """White space collapsed to single spaces, except no-break spaces."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


# --- Checking a shape read back --------------------------------------------------------


def frame_overflow(shape) -> float:
    """How many points the estimated text of `shape` (a text box or placeholder) exceeds
    its height by; 0 or less when it fits."""
    frame = shape.text_frame
    if not frame.text.strip():
        return -1.0  # a shape without text (a rule, a swatch, an empty cell of the map)
    width = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
    room = (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT
    return height_pt(_paragraphs(frame), width) - room


def table_overflow(frame) -> float:
    """How many points the rows of a table, each as tall as its tallest estimated cell
    (PowerPoint grows a row to its text), exceed the table's frame by."""
    table = frame.table
    total = 0.0  # in EMU: row heights are whole numbers of them, and add up exactly
    for row in table.rows:
        tallest = float(row.height)
        for cell, column in zip(row.cells, table.columns, strict=True):
            width = (column.width - cell.margin_left - cell.margin_right) / EMU_PER_PT
            text = height_pt(_paragraphs(cell.text_frame), width) * EMU_PER_PT
            tallest = max(tallest, text + cell.margin_top + cell.margin_bottom)
        total += tallest
    return (total - frame.height) / EMU_PER_PT


def _paragraphs(frame) -> list[tuple[str, float, bool]]:
    out = []
    for p in frame.paragraphs:
        runs = p.runs
        size = max((r.font.size.pt for r in runs if r.font.size), default=18.0)
        bold = any(r.font.bold for r in runs)
        out.append(("".join(r.text for r in runs), size, bold))
    return out
