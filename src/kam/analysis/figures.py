"""Every figure of a document, computed once: `analyze(document, tables, when)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kam.analysis import actuals as actuals_mod
from kam.analysis import history as history_mod
from kam.analysis import plan as plan_mod
from kam.analysis import portfolio as portfolio_mod
from kam.analysis import profitability as profit_mod
from kam.analysis import rewards as rewards_mod
from kam.load.tables import PurchaseData, Tables, aggregate_records
from kam.models import Document


@dataclass
class Figures:
    """What kam computes from a document. Each figure is None (or empty) when the
    document does not give what it needs."""

    when: dt.date  # the day the document speaks for: overdue actions are judged on it
    history: history_mod.History | None = None  # purchase history per period
    waterfall: list[profit_mod.Step] | None = None  # the account's P&L, step by step
    portfolio: portfolio_mod.PortfolioView | None = None  # profit per customer, whale curve
    factors: plan_mod.Factors | None = None  # C.1 weighted scores and gaps
    relationship: plan_mod.RelationshipCheck | None = None  # A.2 buying centre and support
    smart: list[plan_mod.SmartCheck] = field(default_factory=list)  # C.5 objectives
    heat_map: list[list[int]] | None = None  # C.8 risks per probability × impact
    risk_scores: list[int | None] = field(default_factory=list)  # C.8, in order
    overdue: list[str] = field(default_factory=list)  # ids of D.1 actions overdue on `when`
    actions_cost: float = 0.0  # D.1, every action, deferred and cancelled included
    actions_active_cost: float = 0.0  # D.1, the plan's cost: neither deferred nor cancelled
    actions_deferred_cost: float = 0.0  # D.1, deferred actions (shown apart)
    actions_cancelled_cost: float = 0.0  # D.1, cancelled actions (shown apart)
    rewards: rewards_mod.RewardsView | None = None  # amounts, payouts, self-funding
    # the purchase history's revenue for the P&L's period (or its latest full year)
    history_revenue: history_mod.PeriodRevenue | None = None
    # each category_spend row beside our revenue in its period (share of wallet)
    category_shares: list[history_mod.CategoryShare] = field(default_factory=list)
    # D.2 KPIs, then C.5 objectives, with actuals: the latest against the pro-rata path
    progress: list[actuals_mod.Progress] = field(default_factory=list)

    @property
    def gaps(self) -> list[plan_mod.FactorGap]:
        """C.1 factors with a gap, the largest shortfall first."""
        return plan_mod.gaps_worst_first(self.factors) if self.factors else []

    @property
    def factor_rows(self) -> list[plan_mod.FactorGap]:
        """C.1 rows, the largest shortfall first; rows without a gap keep their order last."""
        if not self.factors:
            return []
        return self.gaps + [row for row in self.factors.rows if row.gap is None]


def analyze(doc: Document, tables: Tables, when: dt.date) -> Figures:
    """The figures of `doc`, with the tables the loader read, as of `when`."""
    plan = doc.plan
    position = plan.current_position if plan else None
    strategy = plan.company_strategy if plan else None
    actions = plan.action_review.actions if plan and plan.action_review else []
    risks = strategy.risks if strategy else []
    contacts = position.contacts if position else []
    analysis = doc.analysis
    costs = plan_mod.action_costs(actions)
    return Figures(
        when=when,
        **_purchase_figures(doc, tables),
        waterfall=(
            profit_mod.waterfall(analysis.profitability)
            if analysis and analysis.profitability
            else None
        ),
        portfolio=(
            portfolio_mod.analyse(_customers(doc, tables), doc.portfolio.key_account)
            if doc.portfolio
            else None
        ),
        factors=plan_mod.success_factors(strategy.critical_success_factors) if strategy else None,
        relationship=plan_mod.relationship_check(contacts) if contacts else None,
        smart=plan_mod.smart_checks(list(strategy.objectives) if strategy else [], actions),
        heat_map=plan_mod.heat_map(risks) if risks else None,
        risk_scores=[plan_mod.risk_score(r) for r in risks],
        overdue=[a.id for a in actions if plan_mod.is_overdue(a, when)],
        actions_cost=costs.all,
        actions_active_cost=costs.active,
        actions_deferred_cost=costs.deferred,
        actions_cancelled_cost=costs.cancelled,
        rewards=rewards_mod.analyse(doc.rewards) if doc.rewards else None,
        progress=actuals_mod.progress(doc),
    )


def purchases(doc: Document, tables: Tables) -> PurchaseData | None:
    """The purchase lines aggregated: the CSV file's, or the inline records'."""
    history = doc.analysis.purchase_history if doc.analysis else None
    if history is not None and history.records is not None:
        return aggregate_records(r.model_dump() for r in history.records)
    return tables.purchases


def _purchase_figures(doc: Document, tables: Tables) -> dict[str, object]:
    """The purchase history, its revenue for the P&L's period and the share of wallet
    of each category-spend row, from the purchase lines aggregated once."""
    data = purchases(doc, tables)
    if data is None or not data.buckets:
        return {}
    analysis = doc.analysis
    history = analysis.purchase_history if analysis else None
    spend = history.category_spend if history else []
    profitability = analysis.profitability if analysis else None
    totals = history_mod.Totals.of(data)
    return {
        "history": history_mod.purchase_history(data, spend),
        "history_revenue": history_mod.revenue_for(
            totals, profitability.period if profitability else None
        ),
        "category_shares": history_mod.category_shares(totals, spend),
    }


def _customers(doc: Document, tables: Tables):
    """The portfolio's customers: inline rows, or the table of its CSV file."""
    customers = doc.portfolio.customers if doc.portfolio else None
    if isinstance(customers, list):
        return customers
    return tables.customers or []
