"""D.2 KPIs against their targets, counted by status for the roll-up's KPI column.

A KPI counts once it has actuals (`actuals:`, a mapping of period to value, issue 16
part 1): its latest actual is compared with a pro-rata path to its target over the
plan's period (`period:`; without one, with the whole target). On track at or above
the path, at risk within AT_RISK of it, off track below. KPIs whose target is text
("+15 %") are not counted. A plan with no actuals at all gets None: the roll-up shows
"—". When the document itself computes each KPI's status (part 1's D.2 table), this
module should read that figure instead of judging again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kam.models import Document
from kam.periods import PeriodKey, parse_period

AT_RISK = 0.9  # at least this share of the pro-rata path: at risk, not off track
STATUSES = ("on_track", "at_risk", "off_track")


def kpi_status(doc: Document, when: dt.date) -> dict[str, int] | None:
    """KPIs per status (`on_track`, `at_risk`, `off_track`); None when no KPI has
    actuals."""
    review = doc.plan.action_review.review if doc.plan and doc.plan.action_review else None
    counts = dict.fromkeys(STATUSES, 0)
    measured = False
    for kpi in review.kpis if review else []:
        actuals = getattr(kpi, "actuals", None)
        if not isinstance(actuals, Mapping) or not actuals:
            continue
        measured = True
        status = judge(
            kpi.target,
            actuals,
            doc.period.start if doc.period else None,
            doc.period.end if doc.period else None,
        )
        if status is not None:
            counts[status] += 1
    return counts if measured else None


def judge(
    target: object, actuals: Mapping[str, object], start: dt.date | None, end: dt.date | None
) -> str | None:
    """The status of the latest actual against the pro-rata path to a numeric target."""
    if isinstance(target, bool) or not isinstance(target, int | float) or not target:
        return None
    dated = []
    for period, value in actuals.items():
        key = parse_period(str(period))
        if key is not None and isinstance(value, int | float) and not isinstance(value, bool):
            dated.append((period_end(key), float(value)))
    if not dated:
        return None
    last_day, latest = max(dated)
    expected = float(target)
    if start is not None and end is not None and end > start:
        elapsed = (last_day - start).days + 1
        expected *= min(1.0, max(0.0, elapsed / ((end - start).days + 1)))
    if latest >= expected:
        return "on_track"
    return "at_risk" if latest >= AT_RISK * expected else "off_track"


def period_end(key: PeriodKey) -> dt.date:
    """The last day of a year, quarter or month."""
    month = key.month or (key.quarter * 3 if key.quarter else 12)
    following = dt.date(key.year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
