"""Review: a plan's quality, scored against the course's five evaluation criteria.

Input: a validated `Document`, its `Figures` (computed once per build by
`kam.analysis`; the review reads them and never recomputes them) and the document's
warnings (`kam.validate.advice`, `kam.rules`). Output: a `Review`: five criterion
scores, each with its checks (code, label, weight, passed) and a suggestion for every
check that fails, and the overall score, in the document's language.

`kam validate` says whether a document is *valid*; this package says how *good* it is:
how completely it covers what the course evaluates, whether what it says is its own
and whether it agrees with itself. It is pure (no printing, no I/O but reading the
shipped starter once): `review(doc, figures, findings, locate)` returns values, and
`as_text()` / `as_table()` / `as_json()` turn them into the output of `kam check`.

Where things are
----------------

- `checks`: the result types (`Check`, `CriterionScore`, `Review`), `score`, and
  what the criteria share (`_check`, the text helpers, `_Parts` with the messages of
  the document's language).
- `account`, `understanding`, `objectives`, `plans`, `rewards`: one module per
  criterion, in the order below; each has `checks(p)`, the criterion's checks of
  coverage in order, one small function per check.
- `texts`: the section (course code and criterion) of a key path, and the inventory
  of a document's free texts.
- `filler`: the detectors of text that says nothing (placeholders, the starter's
  samples, copies, texts too short, objectives without a figure).
- `consistency`: the document's warnings as findings of their criterion.
- `quality`: the two questions that close each criterion (own texts, consistent).
- `report`: `as_text`, `as_table`, `as_json`, and the JSON shape.

How the score is computed
-------------------------

Each criterion lists, in this order:

1. Its **checks of coverage**, fixed: yes/no questions about the content (is the
   section filled? is every objective SMART? does every objective have an action?)
   with a weight from 1 to 3 (3 = essential to the criterion, 1 = a mark of a
   polished plan). A check about the items of a list fails while the list is empty.
2. Its two **questions of quality**, fixed, weight 3 each (`kam.review.quality`):
   are its texts the plan's own (`own_texts`), does it agree with the rest of the
   plan (`consistent`). Each fails as soon as one finding of its kind falls in the
   criterion, and both fail in a criterion that earns nothing else (an empty part is
   not "consistent", it is empty).
3. Its **findings**, only when there are any, each a failed check about one place
   with its key and position: filler texts (`kam.review.filler`: `placeholder` 3,
   `starter_text` 3, `repeated_text` 2, `too_short` 2, `single_word` 1, `no_figure`
   2) and the plan's warnings (`kam.review.consistency`: `rule` 2).

- A criterion's **score** is the weighted share of its checks that pass, from 0 to
  100: `round(100 × Σ weight of passed checks / Σ weight of all its checks)`. A
  finding adds its weight to the total and nothing to what passes.
- The **overall** score is the plain mean of the five criterion scores (the course
  weighs its criteria equally), rounded half up (`62.5` → `63`).
- Every failed check carries one concrete suggestion that names the section code
  (`A.2`, `C.5`, `D.1`…) or key (`analysis.pest`, `rewards.budget`) and the ids or
  texts involved, e.g. `B.5 plan.customer_business.strengths[2]: «TODO» …`.
- Labels and suggestions are in the document's language (Spanish for `es`, `es-MX`…;
  English otherwise), from the message catalog (`kam.i18n`, `make messages`);
  criterion keys and check codes are stable English names. The plan's warnings are
  quoted as their stage words them.

Why these weights (calibration)
-------------------------------

The weights answer what a reader of the deliverable would do, and the tests in
`tests/test_check_calibration.py` hold them to it on documents whose quality is known:

- A text that is a placeholder or the starter's sample is no content at all: 3, as
  much as an essential check. A document made of them (the untouched `kam init`
  starter, about 60 sample texts; an example with every text turned into lorem
  ipsum, hundreds) piles up findings until coverage no longer matters: the starter
  scores about 33, a lorem copy about 10, although their structure passes nearly
  every check of coverage. (Tested: starters ≤ 40, lorem copies ≤ 30.)
- A copy, a text too short for its field and an objective with no figure are each a
  part missing in substance: 2, like a missing part of a section. A one-word SWOT
  item says something, only too little: 1.
- The thresholds are low on purpose, so that terse but real writing passes: an
  executive summary needs 2 sentences and 30 words, a section (B.1, B.3, B.6, B.7,
  C.2, A.3) 6 words, an explanation (implication, mitigation, how…) 3; starter and
  copy comparisons ignore texts under 4 words or 25 characters (5 words for a
  label), as anyone may write "Coste total".
- A contradiction is worse than a gap: a reader who finds one doubts the rest of the
  section. The first one in a criterion costs the 3 of `consistent` and its own 2;
  the same holds for the first filler text and `own_texts`. Three planted
  contradictions (an action due after its objective's deadline, an objective with no
  action, a one-sentence summary) cost an example about 10 points. (Tested: ≥ 10.)
- A warning may restate a check of coverage that also fails (an objective with no
  action is a D.1 gap and a C.5 warning): the check measures the whole section, the
  finding points at the place, and both count.
- The examples are complete plans with their own texts: with their warnings resolved
  they score above 90; each warning left costs a few points. (Tested: ≥ 85.)

Nothing in the review knows the examples; the starter's texts are read from the
shipped `kam/starter/<language>/*.yaml`, once per process.

The five criteria (key: Spanish name, as in the course):

1. `analyzes_account`: Analiza la cuenta clave (PEST, customer objectives, value
   chain, buying process and information needs, purchase history, profitability).
2. `understands_kam`: Demuestra comprensión de la KAM (buying centre, relationship
   map, current position, the customer's business, success factors, key account
   selection).
3. `development_objectives`: Muestra objetivos del desarrollo de cuentas (SMART C.5
   objectives linked to the customer's own objectives, resting on C.2–C.4).
4. `development_plans`: Señala los planes de desarrollo de la cuenta (actions,
   strategies, risks, review, the executive summary).
5. `rewards_scope`: Define los alcances del plan de premios (objectives,
   participants, split, reward types, payout curve, self-funding budget).

`kam check --min-score N` gates on each file's `overall`. The JSON shape of
`kam check --format json` is in `kam.review.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kam.analysis import Figures
from kam.models import Document
from kam.problems import Problem
from kam.review import (
    account,
    consistency,
    filler,
    objectives,
    plans,
    quality,
    rewards,
    understanding,
)
from kam.review.checks import (
    Check,
    CriterionScore,
    Locate,
    Review,
    _Parts,
    _round,
    language_of,
    score,
)
from kam.review.report import (
    JSON_VERSION,
    as_dict,
    as_json,
    as_table,
    as_text,
    file_entry,
    invalid_entry,
)

__all__ = [
    "CRITERIA",
    "JSON_VERSION",
    "Check",
    "CriterionScore",
    "Review",
    "as_dict",
    "as_json",
    "as_table",
    "as_text",
    "file_entry",
    "invalid_entry",
    "language_of",
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


def review(
    doc: Document,
    figures: Figures,
    findings: Iterable[Problem] = (),
    locate: Locate | None = None,
) -> Review:
    """Score `doc` (with its figures) against the course's five criteria.

    `findings` are the document's warnings (`prepared.problems.warnings`): each one
    about the plan's content becomes a failed check of its criterion. `locate` gives
    the position of a key path (`prepared.loaded.source.pos`), so that the filler
    findings say where they are in the files.
    """
    p = _Parts.of(doc, figures, locate)
    fillers, rules = _by_criterion(filler.checks(p)), _by_criterion(consistency.checks(p, findings))
    lists = {}
    for key, checks in _CHECKS.items():
        coverage = checks(p)
        gates = quality.checks(p, coverage, len(fillers[key]), len(rules[key]))
        lists[key] = coverage + gates + fillers[key] + rules[key]
    criteria = [
        CriterionScore(key, name_en, name_es, score(lists[key]), lists[key])
        for key, name_en, name_es in CRITERIA
    ]
    overall = _round(sum(c.score for c in criteria) / len(criteria))
    return Review(criteria, overall, p.language)


def _by_criterion(found: list[tuple[str, Check]]) -> dict[str, list[Check]]:
    out: dict[str, list[Check]] = {key: [] for key in _CHECKS}
    for key, check in found:
        out[key].append(check)
    return out
