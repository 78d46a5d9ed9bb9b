"""Problems are values: every stage collects them instead of raising, so a user
sees every mistake of a document in one run, each pointing at its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value was written: file, 1-based line and column."""

    file: Path
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    pos: Pos | None = None
    key: str = ""
    severity: Severity = Severity.ERROR


@dataclass
class Problems:
    """An ordered collection of problems found by one or more stages."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, pos: Pos | None = None, key: str = "") -> None:
        self.items.append(Problem(message, pos, key, Severity.ERROR))

    def warning(self, message: str, pos: Pos | None = None, key: str = "") -> None:
        self.items.append(Problem(message, pos, key, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)


class KamError(Exception):
    """Raised by the core when a stage cannot go on; carries its problems."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems


def key_path(loc: tuple[str | int, ...]) -> str:
    """Render a location as `plan.current_position.team[0].name`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
