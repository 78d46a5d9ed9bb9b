"""Figures derived from the plan: success-factor gaps, risk scores, action progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kam.models import Action, CompanyObjective, Risk, SuccessFactor


@dataclass
class FactorGap:
    factor: SuccessFactor
    gap: float | None  # weight × (ours − competitor's)


@dataclass
class Factors:
    rows: list[FactorGap]  # as written
    ours: float | None  # weighted score, Σ w·s / Σ w
    competitor: float | None


def weighted(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(w for w, _ in pairs)
    return sum(w * s for w, s in pairs) / total if total else None


def success_factors(factors: list[SuccessFactor]) -> Factors:
    rows = []
    for f in factors:
        gap = None
        if f.weight is not None and f.our_score is not None and f.competitor_score is not None:
            gap = f.weight * (f.our_score - f.competitor_score)
        rows.append(FactorGap(f, gap))
    ours = weighted([(f.weight, f.our_score) for f in factors if f.weight and f.our_score])
    theirs = weighted(
        [(f.weight, f.competitor_score) for f in factors if f.weight and f.competitor_score]
    )
    return Factors(rows, ours, theirs)


def risk_score(risk: Risk) -> int | None:
    if risk.probability is None or risk.impact is None:
        return None
    return risk.probability * risk.impact


def is_overdue(action: Action, today: dt.date) -> bool:
    return (
        action.due is not None
        and action.due < today
        and action.status not in ("done", "cancelled")
    )


@dataclass
class ObjectiveProgress:
    objective: CompanyObjective
    actions: int
    done: int
    cost: float

    @property
    def done_share(self) -> float | None:
        return self.done / self.actions if self.actions else None


def progress(objectives: list[CompanyObjective], actions: list[Action]) -> list[ObjectiveProgress]:
    out = []
    for o in objectives:
        mine = [a for a in actions if a.objective == o.id]
        out.append(
            ObjectiveProgress(
                o,
                len(mine),
                sum(1 for a in mine if a.status == "done"),
                sum(a.cost or 0 for a in mine),
            )
        )
    return out
