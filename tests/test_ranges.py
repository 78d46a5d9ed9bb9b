"""Numbers and dates in a sane range (issue 11, "Trust"): each case used to pass
`kam validate` and crash `kam build` (Babel's decimals, float overflow, year 10000).
Every case is built end to end: exit 1, the message, its position, no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
AT_MOST = "must be at most 1,000,000,000,000,000 (10^15), got"
AT_LEAST = "must be at least -1,000,000,000,000,000 (-10^15), got"
DATES = "must be between 1900-01-01 and 2199-12-31, got"
YEARS = "the year must be between 1900 and 2199, got"


def build_html(tmp: Path, monkeypatch, yaml: str, files: dict[str, str] | None = None):
    (tmp / "account.yaml").write_text(BASE + yaml)
    for name, text in (files or {}).items():
        (tmp / name).write_text(text)
    monkeypatch.chdir(tmp)
    result = CliRunner().invoke(app, ["build", "--format", "html", "account.yaml"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    return result


CASES = {
    "amount-1e28": (
        "analysis:\n  profitability: {revenue: 1e28}\n",
        {},
        [f"account.yaml:7:28: analysis.profitability.revenue: {AT_MOST} 1e+28"],
    ),
    "product-of-1e200": (
        "analysis:\n  profitability:\n    revenue: 1\n    cost_to_serve:\n"
        "      - {activity: Visits, quantity: 1e200, rate: 1e200}\n",
        {},
        [
            "account.yaml:10:38: analysis.profitability.cost_to_serve[0].quantity: "
            f"{AT_MOST} 1e+200",
            f"account.yaml:10:51: analysis.profitability.cost_to_serve[0].rate: {AT_MOST} 1e+200",
        ],
    ),
    "product-within-bounds-that-overflows-the-cost": (
        "analysis:\n  profitability:\n    revenue: 1\n    cost_to_serve:\n"
        "      - {activity: Visits, quantity: 1e10, rate: 1e10}\n",
        {},
        [
            "account.yaml:10:50: analysis.profitability.cost_to_serve[0].rate: quantity × rate "
            "is 1e+20; the cost must be at most 1,000,000,000,000,000 (10^15)"
        ],
    ),
    "two-revenues-of-1.7e308": (
        "portfolio:\n  customers:\n"
        "    - {id: a, name: A, revenue: 1.7e308, cogs: 0, cost_to_serve: 0}\n"
        "    - {id: b, name: B, revenue: 1.7e308, cogs: 0, cost_to_serve: 0}\n",
        {},
        [
            f"account.yaml:8:33: portfolio.customers[0].revenue: {AT_MOST} 1.7e+308",
            f"account.yaml:9:33: portfolio.customers[1].revenue: {AT_MOST} 1.7e+308",
        ],
    ),
    "csv-revenues-of-1.7e308": (
        "portfolio:\n  customers: {csv: c.csv}\n",
        {"c.csv": "id,name,revenue,cogs,cost_to_serve\na,A,1.7e308,0,0\nb,B,1.7e308,0,0\n"},
        [
            # one problem on two rows: said once, with its rows
            f"c.csv:2:3: column 'revenue': {AT_MOST} 1.7e+308 (on 2 rows: 2, 3)",
        ],
    ),
    "csv-purchase-revenue-below-the-range": (
        "analysis:\n  purchase_history: {csv: p.csv}\n",
        {"p.csv": "date,product,revenue\n2025-01-01,Kits,-2e15\n"},
        [f"p.csv:2:3: column 'revenue': {AT_LEAST} -2e+15"],
    ),
    "due-9999-12-31": (
        "plan:\n  action_review:\n    actions:\n      - {id: a1, action: Visit, due: 9999-12-31}\n",
        {},
        [f"account.yaml:9:38: plan.action_review.actions[0].due: {DATES} 9999-12-31"],
    ),
    "document-date-1899": (
        "date: 1899-12-31\n",
        {},
        [f"account.yaml:6:7: date: {DATES} 1899-12-31"],
    ),
    "kpi-target-1e16": (
        "plan:\n  action_review:\n    review:\n      kpis: [{kpi: Revenue, target: 1e16}]\n",
        {},
        [f"account.yaml:9:37: plan.action_review.review.kpis[0].target: {AT_MOST} 1e+16"],
    ),
    "objective-baseline-below-the-range": (
        "plan:\n  company_strategy:\n    objectives:\n"
        "      - {id: o1, objective: Grow, baseline: -1e16}\n",
        {},
        [f"account.yaml:9:45: plan.company_strategy.objectives[0].baseline: {AT_LEAST} -1e+16"],
    ),
    "payout-band-over-10000-percent": (
        "rewards:\n  payout_curve: [{from: 0, payout: 1e6}]\n",
        {},
        ["account.yaml:7:36: rewards.payout_curve[0].payout: must be at most 10,000, got 1e+06"],
    ),
    "period-of-year-0001": (
        "analysis:\n  profitability: {period: 0001, revenue: 1}\n",
        {},
        [f"account.yaml:7:27: analysis.profitability.period: {YEARS} 0001"],
    ),
    "csv-period-of-year-0001": (
        "analysis:\n  purchase_history: {csv: p.csv}\n",
        {"p.csv": "period,product,revenue\n2025,Kits,1\n0001-Q1,Kits,1\n"},
        [f"p.csv:3:1: column 'period': {YEARS} 0001"],
    ),
    "csv-date-9999-12-31": (
        "analysis:\n  purchase_history: {csv: p.csv}\n",
        {"p.csv": "date,product,revenue\n9999-12-31,Kits,1\n"},
        [f"p.csv:2:1: column 'date': {DATES} 9999-12-31"],
    ),
    "csv-history-spanning-51-years": (
        "analysis:\n  purchase_history: {csv: p.csv}\n",
        {"p.csv": "date,product,revenue\n2000-01-01,Kits,1\n2050-12-31,Kits,1\n"},
        [
            "p.csv:3:1: column 'date': 2050-12-31 makes the purchase history span 51 years "
            "(2000–2050); the limit is 50 years"
        ],
    ),
    "inline-history-spanning-51-years": (
        "analysis:\n  purchase_history:\n    records:\n"
        "      - {period: 2049, product: Kits, revenue: 1}\n"
        "      - {period: 1999, product: Kits, revenue: 1}\n",
        {},
        [
            "account.yaml:10:18: analysis.purchase_history.records[1].period: 1999 makes the "
            "purchase history span 51 years (1999–2049); the limit is 50 years"
        ],
    ),
    "csv-history-with-101-products": (
        "analysis:\n  purchase_history: {csv: p.csv}\n",
        {"p.csv": "period,product,revenue\n" + "".join(f"2025,P{i},1\n" for i in range(101))},
        [
            "p.csv:102:2: column 'product': 'P100' is one product too many; the limit is 100 "
            "products: group them into product lines"
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_out_of_range_input_is_refused_by_build(name, tmp_path, monkeypatch):
    yaml, files, expected = CASES[name]
    result = build_html(tmp_path, monkeypatch, yaml, files)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [*expected, "account.yaml: not built"]
    assert not list(tmp_path.glob("*.html"))


AT_THE_BOUNDS = """\
date: 2199-12-31
period: {start: 1900-01-01, end: 2199-12-31}
account: {name: Beta, customer_since: 1900-01-01}
analysis:
  purchase_history:
    records:
      - {period: 2150, product: Kits, revenue: 1e15, gross_margin: -1e15, units: 1e15}
      - {date: 2199-12-31, product: Kits, revenue: 1e15, orders: 1000000000000000}
      - {period: 2150, product: Tiny, revenue: 5e-324}
    category_spend: [{period: 2199, amount: 1e15}]   # below 1e15 would be a share over 100 %
  profitability:
    period: 2199-Q4
    revenue: 5e-324
    discounts: 1e15
    cogs: 1e15
    cost_to_serve:
      - {activity: Visits, quantity: 1e15, rate: 1}
      - {activity: Calls, quantity: 1e-300, rate: 1e15}
    account_team_cost: 1e15
