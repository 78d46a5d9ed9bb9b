"""Money that must agree: the account's revenue in the P&L, the purchase history and
the portfolio; the action plan's cost against its budget and the executive summary."""

from __future__ import annotations

from kam.analysis import Figures
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
    return ("analysis", "purchase_history", "records"), "the inline records"


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
        period = f"{found.period} (the history's latest full year)"
        hint = ", or give the P&L's 'period'"
    warn(
        loaded,
        PROFIT_REVENUE,
        f"the account's revenue for {period} is {money(locale, currency, profit.revenue)} "
        f"here, but the purchase history ({name}, {where(loaded, loc)}) totals "
        f"{money(locale, currency, found.revenue)} for {found.period}, "
        f"{percent(locale, apart(profit.revenue, found.revenue))} apart; the P&L and the "
        f"history should agree within 1 %: correct the one that is wrong{hint}",
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
        other_name = f"the P&L{f' for {profit.period}' if profit.period else ''}"
    elif found is not None and found.latest_full_year and int(found.period) == last_year:
        other, other_loc = found.revenue, history_source(doc)[0]
        other_name = f"the purchase history for {found.period}"
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
        f"the key account's revenue in the portfolio is {money(locale, currency, key.revenue)}, "
        f"but {other_name} ({where(loaded, other_loc)}) gives "
        f"{money(locale, currency, other)}, {percent(locale, apart(key.revenue, other))} "
        "apart; the portfolio row should hold the same year's revenue (within 1 %): "
        "correct the one that is wrong",
    )


def _costs_apart(doc: Document, figures: Figures) -> str:
    """`(deferred 14.000 € and cancelled 1.200 € not counted)`, or nothing."""
    parts = []
    if figures.actions_deferred_cost:
        parts.append(f"deferred {money(doc.locale, doc.currency, figures.actions_deferred_cost)}")
    if figures.actions_cancelled_cost:
        parts.append(f"cancelled {money(doc.locale, doc.currency, figures.actions_cancelled_cost)}")
    return f" ({' and '.join(parts)} not counted)" if parts else ""


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
        f"the active actions of D.1 ({where(loaded, ACTIONS)}) cost "
        f"{money(locale, currency, active)}{_costs_apart(doc, figures)}, "
        f"{money(locale, currency, active - review.budget)} over this budget of "
        f"{money(locale, currency, review.budget)}; cut or defer actions, or raise the budget",
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
    locale, currency = doc.locale, doc.currency
    more = "more" if active > quoted.value else "less"
    warn_at(
        loaded,
        pos or start,
        loc,
        f"the executive summary gives the plan's cost as {quoted.text}, but the active "
        f"actions of D.1 ({where(loaded, ACTIONS)}) cost {money(locale, currency, active)}"
        f"{_costs_apart(doc, figures)}: {money(locale, currency, abs(active - quoted.value))} "
        f"{more} (over 10 % apart); update the summary, or the actions' costs",
    )
