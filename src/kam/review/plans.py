"""Criterion 4, `development_plans` (Señala los planes de desarrollo de la cuenta): how
the plan is carried out.

D.1 actions (each serving an objective, owned, dated, costed, none overdue on
`Figures.when`), C.6 commercial and C.7 relationship strategies, C.8 risks, the D.2
review and the executive summary.
"""

from __future__ import annotations

from kam.review.checks import Check, _check, _filled, _names, _Parts, _plural, _quoted


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
        _nothing_overdue(p),
        _executive_summary(p),
    ]


# ---------------------------------------------------------------------- D.1


def _objectives_have_actions(p: _Parts) -> Check:
    objectives = p.strategy.objectives
    idle = [s.objective.id for s in p.figures.smart if not s.relevant]
    return _check(
        "Every objective has at least one action in D.1",
        3,
        objectives and not idle,
        lambda: (
            "D.1: add actions, each serving a C.5 objective (objective: o1)"
            if not objectives
            else f"C.5 {_plural(len(idle), 'objective', 'objectives')} {_names(idle)} "
            f"{_plural(len(idle), 'has', 'have')} no action in D.1; add one with "
            f"'objective: {idle[0]}'"
        ),
    )


def _every_action(
    p: _Parts, label: str, weight: int, failing: list[str], what: str, how: str
) -> Check:
    """Every D.1 action passes: `failing` lists the ids of those that do not, which
    `what` describes; with no actions, the suggestion asks for actions with `how`."""
    actions = p.actions

    def tip() -> str:
        if not actions:
            return f"D.1: add actions, each with {how}"
        verb = _plural(len(failing), "has", "have")
        noun = _plural(len(failing), "action", "actions")
        return f"D.1 {noun} {_names(failing)} {verb} {what}"

    return _check(label, weight, actions and not failing, tip)


def _actions_serve_objectives(p: _Parts) -> Check:
    known = {o.id for o in p.strategy.objectives}
    return _every_action(
        p,
        "Every action serves a C.5 objective",
        1,
        [a.id for a in p.actions if a.objective not in known],
        "no C.5 objective; add 'objective: <id>'",
        "the C.5 objective it serves",
    )


def _owners_and_due_dates(p: _Parts) -> Check:
    actions = p.actions
    no_owner = [a.id for a in actions if not a.owner]
    no_due = [a.id for a in actions if a.due is None]
    parts = []
    if no_owner:
        parts.append(f"{_names(no_owner)} {_plural(len(no_owner), 'has', 'have')} no owner")
    if no_due:
        parts.append(f"{_names(no_due)} {_plural(len(no_due), 'has', 'have')} no due date")
    return _check(
        "Every action has an owner and a due date",
        2,
        actions and not parts,
        "D.1: add actions, each with an owner and a due date"
        if not actions
        else "D.1 actions: " + "; ".join(parts),
    )


def _actions_costed(p: _Parts) -> Check:
    return _every_action(
        p,
        "Every action is costed",
        1,
        [a.id for a in p.actions if a.cost is None],
        "no cost; the action plan needs a budget",
        "its cost",
    )


def _nothing_overdue(p: _Parts) -> Check:
    actions = p.actions
    overdue = [a for a in actions if a.id in p.figures.overdue]
    shown = [f"{a.id} (due {a.due.isoformat()}, {a.status or 'no status'})" for a in overdue]
    return _check(
        "No action is overdue",
        2,
        actions and not overdue,
        "D.1: add actions with due dates and a status"
        if not actions
        else f"D.1 {_plural(len(shown), 'action', 'actions')} {_names(shown, 3)} "
        f"{_plural(len(shown), 'is', 'are')} overdue on {p.when.isoformat()}; update the "
        "status or re-plan",
    )


# ---------------------------------------------------------------- C.6–C.8


def _commercial_strategies(p: _Parts) -> Check:
    strategies = p.strategy.commercial_strategies
    loose = [s.strategy for s in strategies if not s.objectives]
    return _check(
        "C.6 commercial strategies say which objectives they serve",
        2,
        strategies and not loose,
        "C.6: add commercial strategies (retain, penetrate, cross_sell…), each naming "
        "the C.5 objectives it serves"
        if not strategies
        else f"C.6: name the objectives served by {_names(_quoted(loose), 3)}",
    )


def _relationship_strategies(p: _Parts) -> Check:
    relationship = p.strategy.relationship_strategies
    vague = [r.contact for r in relationship if not r.owner or not _filled(r.how)]
    return _check(
        "C.7 relationship strategies say who moves which contact, and how",
        2,
        relationship and not vague,
        "C.7: add relationship strategies (contact, from_attitude, to_attitude, "
        "owner, how) for the contacts that matter"
        if not relationship
        else f"C.7: give an owner and a 'how' to the strategies for {_names(vague)}",
    )


def _risks(p: _Parts) -> Check:
    risks = p.strategy.risks
    unmitigated = [r.description for r in risks if not _filled(r.mitigation)]
    return _check(
        "C.8 risks are identified, each with a mitigation",
        2,
        risks and not unmitigated,
        "C.8: list the risks, dependencies and barriers with probability, impact and mitigation"
        if not risks
        else f"C.8: add a mitigation to {_names(_quoted(unmitigated), 3)}",
    )


# ------------------------------------------------------------- D.2, summary


def _review_set(p: _Parts) -> Check:
    r = p.plan_review
    missing_d2 = [
        name
        for name, ok in (
            ("a cadence", r.cadence is not None),
            ("KPIs", r.kpis),
            ("review meetings", r.meetings),
        )
        if not ok
    ]
    return _check(
        "D.2 sets a review cadence, KPIs and meetings",
        2,
        not missing_d2,
        f"D.2: add {_names(missing_d2)} to plan.action_review.review",
    )


def _executive_summary(p: _Parts) -> Check:
    summary = p.doc.plan.executive_summary if p.doc.plan else None
    return _check(
        "The executive summary is written",
        1,
        _filled(summary),
        "plan.executive_summary: write the account's situation, objectives and plan in "
        "a few paragraphs for a director",
    )
