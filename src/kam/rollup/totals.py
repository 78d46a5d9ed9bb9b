"""The roll-up's foot: sums where they make sense, one currency at a time.

Amounts in different currencies are never added: the accounts are grouped by their
document's currency and each group gets its own total row (revenue, growth, profit,
weighted share of wallet). Scores and overdue actions are not money: the foot also
has a row for every account together (the mean score, the overdue actions), which is
the only total row when the accounts share one currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kam.analysis.measures import ratio
from kam.rollup.kpis import STATUSES
from kam.rollup.rows import AccountRow


@dataclass
class Total:
    """A total row: of one currency's accounts, or (currency None) of all of them."""

    currency: str | None
    accounts: int
    revenue: float | None = None  # sum over the accounts that have one
    growth: float | None = None  # Σ revenue / Σ previous revenue − 1, where both are known
    profit: float | None = None
    # Σ revenue / Σ category spend over the accounts that have both: the share of
    # wallet weighted by each customer's spend
    share_of_wallet: float | None = None
    score: int = 0  # the mean overall score, rounded half up
    overdue: int = 0
    kpi_status: dict[str, int] | None = None
    periods: list[str] = field(default_factory=list)  # the revenue periods summed


def by_currency(rows: Sequence[AccountRow]) -> dict[str, list[AccountRow]]:
    """The rows grouped by currency, in the order the currencies first appear."""
    groups: dict[str, list[AccountRow]] = {}
    for row in rows:
        groups.setdefault(row.currency, []).append(row)
    return groups


def totals(rows: Sequence[AccountRow]) -> tuple[list[Total], Total | None]:
    """(a total per currency, the total of all accounts). The per-currency totals
    carry the money; the overall one only counts (score, overdue actions, KPIs)."""
    if not rows:
        return [], None
    groups = [money_total(currency, group) for currency, group in by_currency(rows).items()]
    return groups, count_total(None, rows)


def count_total(currency: str | None, rows: Sequence[AccountRow]) -> Total:
    total = Total(currency, len(rows))
    total.score = int(sum(r.score for r in rows) / len(rows) + 0.5)
    total.overdue = sum(r.overdue for r in rows)
    statuses = [r.kpi_status for r in rows if r.kpi_status is not None]
    if statuses:
        total.kpi_status = {s: sum(k[s] for k in statuses) for s in STATUSES}
    return total


def money_total(currency: str, rows: Sequence[AccountRow]) -> Total:
    total = count_total(currency, rows)
    with_revenue = [r for r in rows if r.revenue is not None]
    if with_revenue:
        total.revenue = sum(r.revenue for r in with_revenue)
        total.periods = sorted({r.period for r in with_revenue if r.period})
    grown = [r for r in with_revenue if r.previous is not None]
    if grown:
        now, before = sum(r.revenue for r in grown), sum(r.previous for r in grown)
        change = ratio(now - before, before)
        total.growth = change
    with_profit = [r.profit for r in rows if r.profit is not None]
    if with_profit:
        total.profit = sum(with_profit)
    wallet = [r for r in rows if r.share_of_wallet is not None]
    if wallet:
        total.share_of_wallet = ratio(sum(r.revenue for r in wallet), sum(r.spend for r in wallet))
    return total
