"""What every criterion module shares: the result types (`Check`, `CriterionScore`,
`Review`), `score`, `_check` to build a check, the text helpers that phrase
suggestions in the document's language, and `_Parts`, the document's sections in one
place.

The names with a leading underscore are private to `kam.review`: the criterion modules
use them, nothing outside the package should.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kam.analysis import Figures
from kam.i18n import Messages, code_language
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
from kam.problems import Pos

Locate = Callable[[tuple[str | int, ...]], Pos | None]

# ---------------------------------------------------------------------- results


@dataclass(frozen=True)
class Check:
    """One yes/no question about the content; `suggestion` only when it fails.

    `code` names the question for machines (`pest_dimensions`, `placeholder`, `rule`),
    stable across languages and versions; `label` and `suggestion` are in the
    document's language. A finding about one place (a filler text, a rule's warning)
    carries its `key` (`plan.customer_business.strengths[2]`) and its `pos`.
    """

    label: str
    passed: bool
    weight: int
    suggestion: str | None = None
    code: str = ""
    key: str = ""
    pos: Pos | None = None


@dataclass(frozen=True)
class CriterionScore:
    key: str
    name_en: str
    name_es: str
    score: int  # 0..100
    checks: list[Check] = field(default_factory=list)

    @property
    def suggestions(self) -> list[str]:
        # Said once: an empty criterion's two closing questions share one suggestion.
        tips = (c.suggestion for c in self.checks if not c.passed and c.suggestion)
        return list(dict.fromkeys(tips))

    def name(self, language: str) -> str:
        return self.name_es if language.startswith("es") else self.name_en


@dataclass(frozen=True)
class Review:
    criteria: list[CriterionScore]
    overall: int  # 0..100
    language: str = "en"  # of the labels and suggestions: the document's

    def criterion(self, key: str) -> CriterionScore:
        return next(c for c in self.criteria if c.key == key)

    @property
    def failed(self) -> list[tuple[str, Check]]:
        """Every failed check with its criterion's key, in the review's order."""
        return [(c.key, k) for c in self.criteria for k in c.checks if not k.passed]


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


def _check(
    code: str, label: str, weight: int, passed: object, suggestion: str | Callable[[], str]
) -> Check:
    """A check; `suggestion` may be a function, called only when the check fails."""
    if passed:
        return Check(label, True, weight, None, code)
    return Check(label, False, weight, suggestion() if callable(suggestion) else suggestion, code)


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


def _names(_: Messages, items: Iterable[str], limit: int = 5) -> str:
    """'a', 'a and b', 'a, b and c', 'a, b, c, d, e and 3 more' (in the language of `_`)."""
    items = list(items)
    if len(items) > limit:
        return _("{items} and {n} more", items=", ".join(items[:limit]), n=len(items) - limit)
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def _either(_: Messages, items: Iterable[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("{items} or {last}", items=", ".join(items[:-1]), last=items[-1])


def _quoted(_: Messages, texts: Iterable[str]) -> list[str]:
    return [_("'{text}'", text=_short(t)) for t in texts]


# ---------------------------------------------------------------------- sections


@dataclass
class _Parts:
    """The document's sections, each possibly missing, in one place, with the
    messages of its language (`_`) and where its values were written (`locate`)."""

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
    _: Messages
    locate: Locate

    @classmethod
    def of(cls, doc: Document, figures: Figures, locate: Locate | None = None) -> _Parts:
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
            _=Messages(language_of(doc)),
            locate=locate or _nowhere,
        )

    @property
    def contacts(self) -> list[Contact]:
        return list(self.position.contacts)

    @property
    def language(self) -> str:
        return self._.language

    # The helpers bound to the document's language. (Called as `p.names(…)` because
    # pybabel loses a plural message whose arguments hold a bare `_`.)
    def names(self, items: Iterable[str], limit: int = 5) -> str:
        return _names(self._, items, limit)

    def either(self, items: Iterable[str]) -> str:
        return _either(self._, items)

    def quoted(self, texts: Iterable[str]) -> list[str]:
        return _quoted(self._, texts)


def language_of(doc: Document) -> str:
    """`es-MX` → `es`; the review speaks Spanish or English."""
    return "es" if code_language(doc.locale) == "es" else "en"


def _nowhere(_loc: tuple[str | int, ...]) -> Pos | None:
    return None
