"""Money that must agree: the account's revenue in the P&L, the purchase history and
the portfolio; the action plan's cost against its budget and the executive summary."""

from __future__ import annotations

from kam.analysis import Figures
from kam.i18n import _
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.periods import parse_period
from kam.rules import summary
from kam.rules.common import apart, find_after, money, percent, warn, warn_at, where

REVENUE_TOLERANCE = 0.01  # the P&L, the history and the portfolio agree within 1 %
SUMMARY_TOLERANCE = 0.10  # the summary's plan cost is D.1's active total within 10 %

PROFIT_REVENUE: Loc = ("analysis", "profitability", "revenue")
ACTIONS: Loc = ("plan", "action_review", "actions")


def history_source(doc: Document) -> tuple[Loc, str]:
    """Where the purchase history is given, and how to name it: its CSV file, or its
    inline records."""
    history = doc.analysis.purchase_history if doc.analysis else None
    if history is not None and history.csv is not None:
        return ("analysis", "purchase_history", "csv"), history.csv
    if history is not None and history.xlsx is not None:
        return ("analysis", "purchase_history", "xlsx"), history.xlsx
    return ("analysis", "purchase_history", "records"), _("the inline records")


def customer_cell(doc: Document, loaded: Loaded, index: int, column: str):
    """The position and the location of a portfolio customer's cell: in the CSV file,
    or in the inline list."""
    loc: Loc = ("portfolio", "customers", index, column)
    table = loaded.tables.customers
    if isinstance(doc.portfolio.customers, list) or table is None:
        return loaded.source.pos(loc), loc
    return table.pos(index, column), loc


