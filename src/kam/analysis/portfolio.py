"""Portfolio profitability: which accounts make or lose money, and the whale curve.

A real portfolio has 100,000 customers (kam takes up to a million). Every figure,
the whale curve and the quadrant counts use all of them; the document lists the
most and the least profitable ones and the key account, and sums each run of the
others in one "N other customers" row. The whale curve is drawn through a few
hundred of its points, and a large selection matrix gets one bubble per cell.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from kam.analysis.measures import ratio
from kam.load.tables import CustomerTable

THRESHOLD = 5.5
QUADRANTS = {
    (True, True): "strategic",
    (True, False): "star",
    (False, True): "status",
    (False, False): "streamline",
}
ATTRACTIVE = ("strategic", "star")  # the quadrants of attractiveness above THRESHOLD
LIST_ALL = 50  # a portfolio of up to this many customers is listed in full
TOP, BOTTOM = 25, 10  # otherwise: the most and least profitable, and the key account
CURVE_POINTS = 400  # the whale curve is drawn through at most this many points + 4
MATRIX_BUBBLES = 200  # more rated customers than this: one bubble per matrix cell
# A loss-maker rated attractive (strategic or star) gets a remedy: cut its cost to
# serve when at most this share of it ends the loss, else raise its prices when at
# most this share of its revenue does, else re-segment it.
SERVICE_CUT = 0.5
PRICE_RISE = 0.05
MAX_REMEDIES = 20  # the attractive loss-makers listed with their remedy, the worst first


@dataclass
class CustomerRow:
    id: str
    name: str
    segment: str | None
    revenue: float
    profit: float
    margin: float | None  # profit / revenue
    revenue_rank: int | None  # None on a row of other customers
    profit_rank: int  # on a row of other customers: the first rank it sums
    flag: str | None  # "large_unprofitable", "small_profitable" or None
    quadrant: str | None
    attractiveness: int | None
    relative_strength: int | None
    cumulative_share: float  # of total profit, after this customer (profit order)
    key: bool
    others: int = 0  # > 0: the row sums this many customers that are not listed
    last_rank: int | None = None  # on a row of other customers: the last rank it sums
    index: int | None = None  # the customer's row in the portfolio (inline or CSV), from 0
    remedy: str | None = None  # a loss-maker rated attractive: Remedy.action


@dataclass
class MatrixPoint:
    """A bubble of the selection matrix: a customer, or the customers of one cell."""

    label: str
    strength: int
    attractiveness: int
    revenue: float
    key: bool = False
    count: int = 1


@dataclass
class Remedy:
    """A customer that loses money although it is rated attractive (strategic or star
    quadrant), and what would end the loss."""

    index: int  # the customer's row in the portfolio (inline or CSV), from 0
    id: str
    name: str
    quadrant: str  # "strategic" or "star"
    attractiveness: int
    relative_strength: int
    revenue: float
    profit: float  # negative
    discounts: float
    cogs: float
    cost_to_serve: float
    action: str  # "reduce_cost_to_serve", "renegotiate_prices" or "resegment"
    change: float | None  # the cut in cost to serve, or the price rise, that ends the loss


def remedy(
    revenue: float, discounts: float, cogs: float, cost_to_serve: float
) -> tuple[str, float | None]:
    """What ends a customer's loss: (action, change). Prices that do not cover COGS and
    discounts need renegotiating whatever the service costs; else cutting the cost to
    serve by at most SERVICE_CUT, or raising prices by at most PRICE_RISE of revenue;
    else the customer needs another segment (a cheaper way to serve it, or another
    rating)."""
    gross = revenue - discounts - cogs
    loss = cost_to_serve - gross
    if gross <= 0:
        return "renegotiate_prices", ratio(loss, revenue)
    if loss <= SERVICE_CUT * cost_to_serve:
        return "reduce_cost_to_serve", ratio(loss, cost_to_serve)
    if loss <= PRICE_RISE * revenue:
        return "renegotiate_prices", ratio(loss, revenue)
    return "resegment", None


@dataclass
class PortfolioView:
    rows: list[CustomerRow]  # by profit, descending; runs of others summed
    total_revenue: float
    total_profit: float
    peak: float | None  # peak of the whale curve, as a fraction of total profit
    losing_share: float  # share of customers with negative profit
    losing_count: int
    tail_loss: float  # sum of the negative profits (a negative number)
    top20_share: float | None  # profit share of the top 20 % of customers
    key: CustomerRow | None
    customers: int = 0
    # whale curve: (share of customers, cumulative share of profit), from (0, 0)
    curve: list[tuple[float, float]] = field(default_factory=list)
    key_point: tuple[float, float] | None = None
    quadrants: dict[str, int] = field(default_factory=dict)  # customers per quadrant
    matrix: list[MatrixPoint] = field(default_factory=list)
    matrix_by_cell: bool = False
    listed: int = 0  # customers listed one by one
    top: int = TOP
    bottom: int = BOTTOM
    # loss-makers rated attractive (strategic or star), the largest loss first: at
    # most MAX_REMEDIES of them, out of attractive_loss_count
    attractive_losses: list[Remedy] = field(default_factory=list)
    attractive_loss_count: int = 0


def analyse(customers: CustomerTable | Iterable[object], key_account: str | None) -> PortfolioView:
    """Rank `customers` by profit (revenue − discounts − COGS − cost to serve)."""
    table = customers if isinstance(customers, CustomerTable) else CustomerTable.of(customers)
    rank = _Ranking.of(table, key_account)
    n, running = rank.n, rank.running
    listed = _listed_positions(n, rank.key_position)
    rows: list[CustomerRow] = []
    previous = -1
    for position in listed:
        if position > previous + 1:
            rows.append(_others(rank, table, previous + 1, position))
        rows.append(_row(rank, table, position))
        previous = position
    losing = [p for p in rank.profits if p < 0]
    top = max(1, round(n * 0.2)) if n else 0
    total = rank.total_profit if rank.meaningful else None
    matrix, by_cell = _matrix(table, key_account)
    key = rank.key_position
    losses, loss_count = _attractive_losses(rank, table)
    return PortfolioView(
        rows=rows,
        total_revenue=sum(table.revenue),
        total_profit=rank.total_profit,
        peak=max(0.0, max(running, default=0.0)) / total if total else None,
        losing_share=len(losing) / n if n else 0.0,
        losing_count=len(losing),
        tail_loss=sum(losing),
        top20_share=running[top - 1] / total if total else None,
        key=next((r for r in rows if r.key), None),
        customers=n,
        curve=_curve(running, total, key),
        key_point=((key + 1) / n, rank.share(key)) if key is not None else None,
        quadrants=_quadrants(table),
        matrix=matrix,
        matrix_by_cell=by_cell,
        listed=len(listed),
        attractive_losses=losses,
        attractive_loss_count=loss_count,
    )


@dataclass
class _Ranking:
    """The customers ranked by profit and by revenue, and the profit curve."""

    n: int
    profits: list[float]
    by_profit: list[int]  # customer indexes, the most profitable first
    revenue_rank: list[int]  # by customer index, 1 = the largest revenue
    running: list[float]  # cumulative profit along by_profit
    total_profit: float
    meaningful: bool  # shares of total profit mean something
    key_position: int | None  # the key account's place in by_profit

    @classmethod
    def of(cls, table: CustomerTable, key_account: str | None) -> _Ranking:
        n, ids, revenue = len(table), table.ids, table.revenue
        profits = [
            r - d - c - s
            for r, d, c, s in zip(
                revenue, table.discounts, table.cogs, table.cost_to_serve, strict=True
            )
        ]
        # Two stable sorts with C-level keys: by id, then by profit (or revenue)
        # descending. A million customers sort in about a second, without key tuples.
        by_profit = sorted(range(n), key=ids.__getitem__)
        by_revenue = by_profit.copy()
        negated = [-p for p in profits]
        by_profit.sort(key=negated.__getitem__)
        negated = [-r for r in revenue]
        by_revenue.sort(key=negated.__getitem__)
        revenue_rank = [0] * n
        for rank, i in enumerate(by_revenue, start=1):
            revenue_rank[i] = rank
        total = sum(profits)
        # Shares of total profit only mean something when the total is positive and
        # not a crumb left by profits that cancel out (1e15 − 1e15 + 0.1: 10^16 %).
        spread = sum(abs(p) for p in profits)
        key = None
        if key_account is not None:
            key = next((p for p, i in enumerate(by_profit) if ids[i] == key_account), None)
        return cls(
            n=n,
            profits=profits,
            by_profit=by_profit,
            revenue_rank=revenue_rank,
            running=list(accumulate(profits[i] for i in by_profit)),
            total_profit=total,
            meaningful=total > 0 and ratio(spread, total) is not None,
            key_position=key,
        )

    def share(self, position: int) -> float:
        """Cumulative share of total profit after the customer at `position`."""
        return self.running[position] / self.total_profit if self.meaningful else 0.0


def _row(rank: _Ranking, table: CustomerTable, position: int) -> CustomerRow:
    """The row of the customer at profit `position`, with its flag and quadrant."""
    i = rank.by_profit[position]
    profit_rank, p = position + 1, rank.profits[i]
    third = max(1, round(rank.n / 3))
    flag = None
    if rank.revenue_rank[i] <= third and p < 0:
        flag = "large_unprofitable"
    elif rank.revenue_rank[i] > rank.n - third and profit_rank <= third and p > 0:
        flag = "small_profitable"
    c = table.row(i)
    quadrant = None
    if c.attractiveness is not None and c.relative_strength is not None:
        quadrant = QUADRANTS[(c.attractiveness > THRESHOLD, c.relative_strength > THRESHOLD)]
    action = None
    if p < 0 and quadrant in ATTRACTIVE:
        action = remedy(c.revenue, c.discounts, c.cogs, c.cost_to_serve)[0]
    return CustomerRow(
        id=c.id,
        name=c.name,
        segment=c.segment,
        revenue=c.revenue,
        profit=p,
        margin=ratio(p, c.revenue),
        revenue_rank=rank.revenue_rank[i],
        profit_rank=profit_rank,
        flag=flag,
        quadrant=quadrant,
        attractiveness=c.attractiveness,
        relative_strength=c.relative_strength,
        cumulative_share=rank.share(position),
        key=position == rank.key_position,
        index=i,
        remedy=action,
    )


def _others(rank: _Ranking, table: CustomerTable, start: int, end: int) -> CustomerRow:
    """One row for the customers at profit positions start..end-1."""
    members = rank.by_profit[start:end]
    money = sum(table.revenue[i] for i in members)
    gain = sum(rank.profits[i] for i in members)
    return CustomerRow(
        id="",
        name="",
        segment=None,
        revenue=money,
        profit=gain,
        margin=ratio(gain, money),
        revenue_rank=None,
        profit_rank=start + 1,
        flag=None,
        quadrant=None,
        attractiveness=None,
        relative_strength=None,
        cumulative_share=rank.share(end - 1),
        key=False,
        others=end - start,
        last_rank=end,
    )


def _attractive_losses(rank: _Ranking, table: CustomerTable) -> tuple[list[Remedy], int]:
    """The loss-makers rated attractive, the largest loss first (at most MAX_REMEDIES),
    and how many there are. One pass over the portfolio: a million customers are fine."""
    profits, ids = rank.profits, table.ids
    strength = table.relative_strength
    attractiveness = table.attractiveness
    losing = [i for i, p in enumerate(profits) if p < 0]
    found = [i for i in losing if attractiveness[i] > THRESHOLD and strength[i]]
    worst = heapq.nsmallest(MAX_REMEDIES, found, key=lambda i: (profits[i], ids[i]))
    out = []
    for i in worst:
        c = table.row(i)
        action, change = remedy(c.revenue, c.discounts, c.cogs, c.cost_to_serve)
        out.append(
            Remedy(
                index=i,
                id=c.id,
                name=c.name,
                quadrant=QUADRANTS[(True, c.relative_strength > THRESHOLD)],
                attractiveness=c.attractiveness,
                relative_strength=c.relative_strength,
                revenue=c.revenue,
                profit=profits[i],
                discounts=c.discounts,
                cogs=c.cogs,
                cost_to_serve=c.cost_to_serve,
                action=action,
                change=change,
            )
        )
    return out, len(found)


def _listed_positions(n: int, key_position: int | None) -> list[int]:
    """Positions in profit order of the customers listed one by one."""
    if n <= LIST_ALL:
        return list(range(n))
    listed = set(range(TOP)) | set(range(n - BOTTOM, n))
    if key_position is not None:
        listed.add(key_position)
    return sorted(listed)


def _curve(
    running: list[float], total: float | None, key_position: int | None
) -> list[tuple[float, float]]:
    """The whale curve through at most about CURVE_POINTS of its points: evenly spaced
    ones, plus the first and last, the peak and the key account. Profits come in
    descending order, so the curve is concave and these points keep its shape."""
    n = len(running)
    if n == 0:
        return [(0.0, 0.0)]
    if n <= CURVE_POINTS:
        chosen = range(n)
    else:
        picks = {round(j * (n - 1) / CURVE_POINTS) for j in range(CURVE_POINTS + 1)}
        picks.add(max(range(n), key=running.__getitem__))
        if key_position is not None:
            picks.add(key_position)
        chosen = sorted(picks)
    return [(0.0, 0.0)] + [((p + 1) / n, running[p] / total if total else 0.0) for p in chosen]


def _quadrants(table: CustomerTable) -> dict[str, int]:
    counts = dict.fromkeys(("strategic", "star", "status", "streamline"), 0)
    for a, s in zip(table.attractiveness, table.relative_strength, strict=True):
        if a and s:
            counts[QUADRANTS[(a > THRESHOLD, s > THRESHOLD)]] += 1
    return counts


def _matrix(table: CustomerTable, key_account: str | None) -> tuple[list[MatrixPoint], bool]:
    """One bubble per rated customer; beyond MATRIX_BUBBLES, one per cell (the key
    account keeps its own bubble), sized by the revenue it sums. The flag says which."""
    rated = [
        i
        for i, (a, s) in enumerate(zip(table.attractiveness, table.relative_strength, strict=True))
        if a and s
    ]
    if len(rated) <= MATRIX_BUBBLES:
        return [
            MatrixPoint(
                table.names[i],
                table.relative_strength[i],
                table.attractiveness[i],
                table.revenue[i],
                table.ids[i] == key_account,
            )
            for i in rated
        ], False
    cells: dict[tuple[int, int], MatrixPoint] = {}
    key = []
    for i in rated:
        strength, attractiveness = table.relative_strength[i], table.attractiveness[i]
        if table.ids[i] == key_account:
            key.append(
                MatrixPoint(table.names[i], strength, attractiveness, table.revenue[i], True)
            )
            continue
        cell = cells.get((strength, attractiveness))
        if cell is None:
            cells[(strength, attractiveness)] = MatrixPoint(
                "", strength, attractiveness, table.revenue[i], False, 1
            )
        else:
            cell.revenue += table.revenue[i]
            cell.count += 1
    points = [cells[k] for k in sorted(cells)]
    for point in points:
        point.label = f"{point.count:,}"
    return points + key, True
