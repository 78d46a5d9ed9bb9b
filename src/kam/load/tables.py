"""CSV tables: customers (up to a million rows, kept by column) and purchases (up to
millions of order lines, streamed and aggregated: raw rows are never kept or printed)."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import os
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kam.limits import (
    MAX_AMOUNT,
    MAX_CUSTOMERS,
    MAX_DATE,
    MAX_NAME_CHARS,
    MAX_YEAR,
    MIN_DATE,
    MIN_YEAR,
)
from kam.periods import PeriodKey, of_date, parse_period
from kam.problems import Pos, Problems, limit_text
from kam.text import CONTROL, control_message

MAX_ERRORS_PER_TABLE = 50
# A CSV file is read as a stream, but not without end: these bound the time and the
# memory a hostile file can take (a real purchases file of 5,000,000 order lines is
# about 250 MB).
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_CSV_LINE_CHARS = 4 * 1024 * 1024  # one line: a header of 200,000 columns fits
MAX_CSV_CELL_CHARS = 131_072  # the csv module's own limit (csv.field_size_limit())
# The purchase history: its size in the document grows with the periods and the
# products it names, not with its rows, which are only summed.
MAX_PURCHASE_ROWS = 5_000_000
MAX_HISTORY_YEARS = 50
MAX_PRODUCTS = 100

CUSTOMER_COLUMNS = (
    "id",
    "name",
    "revenue",
    "cogs",
    "cost_to_serve",
    "discounts",
    "segment",
    "attractiveness",
    "relative_strength",
)
CUSTOMER_REQUIRED = ("id", "name", "revenue", "cogs", "cost_to_serve")

PURCHASE_COLUMNS = ("date", "period", "product", "revenue", "gross_margin", "units", "orders")
PURCHASE_REQUIRED = ("product", "revenue")


def short(text: str, limit: int = 60) -> str:
    """A cell or column name quoted in a message: at most `limit` characters (a cell
    may hold 131,072 of them, and 200 messages may quote one)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TableError(Exception):
    pass


