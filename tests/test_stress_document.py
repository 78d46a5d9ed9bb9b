"""The stress document (tests/stress.py) holds what it promises: every value of every
enumeration of the input format somewhere, so the geometry checks of test_layout.py see
each label in both locales; long names, many actions, KPIs, members and customers."""

from __future__ import annotations

from typing import Annotated, get_args, get_origin

import pytest
from pydantic import BaseModel

import stress
from kam.models import types as model_types
from kam.pipeline import prepare


def _kinds(annotation) -> list[model_types._Words]:
    """The enumerations an annotation holds (directly, in a list, a dict or a union)."""
    found = []
    if get_origin(annotation) is Annotated:
        found += [m for m in annotation.__metadata__ if isinstance(m, model_types._Words)]
    for arg in get_args(annotation):
        found += _kinds(arg)
    return found


def _values(obj, seen: dict[str, set[str]]) -> None:
    """Every enumeration value in a validated document, by kind."""
    if isinstance(obj, BaseModel):
        for name, field in type(obj).model_fields.items():
            value = getattr(obj, name)
            for words in _kinds(field.annotation) + [
                m for m in field.metadata if isinstance(m, model_types._Words)
            ]:
                items = value if isinstance(value, list | tuple) else [value]
                seen.setdefault(words.kind, set()).update(v for v in items if isinstance(v, str))
            _values(value, seen)
    elif isinstance(obj, list | tuple):
        for item in obj:
            _values(item, seen)
    elif isinstance(obj, dict):
        for item in obj.values():
            _values(item, seen)


def _all_enumerations() -> dict[str, set[str]]:
    out = {}
    for value in vars(model_types).values():
        for words in _kinds(value):
            out[words.kind] = set(words.values)
    return out


@pytest.mark.parametrize("locale", ["es", "en"])
def test_the_stress_document_holds_every_enumeration_value(tmp_path, locale):
    entry = stress.stress_project(tmp_path / "stress", locale)
    prepared, problems = prepare(entry)
    assert prepared is not None, problems
    seen: dict[str, set[str]] = {}
    _values(prepared.doc, seen)
    expected = _all_enumerations()
    assert len(expected) >= 20  # the input format's enumerations were found
    for kind in stress.SINGLE:  # one value per document: the longest label
        assert seen.pop(kind) == {stress.longest_label(kind, locale)}, kind
        expected.pop(kind)
    missing = {kind: sorted(values - seen.get(kind, set())) for kind, values in expected.items()}
    assert {kind: values for kind, values in missing.items() if values} == {}


def test_the_stress_document_is_as_big_as_it_says(tmp_path):
    entry = stress.stress_project(tmp_path / "stress", "en")
    prepared, _problems = prepare(entry)
    plan = prepared.doc.plan
    assert len(plan.action_review.actions) == 40
    assert sum(a.customer_owner is not None for a in plan.action_review.actions) == 10
    assert len(plan.action_review.review.kpis) == 30
    assert len(plan.current_position.team) == 12
    assert prepared.figures.portfolio is not None
