"""Actuals (D.2 KPIs, C.5 objectives): measured in the plan's period or before it,
against a target that is a number."""

from __future__ import annotations

from kam.analysis import Figures
from kam.analysis.actuals import span
from kam.i18n import _
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.periods import parse_period
from kam.rules.common import warn, warn_at, where

KPIS: Loc = ("plan", "action_review", "review", "kpis")
OBJECTIVES: Loc = ("plan", "company_strategy", "objectives")


def _measured(doc: Document) -> list[tuple[Loc, dict[str, float]]]:
    """(location, actuals) of every KPI and objective that has actuals."""
    plan = doc.plan
    review = plan.action_review.review if plan and plan.action_review else None
    strategy = plan.company_strategy if plan else None
    out = [(KPIS + (i,), k.actuals) for i, k in enumerate(review.kpis if review else [])]
    out += [
        (OBJECTIVES + (i,), o.actuals)
        for i, o in enumerate(strategy.objectives if strategy else [])
    ]
    return [(loc, actuals) for loc, actuals in out if actuals]


def actuals_in_period(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """An actual is for a period inside the plan's period, or before it (a baseline
    year); one that starts after the plan ends is a typo or belongs to the next plan."""
    period = doc.period
    if period is None:
        return
    for loc, actuals in _measured(doc):
        for written in actuals:
            first, _last = span(parse_period(written))
            if first <= period.end:
                continue
            at = loc + ("actuals", written)
            warn_at(
                loaded,
                loaded.source.key_positions.get(at) or loaded.source.pos(at),
                at,
                "actuals-in-period",
                _(
                    "the actual for {period} is after the plan period, which ends on {end} "
                    "({where}); correct the period, or record it in the next plan",
                    period=written,
                    end=period.end.isoformat(),
                    where=where(loaded, ("period", "end")),
                ),
            )


def actuals_numeric_target(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A KPI with actuals has a numeric target: a text target has no path to judge
    the actuals against."""
    for item in figures.progress:
        if item.kind != "kpi" or item.target is not None:
            continue
        warn(
            loaded,
            KPIS + (item.index, "target"),
            "actuals-numeric-target",
            _(
                "the KPI '{kpi}' has actuals but no numeric target, so D.2 cannot say whether "
                "it is on track; write the target as a number (with 'unit:' for its unit)",
                kpi=item.name,
            ),
        )
