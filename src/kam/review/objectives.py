"""Criterion 3, `development_objectives` (Muestra objetivos del desarrollo de cuentas):
the company's objectives for the account.

C.5 objectives that are SMART (from `Figures.smart`), linked to the customer's own
objectives, and resting on C.2–C.4; then, once the plan is under way, the
objectives without actuals after their first review and those off track
(`kam.review.progress`).
"""

from __future__ import annotations

from collections.abc import Callable

from kam.analysis.plan import SmartCheck
from kam.review import progress
from kam.review.checks import Check, _check, _filled, _Parts


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
        *progress.no_actuals(p),  # findings, only when they apply
        *progress.off_track(p, "objective"),
    ]


def _objectives_set(p: _Parts) -> Check:
    _ = p._
    return _check(
        "objectives_set",
        _("C.5 sets the company's objectives for the account"),
        3,
        p.strategy.objectives,
        lambda: _(
            "C.5: add the company's objectives for the account (id, objective, metric, "
            "baseline, target, deadline, owner)"
        ),
    )


def _smart_part(
    p: _Parts,
    code: str,
    label: str,
    weight: int,
    test: Callable[[SmartCheck], bool],
    tips: Callable[[list[str]], str],
) -> Check:
    """Every C.5 objective passes `test`; `tips(failing)` phrases the suggestion from
    the ids of those that do not (none when there are no objectives)."""
    objectives = p.strategy.objectives
    failing = [s.objective.id for s in p.figures.smart if not test(s)]
    return _check(code, label, weight, objectives and not failing, lambda: tips(failing))


def _specific(p: _Parts) -> Check:
    _ = p._
    return _smart_part(
        p,
        "objectives_specific",
        _("Every objective is specific (has a metric)"),
        2,
        lambda s: s.specific,
        lambda ids: (
            _.plural(
                "C.5 objective {ids} has no metric",
                "C.5 objectives {ids} have no metric",
                len(ids),
                ids=p.names(ids),
            )
            if ids
            else _("C.5: add objectives, each with a metric")
        ),
    )


def _measurable(p: _Parts) -> Check:
    _ = p._
    return _smart_part(
        p,
        "objectives_measurable",
        _("Every objective is measurable (numeric baseline and target)"),
        2,
        lambda s: s.measurable,
        lambda ids: (
            _.plural(
                "C.5 objective {ids} has no numeric baseline and target",
                "C.5 objectives {ids} have no numeric baseline and target",
                len(ids),
                ids=p.names(ids),
            )
            if ids
            else _("C.5: add objectives, each with a numeric baseline and target")
        ),
    )


def _time_bound(p: _Parts) -> Check:
    _ = p._
    return _smart_part(
        p,
        "objectives_time_bound",
        _("Every objective is time-bound (has a deadline)"),
        2,
        lambda s: s.time_bound,
        lambda ids: (
            _.plural(
                "C.5 objective {ids} has no deadline",
                "C.5 objectives {ids} have no deadline",
                len(ids),
                ids=p.names(ids),
            )
            if ids
            else _("C.5: add objectives, each with a deadline")
        ),
    )


def _owned(p: _Parts) -> Check:
    """SMART's "achievable": someone is accountable for the objective."""
    _ = p._
    return _smart_part(
        p,
        "objectives_owned",
        _("Every objective has an owner"),
        1,
        lambda s: s.achievable,
        lambda ids: (
            _.plural(
                "C.5 objective {ids} has no owner",
                "C.5 objectives {ids} have no owner",
                len(ids),
                ids=p.names(ids),
            )
            if ids
            else _("C.5: add objectives, each with an owner from A.1")
        ),
    )


def _linked_to_customer(p: _Parts) -> Check:
    _ = p._
    customer = p.analysis.customer_objectives
    unlinked = [o.objective for o in customer if not _filled(o.our_contribution)]
    return _check(
        "linked_to_customer",
        _("Our objectives are linked to the customer's (our contribution to each)"),
        2,
        customer and not unlinked,
        lambda: (
            _(
                "analysis.customer_objectives: list the customer's objectives and how we "
                "contribute to each (our_contribution)"
            )
            if not customer
            else _(
                "analysis.customer_objectives: say how we contribute (our_contribution) to "
                "{objectives}",
                objectives=p.names(p.quoted(unlinked), 3),
            )
        ),
    )


def _rests_on_c2_to_c4(p: _Parts) -> Check:
    _ = p._
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
        "rests_on_c2_to_c4",
        _("The objectives rest on C.2–C.4 (environment, opportunities, strengths)"),
        1,
        not missing_c,
        lambda: _("Fill {sections} of plan.company_strategy", sections=p.names(missing_c)),
    )
