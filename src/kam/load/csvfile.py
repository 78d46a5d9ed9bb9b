"""A CSV file's rows, read as a stream with the checks every table gets: its size,
its encoding, its delimiter (`,` or `;`, the header decides), lines and cells of sane
length, rows as wide as the header. A workbook named as CSV is told apart."""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from kam.i18n import _
from kam.load.cells import CellError, Complaints, TableOptions
from kam.problems import Pos, Problems
from kam.text import number as count

# A CSV file is read as a stream, but not without end: these bound the time and the
# memory a hostile file can take (a real purchases file of 5,000,000 order lines is
# about 250 MB).
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_CSV_LINE_CHARS = 4 * 1024 * 1024  # one line: a header of 200,000 columns fits
MAX_CSV_CELL_CHARS = 131_072  # the csv module's own limit (csv.field_size_limit())

#: The first bytes of a workbook: a zip archive (xlsx, xlsm, ods) or an old binary
#: Excel file (xls, a compound document).
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def check_encoding(name: str) -> str | None:
    """The codec's name when `name` is an encoding a CSV file can be read in (one that
    writes ASCII as ASCII: utf-8, cp1252, latin-1 …), else None."""
    try:
        info = codecs.lookup(name)
        sample = "date;,\n".encode(info.name)
    except (LookupError, ValueError, TypeError):
        return None
    return info.name if sample == b"date;,\n" else None


