"""Print problems: one line each, `file:line:col: key: message`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kam.problems import Problem, Severity

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Escape control and bidi characters so user text cannot mess up a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text).replace("\n", "\\n")


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def line(problem: Problem) -> str:
    where = ""
    if problem.pos is not None:
        where = f"{display_path(problem.pos.file)}:{problem.pos.line}:{problem.pos.col}: "
    key = f"{problem.key}: " if problem.key else ""
    tag = "warning: " if problem.severity is Severity.WARNING else ""
    return clean(f"{where}{tag}{key}{problem.message}")
