"""`kam check` is calibrated on documents whose quality is known: the examples are
sound plans, the untouched `kam init` starter is somebody else's sample, a copy of an
example with every text replaced by lorem ipsum has the form of a plan and none of
its content, and an example with planted contradictions is worse than the example.

Each document is reviewed as `kam check` reviews it: with the document's own warnings
(`prepared.problems.warnings`) counted against their criteria. The reasons for the
weights and thresholds are in kam.review's docstring; nothing here knows the
examples."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from kam.pipeline import prepare
from kam.review import Review, as_text, review
from kam.starter import scaffold

TODAY = dt.date(2026, 11, 27)


def checked(entry: Path) -> Review:
    prepared, problems = prepare(entry, TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    return review(
        prepared.doc, prepared.figures, prepared.problems.warnings, prepared.loaded.source.pos
    )


# ------------------------------------------------------------------ the examples


# The full plans. examples/themed shows theming; its plan is a declared sketch ("the
# content is deliberately short", its account.yaml says), scored like any sketch.
@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_the_examples_score_85_or_more(name):
    result = checked(EXAMPLES / name / "account.yaml")
    assert result.overall >= 85, as_text(result)


# ------------------------------------------------------------------ the starter


@pytest.mark.parametrize("locale", ["es", "en"])
def test_the_untouched_starter_scores_40_or_less(tmp_path, locale):
    scaffold(tmp_path, locale, today=TODAY)
    result = checked(tmp_path / "account.yaml")
    assert result.overall <= 40, as_text(result)
    starter = [k for _c, k in result.failed if k.code == "starter_text"]
    assert len(starter) >= 40
    # Every criterion but the rewards (numbers, mostly) is mostly sample text.
    for criterion in result.criteria:
        assert criterion.score <= 60, (criterion.key, criterion.score)


# ------------------------------------------------------------------ lorem ipsum

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure "
    "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
)


def lorem(length: int) -> str:
    return (LOREM * (length // len(LOREM) + 1))[:length].rstrip() or "Lorem"


def lorem_filled(value: object) -> object:
    """Every free text (a string with a space and a letter) as lorem ipsum of the same
    length; ids, enumeration values, paths, numbers and dates are kept."""
    if isinstance(value, dict):
        return {key: lorem_filled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lorem_filled(item) for item in value]
    if isinstance(value, str) and re.search(r"\S\s+\S", value) and re.search(r"[^\W\d_]", value):
        return lorem(len(value))
    return value


def lorem_copy(name: str, target: Path) -> Path:
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("templates"))
    for path in target.glob("*.yaml"):
        data = lorem_filled(yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target / "account.yaml"


@pytest.mark.parametrize("name", ["ribera", "brightfield", "themed"])
def test_a_lorem_copy_of_an_example_scores_30_or_less(tmp_path, name):
    result = checked(lorem_copy(name, tmp_path / name))
    assert result.overall <= 30, as_text(result)
    assert any(k.code == "placeholder" for _c, k in result.failed)
    for criterion in result.criteria:
        assert criterion.score <= 40, (criterion.key, criterion.score)


# ------------------------------------------------------------------ contradictions


def planted(target: Path) -> Path:
    """Ribera with three contradictions: action a5 due after the deadline of the
    objective it serves (o5, 2027-09-30), an objective (o6) with no action, and an
    executive summary of one sentence."""
    shutil.copytree(EXAMPLES / "ribera", target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    a5 = "      due: 2027-03-31\n      status: not_started\n      cost: 6_500"
    assert a5 in text
    text = text.replace(a5, a5.replace("2027-03-31", "2027-11-30"))
    o5 = "      deadline: 2027-09-30\n      owner: lucia\n"
    assert o5 in text
    text = text.replace(
        o5,
        o5 + "    - {id: o6, objective: Reducir las devoluciones por caducidad, metric: "
        "devoluciones al año, unit: unidades, baseline: 120, target: 60, "
        "deadline: 2027-12-31, owner: lucia}\n",
    )
    start, end = text.index("executive_summary: |"), text.index("current_position:")
    text = (
        text[:start]
        + "executive_summary: Ribera es una cuenta rentable que queremos hacer crecer.\n\n"
        + text[end:]
    )
    plan.write_text(text, encoding="utf-8")
    return target / "account.yaml"


def test_three_planted_contradictions_cost_10_points_and_are_named(tmp_path):
    sound = checked(EXAMPLES / "ribera" / "account.yaml")
    result = checked(planted(tmp_path / "ribera"))
    assert sound.overall - result.overall >= 10, (sound.overall, result.overall)
    report = as_text(result)
    # The action due after its objective's deadline (kam.rules) …
    assert "plan.action_review.actions[4].due" in report and "a5" in report
    # … the objective without an action (kam.validate.advice and the D.1 check) …
    assert "C.5 plan.company_strategy.objectives[5].id" in report
    assert "C.5: el objetivo o6 no tiene ninguna acción en D.1" in report
    # … and the summary of one sentence.
    assert "plan.executive_summary: el resumen ejecutivo tiene 1 frase" in report
    lower = {
        c.key for c, s in zip(result.criteria, sound.criteria, strict=True) if c.score < s.score
    }
    assert {"development_objectives", "development_plans"} <= lower
