"""JSON Schema of the input format, for editors (yaml-language-server) and CI.

The schema comes from the models, with what the loader adds before validation: the
parts `analysis`, `plan`, `rewards` and `portfolio` may be a path to another YAML file,
and `portfolio.customers` may be `{csv: path}`. One schema file per kind of YAML file
(account, analysis, plan, rewards, portfolio) lets each included file be checked too.
"""

from __future__ import annotations

import copy
import json
from functools import cache

from kam.models import Document
from kam.registry import INCLUDED_PARTS, PARTS

#: The model of each part's file (account.yaml is the whole Document).
MODELS = {part: None if part == "account" else part.capitalize() for part in PARTS}
SCHEMA_FILES = {part: f"{part}.schema.json" for part in PARTS}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
INCLUDE = {
    "type": "string",
    "description": "Path to a YAML file with this part, relative to this file",
}


@cache
def _document() -> dict:
    schema = Document.model_json_schema(mode="validation")
    for key in INCLUDED_PARTS:
        prop = schema["properties"][key]
        prop["anyOf"].insert(0, INCLUDE)
        prop.setdefault("description", schema["$defs"][MODELS[key]].get("description", ""))
    _describe(schema)
    return schema


def _describe(schema: dict) -> None:
    """Every property gets a description: its own, or its title as a fallback."""
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            if not prop.get("description"):
                prop["description"] = prop.get("title", name.replace("_", " ").capitalize())


def document_schema() -> dict:
    """The schema of account.yaml (the whole document)."""
    schema = copy.deepcopy(_document())
    return {
        "$schema": DIALECT,
        "title": "kam account file",
        **schema,
    }


def part_schema(part: str) -> dict:
    """The schema of one file: `account`, or an included `analysis`, `plan`, …"""
    if MODELS[part] is None:
        return document_schema()
    defs = copy.deepcopy(_document()["$defs"])
    return {
        "$schema": DIALECT,
        "title": f"kam {part} file",
        "$ref": f"#/$defs/{MODELS[part]}",
        "$defs": defs,
    }


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
