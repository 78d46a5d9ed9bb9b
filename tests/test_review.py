"""`kam check`'s review: the course's five criteria scored from the content."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from kam.pipeline import prepare
from kam.review import CRITERIA, Check, Review, as_json, as_text, review, score

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


def reviewed(path: Path) -> Review:
    prepared, problems = prepare(path, TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    return review(prepared.doc, prepared.figures)


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
    def shape(result):
        return [(c.key, [(k.label, k.weight) for k in c.checks]) for c in result.criteria]

    assert shape(examples["ribera"]) == shape(skeleton) == shape(examples["brightfield"])
    assert [c.key for c in skeleton.criteria] == KEYS


def test_the_skeleton_gets_a_concrete_suggestion_for_every_failed_check(skeleton):
    for criterion in skeleton.criteria:
        for check in criterion.checks:
            assert check.passed == (check.suggestion is None), check
    text = " ".join(s for c in skeleton.criteria for s in c.suggestions)
    assert "analysis.pest" in text
    assert "A.2" in text and "C.5" in text and "D.1" in text
    assert "Add a payout curve to the rewards plan" in text


def test_the_examples_are_flagged_only_for_what_they_lack(examples):
    # Both plans are dated 2026-11-27 and still show two actions in progress past
    # their due date; everything else a reviewer looks for is there.
    for name, result in examples.items():
        failed = [(c.key, k.label) for c in result.criteria for k in c.checks if not k.passed]
        assert failed == [("development_plans", "No action is overdue")], name
    (tip,) = suggestions(examples["ribera"], "development_plans")
    assert tip.startswith("D.1 actions a3 (due 2026-11-15, in_progress) and a4")


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
    # Nothing of the analysis is given.
    assert scores["analyzes_account"] == 0
    # Roles 3 + high-influence supporter 2 + two owners 2 pass; stage 1, A.1–A.4 2,
    # B 2, C.1 2, portfolio 2 fail: 7/16 = 43.75 %.
    assert scores["understands_kam"] == 44
    # Objectives 3 + metric 2 + measurable 2 + owner 1 pass; deadline 2, customer
    # objectives 2, C.2–C.4 1 fail: 8/13 = 61.5 %.
    assert scores["development_objectives"] == 62
    # Action serves an objective 1 + owner and due 2 pass; o2 without action 3, cost 1,
    # C.6 2, C.7 2, C.8 2, D.2 2, overdue a1 2, summary 1 fail: 3/18 = 16.7 %.
    assert scores["development_plans"] == 17
    # Split 1 + payout curve 2 + budget 2 + 25 % self-funding 2 pass; objectives 3,
    # participants 2, reward types 2 fail: 7/14.
    assert scores["rewards_scope"] == 50
    assert result.overall == 35  # (0 + 44 + 62 + 17 + 50) / 5 = 34.6

    kam = checks_by_label(result, "understands_kam")
    assert kam["The buying centre is covered: decider, buyer and influencer"].passed
    assert kam["Several team members own contacts (no bow tie)"].passed
    plans = suggestions(result, "development_plans")
    assert "C.5 objective o2 has no action in D.1; add one with 'objective: o2'" in plans
    assert "D.1 action a1 has no cost; the action plan needs a budget" in plans
    assert any(
        s.startswith("D.1 action a1 (due 2026-10-01, in_progress) is overdue") for s in plans
    )


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
    assert set(data) == {"version", "overall", "criteria"}
    assert data["version"] == 1
    assert data["overall"] == examples["brightfield"].overall
    assert [c["key"] for c in data["criteria"]] == KEYS
    assert data["criteria"][0]["name_es"] == "Analiza la cuenta clave"
    for criterion in data["criteria"]:
        assert set(criterion) == {"key", "name_en", "name_es", "score", "checks"}
        assert 0 <= criterion["score"] <= 100
        for check in criterion["checks"]:
            assert set(check) == {"label", "passed", "weight", "suggestion"}
            assert isinstance(check["passed"], bool) and isinstance(check["weight"], int)
            assert (check["suggestion"] is None) == check["passed"]


def test_text_table(skeleton, examples):
    text = as_text(skeleton)
    lines = text.splitlines()
    assert lines[0].split() == ["Criterion", "Score", "Checks"]
    assert lines[-1].split()[-1] == str(skeleton.overall) and lines[-1].startswith("Overall")
    assert "\x1b" not in text
    assert "    - Add a payout curve to the rewards plan" in text
    for _key, name_en, _es in CRITERIA:
        assert any(line.startswith(name_en) for line in lines)
    spanish = as_text(examples["ribera"], lang="es")
    assert "Demuestra comprensión de la KAM" in spanish
