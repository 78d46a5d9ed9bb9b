"""Criterion 1, `analyzes_account` (Analiza la cuenta clave): the `analysis:` part.

PEST, the customer's objectives, the value chain, the buying process and its
information needs, the purchase history (from `Figures.history`) and profitability.
"""

from __future__ import annotations

from kam.models import BuyingStage
from kam.review.checks import Check, _check, _filled, _Parts

PEST_DIMENSIONS = ("political", "economic", "social", "technological")
MIN_VALUE_CHAIN = 5  # of Porter's nine activities
MIN_STAGES = 3  # of the seven buying stages
MIN_HISTORY_YEARS = 3


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    return [
        _pest_dimensions(p),
        _pest_assessed(p),
        _customer_objectives(p),
        _customer_objectives_measurable(p),
        _value_chain_coverage(p),
        _value_chain_depth(p),
        _buying_stages(p),
        _information_needs(p),
        _buy_class_and_criteria(p),
        _history_years(p),
        _share_of_wallet(p),
        _profitability(p),
    ]


# ------------------------------------------------------------------------- PEST


def _pest_dimensions(p: _Parts) -> Check:
    _ = p._
    dims = {f.dimension for f in p.analysis.pest}
    missing_dims = [d for d in PEST_DIMENSIONS if d not in dims]
    return _check(
        "pest_dimensions",
        _("PEST covers the political, economic, social and technological dimensions"),
        3,
        not missing_dims,
        lambda: _(
            "analysis.pest: add factors for the dimensions with none yet: {dimensions}",
            dimensions=", ".join(missing_dims),
        ),
    )


def _pest_assessed(p: _Parts) -> Check:
    _ = p._
    pest = p.analysis.pest
    unassessed = [f.factor for f in pest if f.effect is None or f.impact is None]
    no_implication = [f.factor for f in pest if not _filled(f.implication)]

    def tip() -> str:
        if not pest:
            return _("analysis.pest: add factors with effect, impact and implication")
        if unassessed:
            return _(
                "analysis.pest: give effect and impact to {factors}",
                factors=p.names(p.quoted(unassessed), 3),
            )
        return _(
            "analysis.pest: say what {factors} implies for the account (implication)",
            factors=p.names(p.quoted(no_implication), 3),
        )

    return _check(
        "pest_assessed",
        _("PEST factors are assessed (effect, impact) and say what they imply"),
        1,
        pest and not unassessed and not no_implication,
        tip,
    )


# ---------------------------------------------------------- customer objectives


def _customer_objectives(p: _Parts) -> Check:
    _ = p._
    return _check(
        "customer_objectives",
        _("The customer's objectives are analysed"),
        2,
        p.analysis.customer_objectives,
        lambda: _(
            "analysis.customer_objectives: list the customer's own objectives (what the "
            "account wants to achieve), with metric, target and deadline"
        ),
    )


def _customer_objectives_measurable(p: _Parts) -> Check:
    _ = p._
    objectives = p.analysis.customer_objectives
    vague = [o.objective for o in objectives if not _filled(o.metric) or not _filled(o.target)]
    return _check(
        "customer_objectives_measurable",
        _("Customer objectives are measurable (metric and target)"),
        1,
        objectives and not vague,
        lambda: (
            _("analysis.customer_objectives: add objectives with a metric and a target")
            if not objectives
            else _(
                "analysis.customer_objectives: give a metric and a target to {objectives}",
                objectives=p.names(p.quoted(vague), 3),
            )
        ),
    )


# ------------------------------------------------------------------ value chain


def _value_chain_coverage(p: _Parts) -> Check:
    _ = p._
    activities = {v.activity for v in p.analysis.value_chain}
    return _check(
        "value_chain_coverage",
        _(
            "The value chain covers at least {minimum} of Porter's nine activities",
            minimum=MIN_VALUE_CHAIN,
        ),
        2,
        len(activities) >= MIN_VALUE_CHAIN,
        lambda: _(
            "analysis.value_chain: covers {n} of 9 activities; describe at least {minimum} "
            "(e.g. inbound_logistics, operations, procurement)",
            n=len(activities),
            minimum=MIN_VALUE_CHAIN,
        ),
    )


