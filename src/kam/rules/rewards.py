"""The rewards plan: what it costs at the top of the payout curve against its budget,
commissions without a rate and base, individual pools without individual objectives,
and "lower is better" objectives measured as if more were better."""

from __future__ import annotations

import re

from kam.analysis import Figures
from kam.analysis.rewards import payout_pct
from kam.i18n import _
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.rules.common import money, points, warn, where


def top_payout(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The plan's cost at the highest attainment the rewards view computes (120 %)
    fits its budget (`budget.maximum`, else `budget.total`)."""
    rewards, view = doc.rewards, figures.rewards
    if rewards is None or rewards.budget is None or view is None or not view.payouts:
        return
    top = view.payouts[-1]
    budget = rewards.budget
    limit = budget.maximum if budget.maximum is not None else budget.total
    if top.cost is None or top.payout_pct is None or top.cost <= limit:
        return
    band = next(
        i for i, b in enumerate(rewards.payout_curve) if payout_pct([b], top.attainment) is not None
    )
    name = "maximum" if budget.maximum is not None else "total"
    locale, currency = doc.locale, doc.currency
    warn(
        loaded,
        ("rewards", "budget", name),
        "top-payout",
        _(
            "at {attainment} attainment the payout curve pays {payout} ({where}), so the "
            "rewards cost {cost}, {over} over the budget of {budget}; set aside {cost} with "
            "'maximum:' in the budget, or cap the payout curve at 100 %",
            attainment=points(locale, top.attainment),
            payout=points(locale, top.payout_pct),
            where=where(loaded, ("rewards", "payout_curve", band, "payout")),
            cost=money(locale, currency, top.cost),
            over=money(locale, currency, top.cost - limit),
            budget=money(locale, currency, limit),
        ),
    )


def commission_base(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A commission says what percentage (`rate`) of what (`base`) it pays."""
    for i, reward in enumerate(doc.rewards.rewards if doc.rewards else []):
        if reward.type != "commission":
            continue
        missing = [name for name in ("rate", "base") if getattr(reward, name) is None]
        if not missing:
            continue
        warn(
            loaded,
            ("rewards", "rewards", i),
            "commission-base",
            _(
                "'{name}' is a commission without {missing}: say what percentage (rate: 2.5) "
                "of what (base: kit revenue above 2025) it pays, or the team cannot work out "
                "what it earns",
                name=reward.name,
                missing=_("rate and base") if len(missing) == 2 else missing[0],
            ),
        )


def individual_objectives(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """An individual pool needs individual objectives to be paid on."""
    rewards = doc.rewards
    if rewards is None or rewards.split is None or rewards.split.individual <= 0:
        return
    if not rewards.participants or any(p.objectives for p in rewards.participants):
        return
    locale = doc.locale
    warn(
        loaded,
        ("rewards", "split", "individual"),
        "individual-objectives",
        _(
            "{share} of the rewards is paid on individual performance, but no participant "
            "({where}) has individual objectives; add 'objectives:' to each participant, or "
            "pay everything from the team pool",
            share=points(locale, rewards.split.individual),
            where=where(loaded, ("rewards", "participants")),
        ),
    )


# Words that say a metric is better when it is lower (cost to serve, urgent orders).
_LOWER = re.compile(
    r"\b(?:m[aá]ximo|maximum|at\s+most|lower\s+is\s+better|menos\s+es\s+mejor|"
    r"reduc(?:e|ir|ing|ci[oó]n)|disminuir|bajar|decrease|"
    r"cost[eo]?\s+(?:to|de)\s+serv(?:e|ir))\b",
    re.IGNORECASE,
)


def lower_is_better(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """An objective that reads as lower-is-better declares `direction: lower`: its
    attainment is target / actual, not actual / target."""
    for i, objective in enumerate(doc.rewards.objectives if doc.rewards else []):
        if objective.direction is not None:
            continue
        for field in ("metric", "objective"):
            text = getattr(objective, field)
            said = _LOWER.search(text) if text else None
            if said:
                break
        else:
            continue
        loc: Loc = ("rewards", "objectives", i, field)
        warn(
            loaded,
            loc,
            "lower-is-better",
            _(
                "'{text}' reads as lower is better ('{words}'), but the objective has no "
                "direction, so its attainment is undefined: read as more is better, beating "
                "the target would count as missing it; add 'direction: lower' (or "
                "'direction: higher' if more is better)",
                text=text,
                words=said.group(),
            ),
        )
