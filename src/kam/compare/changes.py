"""What changed between two prepared documents: `compare(old, new)` → `Changes`.

Items with ids (objectives, actions, contacts) are matched by id; risks, which have
none, by their description; sections by their heading. The key figures are read from
each side's `Figures`, computed once by `kam.analysis.analyze`: nothing is recomputed
here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel

from kam.analysis import Figures
from kam.models import Document

#: Action statuses reported when an action reaches them (anything else is progress).
STATUS_CHANGES = ("done", "cancelled", "deferred")


@dataclass(frozen=True)
class Change:
    """One change of one item. `kind` says what happened (added, removed, changed,
    new, done, cancelled, deferred, slipped, brought_forward, attitude, rescored,
    text); `field` which value moved (target, deadline, due, attitude, score, words),
    from `old` to `new`."""

    kind: str
    id: str | None
    name: str
    field: str | None = None
    old: object = None
    new: object = None
    unit: str | None = None  # of an objective's target
    days: int | None = None  # how far a due date moved (positive: later)


@dataclass(frozen=True)
class FigureChange:
    """A key figure on both sides (None where a side cannot compute it)."""

    key: str  # revenue, contribution, share_of_wallet, plan_cost, rewards_cost
    kind: str  # money or percent (a fraction)
    old: float | None
    new: float | None
    old_period: str | None = None  # the year a revenue or share of wallet is for
    new_period: str | None = None

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return self.old is not self.new
        return round(self.old, 6) != round(self.new, 6) or self.old_period != self.new_period

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old


@dataclass
class Changes:
    """Everything that changed, in the new document's order (removed items last).
    `locale` and `currency` are the new document's: the report is written in them."""

    locale: str
    currency: str
    objectives: list[Change] = field(default_factory=list)
    actions: list[Change] = field(default_factory=list)
    contacts: list[Change] = field(default_factory=list)
    risks: list[Change] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    sections: list[Change] = field(default_factory=list)

    GROUPS = ("objectives", "actions", "contacts", "risks", "sections")

    @property
    def empty(self) -> bool:
        """Nothing changed: no item, no section, no key figure."""
        items = any(getattr(self, group) for group in self.GROUPS)
        return not items and not any(f.changed for f in self.figures)


@dataclass(frozen=True)
class Side:
    """One version: its document and its figures (from `kam.pipeline.prepare`)."""

    doc: Document
    figures: Figures


def compare(old: Side, new: Side) -> Changes:
    """What changed from `old` to `new`."""
    return Changes(
        locale=new.doc.locale,
        currency=new.doc.currency,
        objectives=objective_changes(_objectives(old.doc), _objectives(new.doc)),
        actions=action_changes(_actions(old.doc), _actions(new.doc)),
        contacts=contact_changes(_contacts(old.doc), _contacts(new.doc)),
        risks=risk_changes(_risks(old), _risks(new)),
        figures=figure_changes(old.figures, new.figures),
        sections=section_changes(old.doc, new.doc),
    )


def _matched(old: Iterable, new: Iterable, key: Callable) -> tuple[list, list, list]:
    """Items only in `new`, pairs in both (in `new`'s order), items only in `old`."""
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    added = [item for k, item in after.items() if k not in before]
    kept = [(before[k], item) for k, item in after.items() if k in before]
    removed = [item for k, item in before.items() if k not in after]
    return added, kept, removed


def objective_changes(old: list, new: list) -> list[Change]:
    added, kept, removed = _matched(old, new, lambda o: o.id)
    out = [Change("added", o.id, o.objective, unit=o.unit) for o in added]
    for was, now in kept:
        if was.target != now.target:
            out.append(
                Change("changed", now.id, now.objective, "target", was.target, now.target, now.unit)
            )
        if was.deadline != now.deadline:
            out.append(
                Change("changed", now.id, now.objective, "deadline", was.deadline, now.deadline)
            )
    return out + [Change("removed", o.id, o.objective) for o in removed]


def action_changes(old: list, new: list) -> list[Change]:
    added, kept, removed = _matched(old, new, lambda a: a.id)
    out = [Change("new", a.id, a.action, "due", None, a.due) for a in added]
    for was, now in kept:
        if now.status in STATUS_CHANGES and was.status != now.status:
            out.append(Change(now.status, now.id, now.action, "status", was.status, now.status))
        if was.due and now.due and was.due != now.due:
            days = (now.due - was.due).days
            kind = "slipped" if days > 0 else "brought_forward"
            out.append(Change(kind, now.id, now.action, "due", was.due, now.due, days=days))
    return out + [Change("removed", a.id, a.action) for a in removed]


def contact_changes(old: list, new: list) -> list[Change]:
    added, kept, removed = _matched(old, new, lambda c: c.id)
    out = [Change("added", c.id, c.name, "attitude", None, c.attitude) for c in added]
    for was, now in kept:
        if was.attitude != now.attitude:
            out.append(Change("attitude", now.id, now.name, "attitude", was.attitude, now.attitude))
    return out + [Change("removed", c.id, c.name, "attitude", c.attitude, None) for c in removed]


