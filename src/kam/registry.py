"""The concepts kam knows by name, each defined once: the parts of a project, the
locales, the bundled fonts, the output formats and the PDF variants.

Everything else derives from here: the input models (which fonts a theme may name),
the loader (which parts may be included from other files), the JSON Schema, the
starter project, the formatting and the command line's choices. This module imports
nothing but the standard library and kam.i18n, so the command line reads it at no cost.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The languages (LANGUAGES), the region a bare language stands for (DEFAULT_REGION)
#: and the reading of a locale code (split_locale) are kam.i18n's, the lowest level.
from kam.i18n import DEFAULT_REGION, LANGUAGES, code_region, split_locale  # noqa: F401

#: The files of a project, in order: account.yaml includes the others (or holds them).
PARTS = ("account", "analysis", "plan", "rewards", "portfolio")
#: The parts account.yaml may name as a path to another YAML file.
INCLUDED_PARTS = PARTS[1:]

#: The locales offered by `kam init`; a document may name any region Babel knows.
LOCALES = ("es", "en", "es-MX", "es-ES", "en-US", "en-GB")
#: The locale of a new project when `kam init` is given none (the course is Spanish).
INIT_LOCALE = LOCALES[0]


#: How a document names its locale: a language, optionally a region (es-MX, en_GB).
LOCALE_PATTERN = rf"^({'|'.join(LANGUAGES)})([-_][A-Za-z]{{2}})?$"


def locale_hint() -> str:
    """What to write for a locale, in the current language."""
    from kam.i18n import _

    first, second = LANGUAGES
    return _(
        "write {first} or {second}, optionally with a region ({regions})",
        first=first,
        second=second,
        regions=", ".join(LOCALES[2:]),
    )


def check_locale(code: object) -> tuple[str, str]:
    """(language, region) of a locale kam supports, else ValueError saying what to
    write. A region must be one Babel knows for the language (es-MX, en-GB …)."""
    import re

    from kam.i18n import _

    if not isinstance(code, str) or not re.fullmatch(LOCALE_PATTERN, code.strip()):
        raise ValueError(
            _("'{value}' is not a supported locale; {hint}", value=code, hint=locale_hint())
        )
    language, region = split_locale(code)
    if code_region(code):
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(f"{language}_{region}")
        except (UnknownLocaleError, ValueError):
            raise ValueError(
                _("'{value}' is not a known locale; {hint}", value=code, hint=locale_hint())
            ) from None
    return language, region


@dataclass(frozen=True)
class Font:
    """A bundled font family (SIL OFL): its CSS name, generic family and faces."""

    family: str
    generic: str
    faces: tuple[tuple[str, str, int], ...]  # (file in templates/fonts, style, weight)


FONTS = {
    "source-sans": Font(
        "Source Sans 3",
        "sans-serif",
        (
            ("SourceSans3-Regular.ttf", "normal", 400),
            ("SourceSans3-It.ttf", "italic", 400),
            ("SourceSans3-Semibold.ttf", "normal", 600),
            ("SourceSans3-Bold.ttf", "normal", 700),
        ),
    ),
    "source-serif": Font(
        "Source Serif 4",
        "serif",
        (
            ("SourceSerif4-Regular.ttf", "normal", 400),
            ("SourceSerif4-It.ttf", "italic", 400),
            ("SourceSerif4-Semibold.ttf", "normal", 600),
            ("SourceSerif4-Bold.ttf", "normal", 700),
        ),
    ),
    "dejavu-sans": Font("DejaVu Sans", "sans-serif", ()),
}
DEFAULT_FONT = "source-sans"

#: The editions of a deliverable: `internal` (the whole plan, the default) and
#: `customer` (a plan written for the customer: see kam.models.editions for what it
#: leaves out). The customer edition's file names carry a suffix in the document's
#: language: ribera-cliente.pdf, ribera-customer.pdf.
EDITIONS = ("internal", "customer")
EDITION_SUFFIX = {"customer": {"es": "cliente", "en": "customer"}}
#: The headings the customer edition leaves out unless an item is marked
#: `customer: true` (a section that is a mapping keeps all of itself, a list keeps the
#: items marked): our P&L, our assessment of our competitive position, our strengths
#: and weaknesses, the relationship strategies, the risks, the rewards plan and the
#: portfolio of other customers.
CUSTOMER_LEAVES_OUT = ("profitability", "C.1", "C.4", "C.7", "C.8", "rewards", "portfolio")

#: What `kam build` writes, in the order it reports them: the document (PDF, HTML) and
#: the QBR deck (PowerPoint). Without --format it writes the document
#: (DOCUMENT_FORMATS); `--format all` writes every format.
OUTPUT_FORMATS = ("pdf", "html", "pptx")
DOCUMENT_FORMATS = ("pdf", "html")

#: The PDF standards WeasyPrint can conform to (the PDF is always tagged).
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u")
