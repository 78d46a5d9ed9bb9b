"""The choices the command line offers, derived from the core's registries.

A part, locale, output format or PDF variant added to `kam.registry` is offered here
with no change. Typer needs an enum; each value is kept as it is, under a name that is
a valid identifier (`es-MX` → `es_MX`, `pdf/ua-1` → `pdf_ua_1`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from kam.registry import EDITIONS, LOCALES, OUTPUT_FORMATS, PARTS, PDF_VARIANTS

#: How `kam validate` reports problems: lines on stderr, a JSON report, or GitHub
#: workflow annotations; `kam check` reports as text or JSON.
MESSAGE_FORMATS = ("text", "json", "github")
REPORT_FORMATS = MESSAGE_FORMATS[:2]
#: `kam build --format document` (the default) produces the document, PDF and HTML;
#: `--format all` every output format (the deck too).
DOCUMENT = "document"
ALL = "all"


def _identifier(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value)


def choices(name: str, values: Iterable[str]) -> type[StrEnum]:
    """An enum named `name` whose members are `values`, in their order."""
    return StrEnum(name, {_identifier(v): v for v in values}, module=__name__)


Part = choices("Part", PARTS)
Locale = choices("Locale", LOCALES)
PdfVariant = choices("PdfVariant", PDF_VARIANTS)
OutputFormat = choices("OutputFormat", (*OUTPUT_FORMATS, DOCUMENT, ALL))
Edition = choices("Edition", EDITIONS)
MessageFormat = choices("MessageFormat", MESSAGE_FORMATS)
ReportFormat = choices("ReportFormat", REPORT_FORMATS)
