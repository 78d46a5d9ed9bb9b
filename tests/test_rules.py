"""The rules (`kam.rules`): the plan's own logic across its sections. Each rule has its
test, with its exact message and position; each finding names the other end of the
contradiction (`file:line:col`), the figures and what to do."""

from __future__ import annotations

import json
import os
import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from kam.analysis import portfolio as portfolio_mod
from kam.cli.app import app
from kam.pipeline import prepare
from kam.rules import RULES
from kam.rules.summary import parse_number, plan_cost

# Seven lines: what a document's own content adds starts on line 8.
BASE = """\
kam: 1
locale: es
currency: EUR
date: 2026-11-27
period: {start: 2027-01-01, end: 2027-12-31}
company: {name: Acme}
account: {name: Beta}
"""


def run(
    tmp_path, body: str, locale: str = "en-DE", currency: str = "EUR", base: str = BASE, **files
):
    """The problems of a document, one line each: `file:line:col: severity: key: message`.

    The default locale, en-DE, writes messages in English and numbers as es-ES does
    (`4.850.000 €`, `44,2 %`): the English tests read the same figures as the Spanish
    ones (`locale="es-ES"`, or es-MX for Mexican numbers)."""
    text = base.replace("locale: es", f"locale: {locale}").replace("EUR", currency) + body
    (tmp_path / "account.yaml").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name.replace("_", ".")).write_text(content, encoding="utf-8")
    prepared, problems = prepare(tmp_path / "account.yaml")
    return [_line(p, tmp_path) for p in problems.items], prepared


def _line(problem, root) -> str:
    pos = problem.pos
    where = f"{os.path.relpath(pos.file, root)}:{pos.line}:{pos.col}: " if pos else ""
    return f"{where}{problem.severity}: {problem.key}: {problem.message}"


def findings(tmp_path, body: str, **kwargs) -> list[str]:
    return run(tmp_path, body, **kwargs)[0]


# ------------------------------------------------------------------ money that agrees

HISTORY_AND_PL = """\
analysis:
  purchase_history:
    records:
      - {period: 2025, product: Kits, revenue: 2_708_283}
  profitability:
    period: 2025
    revenue: 4_850_000
"""


def test_revenue_history_the_pl_and_the_history_disagree(tmp_path):
    assert findings(tmp_path, HISTORY_AND_PL) == [
        "account.yaml:14:14: warning: analysis.profitability.revenue: the account's revenue "
        "for 2025 is 4.850.000 € here, but the purchase history (the inline records, "
        "account.yaml:11:7) totals 2.708.283 € for 2025, 44,2 % apart; the P&L and the "
        "history should agree within 1 %: correct the one that is wrong"
    ]


def test_revenue_history_without_a_period_takes_the_latest_full_year(tmp_path):
    body = """\
analysis:
  purchase_history:
    records:
      - {period: 2024-Q4, product: Kits, revenue: 300_000}
      - {period: 2025-Q1, product: Kits, revenue: 250_000}
      - {period: 2025-Q2, product: Kits, revenue: 250_000}
  profitability:
    revenue: 500_000
"""
    # 2025 holds only two quarters: 2024 is the latest full year.
    assert findings(tmp_path, body) == [
        "account.yaml:15:14: warning: analysis.profitability.revenue: the account's revenue "
        "for 2024 (the history's latest full year) is 500.000 € here, but the purchase "
        "history (the inline records, account.yaml:11:7) totals 300.000 € for 2024, 40,0 % "
        "apart; the P&L and the history should agree within 1 %: correct the one that is "
        "wrong, or give the P&L's 'period'"
    ]


def test_revenue_history_within_one_percent_is_fine(tmp_path):
    assert findings(tmp_path, HISTORY_AND_PL.replace("4_850_000", "2_730_000")) == []


PORTFOLIO_CSV = """\
id,name,revenue,cogs,cost_to_serve
beta,Beta,1200000,600000,100000
gamma,Gamma,500000,300000,50000
"""


def test_revenue_portfolio_the_key_row_disagrees_with_the_pl(tmp_path):
    body = HISTORY_AND_PL.replace("2_708_283", "1_000_000").replace("4_850_000", "1_000_000")
    body += "portfolio:\n  key_account: beta\n  customers: {csv: customers.csv}\n"
    assert findings(tmp_path, body, customers_csv=PORTFOLIO_CSV) == [
        "customers.csv:2:3: warning: portfolio.customers[0].revenue: the key account's "
        "revenue in the portfolio is 1.200.000 €, but the P&L for 2025 (account.yaml:14:14) "
        "gives 1.000.000 €, 16,7 % apart; the portfolio row should hold the same year's "
        "revenue (within 1 %): correct the one that is wrong"
    ]


def test_revenue_portfolio_without_a_pl_compares_last_years_history(tmp_path):
    body = """\
analysis:
  purchase_history:
    records:
      - {period: 2025, product: Kits, revenue: 1_000_000}
portfolio:
  key_account: beta
  customers:
    - {id: beta, name: Beta, revenue: 1_200_000, cogs: 600_000, cost_to_serve: 100_000}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:15:39: warning: portfolio.customers[0].revenue: the key account's "
        "revenue in the portfolio is 1.200.000 €, but the purchase history for 2025 "
        "(account.yaml:11:7) gives 1.000.000 €, 16,7 % apart; the portfolio row should hold "
        "the same year's revenue (within 1 %): correct the one that is wrong"
    ]
    # Written in 2027, the history's 2025 is not the year a portfolio holds: no finding.
    later = BASE.replace("date: 2026-11-27", "date: 2027-11-27")
    assert findings(tmp_path, body, base=later) == []


ACTIONS = """\
plan:
  action_review:
    budget: 10_000
    actions:
      - {id: a1, action: Kick-off, start: 2027-01-10, due: 2027-02-10, cost: 8_000}
      - {id: a2, action: Pilot, start: 2027-02-10, due: 2027-03-10, cost: 4_000}
      - {id: a3, action: Trip, start: 2027-03-10, due: 2027-04-10, status: deferred, cost: 3_000}
      - {id: a4, action: Fair, start: 2027-04-10, due: 2027-05-10, status: cancelled, cost: 1_500}
