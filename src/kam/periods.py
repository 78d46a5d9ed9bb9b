"""Calendar periods as kam writes them: a year (2024), a quarter (2024-Q1) or a month
(2024-03). The one grammar for YAML, CSV cells and the analyses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kam.i18n import N_

_QUARTER_OR_MONTH = r"(-Q([1-4])|-(0[1-9]|1[0-2]))?"
PATTERN = re.compile(rf"^(\d{{4}}){_QUARTER_OR_MONTH}$")
EXPECTED = N_("expected a period such as 2024, 2024-Q1 or 2024-03")  # translated at use


@dataclass(frozen=True, slots=True)
class PeriodKey:
    """A calendar period; quarter and month are 0 when not known."""

    year: int
    quarter: int = 0
    month: int = 0


def parse_period(text: str) -> PeriodKey | None:
    """The period written as `text`, or None when it is not one."""
    match = PATTERN.match(text.strip())
    if not match:
        return None
    year, _part, quarter, month = match.groups()
    if month:
        return PeriodKey(int(year), (int(month) - 1) // 3 + 1, int(month))
    if quarter:
        return PeriodKey(int(year), int(quarter))
    return PeriodKey(int(year))


def of_date(day: dt.date) -> PeriodKey:
    """The month (and its quarter and year) a day falls in."""
    return PeriodKey(day.year, (day.month - 1) // 3 + 1, day.month)


def quarter_text(period: PeriodKey) -> str:
    """The quarter a period (a quarter or a month) falls in, as kam writes it: 2024-Q1."""
    return f"{period.year}-Q{period.quarter}"


def schema_pattern(low: int, high: int) -> str:
    """The same grammar as a JSON Schema pattern, for editors, its years from `low` to
    `high` (whole centuries): 1900 to 2199 gives one alternative a century."""
    if low % 100 or high % 100 != 99:
        raise ValueError(f"the years must be whole centuries, not {low} to {high}")
    centuries = "|".join(rf"{century}\d\d" for century in range(low // 100, high // 100 + 1))
    return f"^({centuries}){_QUARTER_OR_MONTH}$"
