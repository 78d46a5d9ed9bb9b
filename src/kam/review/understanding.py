"""Criterion 2, `understands_kam` (Demuestra comprensión de la KAM): the plan's parts A
to C.1 and the portfolio.

The buying centre and the relationship map (A.2, from `Figures.relationship`), the
relationship stage, the current position (A.1–A.4), the customer's business (B.1–B.7),
the critical success factors (C.1, from `Figures.factors`) and the key account's
selection from the portfolio (`Figures.portfolio`).
"""

from __future__ import annotations

from kam.review.checks import Check, _check, _filled, _Parts

MIN_SUCCESS_FACTORS = 3
SUPPORTIVE = ("champion", "supporter")


def checks(p: _Parts) -> list[Check]:
    """The criterion's checks, in the order the review lists them."""
    return [
        _buying_centre(p),
        _high_influence(p),
        _no_bow_tie(p),
        _relationship_stage(p),
        _current_position(p),
        _customer_business(p),
        _success_factors(p),
        _key_account_selection(p),
    ]


# ------------------------------------------------------------ A.2 relationships
#
# `Figures.relationship` is None exactly when A.2 lists no contacts.


def _buying_centre(p: _Parts) -> Check:
    _ = p._
    rel = p.figures.relationship

    def tip() -> str:
        if rel is None:
            return _(
                "A.2: add the customer's contacts with their buying-centre roles "
                "(decider, buyer, influencer)"
            )
        return _.plural(
            "A.2: no contact has the {roles} role; who decides, buys and influences?",
            "A.2: no contact has the {roles} roles; who decides, buys and influences?",
            len(rel.roles_missing),
            roles=p.either(rel.roles_missing),
        )

    return _check(
        "buying_centre",
        _("The buying centre is covered: decider, buyer and influencer"),
        3,
        rel is not None and not rel.roles_missing,
        tip,
    )


def _high_influence(p: _Parts) -> Check:
    _ = p._
    contacts = p.contacts
    rel = p.figures.relationship
    high_influence = rel.high_influence if rel is not None else 0
    addressed = {s.contact for s in p.strategy.relationship_strategies}
    unaddressed = [
        c
        for c in contacts
        if (c.influence or 0) >= 4 and c.attitude not in SUPPORTIVE and c.id not in addressed
    ]

    def tip() -> str:
        if not contacts:
            return _("A.2: add contacts with their influence (1–5) and attitude")
        if not high_influence:
            return _(
                "A.2: no contact has influence 4 or 5; score each contact's influence (1–5) "
                "and attitude to find who really matters"
            )
        unknown = _("attitude unknown")
        who = [f"{c.id} ({c.attitude or unknown})" for c in unaddressed]
        return _.plural(
            "A.2: high-influence contact {contacts} is not a supporter and no C.7 "
            "relationship strategy addresses them",
            "A.2: high-influence contacts {contacts} are not supporters and no C.7 "
            "relationship strategy addresses them",
            len(who),
            contacts=p.names(who),
        )

    return _check(
        "high_influence",
        _("High-influence contacts are supporters or addressed by a C.7 strategy"),
        2,
        high_influence and not unaddressed,
        tip,
    )


def _no_bow_tie(p: _Parts) -> Check:
    _ = p._
    contacts = p.contacts
    owners = sorted({c.owner for c in contacts if c.owner})

    def tip() -> str:
        if not contacts:
            return _("A.2: add contacts, each owned by a member of the account team (owner)")
        if not owners:
            return _("A.2: no contact has an owner; assign each contact to a team member (owner)")
        return _(
            "A.2: every owned contact belongs to {owner} (a 'bow tie' relationship); give "
            "other team members contacts of their own",
            owner=owners[0],
        )

    return _check(
        "no_bow_tie",
        _("Several team members own contacts (no bow tie)"),
        2,
        len(owners) >= 2,
        tip,
    )