def revenue_history(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The P&L's revenue is the purchase history's total for the same period."""
    profit = doc.analysis.profitability if doc.analysis else None
    found = figures.history_revenue
    if profit is None or found is None:
        return
    if apart(profit.revenue, found.revenue) <= REVENUE_TOLERANCE:
        return
    loc, name = history_source(doc)
    locale, currency = doc.locale, doc.currency
    period, hint = found.period, ""
    if found.latest_full_year:
        period = _("{period} (the history's latest full year)", period=found.period)
        hint = _(", or give the P&L's 'period'")
    warn(
        loaded,
        PROFIT_REVENUE,
        "revenue-history",
        _(
            "the account's revenue for {period} is {revenue} here, but the purchase "
            "history ({name}, {where}) totals {total} for {year}, {apart} apart; the P&L "
            "and the history should agree within 1 %: correct the one that is wrong{hint}",
            period=period,
            revenue=money(locale, currency, profit.revenue),
            name=name,
            where=where(loaded, loc),
            total=money(locale, currency, found.revenue),
            year=found.period,
            apart=percent(locale, apart(profit.revenue, found.revenue)),
            hint=hint,
        ),
    )


def revenue_portfolio(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The key account's row in the portfolio holds the revenue of the P&L (or, without
    a P&L, the purchase history's latest full year)."""
    view = figures.portfolio
    key = view.key if view else None
    if key is None or key.index is None:
        return
    profit = doc.analysis.profitability if doc.analysis else None
    found, last_year = figures.history_revenue, figures.when.year - 1
    if profit is not None:
        period = parse_period(profit.period) if profit.period else None
        if period is not None and period.quarter:
            return  # a quarter's P&L says nothing about the portfolio's year
        other, other_loc = profit.revenue, PROFIT_REVENUE
        other_name = (
            _("the P&L for {period}", period=profit.period) if profit.period else _("the P&L")
        )
    elif found is not None and found.latest_full_year and int(found.period) == last_year:
        other, other_loc = found.revenue, history_source(doc)[0]
        other_name = _("the purchase history for {period}", period=found.period)
    else:
        return  # a portfolio has no period: only last year's history says what it holds
    if apart(key.revenue, other) <= REVENUE_TOLERANCE:
        return
    pos, loc = customer_cell(doc, loaded, key.index, "revenue")
    locale, currency = doc.locale, doc.currency
    warn_at(
        loaded,
        pos,
        loc,
        "revenue-portfolio",
        _(
            "the key account's revenue in the portfolio is {revenue}, but {other} ({where}) "
            "gives {amount}, {apart} apart; the portfolio row should hold the same year's "
            "revenue (within 1 %): correct the one that is wrong",
            revenue=money(locale, currency, key.revenue),
            other=other_name,
            where=where(loaded, other_loc),
            amount=money(locale, currency, other),
            apart=percent(locale, apart(key.revenue, other)),
        ),
    )


def _costs_apart(doc: Document, figures: Figures) -> str:
    """`(deferred 14.000 € and cancelled 1.200 € not counted)`, or nothing."""
    deferred = money(doc.locale, doc.currency, figures.actions_deferred_cost)
    cancelled = money(doc.locale, doc.currency, figures.actions_cancelled_cost)
    if figures.actions_deferred_cost and figures.actions_cancelled_cost:
        return _(
            " (deferred {deferred} and cancelled {cancelled} not counted)",
            deferred=deferred,
            cancelled=cancelled,
        )
    if figures.actions_deferred_cost:
        return _(" (deferred {deferred} not counted)", deferred=deferred)
    if figures.actions_cancelled_cost:
        return _(" (cancelled {cancelled} not counted)", cancelled=cancelled)
    return ""


def action_budget(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """D.1: the active actions cost no more than the plan's budget."""
    review = doc.plan.action_review if doc.plan else None
    if review is None or review.budget is None:
        return
    active = figures.actions_active_cost
    if active <= review.budget:
        return
    locale, currency = doc.locale, doc.currency
    warn(
        loaded,
        ("plan", "action_review", "budget"),
        "action-budget",
        _(
            "the active actions of D.1 ({where}) cost {cost}{apart}, {over} over this budget "
            "of {budget}; cut or defer actions, or raise the budget",
            where=where(loaded, ACTIONS),
            cost=money(locale, currency, active),
            apart=_costs_apart(doc, figures),
            over=money(locale, currency, active - review.budget),
            budget=money(locale, currency, review.budget),
        ),
    )


def summary_cost(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The executive summary quotes the plan's cost as D.1's active total (within 10 %)."""
    text = doc.plan.executive_summary if doc.plan else None
    active = figures.actions_active_cost
    if not text or active <= 0:
        return
    quoted = summary.plan_cost(text, doc.locale, doc.currency)
    if quoted is None or abs(quoted.value - active) <= SUMMARY_TOLERANCE * active:
        return
    if any(abs(other - active) <= SUMMARY_TOLERANCE * active for other in quoted.others):
        return  # the sentence also gives the right figure: not worth a finding
    loc: Loc = ("plan", "executive_summary")
    start = loaded.source.pos(loc)
    pos = start and (find_after(start, quoted.text) or find_after(start, quoted.number))
    message = (
        _(
            "the executive summary gives the plan's cost as {quoted}, but the active actions "
            "of D.1 ({where}) cost {cost}{apart}: {difference} more (over 10 % apart); "
            "update the summary, or the actions' costs",
            **_summary_values(doc, figures, loaded, quoted.text, active, quoted.value),
        )
        if active > quoted.value
        else _(
            "the executive summary gives the plan's cost as {quoted}, but the active actions "
            "of D.1 ({where}) cost {cost}{apart}: {difference} less (over 10 % apart); "
            "update the summary, or the actions' costs",
            **_summary_values(doc, figures, loaded, quoted.text, active, quoted.value),
        )
    )
    warn_at(loaded, pos or start, loc, "summary-cost", message)


def _summary_values(doc, figures, loaded, quoted: str, active: float, value: float) -> dict:
    locale, currency = doc.locale, doc.currency
    return {
        "quoted": quoted,
        "where": where(loaded, ACTIONS),
        "cost": money(locale, currency, active),
        "apart": _costs_apart(doc, figures),
        "difference": money(locale, currency, abs(active - value)),
    }
