"""Tables: customers (up to a million rows, kept by column) and purchases (up to
millions of order lines, streamed and aggregated: raw rows are never kept or printed),
from a CSV file (`csvfile`) or a workbook's sheet (`xlsx`), with the cells read as
teams export them (`cells`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from kam.i18n import _
from kam.limits import MAX_AMOUNT, MAX_CUSTOMERS, MAX_NAME_CHARS
from kam.load.cells import (
    CellError,
    Complaints,
    Dates,
    Numbers,
    TableOptions,
    Undecided,
    ambiguous_dates,
    period_in_range,
    read_period,
    short,
)
from kam.load.csvfile import CsvRows
from kam.periods import PeriodKey, of_date, parse_period
from kam.problems import Pos, Problems
from kam.text import CONTROL, control_message
from kam.text import number as count

__all__ = ["PeriodKey", "TableOptions", "parse_period", "short"]

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


class _Table:
    """One table file being read: its rows (from a CSV file or a sheet), its header
    checked against kam's columns (after the `columns:` mapping), the readers of its
    numbers and dates, and its repeated problems gathered."""

    def __init__(
        self,
        path: Path,
        options: TableOptions,
        columns: tuple[str, ...],
        required: tuple[str, ...],
    ):
        self.path = path
        self.options = options
        self.columns = columns
        self.required = required
        if options.xlsx:
            from kam.load.xlsx import SheetRows

            self.rows: CsvRows | SheetRows = SheetRows(path, options)
        else:
            self.rows = CsvRows(path, options, required)
        self.sheet = self.rows.sheet
        self.names: list[str] = []
        self.complaints = Complaints()
        self.dates = Dates(options.date_format)
        self.numbers = Numbers(options.decimal, options.locale)

    def cells(self, problems: Problems) -> Iterator[tuple[int, list]]:
        """(line or row number, cells) of each data row, once the header is right."""
        self.problems = problems
        return self.rows.cells(problems, self.complaints, self._accept)

    def _accept(self, names: list[str]) -> bool:
        """Check the header the rows found (a CSV file's delimiter is known then: `;`
        means a decimal comma, unless the document declares its `decimal:`)."""
        self.sheet = self.rows.sheet
        if self.rows.delimiter == ";" and not self.options.decimal:
            self.numbers = Numbers(",")
        mapping = self.options.columns
        self.names = [mapping.get(name, name) for name in names]
        return check_header(self, names)

    def pos(self, line: int, column: int | None = None) -> Pos:
        return Pos(self.path, line, (column or 0) + 1 + self.rows.col_offset, self.sheet)

    def complain(self, exc: CellError, line: int, cells: list, prefix: str = "") -> None:
        """Count the problem of a cell; an empty row (a workbook's rows come as they
        are) is no problem, only skipped."""
        if self.blank(cells):
            return
        pos = self.pos(line, exc.column)
        self.complaints.add(prefix + exc.message, pos, exc.column, exc.message)

    @staticmethod
    def blank(cells: list) -> bool:
        return cells.count("") == len(cells)

    def finish(self, problems: Problems) -> None:
        self.complaints.report(problems)


def check_header(table: _Table, written: list[str]) -> bool:
    """Check the header's names (after the mapping): known, once each, the required
    ones all there. Problems go straight to the document's list."""
    problems = table.problems
    ok = True
    seen: set[str] = set()
    for index, name in enumerate(table.names):
        pos = table.pos(table.rows.header_row, index)
        if name in seen:
            problems.error(_("column '{name}' appears twice in the header", name=short(name)), pos)
            ok = False
        seen.add(name)
        if name not in table.columns:
            ok = False
            if problems.full:
                problems.count_error()  # not shown: skip the "did you mean"
                continue
            hint = not any(n not in table.columns for n in table.names[:index])
            problems.error(_unknown_column(name, written[index], table.columns, hint), pos)
    missing = [c for c in table.required if c not in seen]
    if table.columns is PURCHASE_COLUMNS and not ({"date", "period"} & seen):
        missing.insert(0, _("date (or period)"))
    if missing:
        problems.error(
            _("the header lacks the column(s) {names}", names=", ".join(missing)),
            table.pos(table.rows.header_row),
        )
        ok = False
    return ok


