"""Sane ranges for every number, date, text and list a document may hold.

Far beyond any real plan, so that sums, products and ratios stay finite and formattable
(Babel's decimals stop near 10^26) and date arithmetic cannot leave the calendar (year
10000); and few enough items that a document at every limit builds in seconds
(docs/performance.md has the figures). The input models and the CSV readers both
check them; docs/validation.md, "Limits and safety", lists them.
"""

from __future__ import annotations

import datetime as dt

from kam.i18n import _

MAX_AMOUNT = 10**15  # amounts and plain numbers: at most 10^15 in size
MAX_ATTAINMENT_PCT = 10_000  # payout bands: % of target achieved and % paid
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
MIN_YEAR, MAX_YEAR = MIN_DATE.year, MAX_DATE.year

# The most items a list may hold: far more than any plan needs, few enough that a
# document at every limit builds in seconds (docs/performance.md has the figures).
MAX_TEAM = 100
MAX_CONTACTS = 500
MAX_ACTIONS = 500
MAX_ITEMS = 200  # PEST factors, objectives, risks, KPIs, meetings, … (see docs)
MAX_STAGES = 50  # buying-process stages and value-chain activities (7 and 9 kinds)
MAX_TEXTS = 50  # opportunities, threats, strengths, weaknesses (laid out side by side)
MAX_REFS = 20  # people named in a list: prepared_by, stage and meeting participants
MAX_NESTED = 10  # lists inside list items: pain points, information needs, roles,
# depends_on, a strategy's objectives
MAX_PURCHASE_RECORDS = 10_000  # inline; a CSV file takes millions
MAX_CATEGORY_SPEND = 600  # one a month for the 50 years a purchase history may span
MAX_CUSTOMERS = 1_000_000  # portfolio customers, inline or CSV

# Text: a name (of a person, a customer, an action …) and any one text; the whole
# document's text is checked when it is loaded (kam.load).
MAX_NAME_CHARS = 500  # names, one-line statements, labels, ids
MAX_TEXT_CHARS = 20_000  # one Markdown text
MAX_DOCUMENT_CHARS = 500_000  # all the text of a document (the examples hold 32,000)


class OutOfRange(ValueError):
    """A value beyond its limit; `str()` gives the message in the user's language, which
    keeps its English source (so a report's code stays English)."""

    def __str__(self) -> str:
        return self.args[0]


def date_in_range(day: dt.date) -> dt.date:
    """`day`, or ValueError with the message a user reads when it is out of range."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise OutOfRange(
            _("must be between {low} and {high}, got {day}", low=MIN_DATE, high=MAX_DATE, day=day)
        )
    return day


def year_in_range(text: str) -> str:
    """`text` is a period (2024, 2024-Q1, 2024-03); its year must be in range."""
    if not MIN_YEAR <= int(text[:4]) <= MAX_YEAR:
        raise OutOfRange(
            _(
                "the year must be between {low} and {high}, got {year}",
                low=MIN_YEAR,
                high=MAX_YEAR,
                year=text[:4],
            )
        )
    return text
