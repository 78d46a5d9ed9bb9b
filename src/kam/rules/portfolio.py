"""The portfolio: loss-makers rated attractive, and the key account's relative
strength against its own C.1 scores."""

from __future__ import annotations

from kam.analysis import Figures
from kam.analysis.portfolio import THRESHOLD, Remedy
from kam.i18n import _, label
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.rules.common import money, number, percent, warn_at, where
from kam.rules.money import customer_cell

MAX_LISTED = 10  # attractive loss-makers reported one by one; the rest in one warning
FACTORS: Loc = ("plan", "company_strategy", "critical_success_factors")


def _advice(doc: Document, r: Remedy) -> str:
    """The remedy in words, with the figures it rests on."""
    locale, currency = doc.locale, doc.currency
    if r.action == "reduce_cost_to_serve":
        return _(
            "reduce its cost to serve ({cost}, {share} of revenue): cutting it by {cut} ends "
            "the loss",
            cost=money(locale, currency, r.cost_to_serve),
            share=percent(locale, r.cost_to_serve / r.revenue),
            cut=percent(locale, r.change),
        )
    if r.action == "renegotiate_prices":
        rise = (
            _("a price rise of {rise}", rise=percent(locale, r.change))
            if r.change
            else _("higher prices")
        )
        given = (
            _(" ({discounts} of discounts)", discounts=money(locale, currency, r.discounts))
            if r.discounts
            else ""
        )
        return _(
            "renegotiate its prices and discounts{given}: {rise} ends the loss",
            given=given,
            rise=rise,
        )
    return _(
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
        revenue_pos = customer_cell(doc, loaded, r.index, "revenue")[0]
        warn_at(
            loaded,
            pos,
            loc,
            "attractive-losses",
            _(
                "{name} loses {loss} (revenue {revenue} at {where}, less discounts, COGS and "
                "cost to serve) yet is rated attractive (attractiveness {attractiveness}, "
                "relative strength {strength}: the {quadrant} quadrant); {advice}",
                name=r.name,
                loss=money(locale, currency, -r.profit),
                revenue=money(locale, currency, r.revenue),
                where=where(loaded, revenue_pos),
                attractiveness=_score(locale, r.attractiveness),
                strength=_score(locale, r.relative_strength),
                quadrant=label(locale, f"quadrant.{r.quadrant}"),
                advice=_advice(doc, r),
            ),
        )
    rest = view.attractive_loss_count - min(len(view.attractive_losses), MAX_LISTED)
    if rest > 0:
        warn_at(
            loaded,
            loaded.source.pos(("portfolio", "customers")),
            ("portfolio", "customers"),
            "attractive-losses",
            _(
                "{count} more customers rated attractive (strategic or star) lose money; the "
                "document lists the largest losses with what would end them",
                count=number(locale, rest),
            ),
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
    limit = number(locale, THRESHOLD, 1)
    names = {row.factor.competitor for row in factors.rows if row.factor.competitor}
    values = {
        "strength": _score(locale, key.relative_strength),
        "where": where(loaded, FACTORS),
        "ours": number(locale, ours, 2),
    }
    score = number(locale, theirs, 2)
    values["theirs"] = (
        _("{name}'s {score}", name=names.pop(), score=score)
        if len(names) == 1
        else _("the competitor's {score}", score=score)
    )
    if strong:
        message = _(
            "the key account's relative strength is {strength}, strong (above {limit}), but in "
            "C.1 ({where}) our weighted score {ours} is below {theirs}; rate the "
            "strength again from C.1, or correct the C.1 scores",
            limit=limit,
            **values,
        )
    else:
        message = _(
            "the key account's relative strength is {strength}, weak ({limit} or below), but "
            "in C.1 ({where}) our weighted score {ours} is above {theirs}; rate the "
            "strength again from C.1, or correct the C.1 scores",
            limit=limit,
            **values,
        )
    warn_at(loaded, pos, loc, "key-strength", message)


def _score(locale: str, value: float) -> str:
    """A 0-10 score as written (`6`, `6,5`)."""
    return number(locale, value, 0 if float(value).is_integer() else 1)
