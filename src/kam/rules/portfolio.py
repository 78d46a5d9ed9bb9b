"""The portfolio: loss-makers rated attractive, and the key account's relative
strength against its own C.1 scores."""

from __future__ import annotations

from kam.analysis import Figures
from kam.analysis.portfolio import THRESHOLD, Remedy
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.rules.common import money, number, percent, warn_at, where
from kam.rules.money import customer_cell

MAX_LISTED = 10  # attractive loss-makers reported one by one; the rest in one warning
FACTORS: Loc = ("plan", "company_strategy", "critical_success_factors")
QUADRANT_NAMES = {"strategic": "Strategic", "star": "Star", "status": "Status"}


def _advice(doc: Document, r: Remedy) -> str:
    """The remedy in words, with the figures it rests on."""
    locale, currency = doc.locale, doc.currency
    if r.action == "reduce_cost_to_serve":
        return (
            f"reduce its cost to serve ({money(locale, currency, r.cost_to_serve)}, "
            f"{percent(locale, r.cost_to_serve / r.revenue)} of revenue): cutting it by "
            f"{percent(locale, r.change)} ends the loss"
        )
    if r.action == "renegotiate_prices":
        rise = f"a price rise of {percent(locale, r.change)}" if r.change else "higher prices"
        given = f" ({money(locale, currency, r.discounts)} of discounts)" if r.discounts else ""
        return f"renegotiate its prices and discounts{given}: {rise} ends the loss"
    return (
        "re-segment it: neither half its cost to serve nor a 5 % price rise ends the loss, "
        "so serve it through a cheaper channel, or rate its attractiveness again"
    )


def attractive_losses(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A customer that loses money sits in an attractive quadrant (strategic or star):
    say so, with what would end the loss (the document shows it too)."""
    view = figures.portfolio
    if view is None or not view.attractive_losses:
        return
    locale, currency = doc.locale, doc.currency
    for r in view.attractive_losses[:MAX_LISTED]:
        pos, loc = customer_cell(doc, loaded, r.index, "attractiveness")
        revenue_pos, _ = customer_cell(doc, loaded, r.index, "revenue")
        warn_at(
            loaded,
            pos,
            loc,
            f"{r.name} loses {money(locale, currency, -r.profit)} (revenue "
            f"{money(locale, currency, r.revenue)} at {where(loaded, revenue_pos)}, less "
            "discounts, COGS and cost to serve) yet is rated attractive (attractiveness "
            f"{r.attractiveness}, relative strength {r.relative_strength}: the "
            f"{QUADRANT_NAMES[r.quadrant]} quadrant); {_advice(doc, r)}",
        )
    rest = view.attractive_loss_count - min(len(view.attractive_losses), MAX_LISTED)
    if rest > 0:
        warn_at(
            loaded,
            loaded.source.pos(("portfolio", "customers")),
            ("portfolio", "customers"),
            f"{rest:,} more customers rated attractive (strategic or star) lose money; the "
            "document lists the largest losses with what would end them",
        )


def key_strength(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The key account's relative strength in the portfolio agrees with its C.1
    weighted scores: strong (above 5.5) when we score above the competitor."""
    view, factors = figures.portfolio, figures.factors
    key = view.key if view else None
    if key is None or key.index is None or key.relative_strength is None or factors is None:
        return
    ours, theirs = factors.ours, factors.competitor
    if ours is None or theirs is None or ours == theirs:
        return
    strong = key.relative_strength > THRESHOLD
    if strong == (ours > theirs):
        return
    locale = doc.locale
    pos, loc = customer_cell(doc, loaded, key.index, "relative_strength")
    verdict = "strong (above 5.5)" if strong else "weak (5.5 or below)"
    scores = "below" if ours < theirs else "above"
    names = {row.factor.competitor for row in factors.rows if row.factor.competitor}
    rival = f"{names.pop()}'s" if len(names) == 1 else "the competitor's"
    warn_at(
        loaded,
        pos,
        loc,
        f"the key account's relative strength is {key.relative_strength}, {verdict}, but "
        f"in C.1 ({where(loaded, FACTORS)}) our weighted score "
        f"{number(locale, ours, 2)} is {scores} {rival} {number(locale, theirs, 2)}; "
        "rate the strength again from C.1, or correct the C.1 scores",
    )