"""


def test_action_costs_leave_out_cancelled_and_show_deferred_apart(tmp_path):
    problems, prepared = run(tmp_path, ACTIONS.replace("budget: 10_000", "budget: 12_000"))
    assert problems == []
    figures = prepared.figures
    assert figures.actions_active_cost == 12_000
    assert figures.actions_deferred_cost == 3_000
    assert figures.actions_cancelled_cost == 1_500
    assert figures.actions_cost == 16_500  # every action, as before


def test_action_budget_the_active_actions_cost_more(tmp_path):
    assert findings(tmp_path, ACTIONS) == [
        "account.yaml:10:13: warning: plan.action_review.budget: the active actions of D.1 "
        "(account.yaml:12:7) cost 12.000 € (deferred 3.000 € and cancelled 1.500 € not "
        "counted), 2.000 € over this budget of 10.000 €; cut or defer actions, or raise the "
        "budget"
    ]


SUMMARY_ES = """\
plan:
  executive_summary: |
    Crecemos en la cuenta.

    El plan de acción cuesta unos 55.000 € en 2027 y el plan de premios 20.000 €.
  action_review:
    actions:
      - {id: a1, action: Kick-off, start: 2027-01-10, due: 2027-02-10, cost: 71_700}
      - {id: a2, action: Pilot, start: 2027-02-10, due: 2027-03-10, status: deferred, cost: 14_000}
"""


def test_summary_cost_in_spanish(tmp_path):
    assert findings(tmp_path, SUMMARY_ES, locale="es") == [
        "account.yaml:12:35: warning: plan.executive_summary: el resumen ejecutivo da como "
        "coste del plan 55.000 €, pero las acciones activas de D.1 (account.yaml:15:7) "
        "cuestan 71.700 € (sin contar 14.000 € de acciones aplazadas): 16.700 € más (más de "
        "un 10 % de diferencia); actualicen el resumen o los costes de las acciones"
    ]


def test_summary_cost_in_english(tmp_path):
    body = """\
plan:
  executive_summary: |
    The mix is moving our way. The 20 actions in the plan cost $197,500 in total.
  action_review:
    actions:
      - {id: a1, action: Kick-off, start: 2027-01-10, due: 2027-02-10, cost: 177_500}
      - {id: a2, action: Pilot, start: 2027-02-10, due: 2027-03-10, status: deferred, cost: 20_000}
"""
    assert findings(tmp_path, body, locale="en", currency="USD") == [
        "account.yaml:10:64: warning: plan.executive_summary: the executive summary gives the "
        "plan's cost as $197,500, but the active actions of D.1 (account.yaml:13:7) cost "
        "$177,500 (deferred $20,000 not counted): $20,000 less (over 10 % apart); update the "
        "summary, or the actions' costs"
    ]


def test_summary_cost_within_ten_percent_is_fine(tmp_path):
    assert findings(tmp_path, SUMMARY_ES.replace("55.000 €", "68.000 €"), locale="es") == []


@pytest.mark.parametrize(
    "text, locale, currency, expected",
    [
        ("El coste del plan es de 55 000 €.", "es", "EUR", ("55 000 €", 55_000)),
        ("El plan de acción cuesta unos **55.000 €** en 2027.", "es", "EUR", ("55.000 €", 55_000)),
        ("La inversión del plan: 1,2 M€.", "es", "EUR", ("1,2 M€", 1_200_000)),
        ("El presupuesto del plan asciende a 55.000 EUR.", "es", "EUR", ("55.000 EUR", 55_000)),
        ("El plan cuesta $1,234,567.50 en total.", "es-MX", "MXN", ("$1,234,567.50", 1234567.5)),
        ("The plan costs €55,000 in 2027.", "en", "EUR", ("€55,000", 55_000)),
        ("The action plan costs $0.2M.", "en", "USD", ("$0.2M", 200_000)),
        ("The cost of the plan is USD 55,000.", "en", "USD", ("USD 55,000", 55_000)),
    ],
)
def test_summary_reads_the_plans_cost_in_both_languages(text, locale, currency, expected):
    quoted = plan_cost(text, locale, currency)
    assert (quoted.text, quoted.value) == expected


@pytest.mark.parametrize(
    "text, locale, currency",
    [
        ("El presupuesto del plan de premios es de 20.000 €.", "es", "EUR"),
        ("El plan de premios cuesta 20.000 €.", "es", "EUR"),
        ("El coste de servir es de 157.090 €.", "es", "EUR"),
        ("Le facturamos 1.187.989 € en 2025.", "es", "EUR"),  # no word about the plan's cost
        ("The rewards plan costs $59,000.", "en", "USD"),
        ("The rewards plan has a $59,000 budget.", "en", "USD"),
        ("Our cost to serve is $298,320; the plan cost to serve falls.", "en", "USD"),
        ("The plan costs about 55,000 euros.", "en", "EUR"),  # no symbol or code: not read
        ("The plan costs a lot. Revenue was $4.61M.", "en", "USD"),  # another sentence
    ],
)
def test_summary_reads_no_cost_where_none_is_said(text, locale, currency):
    assert plan_cost(text, locale, currency) is None


def test_summary_numbers_in_either_writing():
    assert parse_number("55.000") == parse_number("55,000") == parse_number("55 000") == 55_000
    assert parse_number("1.234.567,50") == parse_number("1,234,567.50") == 1_234_567.5
    assert parse_number("3,66") == parse_number("3.66") == 3.66


# ---------------------------------------------------------------- shares that cannot be

WALLET = """\
analysis:
  purchase_history:
    records:
      - {period: 2025, product: Kits, revenue: 3_051_563}
    category_spend:
      - {period: 2025, amount: 1.234}
"""


def test_share_of_wallet_over_100_is_an_error_and_the_point_a_thousands_point(tmp_path):
    problems, prepared = run(tmp_path, WALLET)
    assert prepared is None  # an error: nothing is built
    assert problems == [
        "account.yaml:13:32: error: analysis.purchase_history.category_spend[0].amount: the "
        "customer's spend in our category for 2025 is 1,23 €, below our own revenue from it "
        "(3.051.563 € in the purchase history, the inline records, account.yaml:11:7): a "
        "share of wallet of 247.290.356,6 %, which cannot be; the category spend counts "
        "every supplier, us included: correct the amount",
        "account.yaml:13:32: warning: analysis.purchase_history.category_spend[0].amount: "
        "did you mean 1234? In YAML the dot is the decimal point, so 1.234 is 1,23 €, not "
        "1.234 €; write 1234 or 1_234",
    ]


def test_category_shares_are_figures(tmp_path):
    problems, prepared = run(tmp_path, WALLET.replace("1.234", "6_000_000"))
    assert problems == []
    (row,) = prepared.figures.category_shares
    assert (row.period, row.spend, row.revenue) == ("2025", 6_000_000, 3_051_563)
    assert row.share == pytest.approx(0.5085938)


def test_competitor_shares_over_100_is_an_error(tmp_path):
    body = """\
plan:
  company_strategy:
    competitors_in_account:
      - {name: Levantina, share: 60}
      - {name: NordMed, share: 50.5}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:11:7: error: plan.company_strategy.competitors_in_account: the "
        "competitors' shares of the account add up to 110,5 %, over 100 %, which cannot be; "
        "each share is of the customer's whole spend in our category: correct them"
    ]


