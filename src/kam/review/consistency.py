"""Consistency: the warnings the plan's own logic produces count against the criteria.

`kam.validate.advice` and `kam.rules` add warnings to the document's problems when the
plan contradicts itself (an objective without an action, revenue that disagrees
between sections, rewards over budget, a loss-maker in an attractive quadrant…). The
review takes them (`review(doc, figures, findings=prepared.problems.warnings)`) and
turns each into a failed check of weight `RULE_WEIGHT`, code `rule`, in the criterion
its key belongs to (`kam.review.texts.SECTIONS`, longest prefix: `analysis.` →
analyzes_account; `plan.current_position`, `plan.customer_business`, C.1 and
`portfolio` → understands_kam; C.2–C.5 → development_objectives; C.6–C.8, D and the
executive summary → development_plans; `rewards` → rewards_scope). Its suggestion is
the warning's message after its place (`D.1 plan.action_review.actions[3].due: …`).

A warning whose key is outside the plan's content (none, a file, the theme) counts
for no criterion: it is about the files, not about the plan. The same warning given
twice counts once. A warning may restate a check that already failed (an objective
with no action fails `objectives_have_actions` too): the check measures the whole
section, the finding points at the one place, and a contradiction left in a plan
costs on both counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from kam.problems import Problem, Severity
from kam.review.checks import Check, _Parts
from kam.review.texts import section, where

RULE_WEIGHT = 2


def checks(p: _Parts, findings: Iterable[Problem]) -> list[tuple[str, Check]]:
    """(criterion key, failed check) for each warning about the plan's content."""
    _ = p._
    out = []
    seen = set()
    for problem in findings:
        if problem.severity is not Severity.WARNING or (problem.key, problem.message) in seen:
            continue
        found = section(problem.key)
        if found is None:
            continue
        seen.add((problem.key, problem.message))
        check = Check(
            _("The plan is consistent with itself"),
            False,
            RULE_WEIGHT,
            f"{where(problem.key)}: {problem.message}",
            "rule",
            problem.key,
            problem.pos,
        )
        out.append((found[1], check))
    return out
