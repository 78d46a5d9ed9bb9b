"""A workbook's sheet as a table's rows (`xlsx: data/ventas.xlsx`, `sheet: Ventas`),
read with python-calamine (Rust): dates, numbers and empty cells come typed.

calamine reads a whole sheet into memory, so the workbook is checked first: its size
on disk as a CSV file's, and what its parts unzip to, counted by unzipping them (a
zip's own sizes may lie), against MAX_XLSX_XML_BYTES: about 1,000,000 rows of seven
columns, which calamine holds in about 450 MB.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

from kam.i18n import _
from kam.load.cells import CellError, Complaints, TableOptions
from kam.load.csvfile import MAX_CSV_BYTES, WORKBOOK_MAGIC
from kam.problems import Pos, Problems, column_letters
from kam.text import number as numeral

MAX_XLSX_BYTES = MAX_CSV_BYTES  # the file on disk
MAX_XLSX_XML_BYTES = 320 * 1024 * 1024  # all its parts, unzipped
MAX_XLSX_CELLS = 12_000_000  # one sheet's rectangle from A1: about 400 MB in calamine
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class WorkbookRefused(Exception):
    """The workbook cannot be read; the message says why."""


class _NoSheet(WorkbookRefused):
    pass


class SheetRows:
    """Reads a sheet's header (its first row with cells) and data rows, as lists of
    typed values: text, float, date or datetime, bool; "" for an empty cell."""

    delimiter = ","  # as a CSV file's: numbers written as text follow the locale

    def __init__(self, path: Path, options: TableOptions):
        self.path = path
        self.options = options
        self.sheet: str | None = options.sheet
        self.header_row = 1
        self.col_offset = 0

    def pos(self, row: int, column: int | None = None) -> Pos:
        return Pos(self.path, row, (column or 0) + 1 + self.col_offset, self.sheet or "")

    def cells(
        self,
        problems: Problems,
        complaints: Complaints,
        accept: Callable[[list[str]], bool],
    ) -> Iterator[tuple[int, list]]:
        try:
            sheet = self._open()
        except _NoSheet as exc:
            problems.error(str(exc), self.options.sheet_at or self.options.at)
            return
        except WorkbookRefused as exc:
            problems.error(str(exc), self.options.at or Pos(self.path, 1, 1))
            return
        if sheet.start is None:
            problems.error(
                _(
                    "the sheet '{sheet}' is empty; its first row must name the columns",
                    sheet=self.sheet,
                ),
                self.pos(1),
            )
            return
        first_row, first_col = sheet.start
        self.header_row = first_row + 1
        rows = sheet.iter_rows()
        header = next(rows)
        while header.count("") == len(header):  # calamine may begin at the sheet's top
            header = next(rows)
        # its rows begin at the table's first column (or, in other versions, at A)
        self.col_offset = first_col if len(header) == sheet.width else 0
        names = _header(header)
        if not accept(names):
            return
        if len(names) == len(header):  # calamine's rows are as wide as the sheet's
            yield from zip(count(self.header_row + 1), rows)  # empty rows: see _Table
        else:
            yield from self._rows(rows, len(names), complaints)

    def _rows(self, rows, width: int, complaints: Complaints) -> Iterator[tuple[int, list]]:
        """The data rows of a sheet wider than its header: a cell right of the
        header's columns is a problem."""
        row_number = self.header_row
        for cells in rows:
            row_number += 1
            if len(cells) != width:
                extra = next((i for i in range(width, len(cells)) if cells[i] != ""), None)
                if extra is not None:
                    error = CellError(extra, _outside(width))
                    complaints.add(error.message, self.pos(row_number, extra), None)
                    continue
                cells = cells[:width]
            yield row_number, cells

    def _open(self):
        """The sheet, loaded, once the workbook passed its checks."""
        with open(self.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_XLSX_BYTES:
                raise WorkbookRefused(
                    _(
                        "the workbook is {size} bytes; the limit is {limit} bytes",
                        size=numeral(size),
                        limit=numeral(MAX_XLSX_BYTES),
                    )
                )
            magic = handle.read(4)
            if magic not in WORKBOOK_MAGIC:
                raise WorkbookRefused(
                    _(
                        "'{name}' is not an Excel workbook; for a CSV file write "
                        "'csv: {name}' instead of 'xlsx:'",
                        name=self.path.name,
                    )
                )
            if magic == WORKBOOK_MAGIC[0]:
                _check_unzipped(handle)
            handle.seek(0)
            return self._sheet(handle)

    def _sheet(self, handle):
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            if self.path.suffix.lower() in WORKBOOK_SUFFIXES:  # read from the file,
                book = CalamineWorkbook.from_path(str(self.path))  # not copied in memory
            else:
                book = CalamineWorkbook.from_filelike(handle)
            names = book.sheet_names
            if self.sheet is None and names:
                self.sheet = names[0]
            if self.sheet not in names:
                raise _NoSheet(
                    _(
                        "the workbook has no sheet '{sheet}'; its sheets: {names}",
                        sheet=self.sheet,
                        names=", ".join(names),
                    )
                )
            return book.get_sheet_by_name(self.sheet)
        except CalamineError as exc:
            raise WorkbookRefused(
                _(
                    "cannot read the workbook: {reason}; save it again from Excel as .xlsx",
                    reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
                )
            ) from None


def _header(cells: list) -> list[str]:
    """The header's names: text as written, numbers as text; the empty cells after
    its last name are not columns."""
    names = [c.strip() if isinstance(c, str) else _as_text(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    return names


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _outside(width: int) -> str:
    return _(
        "the cell is right of the header's {width} columns; name its column in the "
        "header or empty it",
        width=width,
    )


def _check_unzipped(handle) -> None:
    """Refuse a workbook whose parts unzip to more than MAX_XLSX_XML_BYTES, counted
    by unzipping them (a few tenths of a second for a million rows), or one of whose
    sheets spans more than MAX_XLSX_CELLS (calamine allocates the whole rectangle
    from A1 to its last cell, however few cells it holds)."""
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused(_damaged()) from None
    budget = MAX_XLSX_XML_BYTES
    for info in infos:
        sheet = _Extent() if info.filename.startswith("xl/worksheets/") else None
        if sheet is None and info.compress_size * 1100 < 4096:
            budget -= info.compress_size  # too small to unzip past the budget
        else:
            budget -= _unzip(handle, info, budget, sheet)
        if budget < 0:
            raise WorkbookRefused(
                _(
                    "the workbook's content unzips to more than {limit} bytes (the limit, "
                    "about 1,000,000 rows); split it, or sum its rows by day or month",
                    limit=numeral(MAX_XLSX_XML_BYTES),
                )
            )
        if sheet is not None and sheet.rows * sheet.columns > MAX_XLSX_CELLS:
            corner = column_letters(sheet.columns) + str(sheet.rows)
            raise WorkbookRefused(
                _(
                    "a sheet of the workbook reaches cell {cell}: {cells} cells from A1 "
                    "(the limit is {limit}); delete what lies far from the table",
                    cell=corner,
                    cells=numeral(sheet.rows * sheet.columns),
                    limit=numeral(MAX_XLSX_CELLS),
                )
            )


def _damaged() -> str:
    return _("cannot read the workbook: it is not a valid .xlsx file (a damaged zip)")


# A cell past column G or row 999,999: rare, so each chunk is searched for one first
_FAR = re.compile(rb'<c r="(?:[A-Za-z]{2}|[H-Zh-z]|[A-Za-z]\d{7})')
_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})(\d{1,10})"')


class _Extent:
    """The last row and column a sheet's XML names (a chunk at a time): at most G and
    999,999 unless a chunk names a cell beyond them, then counted exactly."""

    def __init__(self) -> None:
        self.rows, self.columns = 999_999, 7
        self.tail = b""

    def scan(self, chunk: bytes) -> None:
        data = self.tail + chunk  # a cell's reference may straddle two chunks
        self.tail = data[-32:]
        if _FAR.search(data) is None:
            return
        for letters, digits in _CELL.findall(data):
            column = 0
            for letter in letters.upper():
                column = column * 26 + letter - 64
            self.rows = max(self.rows, int(digits))
            self.columns = max(self.columns, column)


def _unzip(handle, info: zipfile.ZipInfo, budget: int, sheet: _Extent | None) -> int:
    """How many bytes a part unzips to, counting no further than `budget`+1; a sheet's
    cells are scanned on the way."""
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        raise WorkbookRefused(_damaged())
    handle.seek(info.header_offset + 26)
    name_length, extra_length = (
        int.from_bytes(handle.read(2), "little"),
        int.from_bytes(handle.read(2), "little"),
    )
    handle.seek(name_length + extra_length, os.SEEK_CUR)
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size, left = 0, info.compress_size
    try:
        while left and size <= budget:
            chunk = handle.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)
            while chunk and size <= budget:
                if inflate is None:
                    data, chunk = chunk, b""
                else:
                    data = inflate.decompress(chunk, 1 << 22)
                    chunk = inflate.unconsumed_tail
                size += len(data)
                if sheet is not None:
                    sheet.scan(data)
    except zlib.error:
        raise WorkbookRefused(_damaged()) from None
    return size
