"""Criterion 2, `understands_kam` (Demuestra comprensión de la KAM): the plan's parts A
to C.1 and the portfolio.

The buying centre and the relationship map (A.2, from `Figures.relationship`), the
relationship stage, the current position (A.1–A.4), the customer's business (B.1–B.7),
the critical success factors (C.1, from `Figures.factors`) and the key account's
selection from the portfolio (`Figures.portfolio`).
"""

from __future__ import annotations

from kam.review.checks import Check, _check, _filled, _names, _Parts, _plural, _quoted

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
    rel = p.figures.relationship
    if rel is None:
        roles_tip = (
            "A.2: add the customer's contacts with their buying-centre roles "
            "(decider, buyer, influencer)"
        )
    else:
        roles_tip = (
            f"A.2: no contact has the {' or '.join(rel.roles_missing)} "
            f"{_plural(len(rel.roles_missing), 'role', 'roles')}; who decides, buys and "
            "influences?"
        )
    return _check(
        "The buying centre is covered: decider, buyer and influencer",
        3,
        rel is not None and not rel.roles_missing,
        roles_tip,
    )


def _high_influence(p: _Parts) -> Check:
    contacts = p.contacts
    rel = p.figures.relationship
    high_influence = rel.high_influence if rel is not None else 0
    addressed = {s.contact for s in p.strategy.relationship_strategies}
    unaddressed = [
        c
        for c in contacts
        if (c.influence or 0) >= 4 and c.attitude not in SUPPORTIVE and c.id not in addressed
    ]
    if not contacts:
        tip = "A.2: add contacts with their influence (1–5) and attitude"
    elif not high_influence:
        tip = (
            "A.2: no contact has influence 4 or 5; score each contact's influence (1–5) "
            "and attitude to find who really matters"
        )
    else:
        who = [f"{c.id} ({c.attitude or 'attitude unknown'})" for c in unaddressed]
        tip = (
            f"A.2: high-influence {_plural(len(who), 'contact', 'contacts')} {_names(who)} "
            f"{_plural(len(who), 'is not a supporter', 'are not supporters')} and no C.7 "
            "relationship strategy addresses them"
        )
    return _check(
        "High-influence contacts are supporters or addressed by a C.7 strategy",
        2,
        high_influence and not unaddressed,
        tip,
    )


def _no_bow_tie(p: _Parts) -> Check:
    contacts = p.contacts
    owners = sorted({c.owner for c in contacts if c.owner})
    if not contacts:
        tip = "A.2: add contacts, each owned by a member of the account team (owner)"
    elif not owners:
        tip = "A.2: no contact has an owner; assign each contact to a team member (owner)"
    else:
        tip = (
            f"A.2: every owned contact belongs to {owners[0]} (a 'bow tie' relationship); "
            "give other team members contacts of their own"
        )
    return _check("Several team members own contacts (no bow tie)", 2, len(owners) >= 2, tip)


def _relationship_stage(p: _Parts) -> Check:
    return _check(
        "The relationship stage is stated",
        1,
        p.doc.account.relationship_stage is not None,
        "account.relationship_stage: say where the relationship stands "
        "(exploratory, basic, cooperative, interdependent, integrated, disintegrating)",
    )


# ------------------------------------------------------------------- A.1–B.7


def _current_position(p: _Parts) -> Check:
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
        "The current position A.1–A.4 is filled",
        2,
        not missing_a,
        f"Fill {_names(missing_a)} of plan.current_position",
    )


def _customer_business(p: _Parts) -> Check:
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
        "The customer's business B.1–B.7 is filled",
        2,
        not missing_b,
        f"Fill {_names(missing_b, 7)} of plan.customer_business",
    )


# ------------------------------------------------------------ C.1, portfolio


def _success_factors(p: _Parts) -> Check:
    factors = p.strategy.critical_success_factors
    rows = p.figures.factors.rows if p.figures.factors else []
    incomplete = [row.factor.factor for row in rows if row.gap is None]
    if not factors:
        tip = (
            "C.1: add the customer's critical success factors with weight, our_score "
            "and a competitor's competitor_score"
        )
    elif incomplete:
        tip = (
            f"C.1: give weight, our_score and competitor_score to {_names(_quoted(incomplete), 3)}"
        )
    else:
        tip = (
            f"C.1: only {len(factors)} {_plural(len(factors), 'factor', 'factors')}; list at "
            f"least {MIN_SUCCESS_FACTORS} of what the customer judges suppliers on"
        )
    return _check(
        "Critical success factors are scored against a competitor",
        2,
        len(factors) >= MIN_SUCCESS_FACTORS and not incomplete,
        tip,
    )


def _key_account_selection(p: _Parts) -> Check:
    portfolio = p.doc.portfolio
    view = p.figures.portfolio
    key = view.key if view is not None and portfolio.key_account else None
    if portfolio is None:
        tip = (
            "Add a portfolio: every account's revenue, costs and cost to serve, with "
            "key_account naming this one, to show why it is a key account"
        )
    elif not view.rows:
        tip = "portfolio.customers: list every account with revenue, cogs and cost_to_serve"
    elif key is None:
        tip = "portfolio.key_account: name this account's id in the customer list"
    else:
        tip = (
            f"portfolio: give {key.id} attractiveness and relative_strength (1–10) to "
            "place it in the selection matrix"
        )
    return _check(
        "The key account is selected from the portfolio (profitability and matrix)",
        2,
        key is not None and key.quadrant is not None,
        tip,
    )
