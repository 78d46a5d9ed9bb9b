"""Messages in the user's language: gettext catalogs managed with Babel's tools.

Source strings are English and marked with `_("…")` in the code; their Spanish
translations live in `kam/locales/es/LC_MESSAGES/kam.po` (committed; `make messages`
extracts, updates and compiles them with `pybabel`). The wheel ships the compiled
`.mo` beside each `.po`; in a checkout without it, the `.po` is compiled in memory the
first time it is needed. Placeholders are `str.format` fields: `_("{n} actions", n=3)`.

Which language: the document's, once its `locale:` is read (`speaking(language)`
around the work on one document); before that, and for commands without a document,
`--locale` or the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`): Spanish when it says
`es…`, English otherwise. `_()` returns a `Text`: the translated string, which also
remembers its English source (`msgid`), from which reports derive a stable code.

The labels of the document itself (headings, column names, enumeration values) are a
different thing: `kam/locales/<language>.yaml`, with a region's own words on top
(`es-MX.yaml`), read by `document_labels` below for `kam.render.labels` and for
messages that name what the document shows.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "kam"
#: kam/locales: the message catalogs and the label files (installed as plain files; a
#: path, not importlib.resources, which costs the command line a few ms to import).
LOCALE_FILES = Path(__file__).parent / "locales"
#: The languages kam speaks, in its messages and its labels (one label file each in
#: kam/locales/), with the region used when a document names only the language. Here,
#: at the lowest level, so that every room reads a locale code the same way
#: (kam.registry re-exports them with the other concepts).
LANGUAGES = ("es", "en")
DEFAULT_REGION = {"es": "ES", "en": "US"}


def _code_parts(code: str) -> list[str]:
    return code.strip().replace("_", "-").split("-")


def code_language(code: str) -> str:
    """The language of a locale code as written: `es-MX`, `es_mx`, `ES` → `es`."""
    return _code_parts(code)[0].lower()


def code_region(code: str) -> str | None:
    """The region a locale code names: `es-MX` → `MX`; `es` names none (None)."""
    parts = _code_parts(code)
    return parts[1].upper() if len(parts) > 1 and parts[1] else None


def split_locale(code: str) -> tuple[str, str]:
    """`es` → ("es", "ES"); `es-MX` or `es_mx` → ("es", "MX"): the language and the
    region, the default region when none is given (KeyError for another language)."""
    language = code_language(code)
    return language, code_region(code) or DEFAULT_REGION[language]


@cache
def babel_locale(code: str):
    """Babel's Locale of a document's locale code: `es` → es_ES, `en` → en_US, `es-MX`
    → es_MX (KeyError, ValueError or Babel's UnknownLocaleError when it names none)."""
    from babel import Locale

    from kam.cache import keep_locale_data

    keep_locale_data()
    return Locale.parse("_".join(split_locale(code)))


@cache
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes Babel knows (from its global data, kept between runs: kam.cache),
    for a document's `currency:`."""
    from babel.numbers import list_currencies

    from kam.cache import keep_locale_data

    keep_locale_data()
    return frozenset(list_currencies())


def release_locale_data() -> None:
    """Let go of the locale data Babel has loaded (about 3 MB for a Spanish document),
    e.g. once the HTML is written and before the PDF's layout, the peak of a build's
    memory. Whatever formats a number afterwards loads it again (a few milliseconds)."""
    import sys

    from kam.cache import forget_locale_data

    localedata, core = sys.modules.get("babel.localedata"), sys.modules.get("babel.core")
    if localedata is None or core is None:
        return  # nothing loaded yet
    babel_locale.cache_clear()
    forget_locale_data()
    # Babel 2.17+ keeps each locale's wrapped data apart too (clear_caches clears both)
    getattr(localedata, "clear_caches", localedata._cache.clear)()
    core._global_data = None


_current: ContextVar[str | None] = ContextVar("kam_language", default=None)
_locale: ContextVar[str | None] = ContextVar("kam_locale", default=None)  # as written


def environment_language() -> str:
    """The language the environment asks for: es or en (the default)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


def language() -> str:
    """The language messages are written in now."""
    return _current.get() or environment_language()


def locale_code() -> str | None:
    """The locale messages are written for, as the document names it (`es-MX`): its
    numbers follow it (`kam.text.number`). None before a document is read."""
    return _locale.get()


@contextlib.contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Write messages in `code`'s language within the block (`es-MX` → es)."""
    token = _current.set(code_language(code) if code else None)
    locale_token = _locale.set(code)
    try:
        yield
    finally:
        _current.reset(token)
        _locale.reset(locale_token)


def set_language(code: str | None) -> None:
    """Write messages in `code`'s language from now on (this context)."""
    _current.set(code_language(code) if code else None)
    _locale.set(code)


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The translations into `language` (English, the source, needs none: nothing is
    read for it, so that English help and messages cost no catalog)."""
    if language == "en":
        return gettext.NullTranslations()
    folder = LOCALE_FILES / language / "LC_MESSAGES"
    compiled, source = folder.joinpath(f"{DOMAIN}.mo"), folder.joinpath(f"{DOMAIN}.po")
    if compiled.is_file() and not _stale(compiled, source):
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    if source.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        buffer = io.BytesIO()
        write_mo(buffer, read_po(io.BytesIO(source.read_bytes())))
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def _stale(compiled, source) -> bool:
    """A `.mo` older than its `.po` (a checkout where the catalog was edited and not
    compiled again): the `.po` is the truth."""
    try:
        return os.stat(str(source)).st_mtime > os.stat(str(compiled)).st_mtime
    except (OSError, TypeError):
        return False


class Text(str):
    """A translated message that remembers its English source (its `msgid`)."""

    msgid: str

    def __new__(cls, text: str, msgid: str) -> Text:
        self = super().__new__(cls, text)
        self.msgid = msgid
        return self

    def __getnewargs__(self) -> tuple[str, str]:  # pickled: problems of build workers
        return str(self), self.msgid


def _(message: str, **values: object) -> Text:
    """`message` in the current language, its `{fields}` filled in."""
    text = catalog(language()).gettext(message)
    return Text(text.format(**values) if values else text, message)


def code_of(message: str) -> str:
    """A stable English code for a message: its English source, without the values
    filled into it, reduced to a slug of its first words (`'{value}' is not allowed;
    did you mean …` → `is-not-allowed`)."""
    source = getattr(message, "msgid", message)
    source = re.sub(r"'[^']*'|\{[^}]*\}|\S*\d\S*", " ", source)
    head = re.split(r"[;:(]", source, maxsplit=1)[0]
    words = re.findall(r"[a-z]+", head.lower())[:5]
    return "-".join(words) or "problem"


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


def label(locale: str, key: str) -> str:
    """A label of the document itself in `locale` (`quadrant.star` → `Estrella`), so that
    a message names what the document shows by the document's own word. Here, at the
    lowest level, because validation and the rules (which may not import `kam.render`)
    need it too."""
    return document_labels(locale).get(key, key)


@cache
def document_labels(locale: str) -> dict[str, str]:
    """Every label of a document in `locale`, by dotted key: its language's file
    (`kam/locales/es.yaml`), with its region's own words on top where the region has a
    file (`es-MX.yaml`: costo, TCAC …). The one reader of the label files."""
    language = code_language(locale) if code_language(locale) in LANGUAGES else "en"
    labels = label_file(language)
    if region := code_region(locale):
        labels = {**labels, **label_file(f"{language}-{region}")}
    return labels


def label_file(name: str) -> dict[str, str]:
    """The labels of `kam/locales/<name>.yaml` by dotted key; none without such a file.
    Kept flat between runs (kam.cache), stamped with the file's size and time: reading
    es.yaml's 1,100 values took 3–4 ms of every Spanish validate, for the same dict."""
    import marshal

    from kam import cache

    resource = LOCALE_FILES / f"{name}.yaml"
    stamp = cache.file_stamp(resource)
    if stamp is None:
        return {}
    where = cache.named(f"labels-{name}", str(resource))
    kept = cache.read(where, stamp, marshal)
    if type(kept) is dict:
        return kept
    out = _read_labels(resource)
    cache.keep(where, stamp, out, marshal)
    return out


def _read_labels(resource: Path) -> dict[str, str]:
    import yaml

    out: dict[str, str] = {}

    def walk(tree: dict, prefix: str) -> None:
        for key, value in tree.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                out[f"{prefix}{key}"] = str(value)

    # kam's own files: libyaml parses them (25 ms → 2.5 ms for es.yaml) with the same
    # resolver and constructor as yaml.safe_load, so to the same labels.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    walk(yaml.load(resource.read_text(encoding="utf-8"), Loader=loader) or {}, "")
    return out