def test_competitor_shares_leave_no_room_for_ours(tmp_path):
    body = """\
analysis:
  purchase_history:
    records:
      - {period: 2025, product: Kits, revenue: 1_000_000}
    category_spend:
      - {period: 2025, amount: 2_500_000}
plan:
  company_strategy:
    competitors_in_account:
      - {name: Levantina, share: 50}
      - {name: NordMed, share: 20}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:17:7: warning: plan.company_strategy.competitors_in_account: the "
        "competitors' shares of the account add up to 70 %, but our own share of wallet in "
        "2025 is 40 % (account.yaml:13:32), which leaves 60 % for them; lower their shares, "
        "or check the category spend"
    ]
    # Within a point of the room left (shares are rounded estimates): fine.
    assert findings(tmp_path, body.replace("share: 20", "share: 10.5")) == []


THOUSANDS = """\
analysis:
  profitability:
    period: 2025
    revenue: 1_200_000
    cost_to_serve:
      - {activity: Visitas, quantity: 12, rate: 12.5}
      - {activity: Entregas, cost: 2.400}
rewards:
  budget: {total: 20.000}
"""


def test_thousands_point_in_a_spanish_document(tmp_path):
    assert findings(tmp_path, THOUSANDS) == [
        "account.yaml:14:36: warning: analysis.profitability.cost_to_serve[1].cost: did you "
        "mean 2400? In YAML the dot is the decimal point, so 2.400 is 2,40 €, not 2.400 €; "
        "write 2400 or 2_400",
        "account.yaml:16:19: warning: rewards.budget.total: did you mean 20000? In YAML the "
        "dot is the decimal point, so 20.000 is 20 €, not 20.000 €; write 20000 or 20_000",
    ]


@pytest.mark.parametrize("locale", ["en", "es-MX", "en-GB"])
def test_thousands_point_only_where_the_point_groups_thousands(tmp_path, locale):
    assert findings(tmp_path, THOUSANDS, locale=locale) == []


def test_thousands_point_in_a_portfolio_csv(tmp_path):
    # A CSV file is read in the document's locale: 1.234 is 1234 in es-ES, fine.
    csv = "id,name,revenue,cogs,cost_to_serve\nbeta,Beta,1.234,0,0\n"
    body = "portfolio:\n  customers: {csv: customers.csv}\n"
    assert findings(tmp_path, body, customers_csv=csv) == []
    # Unless it declares that its dot is the decimal point.
    body = "portfolio:\n  customers: {csv: customers.csv, decimal: '.'}\n"
    assert findings(tmp_path, body, customers_csv=csv) == [
        "customers.csv:2:3: warning: portfolio.customers[0].revenue: did you mean 1234? The "
        "file declares 'decimal: .', so 1.234 is 1,23 €, not 1.234 €; write 1234, or remove "
        "'decimal:' to read the file's numbers as the document's locale writes them"
    ]


def test_thousands_point_names_twenty_then_counts(tmp_path):
    body = "portfolio:\n  customers: {csv: customers.csv, decimal: '.'}\n"
    rows = "".join(f"c{i:02},C{i:02},1.{i:02}1,0,0\n" for i in range(1, 24))
    csv = "id,name,revenue,cogs,cost_to_serve\n" + rows
    problems = findings(tmp_path, body, customers_csv=csv)
    assert len(problems) == 21
    assert problems[-1] == (
        "customers.csv:22:3: warning: portfolio.customers[20].revenue: 3 more amounts are "
        "written with three decimals, like this one; in YAML and CSV the dot is the decimal "
        "point: write thousands without it (1234 or 1_234)"
    )


def test_history_totals_and_the_latest_full_year():
    from kam.analysis.history import Totals, revenue_for
    from kam.load.tables import PeriodKey, PurchaseData

    data = PurchaseData()
    for month, revenue in [(1, 10), (12, 20), (13, 30), (14, 40)]:  # 2024-01 … 2025-02
        year, m = 2024 + (month - 1) // 12, (month - 1) % 12 + 1
        data.add(PeriodKey(year, (m - 1) // 3 + 1, m), "Kits", revenue)
    totals = Totals.of(data)
    assert totals.latest_full_year() == 2024  # 2025 stops in February
    assert revenue_for(totals, None).revenue == 30
    assert revenue_for(totals, "2025-Q1").revenue == 70
    assert revenue_for(totals, "2024-12").revenue == 20
    assert revenue_for(totals, "2023") is None


# ---------------------------------------------------------------------------- rewards

PAYOUT = """\
rewards:
  payout_curve:
    - {from: 0, to: 100, payout: 0}
    - {from: 100, payout: 130}
  budget: {total: 20_000}
"""


def test_top_payout_over_the_budget(tmp_path):
    assert findings(tmp_path, PAYOUT) == [
        "account.yaml:12:19: warning: rewards.budget.total: at 120 % attainment the payout "
        "curve pays 130 % (account.yaml:11:27), so the rewards cost 26.000 €, 6.000 € over "
        "the budget of 20.000 €; set aside 26.000 € with 'maximum:' in the budget, or cap "
        "the payout curve at 100 %"
    ]


def test_top_payout_against_the_maximum(tmp_path):
    short = PAYOUT.replace("{total: 20_000}", "{total: 20_000, maximum: 25_000}")
    assert findings(tmp_path, short) == [
        "account.yaml:12:36: warning: rewards.budget.maximum: at 120 % attainment the payout "
        "curve pays 130 % (account.yaml:11:27), so the rewards cost 26.000 €, 1.000 € over "
        "the budget of 25.000 €; set aside 26.000 € with 'maximum:' in the budget, or cap "
        "the payout curve at 100 %"
    ]
    covered = PAYOUT.replace("{total: 20_000}", "{total: 20_000, maximum: 26_000}")
    assert findings(tmp_path, covered) == []


def test_commission_base(tmp_path):
    body = """\
rewards:
  rewards:
    - {name: Comisión de kits, type: commission, share: 60}
    - {name: Comisión de curas, type: commission, share: 40, rate: 2}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:10:7: warning: rewards.rewards[0]: 'Comisión de kits' is a commission "
        "without rate and base: say what percentage (rate: 2.5) of what (base: kit revenue "
        "above 2025) it pays, or the team cannot work out what it earns",
        "account.yaml:11:7: warning: rewards.rewards[1]: 'Comisión de curas' is a commission "
        "without base: say what percentage (rate: 2.5) of what (base: kit revenue above "
        "2025) it pays, or the team cannot work out what it earns",
    ]
    both = body.replace("rate: 2}", "rate: 2, base: curas sobre 2025}").replace(
        "share: 60}", "share: 60, rate: 3, base: kits sobre 2025}"
    )
    assert findings(tmp_path, both) == []


