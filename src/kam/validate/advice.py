"""Best practice, not validity: warnings about the plan that the model alone shows
(objectives without actions or not SMART, actions serving no objective, influential
detractors nobody works on). `--strict` turns them into errors. Warnings that need
the computed figures are rules (`kam.rules`)."""

from __future__ import annotations

from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.problems import key_path


def _warn(loaded: Loaded, loc: Loc, message: str) -> None:
    loaded.problems.warning(message, loaded.source.pos(loc), key=key_path(loc))


def check(doc: Document, loaded: Loaded) -> None:
    """Add the warnings for `doc` to `loaded.problems`."""
    plan = doc.plan
    contacts = plan.current_position.contacts if plan and plan.current_position else []
    strategy = plan.company_strategy if plan else None
    objectives = strategy.objectives if strategy else []
    actions = plan.action_review.actions if plan and plan.action_review else []
    served = {a.objective for a in actions if a.objective}
    for i, objective in enumerate(objectives):
        loc = ("plan", "company_strategy", "objectives", i)
        if objective.id not in served:
            _warn(
                loaded,
                loc + ("id",),
                f"objective '{objective.id}' has no action in D.1; add an action with "
                f"'objective: {objective.id}'",
            )
        missing = [
            name
            for name in ("metric", "target", "deadline", "owner")
            if getattr(objective, name) is None
        ]
        if missing:
            _warn(
                loaded,
                loc,
                f"objective '{objective.id}' is not SMART yet: it has no {', '.join(missing)}",
            )
    if objectives:
        for i, action in enumerate(actions):
            if action.objective is None:
                _warn(
                    loaded,
                    ("plan", "action_review", "actions", i, "id"),
                    f"action '{action.id}' serves no objective; add 'objective: <id>'",
                )
    covered = {c.contact for c in (strategy.relationship_strategies if strategy else [])}
    for i, contact in enumerate(contacts):
        if (
            (contact.influence or 0) >= 4
            and contact.attitude in ("opponent", "skeptic")
            and contact.id not in covered
        ):
            _warn(
                loaded,
                ("plan", "current_position", "contacts", i, "attitude"),
                f"{contact.name} has high influence ({contact.influence}) and is "
                f"{contact.attitude}, but no relationship strategy in C.7 addresses them",
            )
