"""Criterion 5, `rewards_scope` (Define los alcances del plan de premios): the
`rewards:` part.

The team's objectives, the participants and their shares, the team/individual split,
the types of reward, the payout curve, and a budget that funds itself from the
incremental margin (`Figures.rewards.self_funding`).
"""

from __future__ import annotations

from kam.models import Rewards as RewardsPlan
from kam.review.checks import Check, _check, _filled, _names, _Parts, _quoted

MIN_REWARD_TYPES = 2
SELF_FUNDING_MAX = 0.30  # rewards budget / incremental gross margin


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    r = p.rewards or RewardsPlan()
    return [
        _objectives(r),
        _participants(r),
        _split(r),
        _reward_types(r),
        _payout_curve(r),
        _budget(r),
        _self_funding(p),
    ]


def _objectives(r: RewardsPlan) -> Check:
    incomplete = [
        o.objective
        for o in r.objectives
        if not _filled(o.metric) or o.target is None or o.weight is None
    ]
    return _check(
        "Rewards objectives have a metric, a target and a weight",
        3,
        r.objectives and not incomplete,
        "rewards.objectives: add the team's objectives with metric, target and weight "
        "(weights sum to 100)"
        if not r.objectives
        else f"rewards.objectives: give metric, target and weight to "
        f"{_names(_quoted(incomplete), 3)}",
    )


def _participants(r: RewardsPlan) -> Check:
    no_share = [x.member or x.name or "?" for x in r.participants if x.share is None]
    return _check(
        "Participants are named, each with a share",
        2,
        r.participants and not no_share,
        "rewards.participants: name who takes part (A.1 member ids or name and role) "
        "and each one's share"
        if not r.participants
        else f"rewards.participants: give a share to {_names(no_share)}",
    )


def _split(r: RewardsPlan) -> Check:
    return _check(
        "The team/individual split is set",
        1,
        r.split is not None,
        "rewards.split: set the team pool against the individual part "
        "(e.g. team: 60, individual: 40)",
    )


def _reward_types(r: RewardsPlan) -> Check:
    types = sorted({x.type for x in r.rewards if x.type})
    return _check(
        f"At least {MIN_REWARD_TYPES} types of reward",
        2,
        len(types) >= MIN_REWARD_TYPES,
        "rewards.rewards: add rewards of at least two types (cash_bonus, recognition, "
        "training, trip…), each with its share"
        if not types
        else f"rewards.rewards: only {types[0]} rewards; add another type such as "
        "recognition, training or time_off",
    )


def _payout_curve(r: RewardsPlan) -> Check:
    return _check(
        "A payout curve ties payment to attainment",
        2,
        r.payout_curve,
        "Add a payout curve to the rewards plan (rewards.payout_curve: % of target "
        "achieved → % of the reward paid)",
    )


def _budget(r: RewardsPlan) -> Check:
    budget = r.budget
    return _check(
        "The budget is given, with the incremental margin it is paid from",
        2,
        budget is not None and budget.incremental_margin,
        "rewards.budget: set total and incremental_margin (the extra gross margin "
        "the plan should earn)"
        if budget is None
        else "rewards.budget: add incremental_margin, the extra gross margin the plan "
        "should earn, to show the plan pays for itself",
    )


def _self_funding(p: _Parts) -> Check:
    funding = p.figures.rewards.self_funding if p.figures.rewards else None
    if funding is None:
        tip = "rewards.budget: the self-funding ratio needs both total and incremental_margin"
    else:
        tip = (
            f"rewards.budget: the plan costs {funding:.0%} of the incremental margin; keep "
            f"it at or below {SELF_FUNDING_MAX:.0%}"
        )
    return _check(
        f"The plan funds itself (budget ≤ {SELF_FUNDING_MAX:.0%} of incremental margin)",
        2,
        funding is not None and 0 < funding <= SELF_FUNDING_MAX,
        tip,
    )
