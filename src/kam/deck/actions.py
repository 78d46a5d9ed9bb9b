"""The action plan's slides: its timeline, the top actions, and the next review."""

from __future__ import annotations

from pptx.util import Inches

from kam.deck import charts, fit
from kam.deck.layout import BODY_TOP, BODY_WIDTH, MARGIN, MUTED, Cell
from kam.deck.slides import MAX_BARS, MAX_PARTS, Deck, review_of
from kam.models import Action
from kam.render.charts import STATUS_COLORS
from kam.render.svg import BAD

#: Actions no longer to be done: not among the top actions.
CLOSED = ("done", "cancelled")


def timeline(d: Deck) -> None:
    """The dated actions as a native Gantt chart, MAX_BARS a slide (at most MAX_PARTS
    slides; the actions left over are counted)."""
    dated = [a for a in d.actions if a.start or a.due]
    if not dated:
        return
    page, t = d.page, d.t
    late = set(d.figures.overdue)
    chunks = [dated[i : i + MAX_BARS] for i in range(0, len(dated), MAX_BARS)]
    shown = chunks[:MAX_PARTS]
    left = sum(len(c) for c in chunks[MAX_PARTS:])
    title = t("deck.timeline")
    for i, chunk in enumerate(shown, 1):
        name = t("deck.part", title=title, part=i, parts=len(shown)) if len(shown) > 1 else title
        slide = page.slide(name)
        names = [fit.shorten(f"{a.id} · {a.action}", 48) for a in chunk]
        box = (MARGIN, BODY_TOP, BODY_WIDTH, Inches(4.55))
        charts.timeline(slide, page, chunk, names, d.f, d.figures, box)
        overdue = [a.id for a in chunk if a.id in late]
        note = t("chart.gantt_alt", count=d.f.number(len(chunk)), late=", ".join(overdue) or "—")
        if i == len(shown) and left:
            note += " " + t("deck.more", count=d.f.number(left))
        note = fit.shorten(note, 160)
        page.text(slide, note, MARGIN, BODY_TOP + Inches(5.05), BODY_WIDTH, Inches(0.45), 11, MUTED)
        page.legend(slide, _statuses(d, chunk), BODY_TOP + Inches(4.6), Inches(2.0))


def _statuses(d: Deck, actions: list[Action]) -> list[tuple[str, str]]:
    """The legend of a timeline: the statuses its bars show, and overdue."""
    shown = {a.status for a in actions}
    items = [
        (d.t.enum("action_status", s), STATUS_COLORS[s])
        for s in ("done", "in_progress", "not_started", "deferred", "cancelled")
        if s in shown
    ]
    if any(a.id in d.figures.overdue for a in actions):
        items.append((d.t("deck.overdue"), BAD))
    return items


def top_actions(d: Deck) -> None:
    """The actions still to do: overdue first, then by due date; with both sides'
    owners, and their cost in the internal edition only."""
    t, late = d.t, set(d.figures.overdue)
    open_ = sorted(
        (a for a in d.actions if a.status not in CLOSED),
        key=lambda a: (a.id not in late, a.due is None, a.due or a.start or 0),
    )
    if not open_:
        return
    header = [t("col.action"), t("col.owner"), t("col.due"), t("col.status")]
    widths = [Inches(6.2), Inches(2.2), Inches(1.5), Inches(1.6)]
    if not d.customer:
        header.append(t("col.cost"))
        widths.append(Inches(1.4))
    widths[0] = BODY_WIDTH - sum(widths[1:])
    rows = [_action_row(d, a) for a in open_]
    d.parts(t("deck.actions"), header, rows, widths)


def _action_row(d: Deck, a: Action) -> list[Cell]:
    t, f = d.t, d.f
    late = a.id in d.figures.overdue
    status = t.enum("action_status", a.status) if a.status else "—"
    row = [
        Cell(fit.shorten(f"{a.id} · {a.action}", 110), True),
        Cell(fit.shorten(d.who(a.owner), 40) if a.owner else "—"),
        Cell(f.date(a.due, "medium") if a.due else "—", late, "F6DCDC" if late else None),
        Cell(status),
    ]
    if not d.customer:
        row.append(Cell(f.money(a.cost) if a.cost is not None else "—"))
    return row


def next_review(d: Deck) -> None:
    """D.2: the next review meetings after the document's date, who attends, and the
    review cadence."""
    review = review_of(d)
    if review is None:
        return
    page, t, f = d.page, d.t, d.f
    upcoming = sorted((m for m in review.meetings if m.date > d.when), key=lambda m: m.date)
    slide_title = t("deck.next_review")
    if not upcoming:
        slide = page.slide(slide_title)
        text = t("deck.no_meeting", date=f.date(d.when))
        page.text(slide, text, MARGIN, BODY_TOP, BODY_WIDTH, Inches(0.6), 16)
        return
    header = [t("col.date"), t("col.purpose"), t("col.participants")]
    widths = [Inches(1.9), Inches(5.4), BODY_WIDTH - Inches(7.3)]
    rows = [
        [
            Cell(f.date(m.date, "medium"), True),
            Cell(fit.shorten(m.purpose, 120)),
            Cell(fit.shorten(", ".join(d.who(p) for p in m.participants) or "—", 150)),
        ]
        for m in upcoming[:3]
    ]
    note = None
    if review.cadence:
        note = t("deck.cadence", cadence=t.enum("cadence", review.cadence))
    d.parts(slide_title, header, rows, widths, note, most=1)
