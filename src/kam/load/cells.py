"""The cells of a table file as teams export them: how a file is to be read (the
options its YAML declares), numbers with the separators of a locale, dates in ISO or
day/month order, and problems repeated on many rows said once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kam.i18n import _, babel_locale, code_of
from kam.limits import MAX_AMOUNT, MAX_DATE, MAX_YEAR, MIN_DATE, MIN_YEAR
from kam.periods import PeriodKey, of_date, parse_period
from kam.problems import Pos, Problems, limit_text
from kam.text import number as count

#: How many rows a repeated problem names (the first ones); the rest are counted.
ROWS_NAMED = 5


@dataclass(frozen=True)
class TableOptions:
    """How to read one table file: the document's locale and what its YAML declares
    beside `csv:` or `xlsx:` (kam.load reads and checks them)."""

    locale: str | None = None  # the document's: the separators of its numbers
    decimal: str | None = None  # "," or ".", when declared
    date_format: str | None = None  # strptime's, when declared ("%d/%m/%Y")
    encoding: str = "utf-8"  # CSV only; checked by the loader
    columns: dict[str, str] = field(default_factory=dict)  # the file's header → kam's
    xlsx: bool = False  # a workbook (`xlsx:`), not a CSV file
    sheet: str | None = None  # xlsx only: default the first sheet
    at: Pos | None = None  # where the YAML names the file
    sheet_at: Pos | None = None  # where it names the sheet


def short(text: str, limit: int = 60) -> str:
    """A cell or column name quoted in a message: at most `limit` characters (a cell
    may hold 131,072 of them, and 200 messages may quote one)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CellError(Exception):
    """A cell that cannot be read: its column (an index from 0, None for the row) and
    what to say."""

    def __init__(self, column: int | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


# ------------------------------------------------------------------------- numbers

_MAX = float(MAX_AMOUNT)
_INF = float("inf")


@cache
def locale_decimal(locale: str | None) -> str:
    """The decimal symbol of a document's locale (Babel's): `,` for es and es-ES, `.`
    for en and es-MX."""
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:  # a bare language writes as its main region: es as es-ES
        parsed = babel_locale(locale or "en")
    except (ValueError, KeyError, UnknownLocaleError):
        return "."
    return "," if get_decimal_symbol(parsed) == "," else "."


_GROUPED = {
    ",": re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+"),
    ".": re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"),
}


class Numbers:
    """Reads the numbers of one file: plain (`1234.5`, `1_234.5`) or written with the
    separators of its decimal symbol (`36.306,21` with `,`, `36,306.21` with `.`)."""

    def __init__(self, decimal: str | None, locale: str | None = None):
        self._decimal = decimal  # None: the locale's, looked up when a number needs it
        self.locale = locale

    @property
    def decimal(self) -> str:
        """The decimal symbol (Babel's data for the locale is read once, and only when
        a number has separators: plain numbers never need it)."""
        if self._decimal is None:
            self._decimal = locale_decimal(self.locale)
        return self._decimal

    @property
    def grouped(self) -> re.Pattern[str]:
        return _GROUPED[self.decimal]

    @property
    def example(self) -> str:
        return "1234,50" if self.decimal == "," else "1234.50"

    def read(self, text: str, name: str) -> float:
        """A finite number within the limits, else CellError (no column).

        float() does the parsing of plain numbers (this runs for every cell of a
        million-line file); what it accepts beyond plain numbers — `nan`, `inf`,
        non-ASCII digits — is refused: all of those hold an `n` or a non-ASCII
        character. With a decimal comma, `36.306` is thirty-six thousand.
        """
        try:
            value = float(text)
        except ValueError:
            value = self._grouped(text, name)
        else:
            if not text.isascii() or "n" in text or "N" in text:
                raise CellError(None, self._not_a_number(text, name))
            if text[-4:-3] == "." and self.decimal == "," and self.grouped.fullmatch(text):
                value = float(text.replace(".", ""))
        if -_MAX <= value <= _MAX:
            return value
        return self.check(value, name, text)

    def _grouped(self, text: str, name: str) -> float:
        if not self.grouped.fullmatch(text):
            raise CellError(None, self._not_a_number(text, name))
        group = "." if self.decimal == "," else ","
        return float(text.replace(group, "").replace(",", "."))

    def _not_a_number(self, text: str, name: str) -> str:
        return _(
            "column '{name}': '{text}' is not a number (write it like {example})",
            name=name,
            text=short(text),
            example=self.example,
        )

    def check(self, value: float, name: str, text: str) -> float:
        """`value` when it is within the limits, else CellError (no column)."""
        if -_MAX <= value <= _MAX:
            return value
        if value in (_INF, -_INF):
            message = _(
                "column '{name}': the number '{text}' is too large", name=name, text=text[:24]
            )
        elif value > 0:
            message = _(
                "column '{name}': must be at most {limit}, got {value}",
                name=name,
                limit=limit_text(MAX_AMOUNT),
                value=format(value, "g"),
            )
        else:
            message = _(
                "column '{name}': must be at least {limit}, got {value}",
                name=name,
                limit=limit_text(-MAX_AMOUNT),
                value=format(value, "g"),
            )
        raise CellError(None, message)


# --------------------------------------------------------------------------- dates

# a time after the date, as ERP exports write it, is left out: `31/03/2025 10:30`
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_SLASHED = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}" + _TIME)


