"""Headings and labels, one YAML file per language, looked up by dotted key.

A region that says some things differently has a small file of its own on top of its
language's: `es-MX.yaml` holds only the labels Mexico words otherwise (costo, TCAC,
utilidad …), each of them a key of `es.yaml`. Regions without such a file (es-ES, en-GB)
print their language's labels. The files are read by `kam.i18n.document_labels`, which
messages use too.
"""

from __future__ import annotations

from kam.i18n import document_labels, label_file
from kam.registry import split_locale


def regional(locale: str) -> dict[str, str]:
    """The labels `locale`'s region words otherwise than its language (often none)."""
    language, region = split_locale(locale)
    return label_file(f"{language}-{region}")


def labels(locale: str) -> dict[str, str]:
    """The labels of `locale` (`es`, `es-MX`, `en_GB`): its language's, with its
    region's own words on top."""
    return document_labels(locale)


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


def confidential_mark(t: Labels, account: str, edition: str) -> str:
    """The confidentiality mark of a confidential document: "Confidential", or in the
    customer edition "Confidential: prepared for <account>" (running heads, deck)."""
    if edition == "customer":
        return t("doc.confidential_customer", account=account)
    return t("doc.confidential")
