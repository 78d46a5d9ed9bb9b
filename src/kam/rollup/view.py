"""The roll-up as one self-contained HTML page (screen and PDF): the accounts' table,
sortable by an inline script, its totals, the accounts that failed, and the charts.

Templates receive plain data: every cell is formatted here, in the roll-up's locale
and each account's own currency, with the value its column sorts by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from kam import __version__
from kam.analysis.portfolio import THRESHOLD
from kam.render import charts as chartviews
from kam.render import html as render
from kam.render import sandbox
from kam.render import svg as charts
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels
from kam.render.sandbox import plain
from kam.rollup import Rollup
from kam.rollup.kpis import STATUSES
from kam.rollup.rows import AccountRow
from kam.rollup.totals import Total, by_currency

TEMPLATE = "rollup.html.j2"
STYLESHEET = "rollup.css"
#: The table's columns after the account's (key, sorts as, aligned as): the top risk
#: sorts by its score, the KPIs by the share on track.
COLUMNS = (
    ("revenue", "num", "num"),
    ("growth", "num", "num"),
    ("profit", "num", "num"),
    ("share_of_wallet", "num", "num"),
    ("stage", "text", ""),
    ("score", "num", "num"),
    ("overdue", "num", "num"),
    ("top_risk", "num", ""),
    ("kpis", "num", ""),
)
#: Relationship stages in their order, so that the column sorts from first contact on.
STAGES = ("exploratory", "basic", "cooperative", "interdependent", "integrated", "disintegrating")


@dataclass
class Cell:
    text: str
    sort: str = ""  # the value the column sorts by; "" sorts last
    sub: str = ""  # a second, smaller line (the period, the risk's score)
    css: str = ""
    group: str = ""  # money: its currency; amounts sort within their currency only


class _Formats:
    """The roll-up's locale, each currency's money."""

    def __init__(self, locale: str):
        self.locale = babel_locale(locale)
        self.t = Labels(locale)
        self.f = Formatter(self.locale, "XXX")
        self.none = self.t("doc.none")

    def money(self, value: float | None, currency: str) -> str:
        return Formatter(self.locale, currency).money(value) if value is not None else self.none

    def percent(self, value: float | None, digits: int = 1) -> str:
        return self.f.percent(value, digits) if value is not None else self.none


def render_html(rollup: Rollup) -> str:
    """The page; its stylesheet is kam's, the roll-up's and the font, inline."""
    ctx = context(rollup)
    t = Labels(rollup.locale)
    heads = render.running_css(t("rollup.title"), ctx["date"], t("doc.page"), t("doc.of"), None)
    css = "\n".join((render.builtin_css(), _own_css(), render.font_css(), heads))
    env = render.environment()
    return sandbox.render(env, TEMPLATE, {**ctx, "css": Markup(css), "version": __version__})


@cache
def _own_css() -> str:
    return (render.templates_dir() / STYLESHEET).read_text(encoding="utf-8")


def context(rollup: Rollup) -> dict[str, object]:
    fm = _Formats(rollup.locale)
    t = fm.t
    data = {
        "lang": t.language,
        "locale": rollup.locale,
        "date": fm.f.date(rollup.when),
        "today": rollup.when,
        "columns": [
            {"key": key, "kind": kind, "css": css, "label": t(f"rollup.col.{key}")}
            for key, kind, css in COLUMNS
        ],
        "rows": [_row(r, fm) for r in rollup.rows],
        "totals": [_total(total, fm) for total in rollup.currency_totals]
        + ([_total(rollup.total, fm)] if rollup.total and len(rollup.currency_totals) > 1 else []),
        "failures": rollup.failures,
        "accounts": fm.f.number(len(rollup.rows) + len(rollup.failures)),
        "rolled_up": fm.f.number(len(rollup.rows)),
        "mixed": len(rollup.currency_totals) > 1,
        "currencies": ", ".join(rollup.currencies),
        **whales(rollup, fm),
        "matrix": matrix(rollup.rows, fm, len(rollup.currency_totals) > 1),
    }
    return {**plain(data), "t": sandbox.Helper(t, enum=t.enum)}


def _row(row: AccountRow, fm: _Formats) -> dict[str, object]:
    t, f, none = fm.t, fm.f, fm.none
    cells = [
        Cell(
            fm.money(row.revenue, row.currency),
            _key(row.revenue),
            row.period or "",
            "num",
            row.currency,
        ),
        Cell(fm.percent(row.growth), _key(row.growth), "", "num" + _negative(row.growth)),
        Cell(
            fm.money(row.profit, row.currency),
            _key(row.profit),
            row.profit_period or "",
            "num" + _negative(row.profit),
            row.currency,
        ),
        Cell(fm.percent(row.share_of_wallet), _key(row.share_of_wallet), "", "num"),
        Cell(
            t.enum("relationship_stage", row.stage) or none,
            str(STAGES.index(row.stage)) if row.stage in STAGES else "",
        ),
        Cell(f.number(row.score), str(row.score), "", "num"),
        Cell(f.number(row.overdue), str(row.overdue), ", ".join(row.overdue_ids), "num"),
        Cell(
            row.top_risk or none,
            _key(row.top_risk_score),
            t("rollup.risk_score", score=row.top_risk_score) if row.top_risk else "",
            "risk",
        ),
        _kpis(row.kpi_status, fm),
    ]
    return {
        "name": row.name,
        "company": row.company,
        "file": row.file,
        "file_parts": row.file.split("/"),  # a line may break after each slash
        "currency": row.currency,
        "cells": cells,
    }


def _total(total: Total, fm: _Formats) -> dict[str, object]:
    t, f, none = fm.t, fm.f, fm.none
    currency = total.currency
    if currency is None:
        label = t("rollup.total_all")
        money = [Cell("", css="num") for _ in range(4)]
    else:
        label = t("rollup.total_currency", currency=currency)
        money = [
            Cell(fm.money(total.revenue, currency), sub=", ".join(total.periods), css="num"),
            Cell(fm.percent(total.growth), css="num" + _negative(total.growth)),
            Cell(fm.money(total.profit, currency), css="num" + _negative(total.profit)),
            Cell(fm.percent(total.share_of_wallet), css="num"),
        ]
    cells = [
        *money,
        Cell(""),
        Cell(f.number(total.score), css="num"),
        Cell(f.number(total.overdue), css="num"),
        Cell(""),
        _kpis(total.kpi_status, fm),
    ]
    accounts = t("rollup.accounts_count", count=f.number(total.accounts))
    return {"label": label, "accounts": accounts, "cells": cells, "none": none}


def _kpis(status: dict[str, int] | None, fm: _Formats) -> Cell:
    if status is None:
        return Cell(fm.none, "", "", "kpis")
    parts = [fm.t(f"rollup.kpi.{s}", count=fm.f.number(status[s])) for s in STATUSES if status[s]]
    measured = sum(status.values())
    share = status["on_track"] / measured if measured else None
    return Cell("\n".join(parts) or fm.none, _key(share), "", "kpis")  # a status a line


def _key(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _negative(value: float | None) -> str:
    return " negative" if value is not None and value < 0 else ""


def whales(rollup: Rollup, fm: _Formats) -> dict[str, object]:
    """A whale curve per currency that has one, and a note naming those that have not."""
    drawn, missing = [], []
    for currency, rows in by_currency(rollup.rows).items():
        curve = whale(currency, rows, fm)
        if curve is None:
            missing.append(currency)
        else:
            drawn.append(curve)
    note = fm.t("rollup.whale_missing", currencies=", ".join(missing)) if missing else ""
    return {"whales": drawn, "no_whale": note}


def whale(currency: str, rows: list[AccountRow], fm: _Formats) -> dict[str, object] | None:
    """The whale curve of one currency's accounts: cumulative profit after cost to serve,
    the most profitable account first, as a share of the total. None without two
    accounts with a P&L and a positive total (the shares would mean nothing)."""
    t = fm.t
    ranked = sorted((r for r in rows if r.profit is not None), key=lambda r: -(r.profit or 0))
    total = sum(r.profit or 0 for r in ranked)
    title = t("rollup.whale", currency=currency)
    if len(ranked) < 2 or total <= 0:
        return None
    running, points, table = 0.0, [(0.0, 0.0)], []
    for i, row in enumerate(ranked, start=1):
        running += row.profit or 0
        points.append((i / len(ranked), running / total))
        table.append(
            {
                "rank": fm.f.number(i),
                "name": row.name,
                "profit": fm.money(row.profit, currency),
                "negative": (row.profit or 0) < 0,
                "cumulative": fm.percent(running / total, 0),
            }
        )
    peak = max(y for _x, y in points)
    svg = charts.whale_curve(
        title,
        points,
        None,
        lambda v: fm.f.percent(v, 0),
        t("rollup.whale_x"),
        t("rollup.whale_y"),
        "",
        axis=fm.f.percent_axis,
    )
    detail = "; ".join(f"{r['name']}: {r['cumulative']}" for r in table)
    alt = t("rollup.whale_alt", peak=fm.percent(peak, 0), detail=detail)
    chart = chartviews.Chart(title, charts.data_uri(svg), f"{title}. {alt}")
    return {"currency": currency, "chart": chart, "rows": table, "title": title}


def matrix(rows: list[AccountRow], fm: _Formats, mixed: bool) -> dict[str, object]:
    """The key accounts on the selection matrix, each where its own portfolio rates it,
    sized by revenue (of equal size when the revenues are in different currencies)."""
    t = fm.t
    rated = [r for r in rows if r.attractiveness and r.relative_strength]
    title = t("rollup.matrix")
    if not rated:
        return {"chart": None, "note": t("rollup.matrix_missing"), "title": title}
    size: Callable[[AccountRow], float] = (lambda r: 1.0) if mixed else (lambda r: r.revenue or 0)
    bubbles = [
        charts.Bubble(r.name, r.relative_strength, r.attractiveness, size(r), True) for r in rated
    ]
    names = {q: t(f"quadrant.{q}") for q in ("strategic", "star", "status", "streamline")}
    svg = charts.bubble_matrix(
        title, bubbles, THRESHOLD, names, t("col.relative_strength"), t("col.attractiveness")
    )
    detail = "; ".join(
        t(
            "rollup.matrix_point",
            name=r.name,
            quadrant=names[r.quadrant] if r.quadrant else "—",
            attractiveness=r.attractiveness,
            strength=r.relative_strength,
        )
        for r in rated
    )
    note = t("rollup.matrix_mixed") if mixed else t("rollup.matrix_sized")
    chart = chartviews.Chart(title, charts.data_uri(svg), f"{title}. {detail}.")
    return {"chart": chart, "note": note, "title": title}
