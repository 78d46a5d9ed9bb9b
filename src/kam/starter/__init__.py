"""Starter: `kam init` writes a project that validates and builds as it is.

Input: a folder, a locale (kam.registry.LOCALES) and optional names. Output: the
project's files (account.yaml and its parts, data/*.csv, schema/*.schema.json).

The starter texts live in `kam/starter/<language>/` as plain files with
`string.Template` placeholders (`$account`, `${plan_year}` …); `$` never clashes with
YAML's braces. Names are written as double-quoted YAML scalars (and quoted CSV
cells), so any name is safe. Nothing is ever overwritten: when any file to write
already exists, nothing is written at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from importlib.resources import files
from pathlib import Path
from string import Template

from kam.i18n import N_, _, code_region
from kam.models.schema import SCHEMA_FILES, dumps, part_schema
from kam.registry import DEFAULT_REGION, INIT_LOCALE, PARTS, check_locale
from kam.text import UNPRINTABLE

DATA_FILES = ("data/purchases.csv", "data/customers.csv")

DEFAULT_NAMES = {
    "es": {"account": "Cliente Ejemplo S.A.", "company": "Mi Empresa S.A."},
    "en": {"account": "Example Customer Inc.", "company": "My Company Inc."},
}
DEFAULT_CURRENCY = {"es": "EUR", "en": "USD"}
REGION_CURRENCY = {
    "ES": "EUR",
    "MX": "MXN",
    "US": "USD",
    "GB": "GBP",
    "AR": "ARS",
    "CL": "CLP",
    "CO": "COP",
    "PE": "PEN",
    "CA": "CAD",
    "AU": "AUD",
    "IE": "EUR",
    "IN": "INR",
}

# What a name given on the command line may not hold: controls (a line break would
# split a CSV row), line separators, bidi overrides, and lone surrogates (bytes of
# the argument that were not UTF-8).
_UNSAFE = re.compile(f"[\t\n]|{UNPRINTABLE.pattern}")  # a name is one line of text
_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class ScaffoldError(Exception):
    """Some of the files to write already exist; nothing was written."""

    def __init__(self, existing: list[Path]):
        self.existing = list(existing)
        listing = ", ".join(str(p) for p in self.existing)
        super().__init__(
            _(
                "not overwriting existing file(s): {files}; nothing was written "
                "(choose an empty folder, or move these files away)",
                files=listing,
            )
        )


def planned_files(target: Path) -> list[Path]:
    """The files `scaffold` writes into `target`, in writing order."""
    target = Path(target)
    return (
        [target / f"{part}.yaml" for part in PARTS]
        + [target / name for name in DATA_FILES]
        + [target / "schema" / SCHEMA_FILES[part] for part in PARTS]
    )


def language_of(locale: str) -> str:
    """`es`, `es-MX`, `en_GB` … → `es` or `en`. Raises ValueError otherwise."""
    return check_locale(locale)[0]


def currency_for(locale: str, today: dt.date | None = None) -> str:
    """EUR for es/es-ES, MXN for es-MX, USD for en/en-US, GBP for en-GB …"""
    language = language_of(locale)
    region = _region(locale)
    if region is None:
        return DEFAULT_CURRENCY[language]
    if region in REGION_CURRENCY:
        return REGION_CURRENCY[region]
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(region, start_date=today or dt.date.today(), tender=True)
    return found[0] if found else DEFAULT_CURRENCY[language]


def _region(locale: str) -> str | None:
    """The region a locale names, or None (`es` names none)."""
    return check_locale(locale)[1] if code_region(locale) else None


def yaml_quote(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back exactly as `text`.

    Like `json.dumps`, plus escapes for what YAML treats as line breaks or does not
    allow in a stream (NEL, LS, PS, BOM, C0/C1 controls, unpaired surrogates).
    """
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
            or 0xD800 <= code <= 0xDFFF
        ):
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def csv_quote(text: str) -> str:
    """`text` as one CSV cell (quoted when it holds a comma, quote or line break)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


# Which name is wrong, said whole (the words around it differ between languages).
_WHICH = {"account": N_("the account name"), "company": N_("the company name")}


def _name(value: str | None, default: str, what: str) -> str:
    which = _(_WHICH[what])
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError(_("{which} must be text", which=which))
    found = _UNSAFE.search(value)
    if found:
        char = found.group()
        shown = _SHOWN.get(char, f"\\u{ord(char):04x}")
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError(
                _(
                    "{which} contains bytes that are not UTF-8 text ({shown}); "
                    "write the name in UTF-8",
                    which=which,
                    shown=shown,
                )
            )
        raise ValueError(
            _(
                "{which} contains a control character ({shown}); write the name "
                "on one line, without control characters",
                which=which,
                shown=shown,
            )
        )
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        raise ValueError(_("{which} is empty", which=which))
    return value


def starter_values(
    locale: str = INIT_LOCALE,
    account: str | None = None,
    company: str | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """The placeholder values of the starter files."""
    language = language_of(locale)
    today = today or dt.date.today()
    plan_year = today.year + 1
    names = DEFAULT_NAMES[language]
    account_name = _name(account, names["account"], "account")
    company_name = _name(company, names["company"], "company")
    since = dt.date(today.year - 5, 3, 1)
    return {
        "locale": locale.strip(),
        "currency": currency_for(locale, today),
        "country": _region(locale) or DEFAULT_REGION[language],
        "date": today.isoformat(),
        "plan_year": str(plan_year),
        "start": dt.date(plan_year, 1, 1).isoformat(),
        "end": dt.date(plan_year, 12, 31).isoformat(),
        "since": since.isoformat(),
        "since_year": str(since.year),
        "agreement_date": dt.date(today.year - 2, 6, 15).isoformat(),
        # the last three complete years of purchase history
        "y1": str(today.year - 3),
        "y2": str(today.year - 2),
        "y3": str(today.year - 1),
        "account": yaml_quote(account_name),
        "company": yaml_quote(company_name),
        "account_csv": csv_quote(account_name),
    }


def _starter_text(language: str, name: str) -> str:
    return (files("kam") / "starter" / language / name).read_text(encoding="utf-8")


def render_starter(
    locale: str = INIT_LOCALE,
    account: str | None = None,
    company: str | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Relative path → text of every starter file, without touching the disk."""
    language = language_of(locale)
    values = starter_values(locale, account, company, today)
    texts: dict[str, str] = {}
    for part in PARTS:
        body = Template(_starter_text(language, f"{part}.yaml")).substitute(values)
        header = f"# yaml-language-server: $schema=schema/{SCHEMA_FILES[part]}\n"
        texts[f"{part}.yaml"] = header + body
    for name in DATA_FILES:
        texts[name] = Template(_starter_text(language, name)).substitute(values)
    for part in PARTS:
        texts[f"schema/{SCHEMA_FILES[part]}"] = dumps(part_schema(part))
    return texts


def scaffold(
    target: Path,
    locale: str = INIT_LOCALE,
    account: str | None = None,
    company: str | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write a starter project into `target` (created if missing); return the files.

    `locale` is `es`, `en` or a language with a region (`es-MX`, `en-GB` …): the
    language picks the starter texts, the locale is written as given, the region
    picks the currency. `today` is the document date; the plan covers the next
    calendar year. Raises ScaffoldError, writing nothing, when any of the files
    already exists, and ValueError for an unknown locale or an empty name.
    """
    target = Path(target)
    texts = render_starter(locale, account, company, today)
    paths = [target / relative for relative in texts]
    existing = [p for p in paths if p.exists() or p.is_symlink()]
    if existing:
        raise ScaffoldError(existing)
    if target.exists() and not target.is_dir():
        raise ScaffoldError([target])
    written: list[Path] = []
    for path, text in zip(paths, texts.values(), strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": fail rather than overwrite a file created since the check above
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written
