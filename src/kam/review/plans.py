"""Criterion 4, `development_plans` (Señala los planes de desarrollo de la cuenta): how
the plan is carried out.

D.1 actions (each serving an objective, owned, dated, costed, none overdue on
`Figures.when`), C.6 commercial and C.7 relationship
strategies, C.8 risks, the D.2 review and the executive summary; then the D.2 KPIs
off track (`kam.review.progress`), when there are any.
"""

from __future__ import annotations

from kam.review import progress
from kam.review.checks import Check, _check, _filled, _Parts


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    return [
        _objectives_have_actions(p),
        _actions_serve_objectives(p),
        _owners_and_due_dates(p),
        _actions_costed(p),
        _commercial_strategies(p),
        _relationship_strategies(p),
        _risks(p),
        _review_set(p),
        _executive_summary(p),
        *progress.off_track(p, "kpi"),  # findings, only when they apply
    ]


# ---------------------------------------------------------------------- D.1


def _objectives_have_actions(p: _Parts) -> Check:
    _ = p._
    objectives = p.strategy.objectives
    idle = [s.objective.id for s in p.figures.smart if not s.relevant]
    return _check(
        "objectives_have_actions",
        _("Every objective has at least one action in D.1"),
        3,
        objectives and not idle,
        lambda: (
            _("D.1: add actions, each serving a C.5 objective (objective: o1)")
            if not objectives
            else _.plural(
                "C.5 objective {ids} has no action in D.1; add one with 'objective: {first}'",
                "C.5 objectives {ids} have no action in D.1; add one with 'objective: {first}'",
                len(idle),
                ids=p.names(idle),
                first=idle[0],
            )
        ),
    )


def _actions_serve_objectives(p: _Parts) -> Check:
    _ = p._
    known = {o.id for o in p.strategy.objectives}
    loose = [a.id for a in p.actions if a.objective not in known]
    return _check(
        "actions_serve_objectives",
        _("Every action serves a C.5 objective"),
        1,
        p.actions and not loose,
        lambda: (
            _("D.1: add actions, each with the C.5 objective it serves")
            if not p.actions
            else _.plural(
                "D.1 action {ids} has no C.5 objective; add 'objective: <id>'",
                "D.1 actions {ids} have no C.5 objective; add 'objective: <id>'",
                len(loose),
                ids=p.names(loose),
            )
        ),
    )


def _owners_and_due_dates(p: _Parts) -> Check:
    _ = p._
    actions = p.actions
    no_owner = [a.id for a in actions if not a.owner]
    no_due = [a.id for a in actions if a.due is None]
    parts = []
    if no_owner:
        parts.append(
            _.plural(
                "{ids} has no owner", "{ids} have no owner", len(no_owner), ids=p.names(no_owner)
            )
        )
    if no_due:
        parts.append(
            _.plural(
                "{ids} has no due date",
                "{ids} have no due date",
                len(no_due),
                ids=p.names(no_due),
            )
        )
    return _check(
        "owners_and_due_dates",
        _("Every action has an owner and a due date"),
        2,
        actions and not parts,
        lambda: (
            _("D.1: add actions, each with an owner and a due date")
            if not actions
            else _("D.1 actions: {problems}", problems="; ".join(parts))
        ),
    )


def _actions_costed(p: _Parts) -> Check:
    _ = p._
    uncosted = [a.id for a in p.actions if a.cost is None]
    return _check(
        "actions_costed",
        _("Every action is costed"),
        1,
        p.actions and not uncosted,
        lambda: (
            _("D.1: add actions, each with its cost")
            if not p.actions
            else _.plural(
                "D.1 action {ids} has no cost; the action plan needs a budget",
                "D.1 actions {ids} have no cost; the action plan needs a budget",
                len(uncosted),
                ids=p.names(uncosted),
            )
        ),
    )


# ---------------------------------------------------------------- C.6–C.8


def _commercial_strategies(p: _Parts) -> Check:
    _ = p._
    strategies = p.strategy.commercial_strategies
    loose = [s.strategy for s in strategies if not s.objectives]
    return _check(
        "commercial_strategies",
        _("C.6 commercial strategies say which objectives they serve"),
        2,
        strategies and not loose,
        lambda: (
            _(
                "C.6: add commercial strategies (retain, penetrate, cross_sell…), each "
                "naming the C.5 objectives it serves"
            )
            if not strategies
            else _(
                "C.6: name the objectives served by {strategies}",
                strategies=p.names(p.quoted(loose), 3),
            )
        ),
    )


def _relationship_strategies(p: _Parts) -> Check:
    _ = p._
    relationship = p.strategy.relationship_strategies
    vague = [r.contact for r in relationship if not r.owner or not _filled(r.how)]
    return _check(
        "relationship_strategies",
        _("C.7 relationship strategies say who moves which contact, and how"),
        2,
        relationship and not vague,
        lambda: (
            _(
                "C.7: add relationship strategies (contact, from_attitude, to_attitude, "
                "owner, how) for the contacts that matter"
            )
            if not relationship
            else _(
                "C.7: give an owner and a 'how' to the strategies for {contacts}",
                contacts=p.names(vague),
            )
        ),
    )


def _risks(p: _Parts) -> Check:
    _ = p._
    risks = p.strategy.risks
    unmitigated = [r.description for r in risks if not _filled(r.mitigation)]
    return _check(
        "risks",
        _("C.8 risks are identified, each with a mitigation"),
        2,
        risks and not unmitigated,
        lambda: (
            _(
                "C.8: list the risks, dependencies and barriers with probability, impact "
                "and mitigation"
            )
            if not risks
            else _(
                "C.8: add a mitigation to {risks}",
                risks=p.names(p.quoted(unmitigated), 3),
            )
        ),
    )


# ------------------------------------------------------------- D.2, summary


def _review_set(p: _Parts) -> Check:
    _ = p._
    r = p.plan_review
    missing_d2 = [
        name
        for name, ok in (
            (_("a cadence"), r.cadence is not None),
            (_("KPIs"), r.kpis),
            (_("review meetings"), r.meetings),
        )
        if not ok
    ]
    return _check(
        "review_set",
        _("D.2 sets a review cadence, KPIs and meetings"),
        2,
        not missing_d2,
        lambda: _("D.2: add {missing} to plan.action_review.review", missing=p.names(missing_d2)),
    )


def _executive_summary(p: _Parts) -> Check:
    _ = p._
    summary = p.doc.plan.executive_summary if p.doc.plan else None
    return _check(
        "executive_summary",
        _("The executive summary is written"),
        1,
        _filled(summary),
        lambda: _(
            "plan.executive_summary: write the account's situation, objectives and plan in "
            "a few paragraphs for a director"
        ),
    )
