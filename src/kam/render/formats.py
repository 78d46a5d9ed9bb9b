"""Locale-aware formatting of money, numbers, percentages and dates (Babel)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_compact_currency,
    format_decimal,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_pattern,
)

from kam.i18n import babel_locale, code_language  # noqa: F401 (babel_locale: render's too)


def language(code: str) -> str:
    return code_language(code)


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

    def money_axis(self, ticks: Sequence[float]) -> Callable[[float], str]:
        """The formatter of one money axis: every tick in the same unit and with the same
        decimals (`0,8 M €` … `1,2 M €`, never `800 mil €` beside `1 M €`).

        The unit is the locale's compact unit for the largest tick (Babel's CLDR
        patterns: `mil €`, `M €`; `K`, `M`, `B`); the decimals are the fewest that write
        every tick exactly, at most 3."""
        largest = max((abs(t) for t in ticks), default=0.0)
        short = self.locale.compact_currency_formats["short"]["other"]
        magnitude = max((int(m) for m in short if int(m) <= largest), default=0)
        pattern, divisor = None, 1
        if magnitude and "¤" in short[str(magnitude)].pattern:
            pattern = parse_pattern(short[str(magnitude)])
            if pattern.pattern != "0":  # "0": this magnitude is written in full
                divisor = magnitude // 10 ** (pattern.number_pattern.count("0") - 1)
        if pattern is None:
            pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        scaled = [decimal.Decimal(repr(float(t))) / divisor for t in ticks]
        digits = next((d for d in range(3) if all(s == round(s, d) for s in scaled)), 3)
        pattern.int_prec = (1, max(pattern.int_prec[1], 1))
        pattern.frac_prec = (digits, digits)

        def tick(value: float) -> str:
            number = round(decimal.Decimal(repr(float(value))) / divisor, digits)
            return pattern.apply(
                number + 0, self.locale, currency=self.currency, currency_digits=False
            )

        return tick

    def percent_axis(self, ticks: Sequence[float]) -> Callable[[float], str]:
        """The formatter of one percent axis: the fewest decimals that write every tick
        exactly (at most 2), the same for all."""
        scaled = [decimal.Decimal(repr(float(t))) * 100 for t in ticks]
        digits = next((d for d in range(2) if all(s == round(s, d) for s in scaled)), 2)
        return lambda value: self.percent(value, digits)

    @property
    def minus(self) -> str:
        """The locale's minus sign (Babel's; `-` in es and en)."""
        return get_minus_sign_symbol(self.locale)

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
        """A change in percentage points, always signed: `+4,0`, `-2,3`, `±0,0`, with the
        locale's plus and minus signs (the same minus as every other number)."""
        if value is None:
            return ""
        shown = round(value, 1)
        sign = get_plus_sign_symbol(self.locale) if shown > 0 else self.minus if shown < 0 else "±"
        return f"{sign}{self.number(abs(value), 1)}"

    def date(self, value: dt.date | None, style: str = "long") -> str:
        if value is None:
            return ""
        return format_date(value, format=style, locale=self.locale)
