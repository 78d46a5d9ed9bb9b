"""Plan against real: each D.2 KPI and C.5 objective with `actuals:`, its latest actual
against a pro-rata path from its baseline to its target.

The path runs in a straight line from the baseline (objectives: `baseline`; KPIs:
`baseline`, else 0) on the first day of the plan's period to the target on the last
day of the path (objectives: `deadline`, else the plan's last day; KPIs: the plan's
last day). What the path expects by now is its value on the last day of the latest
actual's period, counting whole days (`elapsed / length`, both inclusive, clamped to
0..1). Without a plan period the path covers the calendar year of its last day.

Status, from the shortfall against that expected value (in the direction that is
better) and a tolerance of `AT_RISK` (10 %) of the change the path expects so far
(`|expected − baseline|`):

- `on_track`: no shortfall: at or beyond the path;
- `at_risk`: a shortfall within the tolerance (e.g. with a baseline of 0, at least
  90 % of what the path expects);
- `off_track`: a larger shortfall.

A target lower than the baseline (or `direction: lower`) is lower-is-better: the path
goes down and the shortfall is being above it. A lower-is-better target with no
baseline is a ceiling from the first day: the path is the target itself, the
tolerance 10 % of it. A KPI whose target is text ("+15 %") has no path: its latest
actual is shown without a status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kam.analysis.measures import ratio
from kam.models import CompanyObjective, Document, Kpi
from kam.periods import PeriodKey, parse_period

AT_RISK = 0.10  # of the change the path expects so far: the band of "at risk"
STATUSES = ("on_track", "at_risk", "off_track")
_EPSILON = 1e-9  # relative: 0.9 × 165 000 is 148 500, not one float above it

KPIS = "plan.action_review.review.kpis"
OBJECTIVES = "plan.company_strategy.objectives"


@dataclass
class Progress:
    """One KPI or objective with actuals: the latest against the path to its target."""

    kind: str  # "kpi" or "objective"
    index: int  # in its list: kpis[index] or objectives[index]
    key: str  # its key path: plan.action_review.review.kpis[0]
    name: str  # the KPI, or the objective's text
    id: str | None  # the objective's id (KPIs have none)
    unit: str | None
    target: float | None  # None for a text target: no path, no status
    baseline: float | None  # as written (a KPI's path starts at 0 without one)
    direction: str  # "higher" or "lower"
    series: list[tuple[str, float]] = field(default_factory=list)  # (period, value), in time
    latest_period: str | None = None
    latest_actual: float | None = None
    expected: float | None = None  # the path's value at the end of the latest period
    variance: float | None = None  # latest − expected
    variance_pct: float | None = None  # variance / |expected|, a fraction
    status: str | None = None  # "on_track" | "at_risk" | "off_track"
    # the share of the way from baseline (else 0) to target: covered by the latest
    # actual, and expected by the path by then; None for a ceiling (lower is better
    # with no baseline) or a target equal to its baseline
    reached: float | None = None
    due: float | None = None


def progress(doc: Document) -> list[Progress]:
    """Every KPI and objective with actuals: the KPIs first, then the objectives."""
    plan = doc.plan
    review = plan.action_review.review if plan and plan.action_review else None
    strategy = plan.company_strategy if plan else None
    period = (doc.period.start, doc.period.end) if doc.period else None
    out = [
        _kpi(i, kpi, period) for i, kpi in enumerate(review.kpis if review else []) if kpi.actuals
    ]
    out += [
        _objective(i, o, period)
        for i, o in enumerate(strategy.objectives if strategy else [])
        if o.actuals
    ]
    return out


def _kpi(i: int, kpi: Kpi, period: tuple[dt.date, dt.date] | None) -> Progress:
    target = kpi.target if isinstance(kpi.target, int | float) else None
    item = Progress(
        "kpi",
        i,
        f"{KPIS}[{i}]",
        kpi.kpi,
        None,
        kpi.unit,
        target,
        kpi.baseline,
        direction(kpi.direction, kpi.baseline, target),
    )
    return _measure(item, kpi.actuals, period, period[1] if period else None)


def _objective(i: int, o: CompanyObjective, period: tuple[dt.date, dt.date] | None) -> Progress:
    item = Progress(
        "objective",
        i,
        f"{OBJECTIVES}[{i}]",
        o.objective,
        o.id,
        o.unit,
        o.target,
        o.baseline,
        direction(o.direction, o.baseline, o.target),
    )
    return _measure(item, o.actuals, period, o.deadline or (period[1] if period else None))


def direction(written: str | None, baseline: float | None, target: float | None) -> str:
    """As written; else lower when the target is below the baseline."""
    if written:
        return written
    lower = baseline is not None and target is not None and target < baseline
    return "lower" if lower else "higher"


def _measure(
    item: Progress,
    actuals: Mapping[str, float],
    period: tuple[dt.date, dt.date] | None,
    deadline: dt.date | None,
) -> Progress:
    """Fill in the series, the latest actual and, with a numeric target, the path."""
    dated = sorted(((span(parse_period(p)), p, v) for p, v in actuals.items()), key=_order)
    item.series = [(p, float(v)) for _span, p, v in dated]
    (_start, last_day), item.latest_period, latest = dated[-1]
    item.latest_actual = float(latest)
    if item.target is None:
        return item
    end = deadline or dt.date(last_day.year, 12, 31)
    start = period[0] if period else dt.date(end.year, 1, 1)
    item.expected = expected(item.baseline, item.target, item.direction, start, end, last_day)
    item.variance = item.latest_actual - item.expected
    item.variance_pct = ratio(item.variance, abs(item.expected))
    item.status = status(item.latest_actual, item.expected, _origin(item), item.direction)
    if item.baseline is not None or item.direction == "higher":
        change = item.target - _origin(item)
        item.reached = ratio(item.latest_actual - _origin(item), change)
        item.due = ratio(item.expected - _origin(item), change)
    return item


def _order(entry: tuple[tuple[dt.date, dt.date], str, float]) -> tuple[dt.date, dt.date]:
    """In time: by the last day, then the first (2027 before 2027-Q4 before 2027-12)."""
    (start, end), _period, _value = entry
    return end, start


def _origin(item: Progress) -> float:
    """Where the path starts: the baseline, else 0 (a ceiling's tolerance is of itself)."""
    return item.baseline if item.baseline is not None else 0.0


def expected(
    baseline: float | None,
    target: float,
    way: str,
    start: dt.date,
    end: dt.date,
    day: dt.date,
) -> float:
    """The path's value on `day`: from the baseline (else 0) on `start` to the target
    on `end`, pro rata of whole days; a lower-is-better target with no baseline is a
    ceiling from the first day."""
    if baseline is None and way == "lower":
        return target
    origin = baseline if baseline is not None else 0.0
    return origin + (target - origin) * elapsed(start, end, day)


def elapsed(start: dt.date, end: dt.date, day: dt.date) -> float:
    """The share of the days from `start` to `end` (both included) gone by the end of
    `day`, from 0 to 1."""
    if end < start:
        return 1.0
    share = ((day - start).days + 1) / ((end - start).days + 1)
    return min(1.0, max(0.0, share))


def status(actual: float, expected: float, origin: float, way: str) -> str:
    """On track at or beyond the path; at risk within AT_RISK of the change it expects
    so far; off track beyond that."""
    shortfall = actual - expected if way == "lower" else expected - actual
    tolerance = AT_RISK * abs(expected - origin)
    slack = _EPSILON * max(abs(expected), abs(actual), 1.0)
    if shortfall <= slack:
        return "on_track"
    return "at_risk" if shortfall <= tolerance + slack else "off_track"


def span(key: PeriodKey | None) -> tuple[dt.date, dt.date]:
    """The first and last day of a year, quarter or month."""
    if key is None:  # the model only lets periods through
        raise ValueError("not a period")
    if key.month:
        first, last = key.month, key.month
    elif key.quarter:
        first, last = key.quarter * 3 - 2, key.quarter * 3
    else:
        first, last = 1, 12
    following = dt.date(key.year + last // 12, last % 12 + 1, 1)
    return dt.date(key.year, first, 1), following - dt.timedelta(days=1)


def on_track(items: list[Progress]) -> tuple[int, int]:
    """(on track, with a status): the executive summary's "3 of 5 on track"."""
    judged = [p for p in items if p.status is not None]
    return sum(1 for p in judged if p.status == "on_track"), len(judged)
