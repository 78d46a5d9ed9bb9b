"""The roll-up for machines: `kam portfolio --format json`, on standard output.

JSON shape (version 1)::

    {"version": 1,
     "locale": "en",                   # of the roll-up (--locale, else the first account's)
     "date": "2026-11-27",             # the day of the roll-up
     "complete": false,                # every account rolled up
     "accounts": [
       {"file": "accounts/ribera/account.yaml", "account": "Grupo Hospitalario Ribera",
        "company": "MedSuministros S.A.", "currency": "EUR", "locale": "es",
        "revenue": 1187988.71, "period": "2025",        # the purchase history's
        "previous_revenue": 1063883.08, "growth": 0.1167,
        "profit": 63998.0, "profit_period": "2025",     # net, after cost to serve
        "spend": 3660000.0, "share_of_wallet": 0.3246,
        "relationship_stage": "cooperative", "score": 100,
        "overdue_actions": 0, "overdue_ids": [],
        "top_risk": {"text": "…", "score": 12},        # or null
        "kpi_status": null,             # or {"on_track": 2, "at_risk": 0, "off_track": 1}
        "attractiveness": 9, "relative_strength": 5, "quadrant": "star"}, ...],
     "totals": [                       # one per currency: amounts are never added across
       {"currency": "EUR", "accounts": 2, "revenue": …, "growth": …, "profit": …,
        "share_of_wallet": …, "score": 97, "overdue_actions": 1, "kpi_status": null,
        "periods": ["2025"]}, ...],
     "overall": {"currency": null, "accounts": 3, "score": 71, "overdue_actions": 1,
                 "kpi_status": null, ...},    # money fields null
     "failed": [{"file": "broken/account.yaml",
                 "error": "broken/plan.yaml:3:5: plan.x: …"}]}

Fractions (growth, shares) are fractions, not percentages; amounts are in the
account's (or the total's) currency; null where the plan does not give the figure.
"""

from __future__ import annotations

import json

from kam.rollup import Rollup
from kam.rollup.rows import AccountRow
from kam.rollup.totals import Total

JSON_VERSION = 1


def as_dict(rollup: Rollup) -> dict[str, object]:
    return {
        "version": JSON_VERSION,
        "locale": rollup.locale,
        "date": rollup.when.isoformat(),
        "complete": not rollup.failures,
        "accounts": [_account(row) for row in rollup.rows],
        "totals": [_total(t) for t in rollup.currency_totals],
        "overall": _total(rollup.total) if rollup.total else None,
        "failed": [{"file": f.file, "error": f.error} for f in rollup.failures],
    }


def as_json(rollup: Rollup) -> str:
    return json.dumps(as_dict(rollup), ensure_ascii=False, indent=2) + "\n"


def _account(row: AccountRow) -> dict[str, object]:
    risk = {"text": row.top_risk, "score": row.top_risk_score} if row.top_risk else None
    return {
        "file": row.file,
        "account": row.name,
        "company": row.company,
        "currency": row.currency,
        "locale": row.locale,
        "revenue": row.revenue,
        "period": row.period,
        "previous_revenue": row.previous,
        "growth": row.growth,
        "profit": row.profit,
        "profit_period": row.profit_period,
        "spend": row.spend,
        "share_of_wallet": row.share_of_wallet,
        "relationship_stage": row.stage,
        "score": row.score,
        "overdue_actions": row.overdue,
        "overdue_ids": row.overdue_ids,
        "top_risk": risk,
        "kpi_status": row.kpi_status,
        "attractiveness": row.attractiveness,
        "relative_strength": row.relative_strength,
        "quadrant": row.quadrant,
    }


def _total(total: Total) -> dict[str, object]:
    return {
        "currency": total.currency,
        "accounts": total.accounts,
        "revenue": total.revenue,
        "growth": total.growth,
        "profit": total.profit,
        "share_of_wallet": total.share_of_wallet,
        "score": total.score,
        "overdue_actions": total.overdue,
        "kpi_status": total.kpi_status,
        "periods": total.periods,
    }
