"""The JSON Schema: committed and current, accepts the examples, rejects broken files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT
from kam.load.yamlsource import parse_yaml
from kam.models.schema import PARTS, SCHEMA_FILES, dumps, part_schema
from kam.problems import Problems

SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("part", list(PARTS))
def test_committed_schema_is_current(part):
    committed = (SCHEMA_DIR / SCHEMA_FILES[part]).read_text(encoding="utf-8")
    assert committed == dumps(part_schema(part)), "stale schema: run `make schema`"


def _plain(path):
    """The YAML as kam reads it: dates stay text, `1_200_000` is a number."""
    source = parse_yaml(path, Problems())
    return source.value


def _validator(part):
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[part]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("example", ["ribera", "brightfield", "themed"])
def test_examples_validate_against_the_schema(example):
    folder = EXAMPLES / example
    for part in PARTS:
        path = folder / ("account.yaml" if part == "account" else f"{part}.yaml")
        if path.exists():
            errors = list(_validator(part).iter_errors(_plain(path)))
            assert errors == [], (path.name, [e.message for e in errors[:3]])


def test_schema_rejects_a_broken_document(tmp_path):
    broken = tmp_path / "account.yaml"
    broken.write_text(
        "kam: 2\nlocale: fr\ncurrency: EUR\ncompany: {name: A, colour: red}\n"
        "account: {relationship_stage: friendly}\nplan: {current_position: {team: [{id: ana}]}}\n"
    )
    messages = sorted(e.message for e in _validator("account").iter_errors(_plain(broken)))
    text = " | ".join(messages)
    assert "1 was expected" in text  # kam: 2
    assert "'name' is a required property" in text  # account.name, team[0].name
    assert "Additional properties are not allowed ('colour' was unexpected)" in text
    assert any("'fr' does not match" in m for m in messages)
    assert len(messages) >= 5


def test_every_field_has_a_description_and_enums_are_listed():
    schema = part_schema("account")
    for name, definition in [("Document", schema), *schema["$defs"].items()]:
        for prop, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{prop}"
    stage = schema["$defs"]["Account"]["properties"]["relationship_stage"]
    assert "integrated" in json.dumps(stage)
