"""Rules: what the plan's own logic says across its sections, read from the validated
document and its figures (`kam.analysis`), as warnings, and as errors where a number
cannot be (a share of wallet over 100 %).

Input: the `Document`, its `Figures` and the loaded source (for positions). Output:
problems added to the document's problems; `kam validate` and `kam build` print them
and `--strict` fails on warnings. Each rule is a small function with its own test;
each finding names both ends (`file:line:col`), the figures involved and what to do.
Modules by subject: `money`, `shares`, `rewards`, `portfolio`, `dates`, `people`;
`summary` reads the plan's cost in the executive summary, `common` positions and
formats. docs/validation.md lists every rule.
"""

from __future__ import annotations

from collections.abc import Callable

from kam.analysis import Figures
from kam.load import Loaded
from kam.models import Document
from kam.rules import actuals, dates, money, people, portfolio, rewards, shares

Rule = Callable[[Document, Figures, Loaded], None]

RULES: tuple[Rule, ...] = (
    # money that must agree
    money.revenue_history,
    money.revenue_portfolio,
    money.action_budget,
    money.summary_cost,
    # shares that cannot be
    shares.share_of_wallet,
    shares.competitor_shares,
    shares.thousands_point,
    # rewards
    rewards.top_payout,
    rewards.commission_base,
    rewards.individual_objectives,
    rewards.lower_is_better,
    # portfolio
    portfolio.attractive_losses,
    portfolio.key_strength,
    # time
    dates.actions_in_period,
    dates.overdue_actions,
    dates.meetings_in_period,
    dates.objective_deadlines,
    actuals.actuals_in_period,
    actuals.actuals_numeric_target,
    # people
    people.buying_centre,
    people.bow_tie,
)


def check(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """Run every rule; findings go to `loaded.problems`."""
    for rule in RULES:
        rule(doc, figures, loaded)
