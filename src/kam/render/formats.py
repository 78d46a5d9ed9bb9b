"""Locale-aware formatting of money, numbers, percentages and dates (Babel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_compact_currency,
    format_decimal,
    parse_pattern,
)

from kam.registry import split_locale


def babel_locale(code: str) -> Locale:
    """`es` → es_ES, `en` → en_US, `es-MX` → es_MX."""
    return Locale.parse("_".join(split_locale(code)))


def language(code: str) -> str:
    return split_locale(code)[0]


@dataclass
class Formatter:
    """Formats values for one locale and currency; used as Jinja filters."""

    locale: Locale
    currency: str

    def money(self, value: float | None, cents: bool = False) -> str:
        if value is None:
            return ""
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        digits = 2 if cents else 0
        pattern.frac_prec = (digits, digits)
        return pattern.apply(
            round(value, digits), self.locale, currency=self.currency, currency_digits=False
        )

    def compact_money(self, value: float) -> str:
        """Short amounts for chart axes and labels: `1,2 M €`, `€250K`."""
        digits = 1 if abs(value) >= 1000 else 0
        return format_compact_currency(
            value, self.currency, locale=self.locale, fraction_digits=digits
        )

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return ""
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def smart(self, value: float | str | None) -> str:
        """A number as written: whole numbers without decimals, others with up to 2."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if float(value).is_integer():
            return self.number(value)
        return format_decimal(value, format="#,##0.##", locale=self.locale)

    def percent(self, fraction: float | None, digits: int = 1) -> str:
        if fraction is None:
            return ""
        pattern = parse_pattern(self.locale.percent_formats[None].pattern)
        pattern.frac_prec = (digits, digits)
        return pattern.apply(fraction, self.locale)

    def pct(self, value: float | None, digits: int = 0) -> str:
        """A percentage written by the user as 0..100."""
        return self.percent(None if value is None else value / 100, digits)

    def points(self, value: float | None) -> str:
        if value is None:
            return ""
        sign = "+" if value > 0 else "−" if value < 0 else "±"
        return f"{sign}{self.number(abs(value), 1)}"

    def date(self, value: dt.date | None, style: str = "long") -> str:
        if value is None:
            return ""
        return format_date(value, format=style, locale=self.locale)
