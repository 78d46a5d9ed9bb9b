"""Review: a plan's quality, scored against the course's five evaluation criteria.

Input: a validated `Document` and its `Figures` (computed once per build by
`kam.analysis`; the review reads them and never recomputes them). Output: a `Review`:
five criterion scores, each with its checks (label, weight, passed) and a suggestion
for every check that fails, and the overall score.

`kam validate` says whether a document is *valid*; this package says how *good* it is:
how completely and how well it covers what the course evaluates. It is pure (no
printing, no I/O): `review(doc, figures)` takes a validated document and its figures
and returns values, and `as_text()` / `as_json()` turn them into the output of
`kam check`.

Where things are
----------------

- `checks`: the result types (`Check`, `CriterionScore`, `Review`), `score`, and
  what the criteria share (`_check`, the text helpers, `_Parts`).
- `account`, `understanding`, `objectives`, `plans`, `rewards`: one module per
  criterion, in the order below; each has `checks(p)`, the criterion's checks in
  order, one small function per check.
- `report`: `as_text`, `as_dict`, `as_json`, and the JSON shape.

How the score is computed
-------------------------

The course evaluates the deliverable on five criteria. Each criterion has a fixed list
of checks; each check is a yes/no question about the content (is the section filled?
is every objective SMART? does every objective have an action?) with a weight from 1
to 3 (3 = essential to the criterion, 1 = a mark of a polished plan).

- A criterion's **score** is the weighted share of its checks that pass, from 0 to
  100: `round(100 × Σ weight of passed checks / Σ weight of all its checks)`.
- The **overall** score is the plain mean of the five criterion scores (the course
  weighs its criteria equally), rounded.
- Rounding is half up (`62.5` → `63`).
- A check about the items of a list (every objective has a deadline, every action has
  an owner…) fails while the list is empty: an empty section earns nothing.
- Every failed check carries one concrete suggestion that names the section code
  (`A.2`, `C.5`, `D.1`…) or key (`analysis.pest`, `rewards.budget`) and the ids
  involved, e.g. `C.5 objective o3 has no deadline`.
- "Overdue" is judged on the document's `date:` (the day the plan speaks for), or on
  the given day when the document has no date, as in the deliverable.

The checks never change between documents: every review lists the same checks in the
same order, so a CI job can compare reviews over time and `--min-score N` gates on
`overall`.

The five criteria (key: Spanish name, as in the course):

1. `analyzes_account`: Analiza la cuenta clave (PEST, customer objectives, value
   chain, buying process and information needs, purchase history, profitability).
2. `understands_kam`: Demuestra comprensión de la KAM (buying centre, relationship
   map, current position, the customer's business, success factors, key account
   selection).
3. `development_objectives`: Muestra objetivos del desarrollo de cuentas (SMART C.5
   objectives linked to the customer's own objectives).
4. `development_plans`: Señala los planes de desarrollo de la cuenta (actions,
   strategies, risks, review).
5. `rewards_scope`: Define los alcances del plan de premios (objectives,
   participants, split, reward types, payout curve, self-funding budget).

The JSON shape of `kam check --format json` is in `kam.review.report`.
"""

from __future__ import annotations

from collections.abc import Callable

from kam.analysis import Figures
from kam.models import Document
from kam.review import account, objectives, plans, rewards, understanding
from kam.review.checks import Check, CriterionScore, Review, _Parts, _round, score
from kam.review.report import JSON_VERSION, as_dict, as_json, as_text

__all__ = [
    "CRITERIA",
    "JSON_VERSION",
    "Check",
    "CriterionScore",
    "Review",
    "as_dict",
    "as_json",
    "as_text",
    "review",
    "score",
]

CRITERIA = (
    ("analyzes_account", "Analyzes the key account", "Analiza la cuenta clave"),
    ("understands_kam", "Shows understanding of KAM", "Demuestra comprensión de la KAM"),
    (
        "development_objectives",
        "Shows account development objectives",
        "Muestra objetivos del desarrollo de cuentas",
    ),
    (
        "development_plans",
        "Gives account development plans",
        "Señala los planes de desarrollo de la cuenta",
    ),
    (
        "rewards_scope",
        "Defines the scope of the rewards plan",
        "Define los alcances del plan de premios",
    ),
)

# Each criterion's checks, by key (CRITERIA gives the order and the names).
_CHECKS: dict[str, Callable[[_Parts], list[Check]]] = {
    "analyzes_account": account.checks,
    "understands_kam": understanding.checks,
    "development_objectives": objectives.checks,
    "development_plans": plans.checks,
    "rewards_scope": rewards.checks,
}


def review(doc: Document, figures: Figures) -> Review:
    """Score `doc` (with its figures) against the course's five criteria."""
    p = _Parts.of(doc, figures)
    lists = {key: checks(p) for key, checks in _CHECKS.items()}
    criteria = [
        CriterionScore(key, name_en, name_es, score(lists[key]), lists[key])
        for key, name_en, name_es in CRITERIA
    ]
    overall = _round(sum(c.score for c in criteria) / len(criteria))
    return Review(criteria, overall)
