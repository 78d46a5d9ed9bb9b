"""The two questions of quality that close every criterion, after its checks of
coverage and before its findings:

- `own_texts` (weight `GATE_WEIGHT`): are the criterion's texts the plan's own? It
  fails when any filler finding (`kam.review.filler`) falls in the criterion.
- `consistent` (weight `GATE_WEIGHT`): does the criterion agree with the rest of the
  plan? It fails when any of the plan's warnings (`kam.review.consistency`) falls in it.

Both are earned only by a criterion that earns something else: a criterion none of
whose checks passes is not "free of filler" or "consistent", it is empty, and fails
them too. So the first defect in a sound criterion costs its own weight and the 3 of
the question it answers no to; each further defect costs its own weight.
"""

from __future__ import annotations

from kam.review.checks import Check, _Parts

GATE_WEIGHT = 3


def checks(p: _Parts, coverage: list[Check], fillers: int, rules: int) -> list[Check]:
    """The criterion's two questions, from its checks of coverage and the number of
    its filler and rule findings."""
    _ = p._
    earned = any(c.passed for c in coverage)
    own = Check(
        _("Its texts are written for this account (no filler)"),
        earned and not fillers,
        GATE_WEIGHT,
        None,
        "own_texts",
    )
    agrees = Check(
        _("It agrees with the rest of the plan (none of the plan's warnings)"),
        earned and not rules,
        GATE_WEIGHT,
        None,
        "consistent",
    )
    empty = _("Fill in this part of the plan first (see the suggestions above)")
    if not own.passed:
        tip = (
            _.plural(
                "Write the {n} text listed below for this account",
                "Write the {n} texts listed below for this account",
                fillers,
            )
            if fillers
            else empty
        )
        own = Check(own.label, False, own.weight, tip, own.code)
    if not agrees.passed:
        tip = (
            _.plural(
                "Resolve the {n} contradiction listed below (kam validate shows it too)",
                "Resolve the {n} contradictions listed below (kam validate shows them too)",
                rules,
            )
            if rules
            else empty
        )
        agrees = Check(agrees.label, False, agrees.weight, tip, agrees.code)
    return [own, agrees]
