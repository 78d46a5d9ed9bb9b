"""What every criterion module shares: the result types (`Check`, `CriterionScore`,
`Review`), `score`, `_check` to build a check, the text helpers that phrase
suggestions, and `_Parts`, the document's sections in one place.

The names with a leading underscore are private to `kam.review`: the criterion modules
use them, nothing outside the package should.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kam.analysis import Figures
from kam.models import (
    Action,
    Analysis,
    CompanyStrategy,
    Contact,
    CurrentPosition,
    CustomerBusiness,
    Document,
)
from kam.models import Review as PlanReview
from kam.models import Rewards as RewardsPlan

# ---------------------------------------------------------------------- results


@dataclass(frozen=True)
class Check:
    """One yes/no question about the content; `suggestion` only when it fails."""

    label: str
    passed: bool
    weight: int
    suggestion: str | None = None


@dataclass(frozen=True)
class CriterionScore:
    key: str
    name_en: str
    name_es: str
    score: int  # 0..100
    checks: list[Check] = field(default_factory=list)

    @property
    def suggestions(self) -> list[str]:
        return [c.suggestion for c in self.checks if not c.passed and c.suggestion]


@dataclass(frozen=True)
class Review:
    criteria: list[CriterionScore]
    overall: int  # 0..100

    def criterion(self, key: str) -> CriterionScore:
        return next(c for c in self.criteria if c.key == key)


def _round(value: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return int(value + 0.5)


def score(checks: Sequence[Check]) -> int:
    """The weighted share of passed checks, 0..100."""
    total = sum(c.weight for c in checks)
    if not total:
        return 0
    return _round(100 * sum(c.weight for c in checks if c.passed) / total)


# ---------------------------------------------------------------------- helpers


def _check(label: str, weight: int, passed: object, suggestion: str | Callable[[], str]) -> Check:
    """A check; `suggestion` may be a function, called only when the check fails."""
    if passed:
        return Check(label, True, weight, None)
    return Check(label, False, weight, suggestion() if callable(suggestion) else suggestion)


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | dict):
        return bool(value)
    return True


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(items: Iterable[str], limit: int = 5) -> str:
    """'a', 'a and b', 'a, b and c', 'a, b, c, d, e and 3 more'."""
    items = list(items)
    if len(items) > limit:
        shown, rest = items[:limit], f"{len(items) - limit} more"
        return ", ".join(shown) + f" and {rest}"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _quoted(texts: Iterable[str]) -> list[str]:
    return [f"'{_short(t)}'" for t in texts]


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


# ---------------------------------------------------------------------- sections


@dataclass
class _Parts:
    """The document's sections, each possibly missing, in one place."""

    doc: Document
    analysis: Analysis
    position: CurrentPosition
    business: CustomerBusiness
    strategy: CompanyStrategy
    actions: list[Action]
    plan_review: PlanReview
    rewards: RewardsPlan | None
    figures: Figures
    when: dt.date

    @classmethod
    def of(cls, doc: Document, figures: Figures) -> _Parts:
        plan = doc.plan
        action_review = plan.action_review if plan else None
        return cls(
            doc=doc,
            analysis=doc.analysis or Analysis(),
            position=(plan.current_position if plan else None) or CurrentPosition(),
            business=(plan.customer_business if plan else None) or CustomerBusiness(),
            strategy=(plan.company_strategy if plan else None) or CompanyStrategy(),
            actions=list(action_review.actions) if action_review else [],
            plan_review=(action_review.review if action_review else None) or PlanReview(),
            rewards=doc.rewards,
            figures=figures,
            when=figures.when,
        )

    @property
    def contacts(self) -> list[Contact]:
        return list(self.position.contacts)
