"""Time: actions and meetings outside the plan's period, actions overdue on the
document's date, and actions due after the deadline of the objective they serve."""

from __future__ import annotations

from kam.analysis import Figures
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
                f"action '{action.id}' runs to {last.isoformat()}, after the plan period "
                f"ends on {period.end.isoformat()} ({where(loaded, ('period', 'end'))}); "
                "bring it into the period, or extend the period",
            )
        elif (
            last < period.start
            and action.status in (None, "not_started")
            and action.id not in figures.overdue
        ):
            warn(
                loaded,
                _date_loc(i, action),
                f"action '{action.id}' is due {last.isoformat()}, before the plan period "
                f"starts on {period.start.isoformat()} ({where(loaded, ('period', 'start'))}); "
                "if it prepares the plan, start the period earlier, otherwise correct its dates",
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
        f"{day}, the document's date ({where(loaded, ('date',))})"
        if doc.date is not None
        else f"{day} (today: the document has no 'date')"
    )
    listed = ", ".join(
        f"{a.id} (due {a.due.isoformat()}, {where(loaded, ACTIONS + (i, 'due'))})"
        for i, a in late[:MAX_LISTED]
    )
    more = f" and {len(late) - MAX_LISTED} more" if len(late) > MAX_LISTED else ""
    count = f"{len(late)} actions are" if len(late) > 1 else "1 action is"
    first = late[0][0]
    warn(
        loaded,
        ACTIONS + (first, "due"),
        f"{count} overdue on {when}: {listed}{more}; mark what is done as done, and give "
        "the rest a new due date",
    )


def meetings_in_period(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.2: review meetings fall within the plan's period."""
    period = doc.period
    review = doc.plan.action_review.review if doc.plan and doc.plan.action_review else None
    if period is None or review is None:
        return
    for i, meeting in enumerate(review.meetings):
        if period.start <= meeting.date <= period.end:
            continue
        side, edge = ("before", "start") if meeting.date < period.start else ("after", "end")
        warn(
            loaded,
            ("plan", "action_review", "review", "meetings", i, "date"),
            f"the meeting '{meeting.purpose}' on {meeting.date.isoformat()} is {side} the "
            f"plan period, which {'starts' if edge == 'start' else 'ends'} on "
            f"{getattr(period, edge).isoformat()} ({where(loaded, ('period', edge))}); move "
            "it into the period, or extend the period",
        )


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
            f"action '{action.id}' is due {action.due.isoformat()}, after the deadline of "
            f"objective '{objective.id}' ({objective.deadline.isoformat()}, "
            f"{where(loaded, deadline_loc)}) it serves; bring the action forward, or move "
            "the objective's deadline",
        )
