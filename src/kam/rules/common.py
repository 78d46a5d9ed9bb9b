"""What every rule shares: reporting a finding at its position, naming the other end
of it (`file:line:col`, relative to the project folder), and writing amounts and
percentages plainly in the document's locale (Babel), so that messages are
deterministic and read like the document."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from kam.i18n import babel_locale
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.problems import Pos, key_path

# Babel writes a no-break space (or a narrow one) between an amount and its symbol; a
# message is one plain line.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def warn(loaded: Loaded, loc: Loc, code: str, message: str) -> None:
    """A warning at `loc`; `code` is the rule's stable English name (JSON carries it)."""
    loaded.problems.warning(message, loaded.source.pos(loc), key=key_path(loc), code=code)


def error(loaded: Loaded, loc: Loc, code: str, message: str) -> None:
    loaded.problems.error(message, loaded.source.pos(loc), key=key_path(loc), code=code)


def warn_at(loaded: Loaded, pos: Pos | None, loc: Loc, code: str, message: str) -> None:
    """A warning at a position that is not in the YAML (a CSV cell, a word inside a text)."""
    loaded.problems.warning(message, pos, key=key_path(loc), code=code)


def error_at(loaded: Loaded, pos: Pos | None, loc: Loc, code: str, message: str) -> None:
    loaded.problems.error(message, pos, key=key_path(loc), code=code)


def where(loaded: Loaded, at: Loc | Pos | None) -> str:
    """`plan.yaml:502:5`: a place in the document, its file relative to the project
    folder (the file name alone when it lies elsewhere, in a workspace)."""
    pos = at if isinstance(at, Pos) or at is None else loaded.source.pos(at)
    if pos is None:
        return "?"
    path = Path(os.path.abspath(pos.file))
    for candidate in (path, path.resolve()):
        if candidate.is_relative_to(loaded.root):
            name = candidate.relative_to(loaded.root).as_posix()
            break
    else:
        name = path.name
    return pos.label(name)


def exact_pos(loaded: Loaded, loc: Loc) -> Pos | None:
    """The position of the value at `loc` itself (not of an ancestor), or None."""
    return loaded.source.positions.get(loc)


@functools.lru_cache(maxsize=8)
def _file_lines(path: str, stamp: tuple[int, int]) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def source_lines(pos: Pos) -> tuple[str, ...]:
    """The lines of the file `pos` is in, as the loader read it (read again, once)."""
    try:
        stat = os.stat(pos.file)
    except OSError:
        return ()
    return _file_lines(str(pos.file), (stat.st_mtime_ns, stat.st_size))


def written(loaded: Loaded, loc: Loc) -> str | None:
    """A plain YAML scalar as it is written in the file (`1.234`, `2.400`), or None."""
    pos = exact_pos(loaded, loc)
    if pos is None:
        return None
    lines = source_lines(pos)
    if not 0 < pos.line <= len(lines):
        return None
    rest = lines[pos.line - 1][pos.col - 1 :]
    token = rest.split("#", 1)[0]
    for stop in ",}]":
        token = token.split(stop, 1)[0]
    return token.strip() or None


def find_after(start: Pos, needle: str) -> Pos | None:
    """Where `needle` is first written in `start`'s file at or after `start`."""
    lines = source_lines(start)
    for number in range(start.line, len(lines) + 1):
        line = lines[number - 1]
        column = line.find(needle, start.col - 1 if number == start.line else 0)
        if column >= 0:
            return Pos(start.file, number, column + 1)
    return None


def comma_decimal(locale: str) -> bool:
    """True when the locale writes 1.234,5 (es-ES), False for 1,234.5 (en, es-MX)."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(babel_locale(locale)) == ","


def money(locale: str, currency: str, value: float) -> str:
    """An amount as the document writes it (`86.900 €`, `$177,500`); cents only when
    the amount has them."""
    from babel.numbers import parse_pattern

    babel = babel_locale(locale)
    digits = 0 if float(round(value, 2)).is_integer() else 2
    pattern = parse_pattern(babel.currency_formats["standard"].pattern)
    pattern.frac_prec = (digits, digits)
    text = pattern.apply(round(value, digits), babel, currency=currency, currency_digits=False)
    return text.translate(_SPACES)


def number(locale: str, value: float, digits: int = 0) -> str:
    """A plain number in the locale (`7,10`, `1.234`)."""
    from babel.numbers import format_decimal

    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=babel_locale(locale)).translate(_SPACES)


def points(locale: str, value: float) -> str:
    """A percentage written 0-100, as the document gives it: `70 %`, `110,5 %`."""
    return f"{number(locale, value, 0 if float(value).is_integer() else 1)} %"


def percent(locale: str, fraction: float, digits: int = 1) -> str:
    """A fraction as a percentage (`32,5 %`, `11.3 %`)."""
    return f"{number(locale, fraction * 100, digits)} %"


def apart(a: float, b: float) -> float:
    """How far apart two amounts are, as a fraction of the larger."""
    largest = max(abs(a), abs(b))
    return abs(a - b) / largest if largest else 0.0
