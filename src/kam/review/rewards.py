"""Criterion 5, `rewards_scope` (Define los alcances del plan de premios): the
`rewards:` part.

The team's objectives, the participants and their shares, the team/individual split,
the types of reward, the payout curve, and a budget that funds itself from the
incremental margin (`Figures.rewards.self_funding`).
"""

from __future__ import annotations

from kam.models import Rewards as RewardsPlan
from kam.review.checks import Check, _check, _filled, _Parts

MIN_REWARD_TYPES = 2
SELF_FUNDING_MAX = 0.30  # rewards budget / incremental gross margin


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    r = p.rewards or RewardsPlan()
    return [
        _objectives(p, r),
        _participants(p, r),
        _split(p, r),
        _reward_types(p, r),
        _payout_curve(p, r),
        _budget(p, r),
        _self_funding(p),
    ]


def _percent(p: _Parts, value: float) -> str:
    _ = p._
    rounded = f"{value * 100:.0f}"
    return _("{percent}%", percent=rounded)


def _objectives(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    incomplete = [
        o.objective
        for o in r.objectives
        if not _filled(o.metric) or o.target is None or o.weight is None
    ]
    return _check(
        "rewards_objectives",
        _("Rewards objectives have a metric, a target and a weight"),
        3,
        r.objectives and not incomplete,
        lambda: (
            _(
                "rewards.objectives: add the team's objectives with metric, target and "
                "weight (weights sum to 100)"
            )
            if not r.objectives
            else _(
                "rewards.objectives: give metric, target and weight to {objectives}",
                objectives=p.names(p.quoted(incomplete), 3),
            )
        ),
    )


def _participants(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    no_share = [x.member or x.name or "?" for x in r.participants if x.share is None]
    return _check(
        "rewards_participants",
        _("Participants are named, each with a share"),
        2,
        r.participants and not no_share,
        lambda: (
            _(
                "rewards.participants: name who takes part (A.1 member ids or name and "
                "role) and each one's share"
            )
            if not r.participants
            else _(
                "rewards.participants: give a share to {participants}",
                participants=p.names(no_share),
            )
        ),
    )


def _split(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    return _check(
        "rewards_split",
        _("The team/individual split is set"),
        1,
        r.split is not None,
        lambda: _(
            "rewards.split: set the team pool against the individual part (e.g. team: 60, "
            "individual: 40)"
        ),
    )


def _reward_types(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    types = sorted({x.type for x in r.rewards if x.type})
    return _check(
        "reward_types",
        _("At least {minimum} types of reward", minimum=MIN_REWARD_TYPES),
        2,
        len(types) >= MIN_REWARD_TYPES,
        lambda: (
            _(
                "rewards.rewards: add rewards of at least two types (cash_bonus, "
                "recognition, training, trip…), each with its share"
            )
            if not types
            else _(
                "rewards.rewards: only {type} rewards; add another type such as "
                "recognition, training or time_off",
                type=types[0],
            )
        ),
    )


def _payout_curve(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    return _check(
        "payout_curve",
        _("A payout curve ties payment to attainment"),
        2,
        r.payout_curve,
        lambda: _(
            "Add a payout curve to the rewards plan (rewards.payout_curve: target "
            "achieved (%) → reward paid (%))"
        ),
    )


def _budget(p: _Parts, r: RewardsPlan) -> Check:
    _ = p._
    budget = r.budget
    return _check(
        "rewards_budget",
        _("The budget is given, with the incremental margin it is paid from"),
        2,
        budget is not None and budget.incremental_margin,
        lambda: (
            _(
                "rewards.budget: set total and incremental_margin (the extra gross margin "
                "the plan should earn)"
            )
            if budget is None
            else _(
                "rewards.budget: add incremental_margin, the extra gross margin the plan "
                "should earn, to show the plan pays for itself"
            )
        ),
    )


def _self_funding(p: _Parts) -> Check:
    _ = p._
    funding = p.figures.rewards.self_funding if p.figures.rewards else None
    return _check(
        "self_funding",
        _(
            "The plan funds itself (budget ≤ {limit} of incremental margin)",
            limit=_percent(p, SELF_FUNDING_MAX),
        ),
        2,
        funding is not None and 0 < funding <= SELF_FUNDING_MAX,
        lambda: (
            _("rewards.budget: the self-funding ratio needs both total and incremental_margin")
            if funding is None
            else _(
                "rewards.budget: the plan costs {share} of the incremental margin; keep it "
                "at or below {limit}",
                share=_percent(p, funding),
                limit=_percent(p, SELF_FUNDING_MAX),
            )
        ),
    )
