"""Computations against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from kam.analysis import history, plan, portfolio, profitability, rewards
from kam.load.tables import PeriodKey, PurchaseData
from kam.models import (
    Action,
    Customer,
    PayoutBand,
    PeriodAmount,
    Profitability,
    Rewards,
    SuccessFactor,
)

approx = pytest.approx


def purchases(rows):
    data = PurchaseData()
    for period, product, revenue, margin, orders in rows:
        data.add(period, product, revenue, margin=margin, orders=orders)
    return data


def test_purchase_history_years_growth_cagr_mix_and_wallet():
    data = purchases(
        [
            (PeriodKey(2023, 1, 2), "A", 100, 30, 2),
            (PeriodKey(2023, 4, 11), "B", 100, 10, 3),
            (PeriodKey(2024, 2, 5), "A", 150, 45, 3),
            (PeriodKey(2024, 3, 8), "B", 90, 9, 3),
            (PeriodKey(2025, 1, 1), "A", 200, 50, 4),
            (PeriodKey(2025, 1, 3), "B", 100, 20, 1),
        ]
    )
    h = history.purchase_history(data, [PeriodAmount(period="2025", amount=1200)])
    assert [r.revenue for r in h.years] == [200, 240, 300]
    assert [r.growth for r in h.years] == [None, approx(0.2), approx(0.25)]
    assert h.years[0].margin_pct == approx(40 / 200)
    assert h.years[2].orders == 5 and h.years[2].average_order == approx(60)
    assert h.cagr == approx((300 / 200) ** 0.5 - 1)  # 22.47 %
    assert h.cagr_years == 2
    assert h.years[2].share_of_wallet == approx(0.25)
    assert h.years[0].share_of_wallet is None
    mix = {m.product: m for m in h.mix}
    assert mix["A"].shares == [approx(0.5), approx(0.625), approx(2 / 3)]
    assert mix["A"].shift_points == approx(16.6667, abs=1e-3)
    assert mix["B"].shift_points == approx(-16.6667, abs=1e-3)
    assert [q.label for q in h.quarters][:2] == ["2023-Q1", "2023-Q4"]


def test_one_year_gives_no_cagr_and_says_why():
    h = history.purchase_history(purchases([(PeriodKey(2025), "A", 10, None, None)]), [])
    assert h.cagr is None and h.cagr_note == "history.cagr_one_year"
    assert h.granularity == "year" and h.quarters == []


def test_zero_revenue_first_year_never_divides_by_zero():
    h = history.purchase_history(
        purchases([(PeriodKey(2024), "A", 0, 0, 0), (PeriodKey(2025), "A", 50, 10, 2)]), []
    )
    assert h.years[1].growth is None
    assert h.years[0].margin_pct is None and h.years[0].average_order is None
    assert h.cagr is None and h.cagr_note == "history.cagr_zero_start"


def test_waterfall_from_revenue_to_net_account_profit():
    p = Profitability.model_validate(
        {
            "period": 2025,
            "revenue": 1_200_000,
            "discounts": 60_000,
            "cogs": 780_000,
            "cost_to_serve": [
                {"activity": "Urgent deliveries", "cost": 42_000},
                {"activity": "Visits", "quantity": 120, "rate": 150},
            ],
            "account_team_cost": 95_000,
        }
    )
    steps = profitability.waterfall(p)
    by_key = {s.key or s.name: s for s in steps}
    assert by_key["profit.net_revenue"].amount == 1_140_000
    assert by_key["profit.gross_margin"].amount == 360_000
    assert by_key["Visits"].amount == -18_000
    assert by_key["profit.contribution"].amount == 300_000
    assert by_key["profit.net_profit"].amount == 205_000
    assert by_key["profit.net_profit"].pct == approx(205 / 1200)
    assert p.period == "2025"


def test_waterfall_with_zero_revenue_has_no_percentages():
    steps = profitability.waterfall(Profitability(revenue=0, account_team_cost=10))
    assert steps[-1].amount == -10
    assert all(s.pct is None for s in steps)


def customer(ident, revenue, cogs, cts, discounts=0, a=None, s=None):
    return Customer(
        id=ident, name=ident.upper(), revenue=revenue, cogs=cogs, cost_to_serve=cts,
        discounts=discounts, attractiveness=a, relative_strength=s,
    )  # fmt: skip


def test_portfolio_whale_curve_and_flags():
    customers = [
        customer("a", 1000, 600, 100, a=8, s=8),  # 300
        customer("b", 5000, 4000, 800, discounts=500, a=8, s=3),  # -300
        customer("c", 200, 20, 0, a=3, s=8),  # 180
        customer("d", 0, 0, 40),  # -40
        customer("e", 800, 600, 50, a=2, s=2),  # 150
    ]
    view = portfolio.analyse(customers, "c")
    assert [r.id for r in view.rows] == ["a", "c", "e", "d", "b"]
    assert view.total_profit == 290
    assert [r.cumulative_share for r in view.rows] == [
        approx(300 / 290),
        approx(480 / 290),
        approx(630 / 290),
        approx(590 / 290),
        approx(1.0),
    ]
    assert view.peak == approx(630 / 290)
    assert view.losing_share == approx(0.4) and view.losing_count == 2
    assert view.tail_loss == -340
    assert view.top20_share == approx(300 / 290)
    flags = {r.id: r.flag for r in view.rows}
    assert flags == {
        "a": None,
        "b": "large_unprofitable",
        "c": "small_profitable",
        "d": None,
        "e": None,
    }
    quadrants = {r.id: r.quadrant for r in view.rows}
    assert quadrants == {"a": "strategic", "b": "star", "c": "status", "d": None, "e": "streamline"}
    assert view.key.id == "c" and view.key.profit_rank == 2 and view.key.revenue_rank == 4
    assert next(r for r in view.rows if r.id == "d").margin is None


def test_portfolio_with_no_profit_has_no_peak():
    view = portfolio.analyse([customer("x", 100, 100, 10)], None)
    assert view.total_profit == -10 and view.peak is None and view.top20_share is None


def test_success_factor_gaps_and_weighted_scores():
    factors = plan.success_factors(
        [
            SuccessFactor(factor="Price", weight=30, our_score=7, competitor_score=8),
            SuccessFactor(factor="Service", weight=70, our_score=8, competitor_score=6),
        ]
    )
    assert [r.gap for r in factors.rows] == [-30, 140]
    assert factors.ours == approx(7.7) and factors.competitor == approx(6.6)


def test_overdue_actions_against_the_document_date():
    today = dt.date(2026, 11, 27)
    late = Action(id="a", action="x", due="2026-11-20", status="in_progress")
    done = Action(id="b", action="x", due="2026-11-20", status="done")
    future = Action(id="c", action="x", due="2026-12-20")
    assert [plan.is_overdue(a, today) for a in (late, done, future)] == [True, False, False]


def test_payout_table_and_self_funding():
    r = Rewards(
        payout_curve=[
            PayoutBand.model_validate({"from": 0, "to": 90, "payout": 0}),
            PayoutBand.model_validate({"from": 90, "to": 100, "payout": 50}),
            PayoutBand.model_validate({"from": 100, "to": 120, "payout": 100}),
            PayoutBand.model_validate({"from": 120, "payout": 130}),
        ],
        budget={"total": 60_000, "incremental_margin": 250_000},
        split={"team": 60, "individual": 40},
        rewards=[{"name": "Bono", "share": 70}, {"name": "Viaje", "share": 30}],
    )
    view = rewards.analyse(r)
    assert [(p.attainment, p.payout_pct, p.cost) for p in view.payouts] == [
        (80, 0, 0),
        (90, 50, 30_000),
        (100, 100, 60_000),
        (110, 100, 60_000),
        (120, 130, 78_000),
    ]
    assert view.self_funding == approx(0.24)
    assert (view.team_pool, view.individual_pool) == (36_000, 24_000)
    assert view.reward_amounts == [approx(42_000), approx(18_000)]


def test_gaps_worst_first_skips_factors_without_scores():
    factors = plan.success_factors(
        [
            SuccessFactor(factor="Price", weight=30, our_score=7, competitor_score=8),  # -30
            SuccessFactor(factor="Service", weight=50, our_score=6, competitor_score=8),  # -100
            SuccessFactor(factor="Range", weight=20, our_score=9),  # no competitor score
        ]
    )
    assert [(g.factor.factor, g.gap) for g in plan.gaps_worst_first(factors)] == [
        ("Service", -100),
        ("Price", -30),
    ]
    assert factors.ours == approx((30 * 7 + 50 * 6 + 20 * 9) / 100)
    assert factors.competitor == approx((30 * 8 + 50 * 8) / 80)


def contact(ident, roles=(), influence=None, attitude=None, owner=None):
    from kam.models import Contact

    return Contact(id=ident, name=ident, dmu_roles=list(roles), influence=influence,
                   attitude=attitude, owner=owner)  # fmt: skip


def test_relationship_check():
    contacts = [
        contact("c1", ["decider"], 5, "supporter", "ana"),
        contact("c2", ["buyer"], 4, "opponent", "ana"),
        contact("c3", ["user"], 2, "champion", "ana"),
    ]
    check = plan.relationship_check(contacts)
    assert check.roles_missing == ["influencer"]
    assert check.high_influence == 2 and check.high_influence_support == approx(0.5)
    assert check.single_owner == "ana"
    contacts.append(contact("c4", ["influencer"], 3, "neutral", "luis"))
    check = plan.relationship_check(contacts)
    assert check.roles_missing == [] and check.single_owner is None


def test_smart_checks_and_progress_per_objective():
    from kam.models import CompanyObjective

    o1 = CompanyObjective(id="o1", objective="Grow", metric="revenue", baseline=1, target=2,
                          deadline="2027-12-31", owner="ana")  # fmt: skip
    o2 = CompanyObjective(id="o2", objective="Vague")
    actions = [
        Action(id="a1", action="x", objective="o1", status="done", cost=1000),
        Action(id="a2", action="y", objective="o1", status="in_progress", cost=500),
        Action(id="a3", action="z", objective="o1", status="done"),
    ]
    first, second = plan.smart_checks([o1, o2], actions)
    assert first.passed == 5 and first.actions == 3 and first.done_share == approx(2 / 3)
    assert first.cost == 1500
    assert second.passed == 0 and second.done_share is None and second.cost == 0


def test_risk_scores_and_heat_map():
    from kam.models import Risk

    risks = [
        Risk(description="a", probability=4, impact=5),
        Risk(description="b", probability=4, impact=5),
        Risk(description="c", probability=1, impact=1),
        Risk(description="d"),
    ]
    assert [plan.risk_score(r) for r in risks] == [20, 20, 1, None]
    grid = plan.heat_map(risks)
    assert grid[0][3] == 2  # impact 5 (top row), probability 4
    assert grid[4][0] == 1  # impact 1 (bottom row), probability 1
    assert sum(map(sum, grid)) == 3
