"""D.2 KPIs against their targets, counted by status for the roll-up's KPI column.

The statuses are the document's own (`Figures.progress`, `kam.analysis.actuals`: the
latest actual against the pro-rata path to the target), read, never judged again. A
KPI with actuals but a text target has no status and is not counted; a plan with no
KPI actuals at all gets None, which the roll-up shows as "—".
"""

from __future__ import annotations

from kam.analysis import Figures
from kam.analysis.actuals import STATUSES

__all__ = ["STATUSES", "kpi_status"]


def kpi_status(figures: Figures) -> dict[str, int] | None:
    """The D.2 KPIs per status (`on_track`, `at_risk`, `off_track`); None when no
    KPI has actuals."""
    kpis = [item for item in figures.progress if item.kind == "kpi"]
    if not kpis:
        return None
    counts = dict.fromkeys(STATUSES, 0)
    for item in kpis:
        if item.status in counts:
            counts[item.status] += 1
    return counts
