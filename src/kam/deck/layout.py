"""The deck's page: a 16:9 presentation, its title bar, footer, text boxes and tables,
in the document's theme colours and font, with auto-fit off and every text sized to its
box (`fit`)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from kam.deck import fit
from kam.registry import DEFAULT_FONT, FONTS

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.9)
BODY_TOP = Inches(1.35)
BODY_BOTTOM = Inches(6.85)
BODY_WIDTH = WIDTH - 2 * MARGIN
TITLE_SIZE = 28
BODY_SIZE = 14
TABLE_SIZE = 12
FOOTER_SIZE = 10
LEGEND_WIDTH = Inches(2.3)
LOGO_WIDTH = Inches(2.0)  # the widest a logo is drawn beside a slide's title
INK = RGBColor.from_string("1D2430")
MUTED = RGBColor.from_string("5B6573")
LIGHT = RGBColor.from_string("F3F5F8")
WHITE = RGBColor.from_string("FFFFFF")
#: The layouts of python-pptx's default template used here.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


@dataclass
class Cell:
    """A table cell's text, with its emphasis and an optional fill colour."""

    text: str
    bold: bool = False
    fill: str | None = None


class Page:
    """The presentation being built: slides with the document's look."""

    def __init__(self, colors: tuple[str, ...], font: str | None, footer: str, logo=None):
        self.logo: bytes | None = logo  # a PNG or JPEG, shown on every slide
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.colors = colors
        self.primary, self.accent = rgb(colors[0]), rgb(colors[1])
        self.font = FONTS[font or DEFAULT_FONT].family
        self.footer = footer

    # --- slides ------------------------------------------------------------------------

    def slide(self, title: str):
        """A new slide with its title in the title placeholder, sized to fit one line
        (or two at a smaller size)."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        holder = slide.shapes.title
        width = BODY_WIDTH
        if self.logo:
            mark = self.picture(slide, self.logo, 0, TITLE_TOP + Inches(0.2), Inches(0.5))
            mark.left = WIDTH - MARGIN - mark.width
            width -= mark.width + Inches(0.2)
        holder.left, holder.top, holder.width, holder.height = (
            MARGIN,
            TITLE_TOP,
            width,
            TITLE_HEIGHT,
        )
        title, size = fit.shorten(title, 90), TITLE_SIZE
        while size > 18 and self._overflows(title, holder.width, holder.height, size, True):
            size -= 2
        self.fill(holder, [(title, size, True)], self.primary, PP_ALIGN.LEFT)
        holder.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._rule(slide)
        self._footer(slide)
        return slide

    def title_slide(self):
        return self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_LAYOUT])

    def _rule(self, slide) -> None:
        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, MARGIN, TITLE_TOP + TITLE_HEIGHT, Inches(1.2), Pt(4)
        )
        self.paint(bar, self.colors[1])

    def _footer(self, slide) -> None:
        top = BODY_BOTTOM + Inches(0.1)
        self.text(slide, self.footer, MARGIN, top, BODY_WIDTH, Inches(0.4), FOOTER_SIZE, MUTED)

    def _overflows(self, text: str, width: int, height: int, size: float, bold: bool) -> bool:
        inner = (width - 2 * Inches(0.1)) / fit.EMU_PER_PT
        room = (height - 2 * Inches(0.05)) / fit.EMU_PER_PT
        return fit.height_pt([(text, size, bold)], inner) > room

    # --- text --------------------------------------------------------------------------

    def fill(self, shape, paragraphs, color: RGBColor = INK, align=None) -> None:
        """Set `paragraphs` ((text, size, bold)) in `shape`: wrapped, auto-fit off."""
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Inches(0.1)
        frame.margin_top = frame.margin_bottom = Inches(0.05)
        self.runs(frame, paragraphs, color, align)

    def runs(self, frame, paragraphs, color: RGBColor = INK, align=None) -> None:
        """The paragraphs ((text, size, bold)) of a text frame, in the deck's font."""
        for i, (text, size, bold) in enumerate(paragraphs):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if align is not None:
                p.alignment = align
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = self.font
            run.font.color.rgb = color

    def text(self, slide, text, left, top, width, height, size=BODY_SIZE, color=INK, bold=False):
        box = slide.shapes.add_textbox(left, top, width, height)
        self.fill(box, [(text, size, bold)], color)
        return box

    def paragraphs(self, slide, paragraphs, left, top, width, height, color=INK, align=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        self.fill(box, paragraphs, color, align)
        return box

    def height(self, paragraphs, width: int) -> int:
        """The estimated height (EMU) of paragraphs in a text box `width` wide."""
        inner = (width - 2 * Inches(0.1)) / fit.EMU_PER_PT
        return Emu(int((fit.height_pt(paragraphs, inner) + 7.2 + 2) * fit.EMU_PER_PT))

    def paint(self, shape, color: str, line: bool = False) -> None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(color)
        if not line:
            shape.line.fill.background()
        shape.shadow.inherit = False

    # --- tables ------------------------------------------------------------------------

    def row_heights(self, rows: list[list[Cell]], widths: list[int], size=TABLE_SIZE):
        """The height (EMU) each row needs: its tallest cell's text and margins."""
        out = []
        for row in rows:
            tallest = 0.0
            for cell, width in zip(row, widths, strict=True):
                inner = (width - 2 * Inches(0.1)) / fit.EMU_PER_PT
                tallest = max(tallest, fit.height_pt([(cell.text, size, cell.bold)], inner))
            out.append(Emu(int((tallest + 7.2 + 1) * fit.EMU_PER_PT)))
        return out

    def table(self, slide, header: list[str], rows, widths, top=BODY_TOP, size=TABLE_SIZE):
        """A table with a header row in the primary colour, rows as tall as their text."""
        cells = [[Cell(h, True) for h in header], *rows]
        heights = self.row_heights(cells, widths, size)
        frame = slide.shapes.add_table(
            len(cells), len(widths), MARGIN, top, sum(widths), sum(heights)
        )
        table = frame.table
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for r, (row, height) in enumerate(zip(cells, heights, strict=True)):
            table.rows[r].height = height
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                color = WHITE if r == 0 else INK
                # A cell keeps PowerPoint's margins (0.1 in, 0.05 in), as `fit` expects.
                self.runs(cell.text_frame, [(value.text, size, value.bold)], color)
                fill = self.colors[0] if r == 0 else value.fill or ("F3F5F8" if r % 2 else "FFFFFF")
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(fill)
        frame.height = sum(heights)
        return frame

    def legend(self, slide, items: list[tuple[str, str]], top, width=LEGEND_WIDTH) -> None:
        """A row of colour swatches and their labels from the left margin."""
        left = MARGIN
        for label, color in items:
            swatch = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, left, top + Inches(0.1), Inches(0.22), Inches(0.22)
            )
            self.paint(swatch, color)
            self.text(slide, label, left + Inches(0.25), top, width - Inches(0.3), Inches(0.42), 11)
            left += width

    def picture(self, slide, data: bytes, left, top, height, most=LOGO_WIDTH):
        """A picture `height` tall, narrowed (with its height) to `most` wide."""
        picture = slide.shapes.add_picture(io.BytesIO(data), left, top, height=height)
        if picture.width > most:
            picture.height = int(picture.height * most / picture.width)
            picture.width = most
        return picture


CENTER = PP_ALIGN.CENTER