class _Reader:
    """Reads a CSV file's header and rows, with the checks every table gets."""

    def __init__(self, path: Path, columns: tuple[str, ...], required: Iterable[str]):
        self.path = path
        self.columns = columns
        self.required = tuple(required)
        self.decimal_comma = False

    def cells(self, problems: Problems) -> Iterator[tuple[int, list[str]]]:
        """Yield (line number, cells) of each data row with as many cells as the header."""
        try:
            handle = open(self.path, encoding="utf-8", newline="")  # noqa: SIM115
            size = os.fstat(handle.fileno()).st_size
        except OSError as exc:
            problems.error(f"cannot read CSV file: {exc.strerror}", Pos(self.path, 1, 1))
            return
        with handle:
            if size > MAX_CSV_BYTES:
                problems.error(
                    f"CSV file is {size:,} bytes; the limit is {MAX_CSV_BYTES:,} bytes",
                    Pos(self.path, 1, 1),
                )
                return
            delimiter = self._header(handle, problems)
            if delimiter is not None:
                yield from self._rows(handle, delimiter, problems)

    def _header(self, handle, problems: Problems) -> str | None:
        """Read and check the header row; its delimiter, or None when it is wrong."""
        try:
            first = handle.readline(MAX_CSV_LINE_CHARS + 1)
        except UnicodeDecodeError:
            self._not_utf8(problems)
            return None
        if len(first) > MAX_CSV_LINE_CHARS:
            self._long_line(problems, 1)
            return None
        first = first.removeprefix("\ufeff")
        if not first.strip():
            problems.error(
                "the CSV file is empty; its first row must name the columns "
                f"({', '.join(self.required)}, …)",
                Pos(self.path, 1, 1),
            )
            return None
        delimiter = ";" if first.count(";") > first.count(",") else ","
        self.decimal_comma = delimiter == ";"
        try:
            header = next(csv.reader([first], delimiter=delimiter))
        except csv.Error:
            self._long_cell(problems, first, 1, delimiter)
            return None
        self.names = [h.strip() for h in header]
        return delimiter if self._check_header(self.names, problems) else None

    def _rows(self, handle, delimiter: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
        """The data rows after the header (a hot loop: a million lines)."""
        width = len(self.names)
        reader = csv.reader(_lines(handle), delimiter=delimiter, strict=False)
        line = 1
        errors_before = problems.error_count
        try:
            for cells in reader:
                line = reader.line_num + 1
                if len(cells) == width:
                    yield line, cells
                    continue
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                problems.error(
                    f"the row has {len(cells)} cells but the header names {width} columns",
                    Pos(self.path, line, min(len(cells), width) + 1),
                )
                if problems.error_count - errors_before >= MAX_ERRORS_PER_TABLE:
                    problems.error(
                        f"stopped reading after {MAX_ERRORS_PER_TABLE} errors in this file",
                        Pos(self.path, line, 1),
                    )
                    return
        except UnicodeDecodeError:
            self._not_utf8(problems)
        except _LongLine:
            # the header, and the lines the reader has taken, come before this one
            self._long_line(problems, reader.line_num + 2)
        except csv.Error as exc:
            if "field limit" not in str(exc):
                problems.error(f"CSV syntax error: {exc}", Pos(self.path, line + 1, 1))
                return
            self._long_cell(problems, self._record(line + 1), line + 1, delimiter)

    def _long_line(self, problems: Problems, line: int) -> None:
        problems.error(
            f"the line is longer than {MAX_CSV_LINE_CHARS:,} characters (the limit); "
            "a CSV file holds one row per line",
            Pos(self.path, line, 1),
        )

    def _long_cell(self, problems: Problems, text: str, line: int, delimiter: str) -> None:
        problems.error(
            f"the cell is longer than {MAX_CSV_CELL_CHARS:,} characters (the limit); "
            'check for a quote (") that is never closed',
            Pos(self.path, line, _long_field(text, delimiter)),
        )

    def _record(self, line: int) -> str:
        """The text from the start of `line` on, enough to find a cell over the limit
        (the error path only: the file is read again)."""
        with open(self.path, encoding="utf-8", errors="replace", newline="") as handle:
            for _ in range(line - 1):
                handle.readline(MAX_CSV_LINE_CHARS + 1)
            return handle.read(MAX_CSV_CELL_CHARS + MAX_CSV_LINE_CHARS)

    def _not_utf8(self, problems: Problems) -> None:
        """Report the first byte that is not UTF-8 (text mode decodes ahead in chunks,
        so the error is located again here, on the error path only, reading the file
        in chunks: the line and the field number of the byte)."""
        line, field, pending, delimiter = 1, 1, b"", b""
        with open(self.path, "rb") as handle:
            while True:
                chunk = handle.read(1 << 20)
                data = pending + chunk
                if not delimiter:
                    data = data.removeprefix(b"\xef\xbb\xbf")
                    first = data.split(b"\n", 1)[0]
                    delimiter = b";" if first.count(b";") > first.count(b",") else b","
                bad = None
                try:
                    data.decode("utf-8")
                    good = len(data)
                except UnicodeDecodeError as exc:
                    good = exc.start
                    if exc.reason != "unexpected end of data" or not chunk:
                        bad = exc.start  # not a sequence cut by the end of the chunk
                done = data[:good]
                newline = done.rfind(b"\n")
                if newline >= 0:
                    line += done.count(b"\n")
                    field = 1 + done.count(delimiter, newline + 1)
                else:
                    field += done.count(delimiter)
                if bad is not None:
                    problems.error(
                        f"byte 0x{data[bad]:02x} is not valid UTF-8; save the file as UTF-8",
                        Pos(self.path, line, field),
                    )
                    return
                if not chunk:
                    return
                pending = data[good:]

    def too_many(self, problems: Problems, before: int, line: int) -> bool:
        if problems.error_count - before >= MAX_ERRORS_PER_TABLE:
            problems.error(
                f"stopped reading after {MAX_ERRORS_PER_TABLE} errors in this file",
                Pos(self.path, line, 1),
            )
            return True
        return False

    def _check_header(self, names: list[str], problems: Problems) -> bool:
        ok = True
        seen: set[str] = set()
        for index, name in enumerate(names):
            col = index + 1
            if name in seen:
                problems.error(
                    f"column '{short(name)}' appears twice in the header", Pos(self.path, 1, col)
                )
                ok = False
            seen.add(name)
            if name not in self.columns:
                ok = False
                if problems.full:
                    problems.count_error()  # not shown: skip the "did you mean"
                    continue
                hint = difflib.get_close_matches(name, self.columns, n=1)
                tip = f"did you mean '{hint[0]}'? " if hint else ""
                problems.error(
                    f"unknown column '{short(name)}'; {tip}expected columns: "
                    f"{', '.join(self.columns)}",
                    Pos(self.path, 1, col),
                )
        missing = [c for c in self.required if c not in seen]
        if self.columns is PURCHASE_COLUMNS and not ({"date", "period"} & seen):
            missing.insert(0, "date (or period)")
        if missing:
            problems.error(
                f"the header lacks the column(s) {', '.join(missing)}", Pos(self.path, 1, 1)
            )
            ok = False
        return ok

    def number(self, text: str) -> float:
        """A finite number written plainly: `1234.5`, `1_234.5`, or `1234,5` with `;`.

        float() does the parsing (this runs for every cell of a million-line file);
        what it accepts beyond plain numbers — `nan`, `inf`, `infinity`, non-ASCII
        digits — is refused here: all of those contain an `n` or a non-ASCII character.
        """
        if self.decimal_comma and "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not text.isascii() or "n" in text or "N" in text:
            raise TableError(f"'{short(text)}' is not a number (write it like 1234.50)")
        if -_MAX <= value <= _MAX:
            return value
        if value in (_INF, -_INF):
            raise TableError(f"the number '{text[:24]}' is too large")
        if value > 0:
            raise TableError(f"must be at most {limit_text(MAX_AMOUNT)}, got {value:g}")
        raise TableError(f"must be at least {limit_text(-MAX_AMOUNT)}, got {value:g}")


_MAX = float(MAX_AMOUNT)
_INF = float("inf")


class _LongLine(Exception):
    pass


def _lines(handle) -> Iterator[str]:
    """The lines of `handle`, none longer than MAX_CSV_LINE_CHARS: a file of one huge
    line would otherwise become one row of millions of cells in memory."""
    read = handle.readline
    while line := read(MAX_CSV_LINE_CHARS + 1):
        if len(line) > MAX_CSV_LINE_CHARS:
            raise _LongLine
        yield line


def _long_field(text: str, delimiter: str) -> int:
    """The field number (from 1) of the first cell of `text` over the csv module's
    limit: a quote-aware scan, on the error path only."""
    field, length, quoted = 1, 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted or char not in (delimiter, "\n", "\r"):
            length += 1
            if length > MAX_CSV_CELL_CHARS:
                break
        elif char == delimiter:
            field, length = field + 1, 0
        else:
            break
    return field


def date_range_message(text: str) -> str:
    return f"must be between {MIN_DATE} and {MAX_DATE}, got {text}"


def year_range_message(text: str) -> str:
    return f"the year must be between {MIN_YEAR} and {MAX_YEAR}, got {text[:4]}"


class HistoryLimits:
    """The limits on what a purchase history names: its span in years and its
    products. `check` is called for each new (period, product) pair only."""

    def __init__(self) -> None:
        self.first = self.last = 0
        self.products: set[str] = set()

    def check(self, period: PeriodKey, product: str, written: str) -> tuple[str, str] | None:
        """("period" or "product", the message) when adding them breaks a limit;
        `written` is the date or period as the user wrote it."""
        first = min(self.first or period.year, period.year)
        last = max(self.last, period.year)
        if last - first + 1 > MAX_HISTORY_YEARS:
            return "period", (
                f"{written} makes the purchase history span {last - first + 1} years "
                f"({first}–{last}); the limit is {MAX_HISTORY_YEARS} years"
            )
        self.first, self.last = first, last
        if product not in self.products:
            if len(self.products) >= MAX_PRODUCTS:
                return "product", (
                    f"'{short(product)}' is one product too many; the limit is {MAX_PRODUCTS} "
                    "products: group them into product lines"
                )
            self.products.add(product)
        return None


# ------------------------------------------------------------------------ customers

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_ID_CHARS = 64  # as the models' Id


class CustomerData(NamedTuple):
    """One customer of a portfolio, as the analysis reads it."""

    id: str
    name: str
    revenue: float
    cogs: float
    cost_to_serve: float
    discounts: float
    segment: str | None
    attractiveness: int | None
    relative_strength: int | None


@dataclass
class CustomerTable:
    """Portfolio customers by column: a million rows take about 200 MB, where dicts
    and models of every row took gigabytes. `lines` and `columns` place each cell of
    a CSV file in messages."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    segments: list[str | None] = field(default_factory=list)
    revenue: array = field(default_factory=lambda: array("d"))
    cogs: array = field(default_factory=lambda: array("d"))
    cost_to_serve: array = field(default_factory=lambda: array("d"))
    discounts: array = field(default_factory=lambda: array("d"))
    attractiveness: bytearray = field(default_factory=bytearray)  # 0: not given
    relative_strength: bytearray = field(default_factory=bytearray)
    path: Path | None = None
    lines: array = field(default_factory=lambda: array("l"))
    columns: dict[str, int] = field(default_factory=dict)  # field number, from 1

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[CustomerData]:
        return (self.row(i) for i in range(len(self)))

    def row(self, i: int) -> CustomerData:
        return CustomerData(
            self.ids[i],
            self.names[i],
            self.revenue[i],
            self.cogs[i],
            self.cost_to_serve[i],
            self.discounts[i],
            self.segments[i],
            self.attractiveness[i] or None,
            self.relative_strength[i] or None,
        )

    def pos(self, i: int, column: str = "id") -> Pos | None:
        if self.path is None:
            return None
        return Pos(self.path, self.lines[i], self.columns.get(column, 1))

    def append(self, c: CustomerData) -> None:
        self.ids.append(c.id)
        self.names.append(c.name)
        self.segments.append(c.segment)
        self.revenue.append(c.revenue)
        self.cogs.append(c.cogs)
        self.cost_to_serve.append(c.cost_to_serve)
        self.discounts.append(c.discounts)
        self.attractiveness.append(c.attractiveness or 0)
        self.relative_strength.append(c.relative_strength or 0)

    @classmethod
    def of(cls, customers: Iterable[object]) -> CustomerTable:
        """A table of validated customer models (a portfolio written inline)."""
        table = cls()
        for c in customers:
            table.append(
                CustomerData(
                    *(getattr(c, name) for name in CustomerData._fields)  # type: ignore[arg-type]
                )
            )
        return table


class _RowError(Exception):
    def __init__(self, column: str, message: str, key: bool = False):
        super().__init__(message)
        self.column, self.message, self.key = column, message, key


def read_customers(path: Path, problems: Problems) -> CustomerTable | None:
    """Read and check a portfolio CSV, cell by cell, with the rules (and the words) of
    the Customer model; None when it has errors."""
    reader = _Reader(path, CUSTOMER_COLUMNS, CUSTOMER_REQUIRED)
    table = CustomerTable(path=path)
    before = problems.error_count
    segments: dict[str, str] = {}  # one string per distinct segment
    for line, cells in reader.cells(problems):
        index = len(table.lines)
        if not table.columns:
            table.columns = {name: i + 1 for i, name in enumerate(reader.names)}
            at = {name: i for i, name in enumerate(reader.names)}
        if index >= MAX_CUSTOMERS:
            problems.error(
                f"the file has more than {MAX_CUSTOMERS:,} customers (the limit)",
                Pos(path, line, 1),
            )
            return None
        table.lines.append(line)
        try:
            ident = _customer_text(cells, at, "id")
            if len(ident) > MAX_ID_CHARS:
                raise _RowError(
                    "id", f"has {len(ident):,} characters; the limit is {MAX_ID_CHARS}", True
                )
            if not _SLUG.fullmatch(ident):
                shown = ident if len(ident) <= 60 else ident[:59] + "…"
                raise _RowError(
                    "id",
                    f"'{shown}' is not valid here; use a short slug of letters, digits, '-' or '_'",
                    True,
                )
            segment = _customer_text(cells, at, "segment", required=False) or None
            row = CustomerData(
                ident,
                _customer_text(cells, at, "name"),
                _amount(reader, cells, at, "revenue"),
                _amount(reader, cells, at, "cogs"),
                _amount(reader, cells, at, "cost_to_serve"),
                _amount(reader, cells, at, "discounts", required=False),
                segments.setdefault(segment, segment) if segment else None,
                _score(reader, cells, at, "attractiveness"),
                _score(reader, cells, at, "relative_strength"),
            )
        except _RowError as exc:
            key = f"portfolio.customers[{index}].{exc.column}: " if exc.key else ""
            problems.error(key + exc.message, Pos(path, line, table.columns[exc.column]))
            if reader.too_many(problems, before, line):
                return None
            continue
        if problems.error_count == before:
            table.append(row)
    return table if problems.error_count == before else None


def _customer_text(cells: list[str], at: dict[str, int], name: str, required=True) -> str:
    i = at.get(name)
    text = cells[i].strip() if i is not None else ""
    if not text and required:
        raise _RowError(name, f"column '{name}' is empty; it is required")
    if found := CONTROL.search(text):
        raise _RowError(name, f"column '{name}': the cell {control_message(found.group())}")
    if len(text) > MAX_NAME_CHARS:
        raise _RowError(name, f"has {len(text):,} characters; the limit is {MAX_NAME_CHARS}", True)
    return text


def _amount(reader: _Reader, cells: list[str], at: dict[str, int], name: str, required=True):
    i = at.get(name)
    text = cells[i].strip() if i is not None else ""
    if not text:
        if required:
            raise _RowError(name, f"column '{name}' is empty; it is required")
        return 0.0
    try:
        value = reader.number(text)
    except TableError as exc:
        raise _RowError(name, f"column '{name}': {exc}") from None
    if value < 0:
        raise _RowError(name, f"cannot be negative, got {value:g}", True)
    return value


def _score(reader: _Reader, cells: list[str], at: dict[str, int], name: str) -> int | None:
    i = at.get(name)
    text = cells[i].strip() if i is not None else ""
    if not text:
        return None
    try:
        value = reader.number(text)
    except TableError as exc:
        raise _RowError(name, f"column '{name}': {exc}") from None
    if value != int(value):
        raise _RowError(name, f"column '{name}': '{short(text)}' is not a whole number")
    if not 1 <= value <= 10:
        bound = "at least 1" if value < 1 else "at most 10"
        raise _RowError(name, f"must be {bound}, got {value:g}", True)
    return int(value)


# ---------------------------------------------------------------- purchase history


@dataclass
class Bucket:
    revenue: float = 0.0
    gross_margin: float = 0.0
    margin_revenue: float = 0.0  # revenue of the lines whose margin is known
    units: float = 0.0
    orders: int = 0
    lines: int = 0

    def add(self, other: Bucket) -> None:
        self.revenue += other.revenue
        self.gross_margin += other.gross_margin
        self.margin_revenue += other.margin_revenue
        self.units += other.units
        self.orders += other.orders
        self.lines += other.lines


@dataclass
class PurchaseData:
    """Purchase history aggregated by period and product."""

    buckets: dict[tuple[PeriodKey, str], Bucket] = field(default_factory=dict)
    has_margin: bool = False
    has_orders: bool = False
    has_units: bool = False

    def add(
        self,
        period: PeriodKey,
        product: str,
        revenue: float,
        margin: float | None = None,
        units: float | None = None,
        orders: int | float | None = None,
    ) -> None:
        """Add one order line (or one period's row) to its bucket."""
        bucket = self.buckets.get((period, product))
        if bucket is None:
            bucket = self.buckets[(period, product)] = Bucket()
        bucket.revenue += revenue
        bucket.lines += 1
        if margin is not None:
            bucket.gross_margin += margin
            bucket.margin_revenue += revenue
            self.has_margin = True
        if units is not None:
            bucket.units += units
            self.has_units = True
        if orders is not None:
            bucket.orders += int(orders)
            self.has_orders = True

    @property
    def granularity(self) -> str:
        """The finest level every row has: "month", "quarter" or "year"."""
        level = "month"
        for period, _product in self.buckets:
            if not period.quarter:
                return "year"
            if not period.month:
                level = "quarter"
        return level


def row_period(row: dict[str, object]) -> PeriodKey | None:
    date = row.get("date")
    if isinstance(date, dt.date):
        return of_date(date)
    period = row.get("period")
    return parse_period(str(period)) if period is not None else None


def read_purchases(path: Path, problems: Problems) -> PurchaseData:
    """Stream a purchases CSV into per-period, per-product buckets.

    This is the hot loop for files of a million lines: cells are converted inline and
    the period of each distinct date text is parsed once.
    """
    data = PurchaseData()
    reader = _Reader(path, PURCHASE_COLUMNS, PURCHASE_REQUIRED)
    periods: dict[str, PeriodKey] = {}
    limits = HistoryLimits()
    before = problems.error_count
    index: dict[str, int] = {}
    for line, cells in reader.cells(problems):
        if line > MAX_PURCHASE_ROWS + 1:
            problems.error(
                f"the file has more than {MAX_PURCHASE_ROWS:,} rows (the limit); sum its "
                "order lines by day or month",
                Pos(path, line, 1),
            )
            break
        if not index:
            index = {name: i for i, name in enumerate(reader.names)}
            i_date, i_period = index.get("date"), index.get("period")
            i_product, i_revenue = index["product"], index["revenue"]
            i_margin, i_units, i_orders = (
                index.get("gross_margin"), index.get("units"), index.get("orders")
            )  # fmt: skip
        try:
            stamp = cells[i_date].strip() if i_date is not None else ""
            column = i_date
            if not stamp and i_period is not None:
                stamp, column = cells[i_period].strip(), i_period
            if not stamp:
                raise _CellError(0, "the row has neither a date nor a period")
            period = periods.get(stamp)
            if period is None:
                period = _parse_stamp(stamp, column == i_date)
                if period is None:
                    raise _CellError(column, _stamp_message(stamp, column == i_date))
                if not MIN_YEAR <= period.year <= MAX_YEAR:
                    name = "date" if column == i_date else "period"
                    wrong = date_range_message if name == "date" else year_range_message
                    raise _CellError(column, f"column '{name}': {wrong(stamp)}")
                periods[stamp] = period
            product = cells[i_product].strip()
            if not product:
                raise _CellError(i_product, "column 'product' is empty; it is required")
            if found := CONTROL.search(product):
                raise _CellError(
                    i_product, f"column 'product': the cell {control_message(found.group())}"
                )
            if len(product) > MAX_NAME_CHARS:
                raise _CellError(
                    i_product,
                    f"column 'product': has {len(product):,} characters; the limit is "
                    f"{MAX_NAME_CHARS}",
                )
            revenue = _cell_number(reader, cells, i_revenue, "revenue", required=True)
            margin = _cell_number(reader, cells, i_margin, "gross_margin")
            units = _cell_number(reader, cells, i_units, "units")
            orders = _cell_number(reader, cells, i_orders, "orders")
            if orders is not None and orders != int(orders):
                raise _CellError(
                    i_orders, f"column 'orders': '{short(cells[i_orders])}' is not a whole number"
                )
            if (period, product) not in data.buckets:
                wrong = limits.check(period, product, stamp)
                if wrong:
                    kind, message = wrong
                    if kind == "product":
                        where, name = i_product, "product"
                    else:
                        where, name = column, "date" if column == i_date else "period"
                    problems.error(f"column '{name}': {message}", Pos(path, line, where + 1))
                    break
        except _CellError as exc:
            problems.error(exc.message, Pos(path, line, (exc.column or 0) + 1))
            if reader.too_many(problems, before, line):
                break
            continue
        data.add(period, product, revenue, margin, units, orders)
    return data


class _CellError(Exception):
    def __init__(self, column: int | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def _cell_number(reader: _Reader, cells: list[str], i: int | None, name: str, required=False):
    if i is None:
        return None
    text = cells[i].strip()
    if not text:
        if required:
            raise _CellError(i, f"column '{name}' is empty; it is required")
        return None
    try:
        return reader.number(text)
    except TableError as exc:
        raise _CellError(i, f"column '{name}': {exc}") from None


def _parse_stamp(text: str, is_date: bool) -> PeriodKey | None:
    if is_date:
        if len(text) != 10:
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return of_date(day)
    return parse_period(text)


def _stamp_message(text: str, is_date: bool) -> str:
    if is_date:
        return f"column 'date': '{short(text)}' is not an ISO date (write it like 2025-03-31)"
    return f"column 'period': '{short(text)}' is not a period (write 2024, 2024-Q1 or 2024-03)"


def aggregate_records(records: Iterable[dict[str, object]]) -> PurchaseData:
    """Aggregate inline records (already validated) the same way as a CSV file."""
    data = PurchaseData()
    for row in records:
        period = row_period(row)
        if period is not None:
            data.add(
                period,
                str(row["product"]),
                float(row["revenue"]),  # type: ignore[arg-type]
                row.get("gross_margin"),  # type: ignore[arg-type]
                row.get("units"),  # type: ignore[arg-type]
                row.get("orders"),  # type: ignore[arg-type]
            )
    return data


@dataclass
class Tables:
    """The CSV files a document names, read by the loader (inline rows are in the
    document itself)."""

    purchases: PurchaseData | None = None  # analysis.purchase_history: {csv: …}
    customers: CustomerTable | None = None  # portfolio.customers: {csv: …}
