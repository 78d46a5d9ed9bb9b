"""Messages in the user's language: gettext catalogs managed with Babel's tools.

Source strings are English and marked with `_("…")` in the code; their Spanish
translations live in `kam/locales/es/LC_MESSAGES/kam.po` (committed; `make messages`
extracts, updates and compiles them with `pybabel`). The wheel ships the compiled
`.mo` beside each `.po`; in a checkout without it, the `.po` is compiled in memory the
first time it is needed. Placeholders are `str.format` fields: `_("{n} actions", n=3)`.

The labels of the document itself (headings, column names, enumeration values) are a
different thing: `kam/locales/<language>.yaml`, read by `kam.render.labels`.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib.resources import files

DOMAIN = "kam"


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The translations into `language` (English, the source, needs none)."""
    folder = files("kam").joinpath("locales", language, "LC_MESSAGES")
    compiled, source = folder.joinpath(f"{DOMAIN}.mo"), folder.joinpath(f"{DOMAIN}.po")
    if compiled.is_file():
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    if source.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        buffer = io.BytesIO()
        write_mo(buffer, read_po(io.BytesIO(source.read_bytes())))
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


class Messages:
    """`_("text {x}", x=1)`: the text in one language, its fields filled in."""

    def __init__(self, language: str):
        self.language = language
        self._catalog = catalog(language)

    def __call__(self, message: str, **values: object) -> str:
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def plural(self, one: str, many: str, n: int, **values: object) -> str:
        text = self._catalog.ngettext(one, many, n)
        return text.format(n=n, **values)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark a message for extraction without translating it yet."""
    return message