def _relationship_stage(p: _Parts) -> Check:
    _ = p._
    return _check(
        "relationship_stage",
        _("The relationship stage is stated"),
        1,
        p.doc.account.relationship_stage is not None,
        lambda: _(
            "account.relationship_stage: say where the relationship stands (exploratory, "
            "basic, cooperative, interdependent, integrated, disintegrating)"
        ),
    )


# ------------------------------------------------------------------- A.1–B.7


def _current_position(p: _Parts) -> Check:
    _ = p._
    position = p.position
    missing_a = [
        code
        for code, ok in (
            ("A.1 (team)", position.team),
            ("A.2 (contacts)", position.contacts),
            (
                "A.3 (history)",
                position.history
                and (_filled(position.history.summary) or position.history.milestones),
            ),
            ("A.4 (problems)", position.problems),
        )
        if not ok
    ]
    return _check(
        "current_position",
        _("The current position A.1–A.4 is filled"),
        2,
        not missing_a,
        lambda: _("Fill {sections} of plan.current_position", sections=p.names(missing_a)),
    )


def _customer_business(p: _Parts) -> Check:
    _ = p._
    b = p.business
    missing_b = [
        code
        for code, ok in (
            ("B.1 (market_position)", _filled(b.market_position)),
            ("B.2 (market_share)", b.market_share is not None),
            ("B.3 (environment)", _filled(b.environment)),
            ("B.4 (opportunities, threats)", b.opportunities and b.threats),
            ("B.5 (strengths, weaknesses)", b.strengths and b.weaknesses),
            (
                "B.6 (objectives)",
                _filled(b.objectives) or p.analysis.customer_objectives,
            ),
            ("B.7 (strategy)", _filled(b.strategy)),
        )
        if not ok
    ]
    return _check(
        "customer_business",
        _("The customer's business B.1–B.7 is filled"),
        2,
        not missing_b,
        lambda: _("Fill {sections} of plan.customer_business", sections=p.names(missing_b, 7)),
    )


# ------------------------------------------------------------ C.1, portfolio


def _success_factors(p: _Parts) -> Check:
    _ = p._
    factors = p.strategy.critical_success_factors
    rows = p.figures.factors.rows if p.figures.factors else []
    incomplete = [row.factor.factor for row in rows if row.gap is None]

    def tip() -> str:
        if not factors:
            return _(
                "C.1: add the customer's critical success factors with weight, our_score "
                "and a competitor's competitor_score"
            )
        if incomplete:
            return _(
                "C.1: give weight, our_score and competitor_score to {factors}",
                factors=p.names(p.quoted(incomplete), 3),
            )
        return _.plural(
            "C.1: only {n} factor; list at least {minimum} of what the customer judges "
            "suppliers on",
            "C.1: only {n} factors; list at least {minimum} of what the customer judges "
            "suppliers on",
            len(factors),
            minimum=MIN_SUCCESS_FACTORS,
        )

    return _check(
        "success_factors",
        _("Critical success factors are scored against a competitor"),
        2,
        len(factors) >= MIN_SUCCESS_FACTORS and not incomplete,
        tip,
    )


def _key_account_selection(p: _Parts) -> Check:
    _ = p._
    portfolio = p.doc.portfolio
    view = p.figures.portfolio
    key = view.key if view is not None and portfolio.key_account else None

    def tip() -> str:
        if portfolio is None:
            return _(
                "Add a portfolio: every account's revenue, costs and cost to serve, with "
                "key_account naming this one, to show why it is a key account"
            )
        if not view.rows:
            return _("portfolio.customers: list every account with revenue, cogs and cost_to_serve")
        if key is None:
            return _("portfolio.key_account: name this account's id in the customer list")
        return _(
            "portfolio: give {id} attractiveness and relative_strength (1–10) to place it "
            "in the selection matrix",
            id=key.id,
        )

    return _check(
        "key_account_selection",
        _("The key account is selected from the portfolio (profitability and matrix)"),
        2,
        key is not None and key.quadrant is not None,
        tip,
    )