def is_workbook(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in WORKBOOK_MAGIC
    except OSError:
        return False


class CsvRows:
    """Reads a CSV file's header and rows (the rows as lists of text)."""

    sheet = None
    header_row = 1
    col_offset = 0

    def __init__(self, path: Path, options: TableOptions, required: tuple[str, ...]):
        self.path = path
        self.options = options
        self.required = required
        self.encoding = options.encoding
        self.delimiter = ","

    def pos(self, line: int, column: int | None = None) -> Pos:
        return Pos(self.path, line, (column or 0) + 1)

    def cells(
        self,
        problems: Problems,
        complaints: Complaints,
        accept: Callable[[list[str]], bool],
    ) -> Iterator[tuple[int, list[str]]]:
        """Yield (line number, cells) of each data row as wide as the header, once
        `accept` took the header's names."""
        if is_workbook(self.path):
            problems.error(
                _(
                    "'{name}' is an Excel workbook, not a CSV file: name it with "
                    "'xlsx: {name}' instead of 'csv:'",
                    name=self.path.name,
                ),
                self.options.at or self.pos(1),
            )
            return
        try:
            handle = open(self.path, encoding=self.encoding, newline="")  # noqa: SIM115
            size = os.fstat(handle.fileno()).st_size
        except OSError as exc:
            problems.error(_("cannot read CSV file: {reason}", reason=exc.strerror), self.pos(1))
            return
        with handle:
            if size > MAX_CSV_BYTES:
                problems.error(
                    _(
                        "CSV file is {size} bytes; the limit is {limit} bytes",
                        size=count(size),
                        limit=count(MAX_CSV_BYTES),
                    ),
                    self.pos(1),
                )
                return
            names = self._header(handle, problems)
            if names is not None and accept(names):
                yield from self._rows(handle, len(names), problems, complaints)

    def _header(self, handle, problems: Problems) -> list[str] | None:
        """Read the header row: its names, or None when it cannot be read."""
        try:
            first = handle.readline(MAX_CSV_LINE_CHARS + 1)
        except UnicodeDecodeError:
            self._not_decodable(problems)
            return None
        if len(first) > MAX_CSV_LINE_CHARS:
            self._long_line(problems, 1)
            return None
        first = first.removeprefix("\ufeff")
        if not first.strip():
            problems.error(
                _(
                    "the CSV file is empty; its first row must name the columns ({names}, …)",
                    names=", ".join(self.required),
                ),
                self.pos(1),
            )
            return None
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            header = next(csv.reader([first], delimiter=self.delimiter))
        except csv.Error:
            self._long_cell(problems, first, 1)
            return None
        return [h.strip() for h in header]

    def _rows(
        self, handle, width: int, problems: Problems, complaints: Complaints
    ) -> Iterator[tuple[int, list[str]]]:
        """The data rows after the header (a hot loop: a million lines)."""
        reader = csv.reader(_lines(handle), delimiter=self.delimiter, strict=False)
        line = 1
        try:
            for cells in reader:
                line = reader.line_num + 1
                if len(cells) == width:
                    yield line, cells
                    continue
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                error = CellError(min(len(cells), width), _wrong_width(len(cells), width))
                complaints.add(error.message, self.pos(line, error.column), None)
        except UnicodeDecodeError:
            self._not_decodable(problems)
        except _LongLine:
            # the header, and the lines the reader has taken, come before this one
            self._long_line(problems, reader.line_num + 2)
        except csv.Error as exc:
            if "field limit" not in str(exc):
                problems.error(_("CSV syntax error: {reason}", reason=exc), self.pos(line + 1))
                return
            self._long_cell(problems, self._record(line + 1), line + 1)

    def _long_line(self, problems: Problems, line: int) -> None:
        problems.error(
            _(
                "the line is longer than {limit} characters (the limit); a CSV file holds "
                "one row per line",
                limit=count(MAX_CSV_LINE_CHARS),
            ),
            self.pos(line),
        )

    def _long_cell(self, problems: Problems, text: str, line: int) -> None:
        problems.error(
            _(
                "the cell is longer than {limit} characters (the limit); check for a quote "
                '(") that is never closed',
                limit=count(MAX_CSV_CELL_CHARS),
            ),
            Pos(self.path, line, _long_field(text, self.delimiter)),
        )

    def _record(self, line: int) -> str:
        """The text from the start of `line` on, enough to find a cell over the limit
        (the error path only: the file is read again)."""
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as handle:
            for _line in range(line - 1):
                handle.readline(MAX_CSV_LINE_CHARS + 1)
            return handle.read(MAX_CSV_CELL_CHARS + MAX_CSV_LINE_CHARS)

    def _not_decodable(self, problems: Problems) -> None:
        """Report the first byte that is not text in the file's encoding (text mode
        decodes ahead in chunks, so the error is located again here, on the error path
        only, reading the file in chunks: the line and the field number of the byte)."""
        found = _first_bad_byte(self.path, self.encoding)
        if found is None:
            return
        line, field, byte = found
        if self.encoding == "utf-8":
            message = _(
                "byte 0x{byte} is not valid UTF-8; save the file as UTF-8, or name its "
                "encoding (for example encoding: cp1252)",
                byte=format(byte, "02x"),
            )
        else:
            message = _(
                "byte 0x{byte} is not valid {encoding}; name the file's encoding with "
                "encoding: (utf-8, cp1252, latin-1 …)",
                byte=format(byte, "02x"),
                encoding=self.encoding,
            )
        problems.error(message, Pos(self.path, line, field))


def _wrong_width(cells: int, width: int) -> str:
    return _(
        "the row has {cells} cells but the header names {width} columns",
        cells=cells,
        width=width,
    )


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, int, int] | None:
    """(line, field, byte) of the first byte of `path` that `encoding` cannot decode,
    read in chunks of a megabyte (a sequence cut by a chunk's end is not mistaken
    for a bad one)."""
    line, field, pending, delimiter = 1, 1, b"", b""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            data = pending + chunk
            if not delimiter:
                data = data.removeprefix(b"\xef\xbb\xbf")
                first = data.split(b"\n", 1)[0]
                delimiter = b";" if first.count(b";") > first.count(b",") else b","
            bad = None
            try:
                data.decode(encoding)
                good = len(data)
            except UnicodeDecodeError as exc:
                good = exc.start
                if exc.end < len(data) or not chunk:
                    bad = exc.start  # not a sequence cut by the end of the chunk
            done = data[:good]
            newline = done.rfind(b"\n")
            if newline >= 0:
                line += done.count(b"\n")
                field = 1 + done.count(delimiter, newline + 1)
            else:
                field += done.count(delimiter)
            if bad is not None:
                return line, field, data[bad]
            if not chunk:
                return None
            pending = data[good:]


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
