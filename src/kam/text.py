"""Text kam reads and writes: the characters a document may not hold, the `data:`
URIs that embed files in the self-contained HTML, and numbers in messages written as
the document's locale writes them."""

from __future__ import annotations

import base64
import re
from functools import cache

from kam.i18n import LANGUAGES, N_, _, babel_locale, code_language, language, locale_code

#: Control characters other than tab and line breaks: no font draws them (the PDF
#: would fail with a ".notdef glyph" and no position), and they garble terminals.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: What must not reach a terminal, a log or an annotation as it is: C0 and C1
#: controls, DEL, line and paragraph separators, bidi embeddings, overrides and
#: isolates, and lone surrogates (which cannot even be encoded to print them).
UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escape_unprintable(text: str) -> str:
    """Each unprintable character as a `\\uXXXX` escape (also valid inside JSON strings)."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clean(text: str) -> str:
    """Escape control and bidi characters so user text cannot mess up a terminal."""
    return escape_unprintable(text).replace("\n", "\\n")


#: What to say about a control character, by what holds it (a YAML text or key, a
#: CSV cell): whole sentences, one for a NUL and one for any other control character.
_CONTROL_MESSAGES = {
    "text": (
        N_("the text contains a NUL character; remove it"),
        N_("the text contains a control character ({code}); remove it"),
    ),
    "key": (
        N_("the key contains a NUL character; remove it"),
        N_("the key contains a control character ({code}); remove it"),
    ),
    "cell": (
        N_("the cell contains a NUL character; remove it"),
        N_("the cell contains a control character ({code}); remove it"),
    ),
}


def control_message(char: str, holder: str = "text") -> str:
    """What to say about a control character found in a `holder` (text, key or cell)."""
    nul, other = _CONTROL_MESSAGES[holder]
    if char == "\x00":
        return _(nul)
    code = f"\\u{ord(char):04x}"
    return _(other, code=code)


def number(value: float) -> str:
    """`value` as the locale of the messages writes numbers (`5,000,000` in en and
    es-MX, `5.000.000` in es-ES), with Babel: for sizes and limits in messages."""
    from babel.numbers import format_decimal

    locale = _number_locale(locale_code(), language())
    return format_decimal(value, format="#,##0.###", locale=locale)


@cache
def _number_locale(code: str | None, fallback: str) -> str:
    """Babel's name of the locale numbers are written in: the document's (a bare
    language writes as its main region does: `es` as es-ES), else the language of
    the messages, else English."""
    from babel import UnknownLocaleError

    for candidate in (code, fallback):
        if candidate and code_language(candidate) in LANGUAGES:
            try:
                return str(babel_locale(candidate))
            except (ValueError, KeyError, UnknownLocaleError):
                continue
    return "en_US"


def data_uri(data: bytes, mime: str) -> str:
    """`data` as a `data:` URI (base64), the one way kam embeds a file in its HTML."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
