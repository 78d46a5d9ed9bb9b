"""The account's P&L: from revenue to net account profit after cost to serve."""

from __future__ import annotations

from dataclasses import dataclass

from kam.analysis.measures import ratio
from kam.models import CostToServe, Profitability


@dataclass
class Step:
    key: str  # label key, or "" for a cost-to-serve line named by `name`
    name: str
    amount: float  # signed: revenue and subtotals positive, deductions negative
    pct: float | None  # of revenue, as a fraction
    subtotal: bool


def line_cost(line: CostToServe) -> float:
    if line.cost is not None:
        return line.cost
    return (line.quantity or 0) * (line.rate or 0)


def waterfall(p: Profitability) -> list[Step]:
    """Revenue − discounts − COGS − cost to serve − team cost, with subtotals."""
    revenue = p.revenue

    def pct(value: float) -> float | None:
        return ratio(value, revenue)

    steps = [Step("profit.revenue", "", revenue, pct(revenue), True)]
    net_revenue = revenue - p.discounts
    steps.append(Step("profit.discounts", "", -p.discounts, pct(-p.discounts), False))
    steps.append(Step("profit.net_revenue", "", net_revenue, pct(net_revenue), True))
    gross = net_revenue - p.cogs
    steps.append(Step("profit.cogs", "", -p.cogs, pct(-p.cogs), False))
    steps.append(Step("profit.gross_margin", "", gross, pct(gross), True))
    contribution = gross
    for line in p.cost_to_serve:
        cost = line_cost(line)
        contribution -= cost
        steps.append(Step("", line.activity, -cost, pct(-cost), False))
    steps.append(Step("profit.contribution", "", contribution, pct(contribution), True))
    net = contribution - p.account_team_cost
    steps.append(
        Step("profit.team_cost", "", -p.account_team_cost, pct(-p.account_team_cost), False)
    )
    steps.append(Step("profit.net_profit", "", net, pct(net), True))
    return steps