def _unknown_column(name: str, written: str, columns: tuple[str, ...], first: bool) -> str:
    """What to say of a column kam does not know; the first one also says how to map
    the file's own names."""
    if not name:
        return _(
            "a column has no name in the header; name it ({names}) or remove it",
            names=", ".join(columns),
        )
    hint = difflib.get_close_matches(name, columns, n=1)
    if hint:
        return _(
            "unknown column '{name}'; did you mean '{hint}'? expected columns: {names}",
            name=short(written),
            hint=hint[0],
            names=", ".join(columns),
        )
    if not first:
        return _(
            "unknown column '{name}'; expected columns: {names}",
            name=short(written),
            names=", ".join(columns),
        )
    return _(
        "unknown column '{name}'; expected columns: {names} (or map it to one of them "
        "with columns: {{{example}: …}})",
        name=short(written),
        names=", ".join(columns),
        example=short(written, 30),
    )


# ----------------------------------------------------------------- typed cells


def _text(cells: list, i: int | None, name: str = "") -> str:
    """A cell as text: text stripped; a number as written (`12`, `3.5`)."""
    if i is None:
        return ""
    value = cells[i]
    if type(value) is str:
        return value.strip()
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise CellError(i, _("column '{name}': {what}", name=name, what=_holds(value, "text")))
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _number(table: _Table, cells: list, i: int | None, name: str) -> float | None:
    """A number cell: None when it is empty (a hot function: text first)."""
    if i is None:
        return None
    value = cells[i]
    try:
        if type(value) is str:
            text = value.strip()
            return table.numbers.read(text, name) if text else None
        if type(value) is float or type(value) is int:
            return table.numbers.check(float(value), name, f"{value:g}")
    except CellError as exc:
        raise CellError(i, exc.message) from None
    raise CellError(i, _("column '{name}': {what}", name=name, what=_holds(value, "number")))


def _holds(value: object, wanted: str) -> str:
    """What a workbook's cell of the wrong type holds, and what the column needs."""
    if isinstance(value, bool):
        held = "TRUE" if value else "FALSE"
    elif isinstance(value, dt.date):
        held = value.strftime("%Y-%m-%d")
    elif isinstance(value, float) and value.is_integer():
        held = str(int(value))
    else:
        held = str(value)
    if wanted == "number":
        return _("the cell holds {value}, not a number", value=held)
    if wanted == "date":
        return _("the cell holds {value}, not a date; format the cell as a date", value=held)
    return _("the cell holds {value}, not text", value=held)


