"""The internal edition's own slides: the relationship map, the risks' heat map and
the account's profitability. The customer edition never calls them."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches

from kam.deck import charts, fit
from kam.deck.layout import BODY_BOTTOM, BODY_TOP, BODY_WIDTH, CENTER, INK, MARGIN, MUTED, WHITE
from kam.deck.slides import Deck
from kam.render.svg import BAD, GOOD, HIGHLIGHT

ATTITUDE_COLORS = {
    "champion": GOOD,
    "supporter": "#7fb77e",
    "neutral": "#a7b0bc",
    "skeptic": HIGHLIGHT,
    "opponent": BAD,
    None: "#c7ccd3",
}
#: The most contacts on the map (the most influential first); 4 columns of 3 rows.
MAP_COLUMNS, MAP_ROWS = 4, 3


def relationship(d: Deck) -> None:
    """A.2's contacts as cards coloured by their attitude, the most influential first,
    with a legend of the attitudes."""
    position = d.doc.plan.current_position if d.doc.plan else None
    contacts = list(position.contacts) if position else []
    if not contacts:
        return
    page, t = d.page, d.t
    slide = page.slide(t("deck.relationship"))
    ranked = sorted(contacts, key=lambda c: -(c.influence or 0))[: MAP_COLUMNS * MAP_ROWS]
    width, height, gap = Inches(2.95), Inches(1.45), Inches(0.15)
    for i, c in enumerate(ranked):
        left = MARGIN + (i % MAP_COLUMNS) * (width + gap)
        top = BODY_TOP + (i // MAP_COLUMNS) * (height + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        page.paint(card, ATTITUDE_COLORS.get(c.attitude, ATTITUDE_COLORS[None]))
        detail = [t.enum("attitude", c.attitude) if c.attitude else None]
        if c.influence:
            detail.append(t("deck.influence", value=c.influence))
        page.fill(card, [
            (fit.shorten(c.name, 30), 13, True),
            (fit.shorten(c.title or c.department or "", 40), 10, False),
            (" · ".join(x for x in detail if x), 10, False),
        ], WHITE, CENTER)  # fmt: skip
    below = BODY_TOP + MAP_ROWS * (height + gap)
    _legend(d, slide, below)
    if len(contacts) > len(ranked):
        more = t("deck.more", count=d.f.number(len(contacts) - len(ranked)))
        page.text(slide, more, MARGIN, below + Inches(0.45), BODY_WIDTH, Inches(0.4), 11, MUTED)


def _legend(d: Deck, slide, top) -> None:
    items = [(d.t.enum("attitude", a), ATTITUDE_COLORS[a]) for a in ATTITUDE_COLORS if a]
    d.page.legend(slide, items, top)


def risks(d: Deck) -> None:
    """C.8 on a 5×5 heat map (the count of risks in each cell, Figures.heat_map), and
    the highest-scored risks beside it."""
    grid = d.figures.heat_map
    if not grid:
        return
    page, t = d.page, d.t
    slide = page.slide(t("deck.risks"))
    side, origin, top = Inches(0.85), MARGIN, BODY_TOP + Inches(0.45)
    page.text(slide, t("heat.impact"), origin, BODY_TOP, 5 * side, Inches(0.45), 12, MUTED)
    for r, row in enumerate(grid):  # rows: impact 5 to 1; columns: probability 1 to 5
        for c, count in enumerate(row):
            cell = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, origin + c * side, top + r * side, side, side
            )
            page.paint(cell, _heat((5 - r) * (c + 1)), line=True)
            cell.line.color.rgb = WHITE
            page.fill(cell, [(d.f.number(count) if count else "", 16, True)], INK, CENTER)
    below = top + 5 * side
    page.text(slide, t("heat.probability"), origin, below, 5 * side, Inches(0.45), 12, MUTED)
    _top_risks(d, slide, origin + 5 * side + Inches(0.5))


def _heat(score: int) -> str:
    """A cell's colour by its score (probability × impact): high from 15, medium from
    8, low below, as the document's map."""
    return BAD if score >= 15 else HIGHLIGHT if score >= 8 else "#bcdcc6"


def _top_risks(d: Deck, slide, left) -> None:
    strategy = d.doc.plan.company_strategy if d.doc.plan else None
    items = strategy.risks if strategy else []
    scored = [
        (score, risk)
        for risk, score in zip(items, d.figures.risk_scores, strict=True)
        if score is not None
    ]
    scored.sort(key=lambda pair: -pair[0])
    width = MARGIN + BODY_WIDTH - left
    paragraphs = [(d.t("deck.top_risks"), 16, True)]
    room = BODY_BOTTOM - BODY_TOP
    for score, risk in scored:
        line = (fit.shorten(f"{d.f.number(score)} · {fit.plain(risk.description)}", 140), 12, False)
        if d.page.height([*paragraphs, line], width) > room:
            break
        paragraphs.append(line)
    d.page.paragraphs(slide, paragraphs, left, BODY_TOP, width, d.page.height(paragraphs, width))


def waterfall(d: Deck) -> None:
    """The account's P&L from revenue to net profit (Figures.waterfall), natively."""
    steps = d.figures.waterfall
    if not steps:
        return
    page, t, f = d.page, d.t, d.f
    slide = page.slide(t("chart.waterfall"))
    names = [fit.shorten(t(s.key) if s.key else s.name, 22) for s in steps]
    charts.waterfall(slide, page, steps, names, f, (MARGIN, BODY_TOP, BODY_WIDTH, Inches(4.8)))
    detail = " · ".join(f"{t(s.key)}: {f.money(s.amount)}" for s in steps if s.subtotal and s.key)
    page.text(slide, fit.shorten(detail, 220), MARGIN, BODY_TOP + Inches(4.85), BODY_WIDTH,
              Inches(0.65), 12, MUTED)  # fmt: skip