class Undecided(PeriodKey):
    """A date like 01/03/2024 read before the file shows its order: its year only."""


class Dates:
    """Reads the dates of one file: ISO (`2025-03-31`), a declared `date_format`, or
    day/month/year (`31/03/2025`, `1/3/25`) and month/day/year, whichever order the
    file's own dates show (a first number above 12 is a day; a second one is)."""

    def __init__(self, date_format: str | None):
        self.format = date_format
        self.order: str | None = None  # "dmy" or "mdy", once a date shows it
        self.shown_by = ""  # the date that showed it

    def period(self, text: str) -> PeriodKey:
        """The month of the date `text`; `Undecided` when its order is not known yet;
        CellError's message (no column) when it is not a date."""
        if self.format:
            try:
                day = dt.datetime.strptime(text, self.format).date()
            except ValueError:
                raise CellError(
                    None,
                    _(
                        "column 'date': '{text}' does not match the date_format '{format}'",
                        text=short(text),
                        format=self.format,
                    ),
                ) from None
            return self.in_range(day, text)
        if text[4:5] == "-" and (len(text) == 10 or _ISO_TIME.fullmatch(text)):
            try:
                return self.in_range(dt.date.fromisoformat(text[:10]), text)
            except ValueError:
                pass
        match = _SLASHED.fullmatch(text)
        if match is None:
            raise CellError(None, _not_a_date(text))
        return self._slashed(text, int(match[1]), int(match[3]), match[4])

    def _slashed(self, text: str, first: int, second: int, year_text: str) -> PeriodKey:
        year = int(year_text)
        if len(year_text) == 2:  # as strptime's %y: 69–99 are 1969–1999
            year += 1900 if year >= 69 else 2000
        order = self.order
        if order is None:
            if first > 12 >= second:
                order = "dmy"
            elif second > 12 >= first:
                order = "mdy"
            elif first <= 12 and second <= 12:
                if not MIN_YEAR <= year <= MAX_YEAR:
                    raise CellError(None, _date_range(text))
                return Undecided(year)
            else:
                raise CellError(None, _not_a_date(text))
            self.order, self.shown_by = order, text
        day, month = (first, second) if order == "dmy" else (second, first)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise CellError(None, self._wrong_order(text)) from None
        return self.in_range(date, text)

    def _wrong_order(self, text: str) -> str:
        if self.order == "dmy":
            return _(
                "column 'date': '{text}' is not a date in the file's day/month/year order "
                "(shown by '{shown}')",
                text=short(text),
                shown=self.shown_by,
            )
        return _(
            "column 'date': '{text}' is not a date in the file's month/day/year order "
            "(shown by '{shown}')",
            text=short(text),
            shown=self.shown_by,
        )

    def settle(self, text: str) -> PeriodKey:
        """The month of a date read as `Undecided`, now that the order is known."""
        match = _SLASHED.fullmatch(text)
        assert match is not None and self.order is not None
        return self._slashed(text, int(match[1]), int(match[3]), match[4])

    @staticmethod
    def in_range(day: dt.date, text: str) -> PeriodKey:
        if not MIN_DATE <= day <= MAX_DATE:
            raise CellError(None, _date_range(text))
        return of_date(day)


