"""Headings and labels, one YAML file per language, looked up by dotted key."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


@cache
def labels(language: str) -> dict[str, str]:
    text = files("kam").joinpath("locales", f"{language}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.safe_load(text))


class Labels:
    """Callable lookup: `t("heading.A.1")`, `t("label.cagr_value", start=..., ...)`."""

    def __init__(self, language: str):
        self.language = language
        self.table = labels(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        return text.format(**values) if values else text

    def enum(self, kind: str, value: str | None) -> str:
        if value is None:
            return ""
        return self.table.get(f"enum.{kind}.{value}", value)
