"""Best practice, not validity: warnings about the plan that the model alone shows
(objectives without actions or not SMART, actions serving no objective, influential
detractors nobody works on). `--strict` turns them into errors. Warnings that need
the computed figures are rules (`kam.rules`)."""

from __future__ import annotations

from kam.i18n import _, label
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.problems import key_path


def _warn(loaded: Loaded, loc: Loc, code: str, message: str) -> None:
    loaded.problems.warning(message, loaded.source.pos(loc), key=key_path(loc), code=code)


def check(doc: Document, loaded: Loaded) -> None:
    """Add the warnings for `doc` to `loaded.problems`."""
    plan = doc.plan
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
                "objective-without-action",
                _(
                    "objective '{id}' has no action in D.1; add an action with 'objective: {id}'",
                    id=objective.id,
                ),
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
                "objective-not-smart",
                _(
                    "objective '{id}' is not SMART yet: it has no {missing}",
                    id=objective.id,
                    missing=", ".join(missing),
                ),
            )
    if objectives:
        for i, action in enumerate(actions):
            if action.objective is None:
                _warn(
                    loaded,
                    ("plan", "action_review", "actions", i, "id"),
                    "action-without-objective",
                    _("action '{id}' serves no objective; add 'objective: <id>'", id=action.id),
                )
    _detractors(doc, loaded)


def _detractors(doc: Document, loaded: Loaded) -> None:
    """A.2 against C.7: influential skeptics and opponents have a relationship strategy."""
    plan = doc.plan
    contacts = plan.current_position.contacts if plan and plan.current_position else []
    strategy = plan.company_strategy if plan else None
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
                "detractor-without-strategy",
                _(
                    "{name} has high influence ({influence}) and is {attitude}, but no "
                    "relationship strategy in C.7 addresses them",
                    name=contact.name,
                    influence=contact.influence,
                    attitude=label(doc.locale, f"enum.attitude.{contact.attitude}").lower(),
                ),
            )