plan:
  current_position:
    team: [{id: ana, name: Ana}]
  company_strategy:
    objectives:
      - {id: o1, objective: Grow, baseline: -1e15, target: 1e15, deadline: 2199-12-31, owner: ana}
  action_review:
    actions:
      - {id: a1, action: Start, objective: o1, start: 1900-01-01, due: 2199-12-31, cost: 1e15}
      - {id: a2, action: Late, objective: o1, start: 2199-12-31, due: 2199-12-31, cost: 1e15}
    review:
      kpis: [{kpi: Revenue, target: -1e15}]
      meetings: [{date: 1900-01-01, purpose: Kick-off}]
rewards:
  payout_curve: [{from: 0, to: 10000, payout: 10000}, {from: 10000, payout: 0}]
  budget: {total: 1e15, incremental_margin: 5e-324}
  rewards: [{name: Bonus, share: 100}]
  participants: [{member: ana, share: 100}]
portfolio:
  customers:
    - {id: a, name: A, revenue: 1e15, cogs: 0, cost_to_serve: 0}
    - {id: b, name: B, revenue: 0.3, discounts: 0.1, cogs: 0.2, cost_to_serve: 1e15}
    - {id: c, name: C, revenue: 5e-324, cogs: 0, cost_to_serve: 0}
"""


def test_a_document_at_the_bounds_builds(tmp_path, monkeypatch):
    """The largest amounts and the first and last dates, tiny denominators, profits that
    cancel out: every sum, product, ratio and date step stays in range."""
    yaml = AT_THE_BOUNDS.replace("account: {name: Beta, customer_since: 1900-01-01}\n", "")
    base = BASE.replace(
        "account: {name: Beta}", "account: {name: Beta, customer_since: 1900-01-01}"
    )
    (tmp_path / "account.yaml").write_text(base + yaml)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "--format", "html", "account.yaml"])
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / f"{tmp_path.name}.html").read_text(encoding="utf-8")
    assert "€1,000,000,000,000,000" in html