def _required(i: int, name: str) -> CellError:
    return CellError(i, _("column '{name}' is empty; it is required", name=name))


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
            return "period", _(
                "{written} makes the purchase history span {years} years ({first}–{last}); "
                "the limit is {limit} years",
                written=short(written),
                years=last - first + 1,
                first=first,
                last=last,
                limit=MAX_HISTORY_YEARS,
            )
        self.first, self.last = first, last
        if product not in self.products:
            if len(self.products) >= MAX_PRODUCTS:
                return "product", _(
                    "'{product}' is one product too many; the limit is {limit} products: "
                    "group them into product lines",
                    product=short(product),
                    limit=MAX_PRODUCTS,
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
    a CSV file or a sheet in messages."""

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
    sheet: str | None = None  # a workbook's sheet: `lines` are its rows
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
        return Pos(self.path, self.lines[i], self.columns.get(column, 1), self.sheet)

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


def read_customers(
    path: Path, problems: Problems, options: TableOptions | None = None
) -> CustomerTable | None:
    """Read and check a portfolio's table, cell by cell, with the rules (and the
    words) of the Customer model; None when it has errors."""
    table = _Table(path, options or TableOptions(), CUSTOMER_COLUMNS, CUSTOMER_REQUIRED)
    customers = CustomerTable(path=path)
    before = problems.error_count
    segments: dict[str, str] = {}  # one string per distinct segment
    at: dict[str, int] = {}
    for line, cells in table.cells(problems):
        index = len(customers.lines)
        if not at:
            at = {name: i for i, name in enumerate(table.names)}
            customers.columns = {name: i + 1 + table.rows.col_offset for name, i in at.items()}
            customers.sheet = table.sheet
        if index >= MAX_CUSTOMERS:
            problems.error(
                _(
                    "the file has more than {limit} customers (the limit)",
                    limit=count(MAX_CUSTOMERS),
                ),
                table.pos(line),
            )
            return None
        customers.lines.append(line)
        try:
            row = _customer(table, cells, at, segments)
        except _KeyError as exc:
            prefix = f"portfolio.customers[{index}].{table.names[exc.column or 0]}: "
            table.complain(exc, line, cells, prefix)
            if table.blank(cells):
                customers.lines.pop()
            continue
        except CellError as exc:
            table.complain(exc, line, cells)
            if table.blank(cells):
                customers.lines.pop()
            continue
        if not table.complaints:
            customers.append(row)
    table.finish(problems)
    return customers if problems.error_count == before else None


class _KeyError(CellError):
    """A cell's problem told as the model's would be: after its key."""


def _customer(table: _Table, cells: list, at: dict[str, int], segments: dict[str, str]):
    ident = _customer_text(cells, at, "id")
    if len(ident) > MAX_ID_CHARS:
        raise _KeyError(
            at["id"],
            _(
                "has {count} characters; the limit is {limit}",
                count=count(len(ident)),
                limit=MAX_ID_CHARS,
            ),
        )
    if not _SLUG.fullmatch(ident):
        raise _KeyError(
            at["id"],
            _(
                "'{value}' is not valid here; use a short slug of letters, digits, '-' or '_'",
                value=short(ident),
            ),
        )
    segment = _customer_text(cells, at, "segment", required=False) or None
    return CustomerData(
        ident,
        _customer_text(cells, at, "name"),
        _amount(table, cells, at, "revenue"),
        _amount(table, cells, at, "cogs"),
        _amount(table, cells, at, "cost_to_serve"),
        _amount(table, cells, at, "discounts", required=False),
        segments.setdefault(segment, segment) if segment else None,
        _score(table, cells, at, "attractiveness"),
        _score(table, cells, at, "relative_strength"),
    )


def _customer_text(cells: list, at: dict[str, int], name: str, required=True) -> str:
    i = at.get(name)
    text = _text(cells, i, name)
    if i is None:
        return text
    if not text and required:
        raise _required(i, name)
    if found := CONTROL.search(text):
        message = _(
            "column '{name}': {problem}",
            name=name,
            problem=control_message(found.group(), "cell"),
        )
        raise CellError(i, message)
    if len(text) > MAX_NAME_CHARS:
        raise _KeyError(
            i,
            _(
                "has {count} characters; the limit is {limit}",
                count=count(len(text)),
                limit=MAX_NAME_CHARS,
            ),
        )
    return text


def _amount(table: _Table, cells: list, at: dict[str, int], name: str, required=True) -> float:
    i = at.get(name)
    value = _number(table, cells, i, name)
    if value is None:
        if required and i is not None:
            raise _required(i, name)
        return 0.0
    if value < 0:
        raise _KeyError(i, _("cannot be negative, got {value}", value=format(value, "g")))
    return value


def _score(table: _Table, cells: list, at: dict[str, int], name: str) -> int | None:
    i = at.get(name)
    value = _number(table, cells, i, name)
    if value is None:
        return None
    if value != int(value):
        raise CellError(
            i,
            _(
                "column '{name}': '{text}' is not a whole number",
                name=name,
                text=short(_text(cells, i)),
            ),
        )
    if not 1 <= value <= 10:
        if value < 1:
            message = _("must be at least 1, got {value}", value=format(value, "g"))
        else:
            message = _("must be at most 10, got {value}", value=format(value, "g"))
        raise _KeyError(i, message)
    return int(value)


# ---------------------------------------------------------------- purchase history


@dataclass(slots=True)
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


def read_purchases(
    path: Path, problems: Problems, options: TableOptions | None = None
) -> PurchaseData:
    """Stream a purchases table into per-period, per-product buckets.

    A row's bucket is found by its date and product cells as written, which are read
    and checked once (`_Buckets`); only its numbers are read on every row.

    Why: this is the hot loop for files of a million lines (`make bench`'s csv case),
    so it is longer than the 60 lines other functions keep to: each helper called per
    row would cost a call a million times, and the local names bound before the loop
    would have to be passed or looked up again.
    """
    data = PurchaseData()
    table = _Table(path, options or TableOptions(), PURCHASE_COLUMNS, PURCHASE_REQUIRED)
    buckets: _Buckets | None = None
    cached: dict[object, dict[object, Bucket]] = {}  # by date cell, by product cell
    has_margin = has_units = has_orders = False
    hi, lo, real = _MAX, -_MAX, float  # local names: read a million times
    last = 0
    for line, cells in table.cells(problems):
        if buckets is None:
            buckets = _Buckets(table, data)
            at = {name: i for i, name in enumerate(table.names)}
            # the bucket of a row: by its date (or period) cell, then its product cell
            stamp_of = itemgetter(*(at[n] for n in ("date", "period") if n in at))
            i_product = at["product"]
            i_revenue = at["revenue"]
            i_margin, i_units, i_orders = at.get("gross_margin"), at.get("units"), at.get("orders")
            last = table.rows.header_row + MAX_PURCHASE_ROWS
        if line > last:
            problems.error(
                _(
                    "the file has more than {limit} rows (the limit); sum its order lines "
                    "by day or month",
                    limit=count(MAX_PURCHASE_ROWS),
                ),
                table.pos(line),
            )
            break
        try:
            by_product = cached.get(stamp_of(cells))
            if by_product is None:  # a new date: its period's buckets, shared by its dates
                by_product = cached[stamp_of(cells)] = buckets.products(cells)
            bucket = by_product.get(cells[i_product])
            if bucket is None:
                bucket = by_product[cells[i_product]] = buckets.of(cells, line)
                if bucket is None:
                    break  # a limit of the history: said, and the reading ends
            revenue = cells[i_revenue]
            if type(revenue) is not real or not lo <= revenue <= hi:
                revenue = _number(table, cells, i_revenue, "revenue")
                if revenue is None:
                    raise _required(i_revenue, "revenue")
            margin = units = orders = None  # a workbook's floats are taken as they are
            if i_margin is not None:
                margin = cells[i_margin]
                if type(margin) is not real or not lo <= margin <= hi:
                    margin = _number(table, cells, i_margin, "gross_margin")
            if i_units is not None:
                units = cells[i_units]
                if type(units) is not real or not lo <= units <= hi:
                    units = _number(table, cells, i_units, "units")
            if i_orders is not None:
                orders = cells[i_orders]
                if type(orders) is not real or not lo <= orders <= hi:
                    orders = _number(table, cells, i_orders, "orders")
            if orders is not None and orders != int(orders):
                raise CellError(
                    i_orders,
                    _(
                        "column 'orders': '{text}' is not a whole number",
                        text=short(_text(cells, i_orders)),
                    ),
                )
        except CellError as exc:
            table.complain(exc, line, cells)
            continue
        bucket.revenue += revenue
        bucket.lines += 1
        if margin is not None:
            bucket.gross_margin += margin
            bucket.margin_revenue += revenue
            has_margin = True
        if units is not None:
            bucket.units += units
            has_units = True
        if orders is not None:
            bucket.orders += int(orders)
            has_orders = True
    if buckets is not None:
        buckets.settle()
    data.has_margin, data.has_units, data.has_orders = has_margin, has_units, has_orders
    table.finish(problems)
    return data


_MAX = float(MAX_AMOUNT)


class _Buckets:
    """The bucket of each new date and product of a purchases table: the date read
    (each distinct one once), the product checked, the history's limits kept. Dates
    like 01/03/2024, read before the file shows its day/month order, get buckets of
    their own, added to their months at the end."""

    def __init__(self, table: _Table, data: PurchaseData):
        self.table = table
        self.data = data
        self.periods: dict[object, PeriodKey] = {}
        self.by_period: dict[PeriodKey, dict[object, Bucket]] = {}
        self.pending: dict[tuple[str, str], Bucket] = {}
        self.first_pending: tuple[int, int, str] | None = None
        self.limits = HistoryLimits()
        at = {name: i for i, name in enumerate(table.names)}
        self.i_date, self.i_period, self.i_product = at.get("date"), at.get("period"), at["product"]

    def products(self, cells: list) -> dict[object, Bucket]:
        """The buckets of the row's period by product cell as written, one dict for all
        the dates of a period (a date whose period is undecided has its own)."""
        period = self._period_of(cells)[0]
        if type(period) is Undecided:
            return {}
        found = self.by_period.get(period)
        if found is None:
            found = self.by_period[period] = {}
        return found

    def _period_of(self, cells: list) -> tuple[PeriodKey, object, int]:
        stamp, column = _stamp(cells, self.i_date, self.i_period)
        period = self.periods.get(stamp)
        if period is None:
            period = _period(self.table, stamp, column, column == self.i_date)
            if type(period) is not Undecided:
                self.periods[stamp] = period
        return period, stamp, column

    def of(self, cells: list, line: int) -> Bucket | None:
        """The row's bucket; None when it takes the history past a limit (said)."""
        period, stamp, column = self._period_of(cells)
        product = _text(cells, self.i_product, "product")
        if not product:
            raise _required(self.i_product, "product")
        if len(product) > MAX_NAME_CHARS or CONTROL.search(product):
            _check_product(product, self.i_product)
        if type(period) is Undecided:
            assert isinstance(stamp, str)
            key = (stamp, product)
            bucket = self.pending.get(key)
            self.first_pending = self.first_pending or (line, column, stamp)
            target = self.pending
        else:
            key = (period, product)  # type: ignore[assignment]
            bucket = self.data.buckets.get(key)  # type: ignore[arg-type]
            target = self.data.buckets  # type: ignore[assignment]
        if bucket is None:
            if self._over_limits(period, product, stamp, column, line):
                return None
            bucket = target[key] = Bucket()
        return bucket

    def _over_limits(self, period, product, stamp, column, line) -> bool:
        """True (and the problem said) when a new period and product take the history
        past its limits."""
        written = stamp if isinstance(stamp, str) else str(stamp)
        wrong = self.limits.check(period, product, written)
        if not wrong:
            return False
        kind, message = wrong
        if kind == "product":
            where, name = self.i_product, "product"
        else:
            where, name = column, self.table.names[column]
        self.table.problems.error(
            _("column '{name}': {problem}", name=name, problem=message),
            self.table.pos(line, where),
        )
        return True

    def settle(self) -> None:
        """Add the buckets of dates read before the file showed its order; or, when no
        date of the file shows it, say so once, at the first of them. Buckets whose
        rows all had errors go."""
        buckets = self.data.buckets
        if self.first_pending and self.table.dates.order is None:
            line, column, stamp = self.first_pending
            self.table.problems.error(ambiguous_dates(stamp), self.table.pos(line, column))
        elif self.first_pending:
            for (stamp, product), lines in self.pending.items():
                period = self.table.dates.settle(stamp)  # both numbers are 12 or less
                buckets.setdefault((period, product), Bucket()).add(lines)
        for key in [key for key, bucket in buckets.items() if not bucket.lines]:
            del buckets[key]


def _stamp(cells: list, i_date: int | None, i_period: int | None) -> tuple[object, int]:
    """The row's date, else its period (text stripped, or a workbook's typed value),
    and its column."""
    if i_date is not None:
        value = cells[i_date]
        if type(value) is str:
            value = value.strip()
        if value != "":
            return value, i_date
    if i_period is not None:
        value = cells[i_period]
        if type(value) is str:
            value = value.strip()
        if value != "":
            return value, i_period
    raise CellError(None, _("the row has neither a date nor a period"))


def _period(table: _Table, stamp: object, column: int, is_date: bool) -> PeriodKey:
    """The period of a date or period cell (its first time in the file)."""
    try:
        if type(stamp) is str:
            return table.dates.period(stamp) if is_date else read_period(stamp)
        if isinstance(stamp, dt.date):  # a workbook's date (a datetime is a date too)
            day = stamp.date() if isinstance(stamp, dt.datetime) else stamp
            if is_date:
                return table.dates.in_range(day, day.isoformat())
            return period_in_range(of_date(day), f"{day.year:04d}")  # the month it falls in
        if not is_date and type(stamp) in (int, float) and float(stamp).is_integer():
            return read_period(str(int(stamp)))  # a year typed as a number
    except CellError as exc:
        raise CellError(column, exc.message) from None
    name = "date" if is_date else "period"
    wanted = "date" if is_date else "text"
    raise CellError(column, _("column '{name}': {what}", name=name, what=_holds(stamp, wanted)))


def _check_product(product: str, i_product: int) -> None:
    if found := CONTROL.search(product):
        message = _("column 'product': {problem}", problem=control_message(found.group(), "cell"))
        raise CellError(i_product, message)
    if len(product) > MAX_NAME_CHARS:
        raise CellError(
            i_product,
            _(
                "column 'product': has {count} characters; the limit is {limit}",
                count=count(len(product)),
                limit=MAX_NAME_CHARS,
            ),
        )


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
