"""Roll-up: many accounts in one view (`kam portfolio`).

Input: each account's validated `Document` and its `Figures` (computed once by
`kam.pipeline.prepare`; nothing here recomputes an analysis), reviewed as `kam check`
reviews it; and the accounts that failed, with their first error. Output: a `Rollup`
(one `AccountRow` per account, the totals, the failures) and its renderings: `view`
(the HTML page, with a sortable table and the portfolio's charts, for the screen and
the PDF) and `export` (the JSON rows).

- `rows`: one account's row (revenue and growth from the purchase history, profit
  after cost to serve from the P&L, share of wallet, stage, score, overdue actions,
  top risk, KPI status, its place in the selection matrix).
- `kpis`: the D.2 KPIs with actuals, counted by status.
- `totals`: sums where they make sense, never across currencies.
- `view`: the page (the `rollup.html.j2` template, `rollup.css`), the whale curve of
  the key accounts (one per currency) and their selection matrix.
- `export`: the JSON shape of `kam portfolio --format json`.

The room sits above `review` and `render` (it uses both) and below `pipeline`, which
prepares the accounts and writes the outputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from kam.rollup.rows import AccountRow, Failure, account_row
from kam.rollup.totals import Total, totals

__all__ = ["AccountRow", "Failure", "Rollup", "Total", "account_row", "roll_up"]


@dataclass
class Rollup:
    """The accounts that rolled up (in the order given), their totals, and the
    accounts that did not."""

    locale: str
    when: dt.date  # the day of the roll-up (each account is judged on its own date)
    rows: list[AccountRow] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    currency_totals: list[Total] = field(default_factory=list)
    total: Total | None = None

    @property
    def currencies(self) -> list[str]:
        return [t.currency for t in self.currency_totals if t.currency]


def roll_up(
    rows: Sequence[AccountRow], failures: Sequence[Failure], locale: str, when: dt.date
) -> Rollup:
    by_currency, overall = totals(rows)
    return Rollup(locale, when, list(rows), list(failures), by_currency, overall)