INDIVIDUAL = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
rewards:
  participants:
    - {member: ana, share: 100}
  split: {team: 60, individual: 40}
"""


def test_individual_objectives(tmp_path):
    assert findings(tmp_path, INDIVIDUAL) == [
        "account.yaml:14:33: warning: rewards.split.individual: 40 % of the rewards is paid "
        "on individual performance, but no participant (account.yaml:13:5) has individual "
        "objectives; add 'objectives:' to each participant, or pay everything from the team "
        "pool"
    ]
    given = INDIVIDUAL.replace("share: 100}", "share: 100, objectives: [Dos líneas nuevas]}")
    assert findings(tmp_path, given) == []
    assert (
        findings(
            tmp_path, INDIVIDUAL.replace("team: 60, individual: 40", "team: 100, individual: 0")
        )
        == []
    )


LOWER = """\
rewards:
  objectives:
    - objective: Mejorar el servicio
      metric: coste de servir sobre facturación (máximo)
      weight: 100
"""


def test_lower_is_better(tmp_path):
    assert findings(tmp_path, LOWER) == [
        "account.yaml:11:15: warning: rewards.objectives[0].metric: 'coste de servir sobre "
        "facturación (máximo)' reads as lower is better ('coste de servir'), but the "
        "objective has no direction, so its attainment is undefined: read as more is better, "
        "beating the target would count as missing it; add 'direction: lower' (or "
        "'direction: higher' if more is better)"
    ]
    for direction in ("lower", "higher"):
        given = LOWER + f"      direction: {direction}\n"
        assert findings(tmp_path, given) == []


def test_lower_is_better_read_in_the_objective(tmp_path):
    body = """\
rewards:
  objectives:
    - {objective: Reduce rush deliveries, metric: rush deliveries per year, weight: 100}
"""
    assert findings(tmp_path, body, locale="en") == [
        "account.yaml:10:19: warning: rewards.objectives[0].objective: 'Reduce rush "
        "deliveries' reads as lower is better ('Reduce'), but the objective has no "
        "direction, so its attainment is undefined: read as more is better, beating the "
        "target would count as missing it; add 'direction: lower' (or 'direction: higher' "
        "if more is better)"
    ]


# -------------------------------------------------------------------------- portfolio

LOSSES = """\
portfolio:
  customers:
    - {id: jucar, name: Júcar, revenue: 1_457_806, cogs: 1_112_343, cost_to_serve: 375_600, discounts: 145_800, attractiveness: 6, relative_strength: 4}
    - {id: dental, name: Dental, revenue: 100_000, cogs: 90_000, cost_to_serve: 5_000, discounts: 8_000, attractiveness: 8, relative_strength: 7}
    - {id: remote, name: Remote, revenue: 100_000, cogs: 60_000, cost_to_serve: 100_000, attractiveness: 9, relative_strength: 7}
    - {id: cheap, name: Cheap, revenue: 100_000, cogs: 110_000, cost_to_serve: 10_000, attractiveness: 7, relative_strength: 3}
    - {id: small, name: Small, revenue: 50_000, cogs: 40_000, cost_to_serve: 20_000, attractiveness: 3, relative_strength: 3}
    - {id: fine, name: Fine, revenue: 500_000, cogs: 300_000, cost_to_serve: 50_000, attractiveness: 9, relative_strength: 9}
"""  # noqa: E501


def test_attractive_losses_get_a_remedy(tmp_path):
    problems, prepared = run(tmp_path, LOSSES)
    assert problems == [
        "account.yaml:10:129: warning: portfolio.customers[0].attractiveness: Júcar loses "
        "175.937 € (revenue 1.457.806 € at account.yaml:10:41, less discounts, COGS and cost "
        "to serve) yet is rated attractive (attractiveness 6, relative strength 4: the Star "
        "quadrant); reduce its cost to serve (375.600 €, 25,8 % of revenue): cutting it by "
        "46,8 % ends the loss",
        "account.yaml:12:106: warning: portfolio.customers[2].attractiveness: Remote loses "
        "60.000 € (revenue 100.000 € at account.yaml:12:43, less discounts, COGS and cost to "
        "serve) yet is rated attractive (attractiveness 9, relative strength 7: the "
        "Strategic quadrant); re-segment it: neither half its cost to serve nor a 5 % price "
        "rise ends the loss, so serve it through a cheaper channel, or rate its "
        "attractiveness again",
        "account.yaml:13:104: warning: portfolio.customers[3].attractiveness: Cheap loses "
        "20.000 € (revenue 100.000 € at account.yaml:13:41, less discounts, COGS and cost to "
        "serve) yet is rated attractive (attractiveness 7, relative strength 3: the Star "
        "quadrant); renegotiate its prices and discounts: a price rise of 20,0 % ends the "
        "loss",
        "account.yaml:11:122: warning: portfolio.customers[1].attractiveness: Dental loses "
        "3.000 € (revenue 100.000 € at account.yaml:11:43, less discounts, COGS and cost to "
        "serve) yet is rated attractive (attractiveness 8, relative strength 7: the "
        "Strategic quadrant); renegotiate its prices and discounts (8.000 € of discounts): a "
        "price rise of 3,0 % ends the loss",
    ]
    assert prepared is not None  # warnings: the document builds


def test_attractive_losses_are_figures(tmp_path):
    _problems, prepared = run(tmp_path, LOSSES)
    view = prepared.figures.portfolio
    assert view.attractive_loss_count == 4
    assert [(r.id, r.action) for r in view.attractive_losses] == [
        ("jucar", "reduce_cost_to_serve"),
        ("remote", "resegment"),
        ("cheap", "renegotiate_prices"),
        ("dental", "renegotiate_prices"),
    ]
    assert view.attractive_losses[0].change == pytest.approx(175_937 / 375_600)
    rows = {row.id: row for row in view.rows}
    assert rows["jucar"].remedy == "reduce_cost_to_serve" and rows["jucar"].index == 0
    assert rows["small"].remedy is None  # loses money, but is not rated attractive
    assert rows["fine"].remedy is None


def test_remedy_chooses_the_lever_that_ends_the_loss():
    remedy = portfolio_mod.remedy
    # prices below COGS and discounts: no service saving ends the loss
    assert remedy(100, 10, 100, 5) == ("renegotiate_prices", pytest.approx(0.15))
    assert remedy(100, 0, 60, 60) == ("reduce_cost_to_serve", pytest.approx(20 / 60))
    assert remedy(100, 0, 99, 5) == ("renegotiate_prices", pytest.approx(0.04))
    assert remedy(100, 0, 60, 100) == ("resegment", None)


def test_attractive_losses_beyond_ten_are_counted(tmp_path):
    rows = "".join(
        f"    - {{id: c{i:02}, name: C{i:02}, revenue: 100, cogs: 90, cost_to_serve: {20 + i}, "
        "attractiveness: 8, relative_strength: 8}\n"
        for i in range(12)
    )
    problems = findings(tmp_path, "portfolio:\n  customers:\n" + rows)
    assert len(problems) == 11
    assert problems[0].startswith("account.yaml:21:")  # c11 loses the most
    assert problems[-1] == (
        "account.yaml:10:5: warning: portfolio.customers: 2 more customers rated attractive "
        "(strategic or star) lose money; the document lists the largest losses with what "
        "would end them"
    )


STRENGTH = """\
plan:
  company_strategy:
    critical_success_factors:
      - {factor: Precio, weight: 60, our_score: 7, competitor: Levantina, competitor_score: 8}
      - {factor: Servicio, weight: 40, our_score: 8, competitor: Levantina, competitor_score: 7}
