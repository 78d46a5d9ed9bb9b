"""Shares that cannot be: a share of wallet over 100 %, competitors' shares that
leave no room for ours, and amounts written with a thousands point."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kam.analysis import Figures
from kam.i18n import _
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.rules.common import (
    comma_decimal,
    error,
    money,
    number,
    percent,
    points,
    warn,
    warn_at,
    where,
    written,
)
from kam.rules.money import history_source

SHARE_TOLERANCE = 1.0  # percentage points: shares are estimates, written rounded
MAX_LISTED = 20  # amounts with a thousands point named one by one; the rest counted
COMPETITORS: Loc = ("plan", "company_strategy", "competitors_in_account")
SPEND: Loc = ("analysis", "purchase_history", "category_spend")


def share_of_wallet(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """The customer's category spend holds what it buys from us: an error when it is
    below our own revenue for the same period (a share of wallet over 100 %)."""
    loc, name = history_source(doc)
    locale, currency = doc.locale, doc.currency
    for i, row in enumerate(figures.category_shares):
        if row.revenue is None or row.spend >= row.revenue:
            continue
        share = percent(locale, row.share) if row.share is not None else _("far over 100 %")
        error(
            loaded,
            SPEND + (i, "amount"),
            "share-of-wallet",
            _(
                "the customer's spend in our category for {period} is {spend}, below our own "
                "revenue from it ({revenue} in the purchase history, {name}, {where}): a "
                "share of wallet of {share}, which cannot be; the category spend counts "
                "every supplier, us included: correct the amount",
                period=row.period,
                spend=money(locale, currency, row.spend),
                revenue=money(locale, currency, row.revenue),
                name=name,
                where=where(loaded, loc),
                share=share,
            ),
        )


def _our_share(figures: Figures) -> tuple[int, float] | None:
    """The latest category-spend row with a share of wallet: (its index, the share)."""
    for i in range(len(figures.category_shares) - 1, -1, -1):
        row = figures.category_shares[i]
        if row.share is not None and row.share <= 1:
            return i, row.share
    return None


def competitor_shares(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """C.2: competitors' shares of the account add up to at most 100 % (an error), and
    leave room for our own share of wallet (a warning)."""
    strategy = doc.plan.company_strategy if doc.plan else None
    shares = (
        [c.share for c in strategy.competitors_in_account if c.share is not None]
        if strategy
        else []
    )
    if not shares:
        return
    total = sum(shares)
    locale = doc.locale
    if total > 100 + 1e-9:
        error(
            loaded,
            COMPETITORS,
            "competitor-shares",
            _(
                "the competitors' shares of the account add up to {total}, over 100 %, which "
                "cannot be; each share is of the customer's whole spend in our category: "
                "correct them",
                total=points(locale, total),
            ),
        )
        return
    ours = _our_share(figures)
    if ours is None:
        return
    index, share = ours
    room = 100 - share * 100
    if total <= room + SHARE_TOLERANCE:
        return
    period = figures.category_shares[index].period
    warn(
        loaded,
        COMPETITORS,
        "competitor-shares",
        _(
            "the competitors' shares of the account add up to {total}, but our own share of "
            "wallet in {period} is {share} ({where}), which leaves {room} for them; lower "
            "their shares, or check the category spend",
            total=points(locale, total),
            period=period,
            share=points(locale, round(share * 100, 1)),
            where=where(loaded, SPEND + (index, "amount")),
            room=points(locale, round(room, 1)),
        ),
    )


# ------------------------------------------------------------------ thousands point

# What a Spanish writer means by 1.234 (one thousand two hundred and thirty-four): one
# to three digits, a point, three digits.
_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_THREE_DECIMAL_CURRENCIES = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}


def _amounts(doc: Document) -> Iterator[tuple[Loc, float | None]]:
    """Every amount of the document written in YAML, with its location."""
    analysis = doc.analysis
    history = analysis.purchase_history if analysis else None
    for i, row in enumerate(history.category_spend if history else []):
        yield SPEND + (i, "amount"), row.amount
    for i, record in enumerate((history.records or []) if history else []):
        yield ("analysis", "purchase_history", "records", i, "revenue"), record.revenue
        yield ("analysis", "purchase_history", "records", i, "gross_margin"), record.gross_margin
    profit = analysis.profitability if analysis else None
    if profit:
        base: Loc = ("analysis", "profitability")
        for name in ("revenue", "discounts", "cogs", "account_team_cost"):
            yield base + (name,), getattr(profit, name)
        for i, line in enumerate(profit.cost_to_serve):
            yield base + ("cost_to_serve", i, "cost"), line.cost
            yield base + ("cost_to_serve", i, "rate"), line.rate
    review = doc.plan.action_review if doc.plan else None
    if review:
        yield ("plan", "action_review", "budget"), review.budget
        for i, action in enumerate(review.actions):
            yield ("plan", "action_review", "actions", i, "cost"), action.cost
    budget = doc.rewards.budget if doc.rewards else None
    if budget:
        for name in ("total", "incremental_margin", "maximum"):
            yield ("rewards", "budget", name), getattr(budget, name)
    customers = doc.portfolio.customers if doc.portfolio else None
    if isinstance(customers, list):
        for i, c in enumerate(customers):
            for name in ("revenue", "cogs", "cost_to_serve", "discounts"):
                yield ("portfolio", "customers", i, name), getattr(c, name)


def _csv_amounts(loaded: Loaded) -> Iterator[tuple[Loc, object, float]]:
    """The portfolio CSV's amounts that read as one to three digits and three
    decimals (the file's text is not kept: `2.400`, read as 2.4, is not seen). A file
    is read in the document's locale (`1.234` is 1234 in es-ES), so only one that
    declares `decimal: .` holds them."""
    table = loaded.tables.customers
    if table is None:
        return
    for name in ("revenue", "cogs", "cost_to_serve", "discounts"):
        column = getattr(table, name)
        if not column or min(column) >= 1000:
            continue  # a million rows: most columns hold no amount below 1000
        for i in [i for i, v in enumerate(column) if 1 <= v < 1000]:
            value = column[i]
            if value != int(value) and _THOUSANDS.fullmatch(repr(value)):
                yield ("portfolio", "customers", i, name), table.pos(i, name), value


def _raw(loaded: Loaded, loc: Loc) -> object:
    """The value at `loc` as YAML read it (an int for `20000`, a float for `20.000`)."""
    node = loaded.data
    for part in loc:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def thousands_point(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """An amount written `1.234` in a document whose locale writes thousands with a
    point (es-ES): YAML reads 1.234, not 1234."""
    if not comma_decimal(doc.locale) or doc.currency in _THREE_DECIMAL_CURRENCIES:
        return
    found: list[tuple[Loc, object, str, float]] = []
    for loc, value in _amounts(doc):
        if value is None or not isinstance(_raw(loaded, loc), float):
            continue  # written as a whole number (1234, 1_234): nothing to read again
        text = written(loaded, loc)
        if text is not None and _THOUSANDS.fullmatch(text):
            found.append((loc, loaded.source.pos(loc), text, value))
    in_yaml = len(found)
    found += [(loc, pos, repr(value), value) for loc, pos, value in _csv_amounts(loaded)]
    for n, (loc, pos, text, value) in enumerate(found[:MAX_LISTED]):
        whole = text.replace(".", "")
        values = {
            "whole": whole,
            "text": text,
            "value": money(doc.locale, doc.currency, value),
            "meant": money(doc.locale, doc.currency, float(whole)),
            "grouped": f"{whole[:-3]}_{whole[-3:]}",
        }
        message = (
            _(
                "did you mean {whole}? In YAML the dot is the decimal point, so {text} is "
                "{value}, not {meant}; write {whole} or {grouped}",
                **values,
            )
            if n < in_yaml
            else _(
                "did you mean {whole}? The file declares 'decimal: .', so {text} is {value}, "
                "not {meant}; write {whole}, or remove 'decimal:' to read the file's numbers "
                "as the document's locale writes them",
                **values,
            )
        )
        warn_at(loaded, pos, loc, "thousands-point", message)
    if len(found) > MAX_LISTED:
        loc, pos = found[MAX_LISTED][0], found[MAX_LISTED][1]
        warn_at(
            loaded,
            pos,
            loc,
            "thousands-point",
            _(
                "{count} more amounts are written with three decimals, like this one; in YAML "
                "and CSV the dot is the decimal point: write thousands without it (1234 or "
                "1_234)",
                count=number(doc.locale, len(found) - MAX_LISTED),
            ),
        )
