"""The slides of the QBR deck, one function each, in the order they are shown. Each
reads the document and its figures (computed once, never again here) and lays its
content out to fit (`fit`): long texts shortened, long lists split across slides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches

from kam.analysis import Figures
from kam.analysis.actuals import Progress
from kam.deck import charts, fit
from kam.deck.layout import (
    BODY_BOTTOM,
    BODY_TOP,
    BODY_WIDTH,
    CENTER,
    MARGIN,
    MUTED,
    WHITE,
    Cell,
    Page,
)
from kam.load.images import Logo
from kam.models import Action, Document
from kam.render.context import key_figures
from kam.render.formats import Formatter
from kam.render.labels import Labels, confidential_mark

#: The most slides the timeline and the top actions may take each (the other lists take
#: one), the rest counted: 14 slides at most, with every section given.
MAX_PARTS = 2
#: The most bars of one timeline chart.
MAX_BARS = 20
#: An actual's cell by its status on the path to its target (the document's colours).
STATUS_FILLS = {"on_track": "DCEFE3", "at_risk": "FBEED5", "off_track": "F6DCDC"}


@dataclass
class Deck:
    """What every slide needs: the page, the document, its figures, its words."""

    page: Page
    doc: Document
    figures: Figures
    t: Labels
    f: Formatter
    who: Callable[[str], str]
    customer: bool
    logo: Logo | None
    when: dt.date

    @property
    def actions(self) -> list[Action]:
        ar = self.doc.plan.action_review if self.doc.plan else None
        return list(ar.actions) if ar else []

    def parts(self, title: str, header, rows, widths, note=None, most=MAX_PARTS) -> None:
        """A table split across as many slides as its rows need (at most `most`; the
        rows left over are counted in a note)."""
        page = self.page
        heights = page.row_heights([[Cell(h, True) for h in header], *rows], widths)
        room = BODY_BOTTOM - BODY_TOP - Inches(0.45) - heights[0]
        chunks = _chunks(rows, heights[1:], room)
        if 1 < len(chunks) <= most:  # as even as the rows allow: 8 and 8, not 14 and 2
            even = _chunks(rows, heights[1:], room, -(-len(rows) // len(chunks)))
            chunks = even if len(even) == len(chunks) else chunks
        shown = chunks[:most]
        left = sum(len(c) for c in chunks[most:])
        for i, chunk in enumerate(shown, 1):
            name = self.t("deck.part", title=title, part=i, parts=len(shown))
            slide = page.slide(name if len(shown) > 1 else title)
            frame = page.table(slide, header, chunk, widths)
            last = i == len(shown)
            text = self.t("deck.more", count=self.f.number(left)) if last and left else note
            if text:
                top = frame.top + frame.height + Inches(0.05)
                page.text(slide, text, MARGIN, top, BODY_WIDTH, Inches(0.4), 11, MUTED)


def _chunks(rows: list, heights: list[int], room: int, most: int | None = None) -> list[list]:
    """`rows` in runs whose heights add up to `room` at most (and `most` rows)."""
    chunks: list[list] = [[]]
    used = 0
    for row, height in zip(rows, heights, strict=True):
        full = most is not None and len(chunks[-1]) >= most
        if chunks[-1] and (used + height > room or full):
            chunks.append([])
            used = 0
        chunks[-1].append(row)
        used += height
    return chunks


def people(doc: Document) -> Callable[[str], str]:
    """The name of a team member or contact by id (the id when it names neither)."""
    position = doc.plan.current_position if doc.plan else None
    names = {p.id: p.name for p in [*position.team, *position.contacts]} if position else {}
    return lambda ident: names.get(ident, ident)


def title(d: Deck) -> None:
    """The account, our company, the document's title and date, its edition and logo."""
    page, doc, t = d.page, d.doc, d.t
    slide = page.title_slide()
    heading, sub = slide.shapes.title, slide.placeholders[1]
    heading.left, heading.top, heading.width, heading.height = (
        MARGIN, Inches(2.3), BODY_WIDTH, Inches(1.5))  # fmt: skip
    sub.left, sub.top, sub.width, sub.height = MARGIN, Inches(3.9), BODY_WIDTH, Inches(2.2)
    name = fit.shorten(doc.title or t("doc.default_title"), 60)
    page.fill(heading, [(name, 36, True)], page.primary, CENTER)
    edition = t("doc.edition.customer" if d.customer else "doc.edition.internal")
    lines = [
        (fit.shorten(f"{doc.account.name} · {doc.company.name}", 90), 20, True),
        (f"{d.f.date(d.when)} · {edition}", 16, False),
    ]
    if doc.period:
        period = t(
            "doc.period_range", start=d.f.date(doc.period.start), end=d.f.date(doc.period.end)
        )
        lines.append((f"{t('doc.period')}: {period}", 14, False))
    if doc.confidential:
        mark = confidential_mark(t, doc.account.name, "customer" if d.customer else "internal")
        lines.append((fit.shorten(mark, 90), 14, True))
    page.fill(sub, lines, MUTED, CENTER)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, page.prs.slide_width, Inches(0.35))
    page.paint(band, page.colors[0])
    if page.logo:
        page.picture(slide, page.logo, MARGIN, Inches(0.7), Inches(1.2), Inches(4))


