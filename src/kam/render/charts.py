"""Build the document's charts from the computed views, in the document's locale.

Each chart comes with its alt text; the figures it shows are also in a table beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from babel.dates import format_date

from kam.analysis.actuals import Progress
from kam.analysis.history import History
from kam.analysis.plan import Factors, gaps_worst_first
from kam.analysis.portfolio import PortfolioView
from kam.analysis.profitability import Step
from kam.analysis.rewards import RewardsView
from kam.models import Action, Rewards, Theme
from kam.render import svg as charts
from kam.render.formats import Formatter
from kam.render.labels import Labels

STATUS_COLORS = {
    "done": charts.GOOD,
    "in_progress": charts.PALETTE[1],
    "not_started": "#8fa3bf",
    "deferred": charts.HIGHLIGHT,
    "cancelled": "#c7ccd3",
    None: "#8fa3bf",
}
PROGRESS_COLORS = {"on_track": charts.GOOD, "at_risk": charts.HIGHLIGHT, "off_track": charts.BAD}


#: The width of a chart drawn `small`: kam.css shows it at 80 % of the width of the
#: others, so its text comes out the same size as theirs.
SMALL = 680 * 0.8


@dataclass
class Chart:
    title: str
    uri: str
    alt: str
    css: str = ""


def _chart(svg: str, alt: str, css: str = "") -> Chart:
    title = alt.split(". ", 1)[0]
    return Chart(title, charts.data_uri(svg), alt, css)


def palette(theme: Theme | None) -> tuple[str, ...]:
    """The chart colors: the theme's primary and accent first, then kam's palette."""
    colors = list(charts.PALETTE)
    if theme and theme.primary:
        colors[0] = theme.primary
    if theme and theme.accent:
        colors[1] = theme.accent
    return tuple(colors)


def revenue_by_year(h: History, t: Labels, f: Formatter, colors=charts.PALETTE) -> Chart:
    series = [(m.product, m.revenues) for m in h.mix]
    title = t("chart.revenue_by_year")
    svg = charts.stacked_bars(
        title, h.mix_years, series, f.compact_money, palette=colors, axis=f.money_axis
    )
    totals = "; ".join(f"{r.label}: {f.money(r.revenue)}" for r in h.years)
    return _chart(svg, f"{title}. {totals}.")


def margin_by_year(h: History, t: Labels, f: Formatter, colors=charts.PALETTE) -> Chart | None:
    if not h.has_margin:
        return None
    title = t("chart.margin_by_year")
    values = [r.margin_pct for r in h.years]
    svg = charts.line_chart(
        title,
        [r.label for r in h.years],
        values,
        lambda v: f.percent(v, 1),
        width=SMALL,
        height=180,
        palette=colors,
        axis=f.percent_axis,
    )
    detail = "; ".join(f"{r.label}: {f.percent(r.margin_pct)}" for r in h.years)
    return _chart(svg, f"{title}. {detail}.", "small")


def waterfall(steps: list[Step], t: Labels, f: Formatter, colors=charts.PALETTE) -> Chart:
    title = t("chart.waterfall")
    rows = [(t(s.key) if s.key else s.name, s.amount, s.subtotal) for s in steps]
    svg = charts.waterfall(title, rows, f.compact_money, palette=colors, axis=f.money_axis)
    detail = "; ".join(f"{label}: {f.money(amount)}" for label, amount, _ in rows)
    return _chart(svg, f"{title}. {detail}.")


def whale(view: PortfolioView, t: Labels, f: Formatter, colors=charts.PALETTE) -> Chart:
    title = t("chart.whale")
    key_label = view.key.name if view.key else ""
    svg = charts.whale_curve(
        title,
        view.curve,
        view.key_point,
        lambda v: f.percent(v, 0),
        t("chart.whale_x"),
        t("chart.whale_y"),
        key_label,
        palette=colors,
        axis=f.percent_axis,
    )
    alt = t(
        "chart.whale_alt",
        peak=f.percent(view.peak, 0) if view.peak is not None else "—",
        losing=f.percent(view.losing_share, 0),
    )
    return _chart(svg, f"{title}. {alt}")


def matrix(
    view: PortfolioView, t: Labels, f: Formatter, threshold: float, colors=charts.PALETTE
) -> Chart | None:
    bubbles = [
        charts.Bubble(p.label, p.strength, p.attractiveness, p.revenue, p.key, p.count)
        for p in view.matrix
    ]
    if not bubbles:
        return None
    names = {q: t(f"quadrant.{q}") for q in ("strategic", "star", "status", "streamline")}
    title = t("chart.matrix")
    svg = charts.bubble_matrix(
        title,
        bubbles,
        threshold,
        names,
        t("col.relative_strength"),
        t("col.attractiveness"),
        palette=colors,
    )
    detail = "; ".join(f"{names[q]}: {f.number(n)}" for q, n in view.quadrants.items())
    if view.matrix_by_cell:
        rated = sum(view.quadrants.values())
        detail += ". " + t("chart.matrix_cells", count=f.number(rated)).rstrip(".")
    return _chart(svg, f"{title}. {detail}.")


def gaps(factors: Factors, t: Labels, f: Formatter) -> Chart | None:
    rows = [(g.factor.factor, g.gap) for g in gaps_worst_first(factors)]
    if not rows:
        return None
    title = t("chart.gaps")
    svg = charts.hbars(title, rows, lambda v: f.number(v), width=SMALL)
    detail = "; ".join(f"{label}: {f.number(gap)}" for label, gap in rows)
    return _chart(svg, f"{title}. {detail}.", "small")


def timeline(
    actions: list[Action], today: dt.date, t: Labels, f: Formatter, *, overdue: Collection[str]
) -> Chart | None:
    """The dated actions as a Gantt chart up to `today`; the `overdue` ones (their ids:
    Figures.overdue, judged on `today`) in red."""
    overdue = set(overdue)
    dated = [a for a in actions if a.start or a.due]
    if not dated:
        return None
    bars = []
    for a in dated:
        start = (a.start or a.due).toordinal()
        end = (a.due or a.start).toordinal()
        late = a.id in overdue
        color = charts.BAD if late else STATUS_COLORS.get(a.status, STATUS_COLORS[None])
        bars.append(charts.Bar(f"{a.id} · {a.action}", start, end + 1, color, late))
    first = min(min(b.start for b in bars), today.toordinal())
    last = max(max(b.end for b in bars), today.toordinal())
    months = []
    day = dt.date.fromordinal(first).replace(day=1)
    # a tick a month for about a year, then every 3, 6, 12 … months: at most 24 ticks
    # (actions may span 1900 to 2199)
    months_shown = (last - first) / 30.4
    step = 1 if last - first <= 400 else 3
    while months_shown / step > 24:
        step *= 2
    while day.toordinal() <= last:
        months.append((day.toordinal(), format_date(day, "MMM yy", locale=f.locale)))
        month = day.month - 1 + step
        day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    title = t("chart.gantt")
    svg = charts.gantt(title, bars, months, today.toordinal(), f.date(today, "medium"))
    late = [a.id for a in dated if a.id in overdue]
    alt = t("chart.gantt_alt", count=len(dated), late=", ".join(late) if late else "—")
    return _chart(svg, f"{title}. {alt}")


def allocation(
    r: Rewards, view: RewardsView, who, t: Labels, f: Formatter, colors=charts.PALETTE
) -> Chart | None:
    rows = []
    for p, amount in zip(r.participants, view.participant_amounts, strict=True):
        if amount is not None:
            rows.append((who(p.member) if p.member else (p.name or ""), amount))
    if not rows:
        return None
    title = t("chart.allocation")
    svg = charts.hbars(title, rows, f.money, SMALL, signed_colors=False, palette=colors)
    detail = "; ".join(f"{name}: {f.money(amount)}" for name, amount in rows)
    return _chart(svg, f"{title}. {detail}.", "small")


PROGRESS_ROWS = 12  # bars in one progress chart: more would not fit on a page


def progress(items: list[Progress], t: Labels, f: Formatter) -> list[Chart]:
    """D.2: how far each KPI and objective has come from its baseline to its target
    (100 % = the target), colored by status, with a tick at what the path expects; one
    chart per PROGRESS_ROWS of them."""
    shown = [p for p in items if p.reached is not None and p.due is not None and p.status]
    parts = [shown[i : i + PROGRESS_ROWS] for i in range(0, len(shown), PROGRESS_ROWS)]
    return [
        _progress(part, t, f, f" ({n}/{len(parts)})" if len(parts) > 1 else "")
        for n, part in enumerate(parts, 1)
    ]


def _progress(shown: list[Progress], t: Labels, f: Formatter, part: str) -> Chart:
    rows = [(f"{p.id} · {p.name}" if p.id else p.name, p.reached * 100) for p in shown]
    title = t("actuals.chart") + part
    svg = charts.hbars(
        title,
        rows,
        lambda v: f.pct(v),
        colors=[PROGRESS_COLORS[p.status] for p in shown],
        marks=[p.due * 100 for p in shown],
    )
    detail = "; ".join(
        t("actuals.chart_row", name=label, reached=f.pct(value), due=f.pct(p.due * 100))
        for (label, value), p in zip(rows, shown, strict=True)
    )
    return _chart(svg, f"{title}. {t('actuals.chart_note')} {detail}.")
