"""Where the words of a PDF land: the geometry checks every deliverable must pass.

The checks read the PDF's own word boxes (poppler's `pdftotext -bbox`), so they see
what a reader sees: a column clipped at the margin, two chart labels on top of each
other, a page left nearly empty. Any output that ends up as PDF (the document in each
edition, a deck exported to PDF) can be checked with `problems(pdf)`.

- `outside`: words beyond the content box's left or right edge, or off the page. The
  running head and footer sit in the top and bottom margins, inside the left and right
  edges, so the vertical bound is the page itself.
- `overlaps`: two words whose boxes cover each other by more than a sliver (table cells
  and chart labels included; the text of SVG charts is text in the PDF).
- `near_empty`: pages whose content fills less than `MIN_FILL` of the content box's
  height, except the cover, the last page of each part and the last page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

MM = 72 / 25.4
MARGIN_TOP = MARGIN_BOTTOM = 20 * MM  # kam.css: @page { margin: 20mm 17mm }
MARGIN_SIDE = 17 * MM
SLACK = 1.0  # points a glyph's box may pass an edge (side bearings, rounding)
MIN_FILL = 0.35
MIN_OVERLAP = 1.2  # points two boxes must share both ways to overlap
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float

    def __str__(self) -> str:
        return f"p{self.page} '{self.text}' at ({self.x0:.1f}, {self.y0:.1f})–({self.x1:.1f}, {self.y1:.1f})"


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def content(self) -> tuple[float, float, float, float]:
        """The content box: (left, top, right, bottom)."""
        return (
            MARGIN_SIDE,
            MARGIN_TOP,
            self.width - MARGIN_SIDE,
            self.height - MARGIN_BOTTOM,
        )


def read(pdf: Path) -> list[Page]:
    """Every page of `pdf` with its words and their boxes, in points."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for number, (width, height, body) in enumerate(_PAGE.findall(xml), start=1):
        words = tuple(
            Word(number, unescape(text), float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(body)
        )
        pages.append(Page(number, float(width), float(height), words))
    return pages


def outside(pages: list[Page]) -> list[Word]:
    """Words past the content box's left or right edge, or off the page."""
    found = []
    for page in pages:
        left, _top, right, _bottom = page.content
        for word in page.words:
            if (
                word.x0 < left - SLACK
                or word.x1 > right + SLACK
                or word.y0 < -SLACK
                or word.y1 > page.height + SLACK
            ):
                found.append(word)
    return found


def overlaps(pages: list[Page]) -> list[tuple[Word, Word]]:
    """Pairs of words whose boxes cover each other."""
    found = []
    for page in pages:
        words = sorted(page.words, key=lambda w: w.x0)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b.x0 >= a.x1 - MIN_OVERLAP:
                    break
                width = min(a.x1, b.x1) - max(a.x0, b.x0)
                height = min(a.y1, b.y1) - max(a.y0, b.y0)
                if width > MIN_OVERLAP and height > max(MIN_OVERLAP, 0.4 * _height(a, b)):
                    found.append((a, b))
    return found


def _height(a: Word, b: Word) -> float:
    return min(a.y1 - a.y0, b.y1 - b.y0)


def fill(page: Page) -> float:
    """How much of the content box's height the page's content reaches down to."""
    _left, top, _right, bottom = page.content
    inside = [w.y1 for w in page.words if top - SLACK <= w.y0 and w.y1 <= bottom + SLACK]
    if not inside:
        return 0.0
    return (max(inside) - top) / (bottom - top)


def part_starts(pdf: Path) -> list[int]:
    """The 1-based pages where a part (a top-level bookmark) begins."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    starts = []
    for item in reader.outline:
        if not isinstance(item, list):
            starts.append(reader.get_destination_page_number(item) + 1)
    return starts


def near_empty(pdf: Path, pages: list[Page], minimum: float = MIN_FILL) -> list[tuple[int, float]]:
    """(page, fill) of pages under `minimum`, but for the cover and each part's last page."""
    starts = set(part_starts(pdf))
    exempt = {1, len(pages)} | {start - 1 for start in starts}
    return [
        (page.number, round(fill(page), 2))
        for page in pages
        if page.number not in exempt and fill(page) < minimum
    ]


def problems(pdf: Path) -> list[str]:
    """Everything the geometry checks find in `pdf`, one line each (empty: none)."""
    pages = read(pdf)
    out = [f"outside the content box: {w}" for w in outside(pages)]
    out += [f"overlapping: {a} and {b}" for a, b in overlaps(pages)]
    out += [f"page {n} is only {f:.0%} filled" for n, f in near_empty(pdf, pages)]
    return out


def hidden(pdf: Path, number: int = 1, dpi: int = 72) -> list[Word]:
    """Words of page `number` a reader cannot see: drawn under an image or a box, in the
    colour of what is behind them, or clipped away. The page is drawn twice, as it is and
    without its text (every BT … ET removed, in form XObjects too); a word is visible
    where the two pictures differ inside its box. So the page's text layer (what copy and
    paste and screen readers get) must be what the page shows."""
    from PIL import ImageChops

    page = read(pdf)[number - 1]
    scale = dpi / 72
    with_text, without = (_picture(p, number, dpi) for p in (pdf, _textless(pdf, number)))
    found = []
    for word in page.words:
        box = tuple(round(v * scale) for v in (word.x0, word.y0, word.x1, word.y1))
        _least, most = ImageChops.difference(with_text.crop(box), without.crop(box)).getextrema()
        if most < 48:
            found.append(word)
    return found


def _textless(pdf: Path, number: int) -> Path:
    """A copy of page `number` of `pdf` with no text drawn."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    writer = PdfWriter()
    page = writer.add_page(reader.pages[number - 1])

    def strip(stream, resources, seen: set[int]) -> list:
        content = ContentStream(stream, reader)
        operations, inside = [], False
        for operands, operator in content.operations:
            inside = inside or operator == b"BT"
            if not inside:
                operations.append((operands, operator))
            inside = inside and operator != b"ET"
        content.operations = operations
        for xobject in (resources or {}).get("/XObject", {}).values():
            form = xobject.get_object()
            if form.get("/Subtype") == "/Form" and id(form) not in seen:
                seen.add(id(form))
                form.set_data(strip(form, form.get("/Resources"), seen).get_data())
        return content

    page.replace_contents(strip(page.get_contents(), page.get("/Resources"), set()))
    out = pdf.with_name(f"{pdf.stem}-textless-{number}.pdf")
    writer.write(out)
    return out


def _picture(pdf: Path, number: int, dpi: int):
    from PIL import Image

    prefix = pdf.with_name(f"{pdf.stem}-picture")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-gray",
         "-singlefile", "-png", str(pdf), str(prefix)],
        check=True,
    )  # fmt: skip
    return Image.open(f"{prefix}.png").convert("L")