def reads_dates(date_format: str) -> bool:
    """True when `date_format` (strptime's) reads a day, a month and a year."""
    sample = dt.date(2031, 11, 23)
    try:
        return dt.datetime.strptime(sample.strftime(date_format), date_format).date() == sample
    except ValueError:
        return False


def _not_a_date(text: str) -> str:
    return _(
        "column 'date': '{text}' is not a date (write it like 2025-03-31 or 31/03/2025)",
        text=short(text),
    )


def _date_range(text: str) -> str:
    return _(
        "column 'date': must be between {low} and {high}, got {text}",
        low=MIN_DATE,
        high=MAX_DATE,
        text=short(text),
    )


def read_period(text: str) -> PeriodKey:
    """The period of a `period` cell (2024, 2024-Q1, 2024-03)."""
    period = parse_period(text)
    if period is None:
        raise CellError(
            None,
            _(
                "column 'period': '{text}' is not a period (write 2024, 2024-Q1 or 2024-03)",
                text=short(text),
            ),
        )
    return period_in_range(period, text[:4])


def period_in_range(period: PeriodKey, year: str) -> PeriodKey:
    """`period`, when its year (`year`, as the cell writes it) is in kam's range."""
    if not MIN_YEAR <= period.year <= MAX_YEAR:
        raise CellError(
            None,
            _(
                "column 'period': the year must be between {low} and {high}, got {year}",
                low=MIN_YEAR,
                high=MAX_YEAR,
                year=year,
            ),
        )
    return period


def ambiguous_dates(text: str) -> str:
    return _(
        "column 'date': the dates could be day/month/year or month/day/year (no day is "
        "above 12, e.g. '{text}'); say which with date_format: \"%d/%m/%Y\" or "
        'date_format: "%m/%d/%Y"',
        text=short(text),
    )


# ------------------------------------------------------------------------ problems


@dataclass
class _Group:
    pos: Pos
    message: str
    code: str
    count: int = 1
    rows: list[int] = field(default_factory=list)


class Complaints:
    """The problems of a table's cells, gathered by column and kind: a problem repeated
    on many rows becomes one message with the count and the first rows."""

    def __init__(self) -> None:
        self.groups: dict[tuple[int | None, str], _Group] = {}

    def add(self, message: str, pos: Pos, column: int | None, core: str = "") -> None:
        """Count a problem; `core` (default: the message), translated by `_()`, tells
        by its English source which problems are the same."""
        core = core or message
        key = (column, getattr(core, "msgid", core))
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = _Group(pos, message, code_of(core))
        else:
            group.count += 1
            if len(group.rows) < ROWS_NAMED:
                group.rows.append(pos.line)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def report(self, problems: Problems) -> None:
        """Add each problem once, in the order of their first rows."""
        for group in sorted(self.groups.values(), key=lambda g: (g.pos.line, g.pos.col)):
            message = group.message
            if group.count > 1:
                rows = ", ".join(str(r) for r in [group.pos.line, *group.rows])
                if group.count > len(group.rows) + 1:
                    rows += ", …"
                message = _(
                    "{problem} (on {count} rows: {rows})",
                    problem=message,
                    count=count(group.count),
                    rows=rows,
                )
            problems.error(message, group.pos, code=group.code)


def pos_of(path: Path, sheet: str | None, line: int, column: int | None) -> Pos:
    """A cell's position: `column` is an index from 0 (None: the row's start)."""
    return Pos(path, line, (column or 0) + 1, sheet)
