"""Criterion 3, `development_objectives` (Muestra objetivos del desarrollo de cuentas):
the company's objectives for the account.

C.5 objectives that are SMART (from `Figures.smart`), linked to the customer's own
objectives, and resting on C.2–C.4.
"""

from __future__ import annotations

from collections.abc import Callable

from kam.analysis.plan import SmartCheck
from kam.review.checks import Check, _check, _filled, _names, _Parts, _plural, _quoted


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    return [
        _objectives_set(p),
        _specific(p),
        _measurable(p),
        _time_bound(p),
        _owned(p),
        _linked_to_customer(p),
        _rests_on_c2_to_c4(p),
    ]


def _objectives_set(p: _Parts) -> Check:
    return _check(
        "C.5 sets the company's objectives for the account",
        3,
        p.strategy.objectives,
        "C.5: add the company's objectives for the account (id, objective, metric, "
        "baseline, target, deadline, owner)",
    )


def _smart_part(
    p: _Parts,
    label: str,
    weight: int,
    test: Callable[[SmartCheck], bool],
    missing: str,
    how: str,
) -> Check:
    """Every C.5 objective passes `test`; the suggestion names those that lack `missing`,
    or asks for objectives with `how` when there are none."""
    objectives = p.strategy.objectives
    failing = [s.objective.id for s in p.figures.smart if not test(s)]
    if not objectives:
        tip = f"C.5: add objectives, each with {how}"
    else:
        tip = (
            f"C.5 {_plural(len(failing), 'objective', 'objectives')} {_names(failing)} "
            f"{_plural(len(failing), 'has', 'have')} no {missing}"
        )
    return _check(label, weight, objectives and not failing, tip)


def _specific(p: _Parts) -> Check:
    return _smart_part(
        p,
        "Every objective is specific (has a metric)",
        2,
        lambda s: s.specific,
        "metric",
        "a metric",
    )


def _measurable(p: _Parts) -> Check:
    return _smart_part(
        p,
        "Every objective is measurable (numeric baseline and target)",
        2,
        lambda s: s.measurable,
        "numeric baseline and target",
        "a numeric baseline and target",
    )


def _time_bound(p: _Parts) -> Check:
    return _smart_part(
        p,
        "Every objective is time-bound (has a deadline)",
        2,
        lambda s: s.time_bound,
        "deadline",
        "a deadline",
    )


def _owned(p: _Parts) -> Check:
    """SMART's "achievable": someone is accountable for the objective."""
    return _smart_part(
        p, "Every objective has an owner", 1, lambda s: s.achievable, "owner", "an owner from A.1"
    )


def _linked_to_customer(p: _Parts) -> Check:
    customer = p.analysis.customer_objectives
    unlinked = [o.objective for o in customer if not _filled(o.our_contribution)]
    return _check(
        "Our objectives are linked to the customer's (our contribution to each)",
        2,
        customer and not unlinked,
        "analysis.customer_objectives: list the customer's objectives and how we "
        "contribute to each (our_contribution)"
        if not customer
        else f"analysis.customer_objectives: say how we contribute (our_contribution) "
        f"to {_names(_quoted(unlinked), 3)}",
    )


def _rests_on_c2_to_c4(p: _Parts) -> Check:
    s = p.strategy
    missing_c = [
        code
        for code, ok in (
            ("C.2 (environment)", _filled(s.environment) or s.competitors_in_account),
            ("C.3 (opportunities, threats)", s.opportunities and s.threats),
            ("C.4 (strengths, weaknesses)", s.strengths and s.weaknesses),
        )
        if not ok
    ]
    return _check(
        "The objectives rest on C.2–C.4 (environment, opportunities, strengths)",
        1,
        not missing_c,
        f"Fill {_names(missing_c)} of plan.company_strategy",
    )
