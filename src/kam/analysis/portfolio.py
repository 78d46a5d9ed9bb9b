"""Portfolio profitability: which accounts make or lose money, and the whale curve.

A real portfolio has 100,000 customers (kam takes up to a million). Every figure,
the whale curve and the quadrant counts use all of them; the document lists the
most and the least profitable ones and the key account, and sums each run of the
others in one "N other customers" row. The whale curve is drawn through a few
hundred of its points, and a large selection matrix gets one bubble per cell.
"""

from __future__ import annotations

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
LIST_ALL = 50  # a portfolio of up to this many customers is listed in full
TOP, BOTTOM = 25, 10  # otherwise: the most and least profitable, and the key account
CURVE_POINTS = 400  # the whale curve is drawn through at most this many points + 4
MATRIX_BUBBLES = 200  # more rated customers than this: one bubble per matrix cell


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


def analyse(customers: CustomerTable | Iterable[object], key_account: str | None) -> PortfolioView:
    """Rank `customers` by profit (revenue − discounts − COGS − cost to serve)."""
    table = customers if isinstance(customers, CustomerTable) else CustomerTable.of(customers)
    n = len(table)
    ids, revenue = table.ids, table.revenue
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
    del negated
    revenue_rank = [0] * n
    for rank, i in enumerate(by_revenue, start=1):
        revenue_rank[i] = rank
    del by_revenue

    total_profit = sum(profits)
    running = list(accumulate(profits[i] for i in by_profit))
    # Shares of total profit only mean something when the total is positive and not a
    # crumb left by profits that cancel out (1e15 − 1e15 + 0.1: shares of 10^16 %).
    spread = sum(abs(p) for p in profits)
    meaningful = total_profit > 0 and ratio(spread, total_profit) is not None

    def share(position: int) -> float:
        return running[position] / total_profit if meaningful else 0.0

    key_position = None
    if key_account is not None:
        key_position = next((p for p, i in enumerate(by_profit) if ids[i] == key_account), None)
    third = max(1, round(n / 3))

    def row(position: int) -> CustomerRow:
        i = by_profit[position]
        rank, p = position + 1, profits[i]
        flag = None
        if revenue_rank[i] <= third and p < 0:
            flag = "large_unprofitable"
        elif revenue_rank[i] > n - third and rank <= third and p > 0:
            flag = "small_profitable"
        c = table.row(i)
        quadrant = None
        if c.attractiveness is not None and c.relative_strength is not None:
            quadrant = QUADRANTS[(c.attractiveness > THRESHOLD, c.relative_strength > THRESHOLD)]
        return CustomerRow(
            id=c.id,
            name=c.name,
            segment=c.segment,
            revenue=c.revenue,
            profit=p,
            margin=ratio(p, c.revenue),
            revenue_rank=revenue_rank[i],
            profit_rank=rank,
            flag=flag,
            quadrant=quadrant,
            attractiveness=c.attractiveness,
            relative_strength=c.relative_strength,
            cumulative_share=share(position),
            key=position == key_position,
        )

    def others(start: int, end: int) -> CustomerRow:
        """One row for the customers at profit positions start..end-1."""
        members = by_profit[start:end]
        money = sum(revenue[i] for i in members)
        gain = sum(profits[i] for i in members)
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
            cumulative_share=share(end - 1),
            key=False,
            others=end - start,
            last_rank=end,
        )

    listed = _listed_positions(n, key_position)
    rows: list[CustomerRow] = []
    previous = -1
    for position in listed:
        if position > previous + 1:
            rows.append(others(previous + 1, position))
        rows.append(row(position))
        previous = position

    losing = [p for p in profits if p < 0]
    top = max(1, round(n * 0.2)) if n else 0
    peak_value = max(0.0, max(running, default=0.0))
    matrix, by_cell = _matrix(table, key_account)
    return PortfolioView(
        rows=rows,
        total_revenue=sum(revenue),
        total_profit=total_profit,
        peak=peak_value / total_profit if meaningful else None,
        losing_share=len(losing) / n if n else 0.0,
        losing_count=len(losing),
        tail_loss=sum(losing),
        top20_share=running[top - 1] / total_profit if meaningful else None,
        key=next((r for r in rows if r.key), None),
        customers=n,
        curve=_curve(running, total_profit if meaningful else None, key_position),
        key_point=(
            ((key_position + 1) / n, share(key_position)) if key_position is not None else None
        ),
        quadrants=_quadrants(table),
        matrix=matrix,
        matrix_by_cell=by_cell,
        listed=len(listed),
    )


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
