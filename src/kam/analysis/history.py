"""Purchase history: revenue, growth, margin, orders and product mix per period."""

from __future__ import annotations

from dataclasses import dataclass, field

from kam.analysis.measures import ratio
from kam.load.tables import Bucket, PeriodKey, PurchaseData, parse_period
from kam.models import PeriodAmount
from kam.periods import quarter_text


@dataclass
class PeriodRow:
    label: str  # "2024", "2024-Q1" or "2024-03"
    revenue: float
    growth: float | None  # vs the previous period of the table, as a fraction
    margin_pct: float | None  # fraction
    orders: int | None
    average_order: float | None
    units: float | None
    share_of_wallet: float | None = None  # fraction


@dataclass
class MixRow:
    product: str
    shares: list[float | None]  # fraction of each year's revenue
    revenues: list[float]
    shift_points: float | None  # last share minus first, in percentage points


@dataclass
class History:
    years: list[PeriodRow]
    quarters: list[PeriodRow]
    mix_years: list[str]
    mix: list[MixRow]
    cagr: float | None
    cagr_years: int
    cagr_note: str | None  # label key explaining a missing CAGR
    granularity: str
    has_orders: bool
    has_margin: bool
    lines: int = 0
    wallet: dict[str, float] = field(default_factory=dict)


def _rows(groups: dict[str, Bucket], data: PurchaseData) -> list[PeriodRow]:
    rows: list[PeriodRow] = []
    previous: float | None = None
    for label in sorted(groups):
        bucket = groups[label]
        growth = ratio(bucket.revenue - previous, previous) if previous else None
        rows.append(
            PeriodRow(
                label=label,
                revenue=bucket.revenue,
                growth=growth,
                margin_pct=ratio(bucket.gross_margin, bucket.margin_revenue)
                if data.has_margin
                else None,
                orders=bucket.orders if data.has_orders else None,
                average_order=ratio(bucket.revenue, bucket.orders) if data.has_orders else None,
                units=bucket.units if data.has_units else None,
            )
        )
        previous = bucket.revenue
    return rows


def _group(data: PurchaseData, label) -> dict[str, Bucket]:
    groups: dict[str, Bucket] = {}
    for (period, _product), bucket in data.buckets.items():
        key = label(period)
        groups.setdefault(key, Bucket()).add(bucket)
    return groups


def cagr(first: float, last: float, years: int) -> float | None:
    """Compound annual growth rate; None when it is undefined."""
    if years < 1 or first <= 0 or last < 0:
        return None
    growth = ratio(last, first)
    return None if growth is None else growth ** (1 / years) - 1


def purchase_history(data: PurchaseData, category_spend: list[PeriodAmount]) -> History:
    years = _rows(_group(data, lambda p: f"{p.year}"), data)
    quarters: list[PeriodRow] = []
    if data.granularity in ("quarter", "month"):
        quarters = _rows(_group(data, quarter_text), data)
    wallet: dict[str, float] = {}
    for item in category_spend:
        key = parse_period(item.period) or PeriodKey(0)
        if not key.quarter:
            wallet[str(key.year)] = item.amount
    for row in years:
        if row.label in wallet:
            row.share_of_wallet = ratio(row.revenue, wallet[row.label])

    by_year: dict[str, dict[str, float]] = {}
    for (period, product), bucket in data.buckets.items():
        year = by_year.setdefault(str(period.year), {})
        year[product] = year.get(product, 0.0) + bucket.revenue
    mix_years = sorted(by_year)
    totals = {y: sum(by_year[y].values()) for y in mix_years}
    mix: list[MixRow] = []
    for product in sorted({product for (_p, product) in data.buckets}):
        revenues = [by_year[y].get(product, 0.0) for y in mix_years]
        shares = [ratio(r, totals[y]) for r, y in zip(revenues, mix_years, strict=True)]
        shift = None
        if len(shares) > 1 and shares[0] is not None and shares[-1] is not None:
            shift = (shares[-1] - shares[0]) * 100
        mix.append(MixRow(product, shares, revenues, shift))
    mix.sort(key=lambda m: -(m.revenues[-1] if m.revenues else 0))

    growth, note, span = None, None, 0
    if len(years) < 2:
        note = "history.cagr_one_year"
    else:
        span = int(years[-1].label) - int(years[0].label)
        growth = cagr(years[0].revenue, years[-1].revenue, span)
        if growth is None:
            note = "history.cagr_zero_start"
    return History(
        years=years,
        quarters=quarters,
        mix_years=mix_years,
        mix=mix,
        cagr=growth,
        cagr_years=span,
        cagr_note=note,
        granularity=data.granularity,
        has_orders=data.has_orders,
        has_margin=data.has_margin,
        lines=sum(b.lines for b in data.buckets.values()),
        wallet=wallet,
    )