def risk_changes(old: list[tuple], new: list[tuple]) -> list[Change]:
    """Risks as (risk, score) pairs, matched by their description."""
    added, kept, removed = _matched(old, new, lambda pair: _words(pair[0].description))
    out = [Change("added", None, _line(r.description), "score", None, s) for r, s in added]
    for (was, old_score), (now, new_score) in kept:
        if (was.probability, was.impact) != (now.probability, now.impact):
            name = _line(now.description)
            out.append(Change("rescored", None, name, "score", old_score, new_score))
    return out + [Change("removed", None, _line(r.description), "score", s) for r, s in removed]


def figure_changes(old: Figures, new: Figures) -> list[FigureChange]:
    """The key figures either side has, in a fixed order."""
    out = []
    for key, kind, read in _FIGURES:
        (old_value, old_period), (new_value, new_period) = read(old), read(new)
        if old_value is None and new_value is None:
            continue
        out.append(FigureChange(key, kind, old_value, new_value, old_period, new_period))
    return out


def _last_year(figures: Figures):
    history = figures.history
    return history.years[-1] if history and history.years else None


def _revenue(figures: Figures) -> tuple[float | None, str | None]:
    year = _last_year(figures)
    return (year.revenue, year.label) if year else (None, None)


def _share_of_wallet(figures: Figures) -> tuple[float | None, str | None]:
    year = _last_year(figures)
    return (year.share_of_wallet, year.label) if year else (None, None)


def _contribution(figures: Figures) -> tuple[float | None, str | None]:
    steps = [s for s in figures.waterfall or [] if s.key == "profit.contribution"]
    return (steps[0].amount if steps else None), None


def _plan_cost(figures: Figures) -> tuple[float | None, str | None]:
    return figures.actions_active_cost, None


def _rewards_cost(figures: Figures) -> tuple[float | None, str | None]:
    return (figures.rewards.total if figures.rewards else None), None


_FIGURES = (
    ("revenue", "money", _revenue),
    ("contribution", "money", _contribution),
    ("share_of_wallet", "percent", _share_of_wallet),
    ("plan_cost", "money", _plan_cost),
    ("rewards_cost", "money", _rewards_cost),
)


def section_changes(old: Document, new: Document) -> list[Change]:
    """Sections of prose whose text changed, with their word counts (by heading key)."""
    out = []
    for key, read in SECTIONS:
        before, after = _words(_texts(read(old))), _words(_texts(read(new)))
        if before != after:
            out.append(Change("text", key, key, "words", len(before.split()), len(after.split())))
    return out


def _texts(value: object) -> Iterable[str]:
    """Every piece of text in a part of the document, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _words(texts: Iterable[str] | str) -> str:
    """Text with its spacing made plain: a reflowed paragraph is not a change."""
    if isinstance(texts, str):
        texts = [texts]
    return " ".join(" ".join(texts).split())


def _line(text: str, limit: int = 90) -> str:
    plain = _words(text)
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _part(doc: Document, *names: str) -> object:
    value: object = doc
    for name in names:
        value = getattr(value, name, None) if value is not None else None
    return value


def _at(*names: str) -> Callable[[Document], object]:
    return lambda doc: _part(doc, *names)


#: Sections of prose, by heading key (`heading.<key>` in the labels), and where their
#: text is. Objectives (C.5), actions (D.1), contacts (A.2) and risks (C.8) are
#: reported item by item instead.
SECTIONS: tuple[tuple[str, Callable[[Document], object]], ...] = (
    ("executive_summary", _at("plan", "executive_summary")),
    ("pest", _at("analysis", "pest")),
    ("customer_objectives", _at("analysis", "customer_objectives")),
    ("value_chain", _at("analysis", "value_chain")),
    ("buying_process", _at("analysis", "buying_process")),
    ("A.3", _at("plan", "current_position", "history")),
    ("A.4", _at("plan", "current_position", "problems")),
    ("B.1", _at("plan", "customer_business", "market_position")),
    ("B.2", _at("plan", "customer_business", "market_share")),
    ("B.3", _at("plan", "customer_business", "environment")),
    ("B.4", lambda d: [_part(d, "plan", "customer_business", n) for n in _OT]),
    ("B.5", lambda d: [_part(d, "plan", "customer_business", n) for n in _SW]),
    ("B.6", _at("plan", "customer_business", "objectives")),
    ("B.7", _at("plan", "customer_business", "strategy")),
    ("C.2", _at("plan", "company_strategy", "environment")),
    ("C.3", lambda d: [_part(d, "plan", "company_strategy", n) for n in _OT]),
    ("C.4", lambda d: [_part(d, "plan", "company_strategy", n) for n in _SW]),
    ("C.6", _at("plan", "company_strategy", "commercial_strategies")),
    ("C.7", _at("plan", "company_strategy", "relationship_strategies")),
)
_OT = ("opportunities", "threats")
_SW = ("strengths", "weaknesses")


def _objectives(doc: Document) -> list:
    return list(_part(doc, "plan", "company_strategy", "objectives") or [])


def _actions(doc: Document) -> list:
    return list(_part(doc, "plan", "action_review", "actions") or [])


def _contacts(doc: Document) -> list:
    return list(_part(doc, "plan", "current_position", "contacts") or [])


def _risks(side: Side) -> list[tuple]:
    risks = list(_part(side.doc, "plan", "company_strategy", "risks") or [])
    scores = list(side.figures.risk_scores) + [None] * len(risks)
    return list(zip(risks, scores, strict=False))


def iso(value: object) -> object:
    """Dates as ISO text (JSON); other values as they are."""
    return value.isoformat() if isinstance(value, dt.date) else value