portfolio:
  key_account: beta
  customers:
    - {id: beta, name: Beta, revenue: 100, cogs: 50, cost_to_serve: 10, attractiveness: 9, relative_strength: 6}
"""  # noqa: E501


def test_key_strength_strong_in_the_matrix_behind_in_c1(tmp_path):
    assert findings(tmp_path, STRENGTH) == [
        "account.yaml:16:111: warning: portfolio.customers[0].relative_strength: the key "
        "account's relative strength is 6, strong (above 5,5), but in C.1 (account.yaml:11:7) "
        "our weighted score 7,40 is below Levantina's 7,60; rate the strength again from "
        "C.1, or correct the C.1 scores"
    ]


def test_key_strength_weak_in_the_matrix_ahead_in_c1(tmp_path):
    ahead = STRENGTH.replace("our_score: 7,", "our_score: 9,").replace(
        "relative_strength: 6", "relative_strength: 4"
    )
    assert findings(tmp_path, ahead) == [
        "account.yaml:16:111: warning: portfolio.customers[0].relative_strength: the key "
        "account's relative strength is 4, weak (5,5 or below), but in C.1 "
        "(account.yaml:11:7) our weighted score 8,60 is above Levantina's 7,60; rate the "
        "strength again from C.1, or correct the C.1 scores"
    ]
    assert findings(tmp_path, ahead.replace("relative_strength: 4", "relative_strength: 8")) == []


# ------------------------------------------------------------------------------- time


def test_actions_in_period(tmp_path):
    body = """\
plan:
  action_review:
    actions:
      - {id: a1, action: Late, start: 2027-10-01, due: 2028-02-15}
      - {id: a2, action: Early, start: 2026-12-01, due: 2026-12-20, status: not_started}
      - {id: a3, action: Done before, start: 2026-06-01, due: 2026-07-01, status: done}
      - {id: a4, action: Straddles, start: 2026-11-01, due: 2027-02-01, status: in_progress}
      - {id: a5, action: Preparing, start: 2026-11-16, due: 2026-12-11, status: in_progress}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:11:56: warning: plan.action_review.actions[0].due: action 'a1' runs to "
        "2028-02-15, after the plan period ends on 2027-12-31 (account.yaml:5:34); bring it "
        "into the period, or extend the period",
        "account.yaml:12:57: warning: plan.action_review.actions[1].due: action 'a2' is due "
        "2026-12-20, before the plan period starts on 2027-01-01 (account.yaml:5:17); if it "
        "prepares the plan, start the period earlier, otherwise correct its dates",
    ]


def test_overdue_actions(tmp_path):
    body = """\
plan:
  action_review:
    actions:
      - {id: a1, action: Offer, start: 2026-09-01, due: 2026-11-15, status: in_progress}
      - {id: a2, action: Study, start: 2026-10-01, due: 2026-11-20}
      - {id: a3, action: Done, start: 2026-10-01, due: 2026-11-20, status: done}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:11:57: warning: plan.action_review.actions[0].due: 2 actions are "
        "overdue on 2026-11-27, the document's date (account.yaml:4:7): a1 (due 2026-11-15, "
        "account.yaml:11:57), a2 (due 2026-11-20, account.yaml:12:57); mark what is done as "
        "done, and give the rest a new due date"
    ]


def test_overdue_actions_without_a_date_are_judged_today(tmp_path, fixed_today):
    body = """\
plan:
  action_review:
    actions:
      - {id: a1, action: Offer, start: 2026-09-01, due: 2026-11-15, status: in_progress}
"""
    undated = BASE.replace("date: 2026-11-27\n", "")
    assert findings(tmp_path, body, base=undated) == [
        "account.yaml:10:57: warning: plan.action_review.actions[0].due: 1 action is overdue "
        "on 2026-11-27 (today: the document has no 'date'): a1 (due 2026-11-15, "
        "account.yaml:10:57); mark what is done as done, and give the rest a new due date"
    ]


def test_meetings_in_period(tmp_path):
    body = """\
plan:
  action_review:
    review:
      meetings:
        - {date: 2028-01-19, purpose: Annual review}
        - {date: 2027-04-15, purpose: Q1 review}
        - {date: 2026-12-01, purpose: Kick-off}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:12:18: warning: plan.action_review.review.meetings[0].date: the "
        "meeting 'Annual review' on 2028-01-19 is after the plan period, which ends on "
        "2027-12-31 (account.yaml:5:34); move it into the period, or extend the period",
        "account.yaml:14:18: warning: plan.action_review.review.meetings[2].date: the "
        "meeting 'Kick-off' on 2026-12-01 is before the plan period, which starts on "
        "2027-01-01 (account.yaml:5:17); move it into the period, or extend the period",
    ]


def test_objective_deadlines(tmp_path):
    body = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
  company_strategy:
    objectives:
      - {id: o5, objective: OTIF, metric: OTIF, baseline: 94, target: 97, deadline: 2027-09-30, owner: ana}
  action_review:
    actions:
      - {id: a18, action: Scorecard, objective: o5, start: 2027-01-04, due: 2027-12-31}
      - {id: a19, action: Dropped, objective: o5, start: 2027-01-04, due: 2027-12-31, status: cancelled}
