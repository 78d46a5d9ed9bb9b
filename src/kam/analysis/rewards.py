"""Rewards plan figures: amounts per reward and participant, payouts, self-funding."""

from __future__ import annotations

from dataclasses import dataclass

from kam.analysis.measures import ratio
from kam.models import PayoutBand, Rewards

ATTAINMENTS = (80, 90, 100, 110, 120)


def payout_pct(bands: list[PayoutBand], attainment: float) -> float | None:
    """The % of the reward paid at `attainment` % of target (None if no band holds it)."""
    for band in bands:
        if band.from_ <= attainment and (band.to is None or attainment < band.to):
            return band.payout
    return None


@dataclass
class PayoutRow:
    attainment: int
    payout_pct: float | None
    cost: float | None


@dataclass
class RewardsView:
    total: float | None
    reward_amounts: list[float | None]
    participant_amounts: list[float | None]
    team_pool: float | None
    individual_pool: float | None
    payouts: list[PayoutRow]
    self_funding: float | None  # budget / incremental margin


def analyse(r: Rewards) -> RewardsView:
    total = r.budget.total if r.budget else None

    def part(share: float | None) -> float | None:
        return total * share / 100 if total is not None and share is not None else None

    payouts = []
    if r.payout_curve:
        for a in ATTAINMENTS:
            pct = payout_pct(r.payout_curve, a)
            payouts.append(
                PayoutRow(
                    a, pct, total * pct / 100 if total is not None and pct is not None else None
                )
            )
    funding = None
    if r.budget and r.budget.incremental_margin:
        funding = ratio(r.budget.total, r.budget.incremental_margin)
    return RewardsView(
        total=total,
        reward_amounts=[part(x.share) for x in r.rewards],
        participant_amounts=[part(p.share) for p in r.participants],
        team_pool=part(r.split.team) if r.split else None,
        individual_pool=part(r.split.individual) if r.split else None,
        payouts=payouts,
        self_funding=funding,
    )
