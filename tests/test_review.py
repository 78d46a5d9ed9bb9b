"""`kam check`'s review: the course's five criteria scored from the content, in the
document's language; the plan's own warnings counted against their criteria."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from kam.pipeline import prepare
from kam.problems import Pos, Problem, Severity
from kam.review import CRITERIA, Check, Review, as_json, as_text, review, score
from kam.review.texts import section, where

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TODAY = dt.date(2026, 11, 27)
KEYS = [key for key, _en, _es in CRITERIA]

SKELETON = """\
kam: 1
locale: es-MX
currency: MXN
company: {name: Empaques del Bajío}
account: {name: Cliente Uno}
plan:
  current_position:
    team:
      - {id: ana, name: Ana Ruiz}
"""


def reviewed(path: Path, findings: bool = False) -> Review:
    """The review of `path`; with `findings`, the document's warnings count too (as in
    `kam check`). Without, the checks of the content alone."""
    prepared, problems = prepare(path, TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    warnings = prepared.problems.warnings if findings else ()
    return review(prepared.doc, prepared.figures, warnings, prepared.loaded.source.pos)


def write(tmp_path: Path, text: str) -> Path:
    entry = tmp_path / "account.yaml"
    entry.write_text(textwrap.dedent(text), encoding="utf-8")
    return entry


def checks_by_label(result: Review, key: str) -> dict[str, Check]:
    return {c.label: c for c in result.criterion(key).checks}


def suggestions(result: Review, key: str) -> list[str]:
    return result.criterion(key).suggestions


@pytest.fixture(scope="module")
def examples() -> dict[str, Review]:
    return {name: reviewed(EXAMPLES / name / "account.yaml") for name in ("ribera", "brightfield")}


@pytest.fixture
def skeleton(tmp_path) -> Review:
    return reviewed(write(tmp_path, SKELETON))


# ------------------------------------------------------------ examples vs skeleton


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_complete_examples_score_clearly_above_a_skeleton(examples, skeleton, name):
    result = examples[name]
    assert result.overall >= 75
    for criterion in result.criteria:
        assert criterion.score >= 60, (criterion.key, criterion.suggestions)
    assert skeleton.overall <= 25
    assert result.overall - skeleton.overall >= 50
    for mine, theirs in zip(result.criteria, skeleton.criteria, strict=True):
        assert mine.score > theirs.score, mine.key


def test_every_review_lists_the_same_checks_in_the_same_order(examples, skeleton):
    """The checks of the criteria never change; findings (filler, the plan's warnings)
    come after them, only when they fail."""

    def shape(result):
        return [
            (c.key, [(k.code, k.weight) for k in c.checks if not k.key]) for c in result.criteria
        ]

    assert shape(examples["ribera"]) == shape(skeleton) == shape(examples["brightfield"])
    assert [c.key for c in skeleton.criteria] == KEYS
    for criterion in skeleton.criteria:
        codes = [k.code for k in criterion.checks]
        assert len(codes) == len(set(codes)) and all(codes)
        assert codes[-2:] == ["own_texts", "consistent"]


def test_the_skeleton_gets_a_concrete_suggestion_for_every_failed_check(skeleton):
    for criterion in skeleton.criteria:
        for check in criterion.checks:
            assert check.passed == (check.suggestion is None), check
    text = " ".join(s for c in skeleton.criteria for s in c.suggestions)
    assert "analysis.pest" in text
    assert "A.2" in text and "C.5" in text and "D.1" in text
    # The skeleton is Spanish (es-MX): so are its suggestions.
    assert "Añadan una curva de pago al plan de premios" in text


def test_the_examples_are_flagged_only_for_what_they_lack(examples):
    # Without their warnings (the plan's logic, kam.rules), both plans have every part
    # a reviewer looks for, each objective with a figure and every text their own.
    failed = {
        name: [(key, k.code) for key, k in result.failed] for name, result in examples.items()
    }
    assert failed == {"brightfield": [], "ribera": []}


def test_an_empty_criterion_says_to_fill_it_in_once(skeleton):
    from kam.i18n import Messages

    fill = Messages(skeleton.language)(
        "Fill in this part of the plan first (see the suggestions above)"
    )
    empty = [c for c in skeleton.criteria if not any(k.passed for k in c.checks)]
    assert empty, "the skeleton has criteria with nothing in them"
    for criterion in empty:
        assert criterion.suggestions.count(fill) == 1, criterion.suggestions
        assert len(criterion.suggestions) == len(set(criterion.suggestions))


# ------------------------------------------------------------ hand-worked scores


TINY = """\
kam: 1
locale: en
currency: USD
company: {name: Seller}
account: {name: Buyer}
plan:
  current_position:
    team:
      - {id: ana, name: Ana}
      - {id: luis, name: Luis}
    contacts:
      - {id: c1, name: Carla, dmu_roles: [decider, buyer], influence: 5,
         attitude: supporter, owner: ana}
      - {id: c2, name: Dan, dmu_roles: [influencer], influence: 2, attitude: neutral,
         owner: luis}
  company_strategy:
    objectives:
      - {id: o1, objective: Grow, metric: revenue, baseline: 100, target: 120, owner: ana}
      - {id: o2, objective: Serve, metric: OTIF, baseline: 90, target: 97,
         deadline: 2027-12-31, owner: luis}
  action_review:
    actions:
      - {id: a1, action: Visit, objective: o1, owner: ana, due: 2026-10-01,
         status: in_progress}
rewards:
  split: {team: 60, individual: 40}
  payout_curve:
    - {from: 0, to: 100, payout: 0}
    - {from: 100, payout: 100}
  budget: {total: 10_000, incremental_margin: 40_000}
"""


def test_scores_of_a_tiny_document_worked_out_by_hand(tmp_path):
    result = reviewed(write(tmp_path, TINY))
    scores = {c.key: c.score for c in result.criteria}
    # Each criterion ends with its two questions of quality (own texts, consistent), 3
    # each, earned when the criterion earns anything else and has no finding of their
    # kind. TINY has no filler, and its warnings are left out here.
    # Nothing of the analysis is given: its questions fail too.
    assert scores["analyzes_account"] == 0
    # Roles 3 + high-influence supporter 2 + two owners 2 pass; stage 1, A.1–A.4 2,
    # B 2, C.1 2, portfolio 2 fail; 6 of quality: 13/22 = 59.1 %.
    assert scores["understands_kam"] == 59
    # Objectives 3 + metric 2 + measurable 2 + owner 1 pass; deadline 2, customer
    # objectives 2, C.2–C.4 1 fail; 6 of quality: 14/19 = 73.7 %.
    assert scores["development_objectives"] == 74
    # Action serves an objective 1 + owner and due 2 pass; o2 without action 3, cost 1,
    # C.6 2, C.7 2, C.8 2, D.2 2, summary 1 fail; 6 of quality: 9/22 = 40.9 %.
    assert scores["development_plans"] == 41
    # Split 1 + payout curve 2 + budget 2 + 25 % self-funding 2 pass; objectives 3,
    # participants 2, reward types 2 fail; 6 of quality: 13/20.
    assert scores["rewards_scope"] == 65
    assert result.overall == 48  # (0 + 59 + 74 + 41 + 65) / 5 = 47.8

    kam = checks_by_label(result, "understands_kam")
    assert kam["The buying centre is covered: decider, buyer and influencer"].passed
    assert kam["Several team members own contacts (no bow tie)"].passed
    plans = suggestions(result, "development_plans")
    assert "C.5 objective o2 has no action in D.1; add one with 'objective: o2'" in plans
    assert "D.1 action a1 has no cost; the action plan needs a budget" in plans


def test_the_documents_warnings_lower_the_tiny_document(tmp_path):
    """As `kam check` reviews it, with its warnings: o2 has no action and o1 no
    deadline (kam.validate.advice, C.5: development_objectives), a1 is overdue on
    2026-11-27 (kam.rules, D.1: development_plans)."""
    result = reviewed(write(tmp_path, TINY), findings=True)
    rules = {key: [k.key for k in c.checks if k.code == "rule"] for key, c in
             ((c.key, c) for c in result.criteria)}  # fmt: skip
    assert "plan.company_strategy.objectives[1].id" in rules["development_objectives"]
    assert "plan.company_strategy.objectives[0]" in rules["development_objectives"]
    assert any(k.startswith("plan.action_review.actions[0]") for k in rules["development_plans"])
    plain = reviewed(write(tmp_path, TINY))
    assert result.overall < plain.overall
    quality = checks_by_label(result, "development_objectives")
    assert not quality["It agrees with the rest of the plan (none of the plan's warnings)"].passed


def test_an_objective_without_a_deadline_is_named(tmp_path):
    result = reviewed(write(tmp_path, TINY))
    check = checks_by_label(result, "development_objectives")[
        "Every objective is time-bound (has a deadline)"
    ]
    assert not check.passed
    assert check.suggestion == "C.5 objective o1 has no deadline"


def test_relationship_map_gaps_are_named(tmp_path):
    doc = TINY.replace("dmu_roles: [decider, buyer]", "dmu_roles: [buyer]")
    doc = doc.replace("owner: luis}\n  company", "owner: ana}\n  company")
    doc = doc.replace("attitude: supporter", "attitude: skeptic")
    result = reviewed(write(tmp_path, doc))
    tips = suggestions(result, "understands_kam")
    assert "A.2: no contact has the decider role; who decides, buys and influences?" in tips
    assert any("c1 (skeptic)" in t and "C.7" in t for t in tips)
    assert any("bow tie" in t and "ana" in t for t in tips)


def test_a_rewards_budget_too_large_for_its_margin_fails(tmp_path):
    doc = TINY.replace("incremental_margin: 40_000", "incremental_margin: 22_000")
    result = reviewed(write(tmp_path, doc))
    check = checks_by_label(result, "rewards_scope")[
        "The plan funds itself (budget ≤ 30% of incremental margin)"
    ]
    assert not check.passed
    assert "45%" in check.suggestion  # 10,000 / 22,000


def test_score_is_the_weighted_share_rounded_half_up():
    def checks(*pairs):
        return [Check("x", passed, weight, None if passed else "fix") for weight, passed in pairs]

    assert score(checks((3, True), (1, False))) == 75
    assert score(checks((5, True), (3, False))) == 63  # 62.5
    assert score(checks((1, False))) == 0
    assert score([]) == 0


# ---------------------------------------------------------------- output formats


def test_json_shape(examples):
    data = json.loads(as_json(examples["brightfield"]))
    assert set(data) == {"version", "min_score", "passed", "overall", "files"}
    assert data["version"] == 2 and data["passed"] is True and data["min_score"] is None
    assert data["overall"] == examples["brightfield"].overall
    (entry,) = data["files"]
    assert set(entry) == {
        "file", "account", "language", "valid", "overall", "criteria", "findings"
    }  # fmt: skip
    assert entry["language"] == "en" and entry["valid"] is True
    assert [c["key"] for c in entry["criteria"]] == KEYS
    assert entry["criteria"][0]["name_es"] == "Analiza la cuenta clave"
    assert entry["criteria"][0]["name"] == "Analyzes the key account"
    for criterion in entry["criteria"]:
        assert set(criterion) == {"key", "name_en", "name_es", "name", "score", "checks"}
        assert 0 <= criterion["score"] <= 100
        for check in criterion["checks"]:
            assert set(check) == {"code", "label", "passed", "weight", "suggestion"}
            assert isinstance(check["passed"], bool) and isinstance(check["weight"], int)
            assert (check["suggestion"] is None) == check["passed"]
            assert check["code"].isidentifier()
    failed = [k for c in entry["criteria"] for k in c["checks"] if not k["passed"]]
    assert len(entry["findings"]) == len(failed)
    for finding in entry["findings"]:
        assert set(finding) == {
            "criterion", "code", "weight", "key", "file", "line", "column", "suggestion"
        }  # fmt: skip
        assert finding["criterion"] in KEYS


def test_text_table(skeleton, examples):
    text = as_text(skeleton)
    lines = text.splitlines()
    assert lines[0].split() == ["Criterio", "Puntuación", "Comprobaciones"]
    assert lines[-1].split()[-1] == str(skeleton.overall) and lines[-1].startswith("Global")
    assert "\x1b" not in text
    assert "    - Añadan una curva de pago al plan de premios" in text
    for _key, _en, name_es in CRITERIA:
        assert any(line.startswith(name_es) for line in lines)
    english = as_text(examples["brightfield"])
    assert english.splitlines()[0].split() == ["Criterion", "Score", "Checks"]
    assert "Shows understanding of KAM" in english
    assert english.splitlines()[-1].startswith("Overall")


# ------------------------------------------------------------ language


def test_a_spanish_document_is_reviewed_in_spanish(skeleton, tmp_path):
    assert skeleton.language == "es"
    labels = [k.label for c in skeleton.criteria for k in c.checks]
    assert "El PEST cubre las dimensiones política, económica, social y tecnológica" in labels
    assert "Cada objetivo tiene al menos una acción en D.1" in labels
    tips = suggestions(skeleton, "development_objectives")
    assert any(t.startswith("C.5: añadan los objetivos de la compañía") for t in tips)
    # Plurals and lists follow Spanish grammar; YAML keys and values stay as written.
    doc = TINY.replace("locale: en", "locale: es-MX")
    result = reviewed(write(tmp_path, doc))
    plans = suggestions(result, "development_plans")
    assert "C.5: el objetivo o2 no tiene ninguna acción en D.1; añadan una con «objective: o2»" in (
        plans
    )
    assert "D.1: la acción a1 no tiene coste; el plan de acción necesita un presupuesto" in plans
    rewards = checks_by_label(result, "rewards_scope")
    assert "El plan se financia solo (presupuesto ≤ 30 % del margen incremental)" in rewards


def test_an_english_document_is_reviewed_in_english(tmp_path):
    result = reviewed(write(tmp_path, TINY))
    assert result.language == "en"
    assert "Every objective has at least one action in D.1" in checks_by_label(
        result, "development_plans"
    )


# ------------------------------------------------------------ the plan's own warnings


def test_each_key_path_belongs_to_a_section_and_a_criterion():
    assert section("plan.action_review.actions[3].due") == ("D.1", "development_plans")
    assert section("rewards.budget.total") == ("", "rewards_scope")
    assert section("analysis.profitability.revenue") == ("", "analyzes_account")
    assert section("portfolio.customers") == ("", "understands_kam")
    assert section("plan.customer_business.strengths[2]") == ("B.5", "understands_kam")
    assert section("plan.company_strategy.critical_success_factors[0].weight") == (
        "C.1",
        "understands_kam",
    )
    assert section("plan.company_strategy.objectives[1].id") == ("C.5", "development_objectives")
    assert section("plan.company_strategy.risks[0]") == ("C.8", "development_plans")
    assert section("plan.executive_summary") == ("", "development_plans")
    assert section("theme.primary") is None and section("") is None
    assert where("plan.customer_business.strengths[2]") == "B.5 plan.customer_business.strengths[2]"
    assert where("rewards.budget.total") == "rewards.budget.total"


def test_warnings_count_against_the_criterion_of_their_key(tmp_path):
    prepared, _problems = prepare(write(tmp_path, TINY), TODAY)
    here = Pos(tmp_path / "plan.yaml", 12, 7)
    findings = [
        Problem("the budget is short", here, "rewards.budget.total", Severity.WARNING),
        Problem("the budget is short", here, "rewards.budget.total", Severity.WARNING),  # again
        Problem("a3 is late", here, "plan.action_review.actions[0].due", Severity.WARNING),
        Problem("revenue disagrees", None, "analysis.profitability.revenue", Severity.WARNING),
        Problem("a loss-maker is a star", None, "portfolio.customers[4]", Severity.WARNING),
        Problem(
            "o2 has no action", None, "plan.company_strategy.objectives[1].id", Severity.WARNING
        ),
        Problem("the logo is large", None, "theme.logo", Severity.WARNING),  # not the plan's
        Problem("an error", None, "rewards.split", Severity.ERROR),  # not a warning
    ]
    plain = review(prepared.doc, prepared.figures)
    result = review(prepared.doc, prepared.figures, findings)
    rules = {key: [k for k in c.checks if k.code == "rule"] for key, c in
             ((c.key, c) for c in result.criteria)}  # fmt: skip
    assert [k.suggestion for k in rules["rewards_scope"]] == [
        "rewards.budget.total: the budget is short"
    ]
    (late,) = rules["development_plans"]
    assert late.suggestion == "D.1 plan.action_review.actions[0].due: a3 is late"
    assert late.pos == here and late.weight == 2 and not late.passed
    assert late.key == "plan.action_review.actions[0].due"
    assert late.label == "The plan is consistent with itself"
    assert [k.suggestion for k in rules["analyzes_account"]] == [
        "analysis.profitability.revenue: revenue disagrees"
    ]
    assert [k.suggestion for k in rules["understands_kam"]] == [
        "portfolio.customers[4]: a loss-maker is a star"
    ]
    assert [k.suggestion for k in rules["development_objectives"]] == [
        "C.5 plan.company_strategy.objectives[1].id: o2 has no action"
    ]
    for before, after in zip(plain.criteria, result.criteria, strict=True):
        assert after.score < before.score or before.score == 0, after.key
    # Rewards: 7 of 14 passed, its texts are its own (3 of 3), it no longer agrees
    # with the rest of the plan (0 of 3); one finding of weight 2 → 10/22.
    assert result.criterion("rewards_scope").score == 45


def test_kam_check_counts_the_documents_own_warnings(tmp_path):
    """The warnings `kam validate` prints for a document (here: an objective without
    an action, from kam.validate.advice) are findings of its review."""
    prepared, problems = prepare(write(tmp_path, TINY), TODAY)
    keys = {p.key for p in problems.warnings}
    assert "plan.company_strategy.objectives[1].id" in keys
    result = reviewed(write(tmp_path, TINY), findings=True)
    rules = [k for k in result.criterion("development_objectives").checks if k.code == "rule"]
    assert any(k.key == "plan.company_strategy.objectives[1].id" for k in rules)
    assert all(k.pos is not None and k.pos.line > 0 for k in rules)
