"""Problems are values: every stage collects them instead of raising, so a user
sees every mistake of a document in one run, each pointing at its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kam.i18n import code_of

# At most this many problems of one document are kept and printed; the rest are
# counted. A document with 20,000 misspelt keys (or a CSV header with 200,000 unknown
# columns) gets 200 lines and one line that says how many more there were.
MAX_PROBLEMS = 200


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value was written: file, 1-based line and column; in a workbook, the
    sheet, and the cell's row (`line`) and column number (`col`)."""

    file: Path
    line: int
    col: int
    sheet: str | None = None

    def label(self, name: str | None = None) -> str:
        """`plan.yaml:12:5`, or `data/ventas.xlsx:Ventas!C12` for a workbook's cell;
        `name` is the file as the reader should see it (default: the path)."""
        name = str(self.file) if name is None else name
        if self.sheet is None:
            return f"{name}:{self.line}:{self.col}"
        return f"{name}:{sheet_reference(self.sheet)}!{column_letters(self.col)}{self.line}"


def column_letters(col: int) -> str:
    """A spreadsheet's name of column `col` (from 1): A, …, Z, AA, …"""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def sheet_reference(name: str) -> str:
    """A sheet's name as a formula writes it: `Ventas`, `'Ventas 2025'`."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Problem:
    message: str  # in the user's language
    pos: Pos | None = None
    key: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""  # stable and English: what kind of problem (JSON reports carry it)
    # The source line and a caret under the column, printed under the problem's line
    # (YAML syntax errors); the JSON report leaves it out: the message says it all.
    excerpt: str = field(default="", kw_only=True)


@dataclass(frozen=True, slots=True)
class Omitted(Problem):
    """The last item of a capped collection: how many problems were counted but not
    kept. Reports print it as one line; the JSON report turns it into counts."""

    errors: int = 0
    warnings: int = 0


def omitted(errors: int, warnings: int) -> Omitted:
    def many(n: int, word: str) -> str:
        return f"{n:,} {word}" + ("" if n == 1 else "s")

    total = errors + warnings
    message = (
        f"… and {total:,} more {'problem' if total == 1 else 'problems'} "
        f"({many(errors, 'error')}, {many(warnings, 'warning')}) not shown"
    )
    severity = Severity.ERROR if errors else Severity.WARNING
    return Omitted(message, None, "", severity, "omitted", errors, warnings)


class Problems:
    """An ordered collection of the problems of one document, found by one or more
    stages. It keeps the first `limit` problems and counts the rest; an error arriving
    when it is full takes the place of the last warning kept, so errors are never
    hidden behind warnings."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.error_count = 0
        self.warning_count = 0
        self._kept: list[Problem] = []
        self._kept_warnings = 0

    def error(
        self, message: str, pos: Pos | None = None, key: str = "", code: str = "", excerpt: str = ""
    ) -> None:
        problem = Problem(
            message, pos, key, Severity.ERROR, code or code_of(message), excerpt=excerpt
        )
        self._add(problem)

    def warning(
        self, message: str, pos: Pos | None = None, key: str = "", code: str = "", excerpt: str = ""
    ) -> None:
        problem = Problem(
            message, pos, key, Severity.WARNING, code or code_of(message), excerpt=excerpt
        )
        self._add(problem)

    def _add(self, problem: Problem) -> None:
        is_error = problem.severity is Severity.ERROR
        if is_error:
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self._kept) < self.limit:
            self._kept.append(problem)
            self._kept_warnings += not is_error
        elif is_error and self._kept_warnings:
            last = max(i for i, p in enumerate(self._kept) if p.severity is Severity.WARNING)
            del self._kept[last]
            self._kept.append(problem)
            self._kept_warnings -= 1

    @property
    def full(self) -> bool:
        """True when another error would only be counted: producers of very many
        problems (unknown keys, CSV header columns) then skip building messages."""
        return len(self._kept) >= self.limit and not self._kept_warnings

    def count_error(self) -> None:
        """Count an error that is not kept (see `full`)."""
        self.error_count += 1

    @property
    def items(self) -> list[Problem]:
        """The problems kept, in order, then an `Omitted` line when some were not."""
        kept_errors = len(self._kept) - self._kept_warnings
        errors = self.error_count - kept_errors
        warnings = self.warning_count - self._kept_warnings
        if errors or warnings:
            return [*self._kept, omitted(errors, warnings)]
        return list(self._kept)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self.error_count or self.warning_count)


class KamError(Exception):
    """Raised by the core when a stage cannot go on; carries its problems."""

    def __init__(self, problems: Problems):
        super().__init__(f"{problems.error_count} error(s)")
        self.problems = problems


def position(path: Path, text: str | bytes, offset: int) -> Pos:
    """Where `offset` falls in the `text` of `path`: 1-based line and column."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    return Pos(path, line, offset - (text.rfind(newline, 0, offset) + 1) + 1)


def key_path(loc: tuple[str | int, ...]) -> str:
    """Render a location as `plan.current_position.team[0].name`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = part if len(part) <= 60 else part[:59] + "…"  # a key of a megabyte
            out += f".{part}" if out else part
    return out


def limit_text(bound: float) -> str:
    """A limit as a reader takes it in: `1,000,000,000,000,000 (10^15)`, `10,000`, `5.5`."""
    if float(bound).is_integer() and abs(bound) >= 10_000:
        text = f"{int(bound):,}"
        exponent = len(str(abs(int(bound)))) - 1
        if abs(bound) == 10**exponent and exponent >= 6:
            text += f" ({'-' if bound < 0 else ''}10^{exponent})"
        return text
    return f"{bound:g}"
