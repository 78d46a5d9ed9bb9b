"""Portfolio profitability: which accounts make or lose money, and the whale curve."""

from __future__ import annotations

from dataclasses import dataclass

from kam.analysis import ratio
from kam.models import Customer

THRESHOLD = 5.5
QUADRANTS = {
    (True, True): "strategic",
    (True, False): "star",
    (False, True): "status",
    (False, False): "streamline",
}


@dataclass
class CustomerRow:
    id: str
    name: str
    segment: str | None
    revenue: float
    profit: float
    margin: float | None  # profit / revenue
    revenue_rank: int
    profit_rank: int
    flag: str | None  # "large_unprofitable", "small_profitable" or None
    quadrant: str | None
    attractiveness: int | None
    relative_strength: int | None
    cumulative_share: float  # of total profit, after this customer (profit order)
    key: bool


@dataclass
class PortfolioView:
    rows: list[CustomerRow]  # by profit, descending
    total_revenue: float
    total_profit: float
    peak: float | None  # peak of the whale curve, as a fraction of total profit
    losing_share: float  # share of customers with negative profit
    losing_count: int
    tail_loss: float  # sum of the negative profits (a negative number)
    top20_share: float | None  # profit share of the top 20 % of customers
    key: CustomerRow | None


def profit(c: Customer) -> float:
    return c.revenue - c.discounts - c.cogs - c.cost_to_serve


def analyse(customers: list[Customer], key_account: str | None) -> PortfolioView:
    by_profit = sorted(customers, key=lambda c: (-profit(c), c.id))
    by_revenue = sorted(customers, key=lambda c: (-c.revenue, c.id))
    revenue_rank = {c.id: i + 1 for i, c in enumerate(by_revenue)}
    total_profit = sum(profit(c) for c in customers)
    # Shares of total profit only mean something when the total is positive and not a
    # crumb left by profits that cancel out (1e15 − 1e15 + 0.1: shares of 10^16 %).
    spread = sum(abs(profit(c)) for c in customers)
    shares = total_profit > 0 and ratio(spread, total_profit) is not None
    total_revenue = sum(c.revenue for c in customers)
    n = len(customers)
    third = max(1, round(n / 3))
    rows: list[CustomerRow] = []
    running = 0.0
    peak_value = 0.0
    for rank, c in enumerate(by_profit, start=1):
        p = profit(c)
        running += p
        peak_value = max(peak_value, running)
        flag = None
        if revenue_rank[c.id] <= third and p < 0:
            flag = "large_unprofitable"
        elif revenue_rank[c.id] > n - third and rank <= third and p > 0:
            flag = "small_profitable"
        quadrant = None
        if c.attractiveness is not None and c.relative_strength is not None:
            quadrant = QUADRANTS[(c.attractiveness > THRESHOLD, c.relative_strength > THRESHOLD)]
        rows.append(
            CustomerRow(
                id=c.id,
                name=c.name,
                segment=c.segment,
                revenue=c.revenue,
                profit=p,
                margin=ratio(p, c.revenue),
                revenue_rank=revenue_rank[c.id],
                profit_rank=rank,
                flag=flag,
                quadrant=quadrant,
                attractiveness=c.attractiveness,
                relative_strength=c.relative_strength,
                cumulative_share=running / total_profit if shares else 0.0,
                key=c.id == key_account,
            )
        )
    losing = [r for r in rows if r.profit < 0]
    top = max(1, round(n * 0.2)) if n else 0
    top_profit = sum(r.profit for r in rows[:top])
    return PortfolioView(
        rows=rows,
        total_revenue=total_revenue,
        total_profit=total_profit,
        peak=peak_value / total_profit if shares else None,
        losing_share=len(losing) / n if n else 0.0,
        losing_count=len(losing),
        tail_loss=sum(r.profit for r in losing),
        top20_share=top_profit / total_profit if shares else None,
        key=next((r for r in rows if r.key), None),
    )
