"""Where things are in a plan: the section of a key path (its course code and the
criterion it counts for) and the inventory of a document's free texts.

`section(key)` maps a key path (`plan.customer_business.strengths[2]`,
`rewards.budget.total`) to its course code (`B.5`, or "" where the course gives none)
and its criterion, by the longest matching prefix of `SECTIONS`. The filler detectors
and the plan's own warnings (`kam.review.consistency`) both place their findings with
it.

`free_texts(doc)` lists every text a person wrote (not ids, enumeration values, dates
or numbers) with its location and its `Kind`, which decides what is asked of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from kam.models import Document
from kam.problems import key_path

Loc = tuple[str | int, ...]

# Longest prefix wins. A key under none of them (the theme, a CSV file's columns, the
# document's date) is not about the plan's content and counts for no criterion.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    # prefix, course code, criterion
    ("analysis", "", "analyzes_account"),
    ("account", "", "understands_kam"),
    ("company", "", "understands_kam"),
    ("portfolio", "", "understands_kam"),
    ("plan.current_position", "A", "understands_kam"),
    ("plan.current_position.team", "A.1", "understands_kam"),
    ("plan.current_position.contacts", "A.2", "understands_kam"),
    ("plan.current_position.history", "A.3", "understands_kam"),
    ("plan.current_position.problems", "A.4", "understands_kam"),
    ("plan.customer_business", "B", "understands_kam"),
    ("plan.customer_business.market_position", "B.1", "understands_kam"),
    ("plan.customer_business.market_share", "B.2", "understands_kam"),
    ("plan.customer_business.environment", "B.3", "understands_kam"),
    ("plan.customer_business.opportunities", "B.4", "understands_kam"),
    ("plan.customer_business.threats", "B.4", "understands_kam"),
    ("plan.customer_business.strengths", "B.5", "understands_kam"),
    ("plan.customer_business.weaknesses", "B.5", "understands_kam"),
    ("plan.customer_business.objectives", "B.6", "understands_kam"),
    ("plan.customer_business.strategy", "B.7", "understands_kam"),
    ("plan.company_strategy", "C", "development_objectives"),
    ("plan.company_strategy.critical_success_factors", "C.1", "understands_kam"),
    ("plan.company_strategy.environment", "C.2", "development_objectives"),
    ("plan.company_strategy.competitors_in_account", "C.2", "development_objectives"),
    ("plan.company_strategy.opportunities", "C.3", "development_objectives"),
    ("plan.company_strategy.threats", "C.3", "development_objectives"),
    ("plan.company_strategy.strengths", "C.4", "development_objectives"),
    ("plan.company_strategy.weaknesses", "C.4", "development_objectives"),
    ("plan.company_strategy.objectives", "C.5", "development_objectives"),
    ("plan.company_strategy.commercial_strategies", "C.6", "development_plans"),
    ("plan.company_strategy.relationship_strategies", "C.7", "development_plans"),
    ("plan.company_strategy.risks", "C.8", "development_plans"),
    ("plan.action_review", "D", "development_plans"),
    ("plan.action_review.actions", "D.1", "development_plans"),
    ("plan.action_review.review", "D.2", "development_plans"),
    ("plan.executive_summary", "", "development_plans"),
    ("plan", "", "development_plans"),
    ("rewards", "", "rewards_scope"),
)
_BY_PREFIX = {prefix: (code, criterion) for prefix, code, criterion in SECTIONS}


def section(key: str) -> tuple[str, str] | None:
    """`plan.customer_business.strengths[2]` → `("B.5", "understands_kam")`; None for a
    key outside the plan's content."""
    head = key
    while head:
        if head in _BY_PREFIX:
            return _BY_PREFIX[head]
        cut = max(head.rfind("."), head.rfind("["))
        head = head[:cut] if cut > 0 else ""
    return None


def where(key: str) -> str:
    """`B.5 plan.customer_business.strengths[2]`: the code, when the course has one, and
    the key."""
    found = section(key)
    code = found[0] if found else ""
    return f"{code} {key}" if code else key


class Kind(Enum):
    """What a text is for, which decides what the review asks of it."""

    NAME = "name"  # a person's or a company's name: only not a placeholder
    LABEL = "label"  # names a thing (a factor, a metric, an action): may be short
    ITEM = "item"  # an item of a SWOT list (B.4, B.5, C.3, C.4): more than a word
    PROSE = "prose"  # explains something (an implication, a mitigation): a few words
    SECTION = "section"  # a section of its own (B.1, B.3, C.2…): a paragraph
    SUMMARY = "summary"  # the executive summary: several sentences