"""  # noqa: E501
    assert findings(tmp_path, body) == [
        "account.yaml:16:77: warning: plan.action_review.actions[0].due: action 'a18' is due "
        "2027-12-31, after the deadline of objective 'o5' (2027-09-30, account.yaml:13:85) "
        "it serves; bring the action forward, or move the objective's deadline"
    ]


# ----------------------------------------------------------------------------- people


def test_time_pct_over_100_is_refused_where_it_is_written(tmp_path):
    body = "plan:\n  current_position:\n    team: [{id: ana, name: Ana, time_pct: 120}]\n"
    assert findings(tmp_path, body) == [
        "account.yaml:10:43: error: plan.current_position.team[0].time_pct: must be at most "
        "100, got 120"
    ]


def test_buying_centre_and_bow_tie(tmp_path):
    body = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
    contacts:
      - {id: c1, name: Marta, owner: ana}
      - {id: c2, name: Luis, owner: ana}
      - {id: c3, name: Eva, owner: ana}
"""
    assert findings(tmp_path, body) == [
        "account.yaml:12:7: warning: plan.current_position.contacts: no contact has the "
        "buying-centre role(s) decider, buyer, influencer; who decides, buys and influences?",
        "account.yaml:12:7: warning: plan.current_position.contacts: one team member (ana) "
        "owns every contact: a 'bow tie' relationship that is lost if that person leaves",
    ]


# ------------------------------------------------------------------ reports and docs


