"""One row of the roll-up per account, read from its `Figures` (computed once by
`kam.analysis`; nothing here recomputes them) and its `kam check` review."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kam.analysis import Figures
from kam.models import Document
from kam.problems import Problem
from kam.review import review
from kam.review.checks import Locate
from kam.rollup.kpis import kpi_status

#: The top risk's text in a cell: at most this many characters.
RISK_CHARS = 90


@dataclass
class AccountRow:
    """One account, in its own currency. None (or 0) where its plan does not say."""

    file: str  # the entry file, as the command line names it
    name: str  # the key account
    company: str
    currency: str
    locale: str
    revenue: float | None = None  # the purchase history's, for `period`
    period: str | None = None  # the P&L's period, else the history's latest full year
    previous: float | None = None  # the revenue of the year before `period`
    growth: float | None = None  # against `previous`, as a fraction
    profit: float | None = None  # net account profit after cost to serve (the P&L's)
    profit_period: str | None = None
    pnl_revenue: float | None = None  # the P&L's revenue (the whale curve's x)
    spend: float | None = None  # the customer's category spend in `period`
    share_of_wallet: float | None = None  # revenue / spend
    stage: str | None = None  # relationship stage (enum value)
    score: int = 0  # kam check's overall score, 0-100
    overdue: int = 0  # D.1 actions overdue on the document's date
    overdue_ids: list[str] = field(default_factory=list)
    top_risk: str | None = None  # C.8: the risk with the highest score, its text cut short
    top_risk_score: int | None = None
    kpi_status: dict[str, int] | None = None  # D.2: KPIs per status; None: no actuals
    attractiveness: int | None = None  # the key account's row of its own portfolio
    relative_strength: int | None = None
    quadrant: str | None = None


@dataclass
class Failure:
    """An account that did not roll up, and its first error."""

    file: str
    error: str  # `file:line:col: message`, or the message alone


def account_row(
    file: str,
    doc: Document,
    figures: Figures,
    findings: Iterable[Problem] = (),
    locate: Locate | None = None,
) -> AccountRow:
    """The roll-up's row of one prepared account. `findings` and `locate` are what
    `kam check` reviews it with (its warnings, its positions)."""
    result = review(doc, figures, findings, locate)
    row = AccountRow(
        file=file,
        name=doc.account.name,
        company=doc.company.name,
        currency=doc.currency,
        locale=doc.locale,
        stage=doc.account.relationship_stage,
        score=result.overall,
        overdue=len(figures.overdue),
        overdue_ids=list(figures.overdue),
        kpi_status=kpi_status(figures),
    )
    _revenue(row, figures)
    _profit(row, doc, figures)
    _risk(row, doc, figures)
    key = figures.portfolio.key if figures.portfolio else None
    if key is not None:
        row.attractiveness, row.relative_strength = key.attractiveness, key.relative_strength
        row.quadrant = key.quadrant
    return row


def _revenue(row: AccountRow, figures: Figures) -> None:
    """Revenue, growth and share of wallet in one period: the P&L's, else the purchase
    history's latest full year (`Figures.history_revenue` chose it)."""
    chosen = figures.history_revenue
    if chosen is None:
        return
    row.revenue, row.period = chosen.revenue, chosen.period
    years = figures.history.years if figures.history else []
    for i, year in enumerate(years):
        if year.label == chosen.period and i > 0 and year.growth is not None:
            row.previous, row.growth = years[i - 1].revenue, year.growth
    for share in figures.category_shares:
        if share.period == chosen.period and share.share is not None:
            row.spend, row.share_of_wallet = share.spend, share.share


def _profit(row: AccountRow, doc: Document, figures: Figures) -> None:
    if not figures.waterfall:
        return
    # profit after cost to serve: the P&L's contribution, as the portfolio counts a
    # customer's profit (revenue − discounts − COGS − cost to serve, domain.md)
    row.profit = next(
        (s.amount for s in figures.waterfall if s.key == "profit.contribution"),
        figures.waterfall[-1].amount,
    )
    row.pnl_revenue = figures.waterfall[0].amount
    profitability = doc.analysis.profitability if doc.analysis else None
    row.profit_period = profitability.period if profitability else None


def _risk(row: AccountRow, doc: Document, figures: Figures) -> None:
    strategy = doc.plan.company_strategy if doc.plan else None
    risks = strategy.risks if strategy else []
    scored = [(s, i) for i, s in enumerate(figures.risk_scores) if s is not None]
    if not scored:
        return
    best = max(scored, key=lambda pair: (pair[0], -pair[1]))  # the first of the highest
    row.top_risk_score, row.top_risk = best[0], short_text(risks[best[1]].description)


_MARKUP = re.compile(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)")


def short_text(markdown: str, limit: int = RISK_CHARS) -> str:
    """A Markdown text as one plain line of at most `limit` characters."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", markdown)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"