# Every free text, as a path through the model: `[]` steps into each item of a list.
FIELDS: tuple[tuple[str, Kind], ...] = (
    ("company.name", Kind.NAME),
    ("account.name", Kind.NAME),
    ("account.industry", Kind.LABEL),
    ("analysis.pest[].factor", Kind.LABEL),
    ("analysis.pest[].implication", Kind.PROSE),
    ("analysis.customer_objectives[].objective", Kind.LABEL),
    ("analysis.customer_objectives[].metric", Kind.LABEL),
    ("analysis.customer_objectives[].target", Kind.LABEL),
    ("analysis.customer_objectives[].our_contribution", Kind.PROSE),
    ("analysis.value_chain[].description", Kind.PROSE),
    ("analysis.value_chain[].pain_points[]", Kind.LABEL),
    ("analysis.value_chain[].our_role", Kind.PROSE),
    ("analysis.buying_process.stages[].information_needs[].need", Kind.LABEL),
    ("analysis.buying_process.stages[].information_needs[].source", Kind.LABEL),
    ("analysis.buying_process.stages[].information_needs[].format", Kind.LABEL),
    ("analysis.buying_process.stages[].our_actions", Kind.PROSE),
    ("analysis.buying_process.decision_criteria[].criterion", Kind.LABEL),
    ("analysis.profitability.cost_to_serve[].activity", Kind.LABEL),
    ("plan.executive_summary", Kind.SUMMARY),
    ("plan.current_position.team[].name", Kind.NAME),
    ("plan.current_position.team[].role", Kind.LABEL),
    ("plan.current_position.team[].responsibilities", Kind.PROSE),
    ("plan.current_position.contacts[].name", Kind.NAME),
    ("plan.current_position.contacts[].title", Kind.LABEL),
    ("plan.current_position.contacts[].department", Kind.LABEL),
    ("plan.current_position.history.summary", Kind.SECTION),
    ("plan.current_position.history.milestones[].event", Kind.LABEL),
    ("plan.current_position.problems[].problem", Kind.LABEL),
    ("plan.customer_business.market_position", Kind.SECTION),
    ("plan.customer_business.market_share.notes", Kind.PROSE),
    ("plan.customer_business.environment", Kind.SECTION),
    ("plan.customer_business.opportunities[]", Kind.ITEM),
    ("plan.customer_business.threats[]", Kind.ITEM),
    ("plan.customer_business.strengths[]", Kind.ITEM),
    ("plan.customer_business.weaknesses[]", Kind.ITEM),
    ("plan.customer_business.objectives", Kind.SECTION),
    ("plan.customer_business.strategy", Kind.SECTION),
    ("plan.company_strategy.critical_success_factors[].factor", Kind.LABEL),
    ("plan.company_strategy.critical_success_factors[].competitor", Kind.NAME),
    ("plan.company_strategy.environment", Kind.SECTION),
    ("plan.company_strategy.competitors_in_account[].name", Kind.NAME),
    ("plan.company_strategy.opportunities[]", Kind.ITEM),
    ("plan.company_strategy.threats[]", Kind.ITEM),
    ("plan.company_strategy.strengths[]", Kind.ITEM),
    ("plan.company_strategy.weaknesses[]", Kind.ITEM),
    ("plan.company_strategy.objectives[].objective", Kind.LABEL),
    ("plan.company_strategy.objectives[].metric", Kind.LABEL),
    ("plan.company_strategy.commercial_strategies[].strategy", Kind.LABEL),
    ("plan.company_strategy.relationship_strategies[].how", Kind.PROSE),
    ("plan.company_strategy.risks[].description", Kind.PROSE),
    ("plan.company_strategy.risks[].mitigation", Kind.PROSE),
    ("plan.action_review.actions[].action", Kind.LABEL),
    ("plan.action_review.review.kpis[].kpi", Kind.LABEL),
    ("plan.action_review.review.meetings[].purpose", Kind.LABEL),
    ("rewards.objectives[].objective", Kind.LABEL),
    ("rewards.objectives[].metric", Kind.LABEL),
    ("rewards.objectives[].target", Kind.LABEL),
    ("rewards.participants[].name", Kind.NAME),
    ("rewards.participants[].role", Kind.LABEL),
    ("rewards.rewards[].name", Kind.LABEL),
    ("rewards.rewards[].description", Kind.PROSE),
)


@dataclass(frozen=True)
class FreeText:
    loc: Loc
    kind: Kind
    text: str

    @property
    def key(self) -> str:
        return key_path(self.loc)


def _steps(path: str) -> list[str]:
    """`a.b[].c` → `["a", "b", "[]", "c"]`."""
    out: list[str] = []
    for part in path.split("."):
        if part.endswith("[]"):
            out += [part[:-2], "[]"]
        else:
            out.append(part)
    return out


_PATHS = [(_steps(path), kind) for path, kind in FIELDS]


def _values(value: object, steps: list[str], loc: Loc) -> Iterator[tuple[Loc, object]]:
    if value is None:
        return
    if not steps:
        yield loc, value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _values(item, rest, loc + (i,))
        return
    yield from _values(getattr(value, step, None), rest, loc + (step,))


def free_texts(doc: Document) -> list[FreeText]:
    """Every free text of `doc` that is written, in the order of `FIELDS`."""
    found = []
    for steps, kind in _PATHS:
        for loc, value in _values(doc, steps, ()):
            if isinstance(value, str) and value.strip():
                found.append(FreeText(loc, kind, value))
    return found