def test_rule_findings_reach_json_and_github_and_fail_strict(tmp_path, monkeypatch):
    english = BASE.replace("locale: es", "locale: en-DE")
    (tmp_path / "account.yaml").write_text(english + PAYOUT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    relaxed = runner.invoke(app, ["validate", "account.yaml"])
    assert relaxed.exit_code == 0
    assert runner.invoke(app, ["validate", "--strict", "account.yaml"]).exit_code == 1
    report = runner.invoke(app, ["validate", "-f", "json", "account.yaml"])
    (problem,) = json.loads(report.stdout)["files"][0]["problems"]
    assert (problem["severity"], problem["line"], problem["column"]) == ("warning", 12, 19)
    assert (problem["key"], problem["code"]) == ("rewards.budget.total", "top-payout")
    github = runner.invoke(app, ["validate", "-f", "github", "account.yaml"])
    assert github.stdout.startswith(
        "::warning file=account.yaml,line=12,col=19::rewards.budget.total: at 120 %25 attainment"
    )


def test_every_rule_is_listed_in_the_docs():
    docs = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    rules = docs.split("## Rules", 1)[1]
    for rule in RULES:
        code = rule.__name__.replace("_", "-")
        assert re.search(rf"\| `{rule.__name__}` \| `{code}` \|", rules), rule.__name__


# ------------------------------------------------------------------------ in Spanish
# Each rule once more in a Spanish document: the whole message is Spanish (the
# quadrant and role names are the document's own labels), numbers as es-ES writes
# them, or es-MX for Mexico's; positions as in English.

STRENGTH_AHEAD = (
    STRENGTH.replace("our_score: 7,", "our_score: 9,")
    .replace("relative_strength: 6", "relative_strength: 4")
    .replace("competitor: Levantina, ", "")
)
PERIOD = """\
plan:
  action_review:
    actions:
      - {id: a1, action: Late, start: 2027-10-01, due: 2028-02-15}
      - {id: a2, action: Early, start: 2026-12-01, due: 2026-12-20, status: not_started}
"""
OVERDUE = """\
plan:
  action_review:
    actions:
      - {id: a1, action: Offer, start: 2026-09-01, due: 2026-11-15, status: in_progress}
      - {id: a2, action: Study, start: 2026-10-01, due: 2026-11-20}
"""
MEETINGS = """\
plan:
  action_review:
    review:
      meetings:
        - {date: 2028-01-19, purpose: Revisión anual}
        - {date: 2026-12-01, purpose: Arranque}
"""
DEADLINES = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
  company_strategy:
    objectives:
      - {id: o5, objective: OTIF, metric: OTIF, baseline: 94, target: 97, deadline: 2027-09-30, owner: ana}
  action_review:
    actions:
      - {id: a18, action: Scorecard, objective: o5, start: 2027-01-04, due: 2027-12-31}
"""  # noqa: E501
PEOPLE = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
    contacts:
      - {id: c1, name: Marta, owner: ana}
      - {id: c2, name: Luis, owner: ana}
      - {id: c3, name: Eva, owner: ana}
"""
MANY_POINTS = "".join(f"c{i:02},C{i:02},1.{i:02}1,0,0\n" for i in range(1, 24))
MANY_LOSSES = "".join(
    f"    - {{id: c{i:02}, name: C{i:02}, revenue: 100, cogs: 90, cost_to_serve: {20 + i}, "
    "attractiveness: 8, relative_strength: 8}\n"
    for i in range(12)
)
CSV_HEADER = "id,name,revenue,cogs,cost_to_serve\n"

SPANISH = {
    "revenue-history": (
        HISTORY_AND_PL,
        {},
        "account.yaml:14:14: warning: analysis.profitability.revenue: la facturación de la "
        "cuenta en 2025 es aquí de 4.850.000 €, pero la historia de compras (los registros "
        "escritos en el documento, account.yaml:11:7) suma 2.708.283 € en 2025, un 44,2 % de "
        "diferencia; la cuenta de resultados y la historia deberían coincidir con un margen "
        "del 1 %: corrijan la que esté mal",
    ),
    "revenue-portfolio": (
        HISTORY_AND_PL.replace("2_708_283", "1_000_000").replace("4_850_000", "1_000_000")
        + "portfolio:\n  key_account: beta\n  customers: {csv: customers.csv}\n",
        {"customers_csv": PORTFOLIO_CSV},
        "customers.csv:2:3: warning: portfolio.customers[0].revenue: la facturación de la "
        "cuenta clave en la cartera es de 1.200.000 €, pero la cuenta de resultados de 2025 "
        "(account.yaml:14:14) da 1.000.000 €, un 16,7 % de diferencia; la fila de la cartera "
        "debería recoger la facturación del mismo año (con un margen del 1 %): corrijan la "
        "que esté mal",
    ),
    "action-budget": (
        ACTIONS,
        {},
        "account.yaml:10:13: warning: plan.action_review.budget: las acciones activas de D.1 "
        "(account.yaml:12:7) cuestan 12.000 € (sin contar 3.000 € de acciones aplazadas ni "
        "1.500 € de canceladas), 2.000 € por encima de este presupuesto de 10.000 €; recorten "
        "o aplacen acciones, o amplíen el presupuesto",
    ),
    "summary-cost": (
        SUMMARY_ES,
        {},
        "account.yaml:12:35: warning: plan.executive_summary: el resumen ejecutivo da como "
        "coste del plan 55.000 €, pero las acciones activas de D.1 (account.yaml:15:7) "
        "cuestan 71.700 € (sin contar 14.000 € de acciones aplazadas): 16.700 € más (más de "
        "un 10 % de diferencia); actualicen el resumen o los costes de las acciones",
    ),
    "share-of-wallet": (
        WALLET,
        {},
        "account.yaml:13:32: error: analysis.purchase_history.category_spend[0].amount: el "
        "gasto del cliente en nuestra categoría en 2025 es de 1,23 €, menos que nuestra propia "
        "facturación con él (3.051.563 € en la historia de compras, los registros escritos en "
        "el documento, account.yaml:11:7): una cuota de gasto del 247.290.356,6 %, lo que no "
        "puede ser; el gasto en la categoría cuenta a todos los proveedores, nosotros "
        "incluidos: corrijan el importe",
    ),
    "competitor-shares": (
        "plan:\n  company_strategy:\n    competitors_in_account:\n"
        "      - {name: Levantina, share: 60}\n      - {name: NordMed, share: 50.5}\n",
        {},
        "account.yaml:11:7: error: plan.company_strategy.competitors_in_account: las cuotas de "
        "los competidores en la cuenta suman el 110,5 %, más del 100 %, lo que no puede ser; "
        "cada cuota es del gasto total del cliente en nuestra categoría: corríjanlas",
    ),
    "thousands-point": (
        "portfolio:\n  customers: {csv: customers.csv, decimal: '.'}\n",
        {"customers_csv": CSV_HEADER + MANY_POINTS},
        "customers.csv:22:3: warning: portfolio.customers[20].revenue: 3 importes más están "
        "escritos con tres decimales, como este; en YAML y CSV el punto separa los decimales: "
        "escriban los miles sin él (1234 o 1_234)",
    ),
    "top-payout": (
        PAYOUT,
        {},
        "account.yaml:12:19: warning: rewards.budget.total: con un cumplimiento del 120 %, la "
        "curva de pago paga el 130 % (account.yaml:11:27), así que los premios cuestan "
        "26.000 €, 6.000 € por encima del presupuesto de 20.000 €; reserven 26.000 € con "
        "'maximum:' en el presupuesto, o limiten la curva de pago al 100 %",
    ),
    "commission-base": (
        "rewards:\n  rewards:\n    - {name: Comisión de kits, type: commission, share: 100}\n",
        {},
        "account.yaml:10:7: warning: rewards.rewards[0]: 'Comisión de kits' es una comisión "
        "sin rate ni base: indiquen qué porcentaje (rate: 2.5) de qué (base: facturación de "
        "kits por encima de 2025) paga, o el equipo no podrá calcular lo que gana",
    ),
    "individual-objectives": (
        INDIVIDUAL,
        {},
        "account.yaml:14:33: warning: rewards.split.individual: el 40 % de los premios se "
        "paga por el desempeño individual, pero ningún participante (account.yaml:13:5) tiene "
        "objetivos individuales; añadan 'objectives:' a cada participante, o paguen todo "
        "desde la bolsa del equipo",
    ),
    "lower-is-better": (
        LOWER,
        {},
        "account.yaml:11:15: warning: rewards.objectives[0].metric: 'coste de servir sobre "
        "facturación (máximo)' se lee como «menos es mejor» ('coste de servir'), pero el "
        "objetivo no tiene dirección, así que su cumplimiento no está definido: leído como "
        "«más es mejor», superar la meta contaría como no alcanzarla; añadan 'direction: "
        "lower' (o 'direction: higher' si más es mejor)",
    ),
    "attractive-losses": (
        "portfolio:\n  customers:\n" + MANY_LOSSES,
        {},
        "account.yaml:10:5: warning: portfolio.customers: 2 clientes más que figuran como "
        "atractivos (cuadrantes Estratégica y Estrella) pierden dinero; el documento recoge "
        "las mayores pérdidas con lo que acabaría con ellas",
    ),
    "key-strength": (
        STRENGTH,
        {},
        "account.yaml:16:111: warning: portfolio.customers[0].relative_strength: la fortaleza "
        "relativa de la cuenta clave es 6, fuerte (por encima de 5,5), pero en C.1 "
        "(account.yaml:11:7) nuestra puntuación ponderada 7,40 está por debajo del 7,60 de "
        "Levantina; vuelvan a valorar la fortaleza a partir de C.1, o corrijan las "
        "puntuaciones de C.1",
    ),
    "actions-in-period": (
        PERIOD,
        {},
        "account.yaml:11:56: warning: plan.action_review.actions[0].due: la acción 'a1' dura "
        "hasta el 2028-02-15, después de que termine el periodo del plan el 2027-12-31 "
        "(account.yaml:5:34); tráiganla dentro del periodo o amplíen el periodo",
    ),
    "overdue-actions": (
        OVERDUE,
        {},
        "account.yaml:11:57: warning: plan.action_review.actions[0].due: 2 acciones están "
        "vencidas el 2026-11-27, la fecha del documento (account.yaml:4:7): a1 (vence el "
        "2026-11-15, account.yaml:11:57), a2 (vence el 2026-11-20, account.yaml:12:57); "
        "marquen como hecho lo que esté hecho y den al resto una nueva fecha límite",
    ),
    "meetings-in-period": (
        MEETINGS,
        {},
        "account.yaml:12:18: warning: plan.action_review.review.meetings[0].date: la reunión "
        "'Revisión anual' del 2028-01-19 cae después del periodo del plan, que termina el "
        "2027-12-31 (account.yaml:5:34); muévanla dentro del periodo o amplíen el periodo",
    ),
    "objective-deadlines": (
        DEADLINES,
        {},
        "account.yaml:16:77: warning: plan.action_review.actions[0].due: la acción 'a18' "
        "vence el 2027-12-31, después de la fecha límite del objetivo 'o5' (2027-09-30, "
        "account.yaml:13:85) al que sirve; adelanten la acción o muevan la fecha límite del "
        "objetivo",
    ),
    "buying-centre": (
        PEOPLE,
        {},
        "account.yaml:12:7: warning: plan.current_position.contacts: ningún contacto tiene el "
        "rol o los roles del centro de compras decisor, comprador, influenciador; ¿quién "
        "decide, compra e influye?",
    ),
    "bow-tie": (
        PEOPLE,
        {},
        "account.yaml:12:7: warning: plan.current_position.contacts: un solo miembro del "
        "equipo (ana) lleva todos los contactos: una relación en «pajarita» que se pierde si "
        "esa persona se va",
    ),
    "actuals-in-period": (
        "plan:\n  action_review:\n    review:\n      kpis:\n"
        "        - {kpi: K, target: 10, actuals: {2028-Q1: 9}}\n",
        {},
        "account.yaml:12:42: warning: plan.action_review.review.kpis[0].actuals.2028-Q1: el "
        "valor real de 2028-Q1 es posterior al periodo del plan, que termina el 2027-12-31 "
        "(account.yaml:5:34); corrijan el periodo o regístrenlo en el próximo plan",
    ),
    "actuals-numeric-target": (
        "plan:\n  action_review:\n    review:\n      kpis:\n"
        '        - {kpi: N, target: "+15 %", actuals: {2027: 3}}\n',
        {},
        "account.yaml:12:28: warning: plan.action_review.review.kpis[0].target: el KPI 'N' "
        "tiene valores reales pero no una meta numérica, así que D.2 no puede decir si va en "
        "línea; escriban la meta como un número (con 'unit:' para su unidad)",
    ),
}


def _rule_problems(tmp_path, body, locale, currency="EUR", **files):
    text = BASE.replace("locale: es", f"locale: {locale}").replace("EUR", currency) + body
    (tmp_path / "account.yaml").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name.replace("_", ".")).write_text(content, encoding="utf-8")
    return prepare(tmp_path / "account.yaml")[1].items


