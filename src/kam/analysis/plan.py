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
        action.due is not None and action.due < today and action.status not in ("done", "cancelled")
    )


@dataclass
class ActionCosts:
    """D.1's cost: the active actions (neither deferred nor cancelled) make the plan's
    cost; deferred and cancelled ones are shown apart."""

    active: float = 0.0
    deferred: float = 0.0
    cancelled: float = 0.0

    @property
    def all(self) -> float:
        return self.active + self.deferred + self.cancelled


def action_costs(actions: list[Action]) -> ActionCosts:
    costs = ActionCosts()
    for action in actions:
        cost = action.cost or 0.0
        if action.status == "cancelled":
            costs.cancelled += cost
        elif action.status == "deferred":
            costs.deferred += cost
        else:
            costs.active += cost
    return costs


def gaps_worst_first(factors: Factors) -> list[FactorGap]:
    """Factors with a computable gap, the largest shortfall first."""
    known = [row for row in factors.rows if row.gap is not None]
    return sorted(known, key=lambda row: (row.gap, row.factor.factor))


@dataclass
class RelationshipCheck:
    roles_missing: list[str]  # of decider, buyer, influencer
    high_influence: int  # contacts with influence 4-5
    high_influence_support: float | None  # share of those who are champion/supporter
    single_owner: str | None  # team id owning every contact (of BOW_TIE_MIN or more)
    contacts: int


KEY_ROLES = ("decider", "buyer", "influencer")
BOW_TIE_MIN = 3  # contacts, all owned by one team member, that make a "bow tie"


def relationship_check(contacts) -> RelationshipCheck:
    roles = {role for c in contacts for role in c.dmu_roles}
    high = [c for c in contacts if (c.influence or 0) >= 4]
    support = [c for c in high if c.attitude in ("champion", "supporter")]
    owners = {c.owner for c in contacts}
    single = next(iter(owners)) if len(owners) == 1 and len(contacts) >= BOW_TIE_MIN else None
    return RelationshipCheck(
        roles_missing=[r for r in KEY_ROLES if r not in roles],
        high_influence=len(high),
        high_influence_support=len(support) / len(high) if high else None,
        single_owner=single,
        contacts=len(contacts),
    )


SMART_PARTS = ("specific", "measurable", "achievable", "relevant", "time_bound")


@dataclass
class SmartCheck:
    objective: CompanyObjective
    specific: bool  # has a metric
    measurable: bool  # numeric baseline and target
    achievable: bool  # an owner is accountable
    relevant: bool  # at least one action serves it
    time_bound: bool  # has a deadline
    actions: int
    done: int
    cost: float

    @property
    def passed(self) -> int:
        return sum(getattr(self, part) for part in SMART_PARTS)

    @property
    def done_share(self) -> float | None:
        return self.done / self.actions if self.actions else None


def smart_checks(objectives: list[CompanyObjective], actions: list[Action]) -> list[SmartCheck]:
    out = []
    for o in objectives:
        mine = [a for a in actions if a.objective == o.id]
        out.append(
            SmartCheck(
                objective=o,
                specific=bool(o.metric),
                measurable=o.baseline is not None and o.target is not None,
                achievable=bool(o.owner),
                relevant=bool(mine),
                time_bound=o.deadline is not None,
                actions=len(mine),
                done=sum(1 for a in mine if a.status == "done"),
                cost=action_costs(mine).active,  # as D.1: deferred and cancelled apart
            )
        )
    return out


def heat_map(risks: list[Risk]) -> list[list[int]]:
    """Counts of risks per cell: rows are impact 5..1, columns probability 1..5."""
    grid = [[0] * 5 for _ in range(5)]
    for risk in risks:
        if risk.probability is not None and risk.impact is not None:
            grid[5 - risk.impact][risk.probability - 1] += 1
    return grid