def _value_chain_depth(p: _Parts) -> Check:
    _ = p._
    chain = p.analysis.value_chain
    shallow = [v.activity for v in chain if not v.pain_points or not _filled(v.our_role)]
    return _check(
        "value_chain_depth",
        _("Each value-chain activity names pain points and our role"),
        1,
        chain and not shallow,
        lambda: (
            _("analysis.value_chain: add activities with pain_points and our_role")
            if not chain
            else _(
                "analysis.value_chain: give pain_points and our_role to {activities}",
                activities=p.names(shallow),
            )
        ),
    )


# --------------------------------------------------------------- buying process


def _stages(p: _Parts) -> list[BuyingStage]:
    """The buying process's stages; none when there is no buying process."""
    bp = p.analysis.buying_process
    return bp.stages if bp else []


def _buying_stages(p: _Parts) -> Check:
    _ = p._
    stages = _stages(p)
    return _check(
        "buying_stages",
        _("The buying process describes at least {minimum} stages", minimum=MIN_STAGES),
        2,
        len(stages) >= MIN_STAGES,
        lambda: _.plural(
            "analysis.buying_process.stages: {n} stage described; describe at least "
            "{minimum}, from need_recognition to performance_review",
            "analysis.buying_process.stages: {n} stages described; describe at least "
            "{minimum}, from need_recognition to performance_review",
            len(stages),
            minimum=MIN_STAGES,
        ),
    )


def _information_needs(p: _Parts) -> Check:
    _ = p._
    stages = _stages(p)
    no_needs = [s.stage for s in stages if not s.information_needs]
    return _check(
        "information_needs",
        _("Every buying stage lists the information needs"),
        2,
        stages and not no_needs,
        lambda: (
            _("analysis.buying_process: add stages, each with its information_needs")
            if not stages
            else _(
                "analysis.buying_process: add information_needs to the stage(s) {stages}",
                stages=p.names(no_needs),
            )
        ),
    )


def _buy_class_and_criteria(p: _Parts) -> Check:
    _ = p._
    bp = p.analysis.buying_process
    missing_bp = []
    if not bp or bp.buy_class is None:
        missing_bp.append("buy_class")
    if not bp or not bp.decision_criteria:
        missing_bp.append("decision_criteria")
    return _check(
        "buy_class_and_criteria",
        _("The buy class and the decision criteria are given"),
        1,
        not missing_bp,
        lambda: _("analysis.buying_process: add {fields}", fields=p.names(missing_bp)),
    )


# ------------------------------------------------------- history, profitability


def _history_years(p: _Parts) -> Check:
    _ = p._
    hist = p.figures.history
    years = [row.label for row in hist.years] if hist else []

    def tip() -> str:
        if not years:
            return _(
                "analysis.purchase_history: add the purchases (csv: or records:) for at "
                "least {minimum} years",
                minimum=MIN_HISTORY_YEARS,
            )
        return _.plural(
            "analysis.purchase_history: covers {n} year ({first}–{last}); add at least "
            "{minimum} to show a trend",
            "analysis.purchase_history: covers {n} years ({first}–{last}); add at least "
            "{minimum} to show a trend",
            len(years),
            first=years[0],
            last=years[-1],
            minimum=MIN_HISTORY_YEARS,
        )

    return _check(
        "history_years",
        _("The purchase history covers at least {minimum} years", minimum=MIN_HISTORY_YEARS),
        3,
        len(years) >= MIN_HISTORY_YEARS,
        tip,
    )


def _share_of_wallet(p: _Parts) -> Check:
    _ = p._
    hist = p.figures.history
    wallet = hist is not None and any(r.share_of_wallet is not None for r in hist.years)
    return _check(
        "share_of_wallet",
        _("Share of wallet is known (the customer's spend in the category)"),
        1,
        wallet,
        lambda: _(
            "analysis.purchase_history.category_spend: add the customer's total spend in "
            "our category per year to show our share of wallet"
        ),
    )


def _profitability(p: _Parts) -> Check:
    _ = p._
    prof = p.analysis.profitability
    return _check(
        "profitability",
        _("The account's profitability is given, with its cost to serve"),
        2,
        prof is not None and prof.cost_to_serve,
        lambda: (
            _(
                "analysis.profitability: add the account's P&L (revenue, discounts, cogs, "
                "cost_to_serve, account_team_cost): volume is not profit"
            )
            if prof is None
            else _(
                "analysis.profitability: list the cost_to_serve lines (deliveries, visits, "
                "stock…); without them the account looks more profitable than it is"
            )
        ),
    )
