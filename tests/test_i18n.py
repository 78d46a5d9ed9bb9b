"""Every message kam prints has its Spanish translation, and the catalogs are the
standard gettext ones, managed with Babel (make messages)."""

from __future__ import annotations

import io

from conftest import ROOT
from kam.i18n import Messages

CATALOG = ROOT / "src" / "kam" / "locales" / "es" / "LC_MESSAGES" / "kam.po"
KEYWORDS = {"_": None, "N_": None, "plural": (1, 2)}


def source_messages() -> set[str]:
    """Every message marked in the code, as pybabel extracts it."""
    from babel.messages.extract import extract_from_dir

    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "src" / "kam", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_message_has_a_spanish_translation():
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(CATALOG.read_bytes()))
    missing = []
    for message in sorted(source_messages(), key=str):
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        strings = entry.string if entry is not None else None
        texts = strings if isinstance(strings, tuple | list) else [strings]
        if entry is None or entry.fuzzy or not all(texts):
            missing.append(key)
    assert not missing, f"untranslated (run make messages, then translate): {missing}"


def test_messages_are_looked_up_by_language():
    spanish, english = Messages("es"), Messages("en")
    assert english("{n} errors", n=2) == "2 errors"  # English is the source text
    # A message unknown to the catalog comes back as written (gettext's rule).
    assert spanish("no such message {x}", x=1) == "no such message 1"


def test_the_catalog_passes_the_checks_pybabel_compile_makes():
    """`make messages` compiles the catalog; a translation whose placeholders differ
    from its source's (or a message Babel reads as printf, `100% is`) stops it."""
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(CATALOG.read_bytes()))
    failures = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert failures == []
