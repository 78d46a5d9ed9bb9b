"""Characters that text in a document may not hold."""

from __future__ import annotations

import re

#: Control characters other than tab and line breaks: no font draws them (the PDF
#: would fail with a ".notdef glyph" and no position), and they garble terminals.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_message(char: str) -> str:
    """What to say about a control character found in a value."""
    name = "a NUL character" if char == "\x00" else f"a control character (\\u{ord(char):04x})"
    return f"contains {name}; remove it"