@dataclass
class Totals:
    """Our revenue per year, quarter and month, summed once over the products."""

    granularity: str
    years: dict[int, float] = field(default_factory=dict)
    quarters: dict[tuple[int, int], float] = field(default_factory=dict)
    months: dict[tuple[int, int], float] = field(default_factory=dict)

    @classmethod
    def of(cls, data: PurchaseData) -> Totals:
        totals = cls(data.granularity)
        for (period, _product), bucket in data.buckets.items():
            y, q, m = period.year, period.quarter, period.month
            totals.years[y] = totals.years.get(y, 0.0) + bucket.revenue
            if q:
                totals.quarters[y, q] = totals.quarters.get((y, q), 0.0) + bucket.revenue
            if m:
                totals.months[y, m] = totals.months.get((y, m), 0.0) + bucket.revenue
        return totals

    def revenue(self, key: PeriodKey) -> float | None:
        """Our revenue in the period `key` (a year, quarter or month), or None when the
        history has no line in it or is too coarse to tell (a quarter of yearly rows)."""
        if key.month:
            return self.months.get((key.year, key.month)) if self.granularity == "month" else None
        if key.quarter:
            if self.granularity == "year":
                return None
            return self.quarters.get((key.year, key.quarter))
        return self.years.get(key.year)

    def latest_full_year(self) -> int | None:
        """The latest complete year of the history: rows for whole years, or a year
        that reaches its fourth quarter (a year of only Q1 and Q2 is not complete)."""
        full = [
            year for year in self.years if self.granularity == "year" or (year, 4) in self.quarters
        ]
        return max(full, default=None)


@dataclass
class PeriodRevenue:
    """Our revenue from the account in one period, from the purchase history."""

    period: str  # "2025", "2025-Q1" or "2025-03"
    revenue: float
    latest_full_year: bool  # chosen as the latest complete year (no period was given)


def revenue_for(totals: Totals, period: str | None) -> PeriodRevenue | None:
    """The history's revenue for `period` (the P&L's), else for its latest full year."""
    if period is not None:
        key = parse_period(period)
        revenue = totals.revenue(key) if key else None
        return PeriodRevenue(period, revenue, False) if revenue is not None else None
    year = totals.latest_full_year()
    if year is None:
        return None
    return PeriodRevenue(str(year), totals.years[year], True)


@dataclass
class CategoryShare:
    """One row of `category_spend` beside our revenue in the same period."""

    period: str
    spend: float  # the customer's spend in our category, all suppliers
    revenue: float | None  # ours in the same period; None when the history cannot tell
    share: float | None  # share of wallet, revenue / spend (above 1 cannot be)


def category_shares(totals: Totals, category_spend: list[PeriodAmount]) -> list[CategoryShare]:
    """Each category-spend row with our revenue in its period, in the order written."""
    rows = []
    for item in category_spend:
        key = parse_period(item.period)
        revenue = totals.revenue(key) if key else None
        share = ratio(revenue, item.amount) if revenue is not None else None
        rows.append(CategoryShare(item.period, item.amount, revenue, share))
    return rows
