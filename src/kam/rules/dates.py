"""Time: actions and meetings outside the plan's period, actions overdue on the
document's date, and actions due after the deadline of the objective they serve."""

from __future__ import annotations

from kam.analysis import Figures
from kam.i18n import _
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Action, Document
from kam.rules.common import warn, where

MAX_LISTED = 10  # overdue actions named in the warning
ACTIONS: Loc = ("plan", "action_review", "actions")


def _date_loc(i: int, action: Action) -> Loc:
    return ACTIONS + (i, "due" if action.due is not None else "start")


def actions_in_period(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.1: an action runs within the plan's period. Actions done or cancelled are
    history; actions already started before the period prepare it; overdue ones have
    their own warning."""
    period = doc.period
    actions = doc.plan.action_review.actions if doc.plan and doc.plan.action_review else []
    if period is None:
        return
    for i, action in enumerate(actions):
        last = action.due or action.start
        if last is None or action.status in ("done", "cancelled"):
            continue
        if last > period.end:
            warn(
                loaded,
                _date_loc(i, action),
                "actions-in-period",
                _(
                    "action '{id}' runs to {date}, after the plan period ends on {end} "
                    "({where}); bring it into the period, or extend the period",
                    id=action.id,
                    date=last.isoformat(),
                    end=period.end.isoformat(),
                    where=where(loaded, ("period", "end")),
                ),
            )
        elif (
            last < period.start
            and action.status in (None, "not_started")
            and action.id not in figures.overdue
        ):
            warn(
                loaded,
                _date_loc(i, action),
                "actions-in-period",
                _(
                    "action '{id}' is due {date}, before the plan period starts on {start} "
                    "({where}); if it prepares the plan, start the period earlier, otherwise "
                    "correct its dates",
                    id=action.id,
                    date=last.isoformat(),
                    start=period.start.isoformat(),
                    where=where(loaded, ("period", "start")),
                ),
            )


def overdue_actions(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.1: actions due before the document's date and not done (the document marks
    them too), in one warning."""
    actions = doc.plan.action_review.actions if doc.plan and doc.plan.action_review else []
    late = [(i, a) for i, a in enumerate(actions) if a.id in figures.overdue]
    if not late:
        return
    day = figures.when.isoformat()
    when = (
        _("{day}, the document's date ({where})", day=day, where=where(loaded, ("date",)))
        if doc.date is not None
        else _("{day} (today: the document has no 'date')", day=day)
    )
    listed = ", ".join(
        _(
            "{id} (due {date}, {where})",
            id=a.id,
            date=a.due.isoformat(),
            where=where(loaded, ACTIONS + (i, "due")),
        )
        for i, a in late[:MAX_LISTED]
    )
    more = _(" and {n} more", n=len(late) - MAX_LISTED) if len(late) > MAX_LISTED else ""
    values = {"n": len(late), "when": when, "listed": listed, "more": more}
    message = (
        _(
            "{n} actions are overdue on {when}: {listed}{more}; mark what is done as done, "
            "and give the rest a new due date",
            **values,
        )
        if len(late) > 1
        else _(
            "1 action is overdue on {when}: {listed}{more}; mark what is done as done, and "
            "give the rest a new due date",
            **values,
        )
    )
    warn(loaded, ACTIONS + (late[0][0], "due"), "overdue-actions", message)


def meetings_in_period(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.2: review meetings fall within the plan's period."""
    period = doc.period
    review = doc.plan.action_review.review if doc.plan and doc.plan.action_review else None
    if period is None or review is None:
        return
    for i, meeting in enumerate(review.meetings):
        if period.start <= meeting.date <= period.end:
            continue
        edge = "start" if meeting.date < period.start else "end"
        values = {
            "purpose": meeting.purpose,
            "date": meeting.date.isoformat(),
            "edge": getattr(period, edge).isoformat(),
            "where": where(loaded, ("period", edge)),
        }
        message = (
            _(
                "the meeting '{purpose}' on {date} is before the plan period, which starts on "
                "{edge} ({where}); move it into the period, or extend the period",
                **values,
            )
            if edge == "start"
            else _(
                "the meeting '{purpose}' on {date} is after the plan period, which ends on "
                "{edge} ({where}); move it into the period, or extend the period",
                **values,
            )
        )
        loc: Loc = ("plan", "action_review", "review", "meetings", i, "date")
        warn(loaded, loc, "meetings-in-period", message)


def objective_deadlines(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.1 against C.5: an action is due by the deadline of the objective it serves."""
    strategy = doc.plan.company_strategy if doc.plan else None
    actions = doc.plan.action_review.actions if doc.plan and doc.plan.action_review else []
    objectives = {o.id: (i, o) for i, o in enumerate(strategy.objectives if strategy else [])}
    for i, action in enumerate(actions):
        found = objectives.get(action.objective or "")
        if found is None or action.due is None or action.status == "cancelled":
            continue
        j, objective = found
        if objective.deadline is None or action.due <= objective.deadline:
            continue
        deadline_loc = ("plan", "company_strategy", "objectives", j, "deadline")
        warn(
            loaded,
            ACTIONS + (i, "due"),
            "objective-deadlines",
            _(
                "action '{id}' is due {due}, after the deadline of objective '{objective}' "
                "({deadline}, {where}) it serves; bring the action forward, or move the "
                "objective's deadline",
                id=action.id,
                due=action.due.isoformat(),
                objective=objective.id,
                deadline=objective.deadline.isoformat(),
                where=where(loaded, deadline_loc),
            ),
        )
