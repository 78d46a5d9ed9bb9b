"""CSV tables: customers (a few thousand rows, kept) and purchases (up to millions of
order lines, streamed and aggregated: raw rows are never kept or printed)."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kam.problems import Pos, Problems
from kam.yamlsource import Loc

MAX_ERRORS_PER_TABLE = 50

NUM, INT, TEXT, DATE, PERIOD = "number", "integer", "text", "date", "period"

CUSTOMER_COLUMNS = {
    "id": TEXT,
    "name": TEXT,
    "revenue": NUM,
    "cogs": NUM,
    "cost_to_serve": NUM,
    "discounts": NUM,
    "segment": TEXT,
    "attractiveness": INT,
    "relative_strength": INT,
}
CUSTOMER_REQUIRED = ("id", "name", "revenue", "cogs", "cost_to_serve")

PURCHASE_COLUMNS = {
    "date": DATE,
    "period": PERIOD,
    "product": TEXT,
    "revenue": NUM,
    "gross_margin": NUM,
    "units": NUM,
    "orders": INT,
}
PURCHASE_REQUIRED = ("product", "revenue")

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


class TableError(Exception):
    pass


@dataclass
class Table:
    rows: list[dict[str, object]] = field(default_factory=list)
    positions: dict[Loc, Pos] = field(default_factory=dict)
    key_positions: dict[Loc, Pos] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeriodKey:
    """A calendar period; quarter and month are 0 when not known."""

    year: int
    quarter: int = 0
    month: int = 0


def parse_period(text: str) -> PeriodKey | None:
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    year, quarter, month = match.groups()
    if month:
        m = int(month)
        return PeriodKey(int(year), (m - 1) // 3 + 1, m)
    if quarter:
        return PeriodKey(int(year), int(quarter))
    return PeriodKey(int(year))


class _Reader:
    """Reads a CSV file's header and rows, with the checks every table gets."""

    def __init__(self, path: Path, columns: dict[str, str], required: Iterable[str]):
        self.path = path
        self.columns = columns
        self.required = tuple(required)
        self.decimal_comma = False

    def rows(self, problems: Problems) -> Iterator[tuple[int, dict[str, object]]]:
        try:
            handle = open(self.path, encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            problems.error(f"cannot read CSV file: {exc.strerror}", Pos(self.path, 1, 1))
            return
        with handle:
            try:
                first = handle.readline()
            except UnicodeDecodeError:
                problems.error("the CSV file is not UTF-8; save it as UTF-8", Pos(self.path, 1, 1))
                return
            if first.startswith("\ufeff"):
                first = first[1:]
            if not first.strip():
                problems.error(
                    "the CSV file is empty; its first row must name the columns "
                    f"({', '.join(self.required)}, …)",
                    Pos(self.path, 1, 1),
                )
                return
            delimiter = ";" if first.count(";") > first.count(",") else ","
            self.decimal_comma = delimiter == ";"
            header = next(csv.reader([first], delimiter=delimiter))
            names = [h.strip() for h in header]
            if not self._check_header(names, problems):
                return
            reader = csv.reader(handle, delimiter=delimiter, strict=False)
            line = 1
            errors_before = len(problems.errors)
            try:
                for cells in reader:
                    line = reader.line_num + 1
                    if not cells or (len(cells) == 1 and not cells[0].strip()):
                        continue
                    if "\x00" in "".join(cells):
                        problems.error("the row contains a NUL character", Pos(self.path, line, 1))
                        continue
                    if len(cells) != len(names):
                        problems.error(
                            f"the row has {len(cells)} cells but the header names "
                            f"{len(names)} columns",
                            Pos(self.path, line, 1),
                        )
                    else:
                        row = self._convert(names, cells, line, problems)
                        if row is not None:
                            yield line, row
                    if len(problems.errors) - errors_before >= MAX_ERRORS_PER_TABLE:
                        problems.error(
                            f"stopped reading after {MAX_ERRORS_PER_TABLE} errors in this file",
                            Pos(self.path, line, 1),
                        )
                        return
            except UnicodeDecodeError:
                problems.error(
                    "the CSV file is not valid UTF-8 here; save it as UTF-8",
                    Pos(self.path, line + 1, 1),
                )
            except csv.Error as exc:
                problems.error(f"CSV syntax error: {exc}", Pos(self.path, line + 1, 1))

    def _check_header(self, names: list[str], problems: Problems) -> bool:
        ok = True
        seen: set[str] = set()
        for index, name in enumerate(names):
            col = index + 1
            if name in seen:
                problems.error(f"column '{name}' appears twice in the header", Pos(self.path, 1, col))
                ok = False
            seen.add(name)
            if name not in self.columns:
                hint = difflib.get_close_matches(name, self.columns, n=1)
                tip = f"did you mean '{hint[0]}'? " if hint else ""
                problems.error(
                    f"unknown column '{name}'; {tip}expected columns: {', '.join(self.columns)}",
                    Pos(self.path, 1, col),
                )
                ok = False
        missing = [c for c in self.required if c not in seen]
        if self.columns is PURCHASE_COLUMNS and not ({"date", "period"} & seen):
            missing.insert(0, "date (or period)")
        if missing:
            problems.error(
                f"the header lacks the column(s) {', '.join(missing)}", Pos(self.path, 1, 1)
            )
            ok = False
        return ok

    def _convert(
        self, names: list[str], cells: list[str], line: int, problems: Problems
    ) -> dict[str, object] | None:
        row: dict[str, object] = {}
        ok = True
        for index, (name, raw) in enumerate(zip(names, cells, strict=True)):
            text = raw.strip()
            if not text:
                if name in self.required:
                    problems.error(
                        f"column '{name}' is empty; it is required", Pos(self.path, line, index + 1)
                    )
                    ok = False
                continue
            try:
                row[name] = self._cell(self.columns[name], text)
            except TableError as exc:
                problems.error(f"column '{name}': {exc}", Pos(self.path, line, index + 1))
                ok = False
        return row if ok else None

    def _cell(self, kind: str, text: str) -> object:
        if kind == TEXT:
            return text
        if kind in (NUM, INT):
            number = text.replace("_", "")
            if self.decimal_comma and "," in number and "." not in number:
                number = number.replace(",", ".")
            if not _NUMBER.match(number):
                raise TableError(f"'{text}' is not a number (write it like 1234.50)")
            if kind == INT:
                value = float(number)
                if value != int(value):
                    raise TableError(f"'{text}' is not a whole number")
                return int(value)
            return float(number)
        if kind == DATE:
            try:
                return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
            except ValueError:
                _bad_date(text)
        if kind == PERIOD:
            if parse_period(text) is None:
                raise TableError(f"'{text}' is not a period (write 2024, 2024-Q1 or 2024-03)")
            return text
        raise AssertionError(kind)


def _bad_date(text: str) -> dt.date:
    raise TableError(f"'{text}' is not an ISO date (write it like 2025-03-31)")


def read_customers(path: Path, problems: Problems) -> Table | None:
    """Read a portfolio CSV into rows with the position of every cell."""
    reader = _Reader(path, CUSTOMER_COLUMNS, CUSTOMER_REQUIRED)
    table = Table()
    before = len(problems.errors)
    for line, row in reader.rows(problems):
        index = len(table.rows)
        table.positions[(index,)] = Pos(path, line, 1)
        for col, name in enumerate(row):
            table.positions[(index, name)] = Pos(path, line, col + 1)
        table.rows.append(row)
    if len(problems.errors) > before:
        return None
    return table


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
    """Purchase history aggregated by period and product.

    `granularity` is the finest level every row has: "month", "quarter" or "year".
    """

    buckets: dict[tuple[PeriodKey, str], Bucket] = field(default_factory=dict)
    granularity: str = "month"
    has_margin: bool = False
    has_orders: bool = False
    has_units: bool = False

    def add(self, period: PeriodKey, product: str, row: dict[str, object]) -> None:
        bucket = self.buckets.get((period, product))
        if bucket is None:
            bucket = self.buckets[(period, product)] = Bucket()
        revenue = float(row["revenue"])  # type: ignore[arg-type]
        bucket.revenue += revenue
        bucket.lines += 1
        margin = row.get("gross_margin")
        if margin is not None:
            bucket.gross_margin += float(margin)  # type: ignore[arg-type]
            bucket.margin_revenue += revenue
            self.has_margin = True
        units = row.get("units")
        if units is not None:
            bucket.units += float(units)  # type: ignore[arg-type]
            self.has_units = True
        orders = row.get("orders")
        if orders is not None:
            bucket.orders += int(orders)  # type: ignore[call-overload]
            self.has_orders = True
        level = "month" if period.month else "quarter" if period.quarter else "year"
        order = ("year", "quarter", "month")
        if order.index(level) < order.index(self.granularity):
            self.granularity = level


def _row_period(row: dict[str, object]) -> PeriodKey | None:
    date = row.get("date")
    if isinstance(date, dt.date):
        return PeriodKey(date.year, (date.month - 1) // 3 + 1, date.month)
    period = row.get("period")
    return parse_period(str(period)) if period is not None else None


def read_purchases(path: Path, problems: Problems) -> PurchaseData:
    """Stream a purchases CSV into per-period, per-product buckets."""
    data = PurchaseData()
    reader = _Reader(path, PURCHASE_COLUMNS, PURCHASE_REQUIRED)
    for line, row in reader.rows(problems):
        period = _row_period(row)
        if period is None:
            problems.error("the row has neither a date nor a period", Pos(path, line, 1))
            continue
        data.add(period, str(row["product"]), row)
    return data


def aggregate_records(records: Iterable[dict[str, object]]) -> PurchaseData:
    """Aggregate inline records (already validated) the same way as a CSV file."""
    data = PurchaseData()
    for row in records:
        period = _row_period(row)
        if period is not None:
            data.add(period, str(row["product"]), row)
    return data
