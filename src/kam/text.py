"""Text kam reads and writes: the characters a document may not hold, and the
`data:` URIs that embed files in the self-contained HTML."""

from __future__ import annotations

import base64
import re

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


def control_message(char: str) -> str:
    """What to say about a control character found in a value."""
    name = "a NUL character" if char == "\x00" else f"a control character (\\u{ord(char):04x})"
    return f"contains {name}; remove it"


def data_uri(data: bytes, mime: str) -> str:
    """`data` as a `data:` URI (base64), the one way kam embeds a file in its HTML."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
