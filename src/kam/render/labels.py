"""Headings and labels, one YAML file per language, looked up by dotted key.

A region that says some things differently has a small file of its own on top of its
language's: `es-MX.yaml` holds only the labels Mexico words otherwise (costo, TCAC,
utilidad …), each of them a key of `es.yaml`. Regions without such a file (es-ES, en-GB)
print their language's labels.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

from kam.registry import split_locale


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


def _read(name: str) -> dict[str, str]:
    """The labels of `kam/locales/<name>.yaml`, or none when there is no such file."""
    resource = files("kam").joinpath("locales", f"{name}.yaml")
    if not resource.is_file():
        return {}
    return _flatten(yaml.safe_load(resource.read_text(encoding="utf-8")) or {})


def regional(locale: str) -> dict[str, str]:
    """The labels `locale`'s region words otherwise than its language (often none)."""
    language, region = split_locale(locale)
    return _read(f"{language}-{region}")


@cache
def labels(locale: str) -> dict[str, str]:
    """The labels of `locale` (`es`, `es-MX`, `en_GB`): its language's, with its
    region's own words on top."""
    language, _region = split_locale(locale)
    return {**_read(language), **regional(locale)}


class Labels:
    """Callable lookup: `t("heading.A.1")`, `t("label.cagr_value", start=..., ...)`."""

    def __init__(self, locale: str):
        self.language = split_locale(locale)[0]
        self.table = labels(locale)

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        return text.format(**values) if values else text

    def enum(self, kind: str, value: str | None) -> str:
        if value is None:
            return ""
        return self.table.get(f"enum.{kind}.{value}", value)