@pytest.mark.parametrize("code", sorted(SPANISH))
def test_each_rule_in_spanish(tmp_path, code):
    """The rule's finding, in Spanish, carries its own stable English code."""
    body, files, expected = SPANISH[code]
    problems = _rule_problems(tmp_path, body, "es-ES", **files)
    lines = {_line(p, tmp_path): p.code for p in problems}
    assert lines.get(expected) == code, list(lines)


def test_the_spanish_cases_cover_every_rule():
    # each rule's code is its function's name in kebab case
    assert {rule.__name__.replace("_", "-") for rule in RULES} == set(SPANISH)


def test_a_mexican_document_writes_mexican_numbers(tmp_path):
    assert findings(tmp_path, PAYOUT, locale="es-MX", currency="MXN") == [
        "account.yaml:12:19: warning: rewards.budget.total: con un cumplimiento del 120 %, la "
        "curva de pago paga el 130 % (account.yaml:11:27), así que los premios cuestan "
        "$26,000, $6,000 por encima del presupuesto de $20,000; reserven $26,000 con "
        "'maximum:' en el presupuesto, o limiten la curva de pago al 100 %"
    ]
    assert findings(tmp_path, STRENGTH_AHEAD, locale="es-MX") == [
        "account.yaml:16:111: warning: portfolio.customers[0].relative_strength: la fortaleza "
        "relativa de la cuenta clave es 4, débil (5.5 o menos), pero en C.1 "
        "(account.yaml:11:7) nuestra puntuación ponderada 8.60 está por encima del 7.60 del "
        "competidor; vuelvan a valorar la fortaleza a partir de C.1, o corrijan las "
        "puntuaciones de C.1"
    ]


def test_the_quadrant_is_named_by_the_documents_label(tmp_path):
    problems = findings(tmp_path, LOSSES, locale="es-ES")
    assert problems[0] == (
        "account.yaml:10:129: warning: portfolio.customers[0].attractiveness: Júcar pierde "
        "175.937 € (facturación de 1.457.806 € en account.yaml:10:41, menos descuentos, coste "
        "de ventas y coste de servicio) y aun así figura como cliente atractivo (atractivo 6, "
        "fortaleza relativa 4: el cuadrante Estrella); reduzcan su coste de servicio "
        "(375.600 €, el 25,8 % de la facturación): recortarlo un 46,8 % acaba con la pérdida"
    )
    assert (
        "(atractivo 9, fortaleza relativa 7: el cuadrante Estratégica); vuelvan a " in (problems[1])
    )


# ------------------------------------------------------- advice and cross-checks in Spanish


def test_advice_in_spanish(tmp_path):
    body = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}]
    contacts:
      - {id: c1, name: Marta, owner: ana, influence: 5, attitude: opponent, dmu_roles: [decider]}
  company_strategy:
    objectives:
      - {id: o1, objective: Crecer}
  action_review:
    actions:
      - {id: a1, action: Visita, start: 2027-01-10, due: 2027-02-10, owner: ana}
"""  # noqa: E501
    problems = _rule_problems(tmp_path, body, "es-MX")
    assert [(_line(p, tmp_path), p.code) for p in problems][:4] == [
        (
            "account.yaml:15:14: warning: plan.company_strategy.objectives[0].id: el objetivo "
            "'o1' no tiene ninguna acción en D.1; añadan una acción con 'objective: o1'",
            "objective-without-action",
        ),
        (
            "account.yaml:15:9: warning: plan.company_strategy.objectives[0]: el objetivo 'o1' "
            "aún no es SMART: le falta metric, target, deadline, owner",
            "objective-not-smart",
        ),
        (
            "account.yaml:18:14: warning: plan.action_review.actions[0].id: la acción 'a1' no "
            "sirve a ningún objetivo; añadan 'objective: <id>'",
            "action-without-objective",
        ),
        (
            "account.yaml:12:67: warning: plan.current_position.contacts[0].attitude: Marta "
            "tiene mucha influencia (5) y su actitud es «se opone», pero ninguna estrategia "
            "de relación de C.7 se ocupa de esa persona",
            "detractor-without-strategy",
        ),
    ]


def test_cross_checks_in_spanish(tmp_path):
    body = """\
plan:
  current_position:
    team: [{id: ana, name: Ana}, {id: ana, name: Ana Bis}]
  company_strategy:
    critical_success_factors:
      - {factor: Precio, weight: 60.5}
  action_review:
    actions:
      - {id: a1, action: Visita, start: 2027-01-10, due: 2027-02-10, owner: anna, depends_on: [a9]}
"""  # noqa: E501
    problems = _rule_problems(tmp_path, body, "es-ES")
    assert [(_line(p, tmp_path), p.code) for p in problems] == [
        (
            "account.yaml:10:39: error: plan.current_position.team[1].id: el id 'ana' de "
            "miembro del equipo se usa dos veces (usado por primera vez en la línea 10)",
            "duplicate-id",
        ),
        (
            "account.yaml:13:7: error: plan.company_strategy.critical_success_factors: los "
            "pesos de los factores críticos del éxito suman 60,5; deben sumar 100",
            "shares-not-100",
        ),
        (
            "account.yaml:16:77: error: plan.action_review.actions[0].owner: 'anna' no es un "
            "miembro conocido del equipo; ¿quisieron decir 'ana'? Ids definidos: ana",
            "unknown-reference",
        ),
        (
            "account.yaml:16:96: error: plan.action_review.actions[0].depends_on[0]: 'a9' no es "
            "una acción conocida. Ids definidos: a1",
            "unknown-reference",
        ),
    ]


def test_cross_checks_in_english_keep_their_words(tmp_path):
    body = "plan:\n  current_position:\n    team: [{id: ana, name: Ana}, {id: ana, name: Bis}]\n"
    assert findings(tmp_path, body, locale="en") == [
        "account.yaml:10:39: error: plan.current_position.team[1].id: team member id 'ana' is "
        "used twice (first used on line 10)"
    ]