def glance(d: Deck) -> None:
    """The key figures as tiles (without profit or rewards in the customer edition), and
    the account's facts beside them."""
    page, doc, t, f = d.page, d.doc, d.t, d.f
    figures = d.figures
    waterfall = None if d.customer else figures.waterfall
    rewards = None if d.customer else figures.rewards
    tiles = key_figures(doc, figures.history, waterfall, rewards, d.actions, t, f)[:6]
    slide = page.slide(t("deck.glance"))
    width, height = Inches(2.55), Inches(1.6)
    for i, (label, value) in enumerate(tiles):
        left = MARGIN + (i % 3) * (width + Inches(0.15))
        top = BODY_TOP + Inches(0.1) + (i // 3) * (height + Inches(0.2))
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
        page.paint(tile, page.colors[0] if i % 2 == 0 else page.colors[1])
        page.fill(tile, [(fit.shorten(value, 22), 22, True), (fit.shorten(label, 48), 12, False)],
                  WHITE, CENTER)  # fmt: skip
    facts = _facts(d)
    left = MARGIN + 3 * (width + Inches(0.15)) + Inches(0.2)
    box_width = MARGIN + BODY_WIDTH - left
    paragraphs = [(fit.shorten(text, 80), 13, bold) for text, bold in facts]
    page.paragraphs(slide, paragraphs, left, BODY_TOP + Inches(0.1), box_width,
                    page.height(paragraphs, box_width))  # fmt: skip


def _facts(d: Deck) -> list[tuple[str, bool]]:
    doc, t, f = d.doc, d.t, d.f
    account = doc.account
    out = [(account.name, True)]
    pairs = [
        ("doc.industry", account.industry),
        ("doc.country", account.country),
        ("doc.customer_since", f.date(account.customer_since) if account.customer_since else None),
        (
            "doc.relationship_stage",
            t.enum("relationship_stage", account.relationship_stage)
            if account.relationship_stage
            else None,
        ),
    ]
    out += [(f"{t(key)}: {value}", False) for key, value in pairs if value]
    return out


def history(d: Deck) -> None:
    """Revenue by year and product, natively; the totals by year written below it."""
    h = d.figures.history
    if not h or not h.mix_years:
        return
    page, t, f = d.page, d.t, d.f
    slide = page.slide(t("deck.history"))
    box = (MARGIN, BODY_TOP, BODY_WIDTH, Inches(4.7))
    charts.history(slide, page, h, f, box)
    totals = " · ".join(f"{r.label}: {f.money(r.revenue)}" for r in h.years)
    text = fit.shorten(f"{t('col.revenue')}: {totals}", 200)
    page.text(slide, text, MARGIN, BODY_TOP + Inches(4.75), BODY_WIDTH, Inches(0.7), 12, MUTED)


def customer_objectives(d: Deck) -> None:
    """B.6 and the analysis's customer objectives: what the customer wants, our part."""
    items = d.doc.analysis.customer_objectives if d.doc.analysis else []
    if not items:
        return
    t, f = d.t, d.f
    header = [t("col.objective"), t("col.target"), t("col.deadline"), t("col.our_contribution")]
    widths = [Inches(4.1), Inches(2.2), Inches(1.5), Inches(4.53)]
    rows = [
        [
            Cell(fit.shorten(o.objective, 110), True),
            Cell(fit.shorten(str(o.target or "—"), 60)),
            Cell(f.date(o.deadline, "medium") if o.deadline else "—"),
            Cell(fit.shorten(fit.plain(o.our_contribution) or "—", 150)),
        ]
        for o in items
    ]
    d.parts(t("deck.customer_objectives"), header, rows, widths, most=1)


def objectives(d: Deck) -> None:
    """C.5: our objectives (the document's), baseline → target, the actual where given,
    and the share of each one's actions done (a native chart of Figures.smart)."""
    strategy = d.doc.plan.company_strategy if d.doc.plan else None
    by_id = {c.objective.id: c for c in d.figures.smart}
    items = [o for o in (strategy.objectives if strategy else []) if o.id in by_id]
    if not items:
        return
    page, t, f = d.page, d.t, d.f
    slide = page.slide(t("deck.objectives"))
    header = [t("col.objective"), t("deck.baseline_target"), t("deck.actual"), t("col.deadline")]
    widths = [Inches(3.6), Inches(2.3), Inches(1.4), Inches(1.3)]
    progress = {p.id: p for p in d.figures.progress if p.kind == "objective"}
    rows = [_objective_row(f, o, progress.get(o.id)) for o in items]
    heights = page.row_heights([[Cell(h, True) for h in header], *rows], widths)
    room = BODY_BOTTOM - BODY_TOP - Inches(0.45)
    while len(rows) > 1 and sum(heights[: len(rows) + 1]) > room:
        rows.pop()
    frame = page.table(slide, header, rows, widths)
    if len(rows) < len(items):
        more = t("deck.more", count=f.number(len(items) - len(rows)))
        top = frame.top + frame.height + Inches(0.05)
        page.text(slide, more, MARGIN, top, sum(widths), Inches(0.4), 11, MUTED)
    left = MARGIN + sum(widths) + Inches(0.2)
    box = (left, BODY_TOP, MARGIN + BODY_WIDTH - left, Inches(4.5))
    shown = items[: len(rows)]
    reached = [progress[o.id].reached if o.id in progress else None for o in shown]
    series = [(t("deck.done_share"), [by_id[o.id].done_share for o in shown])]
    if any(value is not None for value in reached):
        series.append((t("deck.reached"), reached))
    charts.progress(slide, page, [o.id for o in shown], series, box)
    if len(series) == 1:  # else the chart's legend names both
        caption = t("deck.done_share")
        page.text(slide, caption, left, BODY_TOP + Inches(4.55), box[2], Inches(0.7), 11, MUTED)


def _objective_row(f: Formatter, o, progress: Progress | None) -> list[Cell]:
    span = f"{_value(f, o.baseline, o.unit)} → {_value(f, o.target, o.unit)}"
    return [
        Cell(fit.shorten(f"{o.id} · {o.objective}", 90), True),
        Cell(fit.shorten(span, 50)),
        actual_cell(f, progress, o.unit),
        Cell(f.date(o.deadline, "medium") if o.deadline else "—"),
    ]


def actual_cell(f: Formatter, item: Progress | None, unit: str | None) -> Cell:
    """The latest actual and its period, coloured by its status on the path to the
    target (Figures.progress), or a dash where the document gives none."""
    if item is None or item.latest_actual is None:
        return Cell("—")
    text = f"{_value(f, item.latest_actual, unit)} ({item.latest_period})"
    return Cell(fit.shorten(text, 40), False, STATUS_FILLS.get(item.status))


def _value(f: Formatter, value, unit: str | None) -> str:
    """A number in its unit: money in the document's currency, %, or `12 units`."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit and unit.upper() == f.currency:
        return f.money(value)
    if unit == "%":
        return f.pct(value, 0 if float(value).is_integer() else 1)
    return f"{f.smart(value)} {unit}" if unit else f.smart(value)


def kpis(d: Deck) -> None:
    """D.2's indicators: what we follow together, the target, how often, the actual."""
    review = review_of(d)
    items = review.kpis if review else []
    if not items:
        return
    t, f = d.t, d.f
    header = [t("col.kpi"), t("col.target"), t("col.frequency"), t("deck.actual")]
    widths = [Inches(5.6), Inches(2.6), Inches(2.0), Inches(2.13)]
    progress = {p.name: p for p in d.figures.progress if p.kind == "kpi"}
    rows = [
        [
            Cell(fit.shorten(k.kpi, 100), True),
            Cell(fit.shorten(_value(f, k.target, k.unit), 40)),
            Cell(t.enum("cadence", k.frequency) if k.frequency else "—"),
            actual_cell(f, progress.get(k.kpi), k.unit),
        ]
        for k in items
    ]
    d.parts(t("deck.kpis"), header, rows, widths, most=1)


def review_of(d: Deck):
    ar = d.doc.plan.action_review if d.doc.plan else None
    return ar.review if ar else None
