"""A review of a plan's quality, scored against the course's five evaluation criteria.

`kam validate` says whether a document is *valid*; this module says how *good* it is:
how completely and how well it covers what the course evaluates. It is pure (no
printing, no I/O): `review()` takes a prepared document and returns values, and
`as_text()` / `as_json()` turn them into the output of `kam check`.

How the score is computed
-------------------------

The course evaluates the deliverable on five criteria. Each criterion has a fixed list
of checks; each check is a yes/no question about the content (is the section filled?
is every objective SMART? does every objective have an action?) with a weight from 1
to 3 (3 = essential to the criterion, 1 = a mark of a polished plan).

- A criterion's **score** is the weighted share of its checks that pass, from 0 to
  100: `round(100 × Σ weight of passed checks / Σ weight of all its checks)`.
- The **overall** score is the plain mean of the five criterion scores (the course
  weighs its criteria equally), rounded.
- Rounding is half up (`62.5` → `63`).
- A check about the items of a list (every objective has a deadline, every action has
  an owner…) fails while the list is empty: an empty section earns nothing.
- Every failed check carries one concrete suggestion that names the section code
  (`A.2`, `C.5`, `D.1`…) or key (`analysis.pest`, `rewards.budget`) and the ids
  involved, e.g. `C.5 objective o3 has no deadline`.
- "Overdue" is judged on the document's `date:` (the day the plan speaks for), or on
  the given day when the document has no date, as in the deliverable.

The checks never change between documents: every review lists the same checks in the
same order, so a CI job can compare reviews over time and `--min-score N` gates on
`overall`.

The five criteria (key: Spanish name, as in the course):

1. `analyzes_account`: Analiza la cuenta clave (PEST, customer objectives, value
   chain, buying process and information needs, purchase history, profitability).
2. `understands_kam`: Demuestra comprensión de la KAM (buying centre, relationship
   map, current position, the customer's business, success factors, key account
   selection).
3. `development_objectives`: Muestra objetivos del desarrollo de cuentas (SMART C.5
   objectives linked to the customer's own objectives).
4. `development_plans`: Señala los planes de desarrollo de la cuenta (actions,
   strategies, risks, review).
5. `rewards_scope`: Define los alcances del plan de premios (objectives,
   participants, split, reward types, payout curve, self-funding budget).

JSON shape (`as_json`, version 1)::

    {"version": 1,
     "overall": 87,
     "criteria": [
       {"key": "analyzes_account",
        "name_en": "Analyzes the key account",
        "name_es": "Analiza la cuenta clave",
        "score": 92,
        "checks": [
          {"label": "PEST covers the political, economic, social and technological dimensions",
           "passed": true, "weight": 3, "suggestion": null},
          ...]},
       ...]}

`suggestion` is null exactly when `passed` is true. Keys and the order of criteria
are stable; labels and suggestions are English text that may be reworded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kam.analysis import Figures
from kam.analysis import plan as plan_mod
from kam.models import (
    Action,
    Analysis,
    CompanyStrategy,
    Contact,
    CurrentPosition,
    CustomerBusiness,
    Document,
)
from kam.models import Review as PlanReview
from kam.models import Rewards as RewardsPlan

JSON_VERSION = 1

PEST_DIMENSIONS = ("political", "economic", "social", "technological")
MIN_VALUE_CHAIN = 5  # of Porter's nine activities
MIN_STAGES = 3  # of the seven buying stages
MIN_HISTORY_YEARS = 3
MIN_SUCCESS_FACTORS = 3
MIN_REWARD_TYPES = 2
SELF_FUNDING_MAX = 0.30  # rewards budget / incremental gross margin
SUPPORTIVE = ("champion", "supporter")

CRITERIA = (
    ("analyzes_account", "Analyzes the key account", "Analiza la cuenta clave"),
    ("understands_kam", "Shows understanding of KAM", "Demuestra comprensión de la KAM"),
    (
        "development_objectives",
        "Shows account development objectives",
        "Muestra objetivos del desarrollo de cuentas",
    ),
    (
        "development_plans",
        "Gives account development plans",
        "Señala los planes de desarrollo de la cuenta",
    ),
    (
        "rewards_scope",
        "Defines the scope of the rewards plan",
        "Define los alcances del plan de premios",
    ),
)


# ---------------------------------------------------------------------- results


@dataclass(frozen=True)
class Check:
    """One yes/no question about the content; `suggestion` only when it fails."""

    label: str
    passed: bool
    weight: int
    suggestion: str | None = None


@dataclass(frozen=True)
class CriterionScore:
    key: str
    name_en: str
    name_es: str
    score: int  # 0..100
    checks: list[Check] = field(default_factory=list)

    @property
    def suggestions(self) -> list[str]:
        return [c.suggestion for c in self.checks if not c.passed and c.suggestion]


@dataclass(frozen=True)
class Review:
    criteria: list[CriterionScore]
    overall: int  # 0..100

    def criterion(self, key: str) -> CriterionScore:
        return next(c for c in self.criteria if c.key == key)


def _round(value: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return int(value + 0.5)


def score(checks: Sequence[Check]) -> int:
    """The weighted share of passed checks, 0..100."""
    total = sum(c.weight for c in checks)
    if not total:
        return 0
    return _round(100 * sum(c.weight for c in checks if c.passed) / total)


# ---------------------------------------------------------------------- helpers


def _check(label: str, weight: int, passed: object, suggestion: str | Callable[[], str]) -> Check:
    """A check; `suggestion` may be a function, called only when the check fails."""
    if passed:
        return Check(label, True, weight, None)
    return Check(label, False, weight, suggestion() if callable(suggestion) else suggestion)


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | dict):
        return bool(value)
    return True


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(items: Iterable[str], limit: int = 5) -> str:
    """'a', 'a and b', 'a, b and c', 'a, b, c, d, e and 3 more'."""
    items = list(items)
    if len(items) > limit:
        shown, rest = items[:limit], f"{len(items) - limit} more"
        return ", ".join(shown) + f" and {rest}"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _quoted(texts: Iterable[str]) -> list[str]:
    return [f"'{_short(t)}'" for t in texts]


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


@dataclass
class _Parts:
    """The document's sections, each possibly missing, in one place."""

    doc: Document
    analysis: Analysis
    position: CurrentPosition
    business: CustomerBusiness
    strategy: CompanyStrategy
    actions: list[Action]
    plan_review: PlanReview
    rewards: RewardsPlan | None
    figures: Figures
    when: dt.date

    @classmethod
    def of(cls, doc: Document, figures: Figures) -> _Parts:
        plan = doc.plan
        action_review = plan.action_review if plan else None
        return cls(
            doc=doc,
            analysis=doc.analysis or Analysis(),
            position=(plan.current_position if plan else None) or CurrentPosition(),
            business=(plan.customer_business if plan else None) or CustomerBusiness(),
            strategy=(plan.company_strategy if plan else None) or CompanyStrategy(),
            actions=list(action_review.actions) if action_review else [],
            plan_review=(action_review.review if action_review else None) or PlanReview(),
            rewards=doc.rewards,
            figures=figures,
            when=figures.when,
        )

    @property
    def contacts(self) -> list[Contact]:
        return list(self.position.contacts)


# --------------------------------------------------------------------- criteria


def _analyzes_account(p: _Parts) -> list[Check]:
    a = p.analysis
    checks: list[Check] = []

    dims = {f.dimension for f in a.pest}
    missing_dims = [d for d in PEST_DIMENSIONS if d not in dims]
    checks.append(
        _check(
            "PEST covers the political, economic, social and technological dimensions",
            3,
            not missing_dims,
            "analysis.pest: add factors for the dimensions with none yet: "
            + ", ".join(missing_dims),
        )
    )
    unassessed = [f.factor for f in a.pest if f.effect is None or f.impact is None]
    no_implication = [f.factor for f in a.pest if not _filled(f.implication)]
    checks.append(
        _check(
            "PEST factors are assessed (effect, impact) and say what they imply",
            1,
            a.pest and not unassessed and not no_implication,
            "analysis.pest: add factors with effect, impact and implication"
            if not a.pest
            else (
                f"analysis.pest: give effect and impact to {_names(_quoted(unassessed), 3)}"
                if unassessed
                else f"analysis.pest: say what {_names(_quoted(no_implication), 3)} "
                "implies for the account (implication)"
            ),
        )
    )

    objectives = a.customer_objectives
    checks.append(
        _check(
            "The customer's objectives are analysed",
            2,
            objectives,
            "analysis.customer_objectives: list the customer's own objectives "
            "(what the account wants to achieve), with metric, target and deadline",
        )
    )
    vague = [o.objective for o in objectives if not _filled(o.metric) or not _filled(o.target)]
    checks.append(
        _check(
            "Customer objectives are measurable (metric and target)",
            1,
            objectives and not vague,
            "analysis.customer_objectives: add objectives with a metric and a target"
            if not objectives
            else f"analysis.customer_objectives: give a metric and a target to "
            f"{_names(_quoted(vague), 3)}",
        )
    )

    activities = {v.activity for v in a.value_chain}
    checks.append(
        _check(
            f"The value chain covers at least {MIN_VALUE_CHAIN} of Porter's nine activities",
            2,
            len(activities) >= MIN_VALUE_CHAIN,
            f"analysis.value_chain: covers {len(activities)} of 9 activities; describe at "
            f"least {MIN_VALUE_CHAIN} (e.g. inbound_logistics, operations, procurement)",
        )
    )
    shallow = [v.activity for v in a.value_chain if not v.pain_points or not _filled(v.our_role)]
    checks.append(
        _check(
            "Each value-chain activity names pain points and our role",
            1,
            a.value_chain and not shallow,
            "analysis.value_chain: add activities with pain_points and our_role"
            if not a.value_chain
            else f"analysis.value_chain: give pain_points and our_role to {_names(shallow)}",
        )
    )

    bp = a.buying_process
    stages = bp.stages if bp else []
    checks.append(
        _check(
            f"The buying process describes at least {MIN_STAGES} stages",
            2,
            len(stages) >= MIN_STAGES,
            f"analysis.buying_process.stages: {len(stages)} "
            f"{_plural(len(stages), 'stage', 'stages')} described; describe at least "
            f"{MIN_STAGES}, from need_recognition to performance_review",
        )
    )
    no_needs = [s.stage for s in stages if not s.information_needs]
    checks.append(
        _check(
            "Every buying stage lists the information needs",
            2,
            stages and not no_needs,
            "analysis.buying_process: add stages, each with its information_needs"
            if not stages
            else f"analysis.buying_process: add information_needs to the stage(s) "
            f"{_names(no_needs)}",
        )
    )
    missing_bp = []
    if not bp or bp.buy_class is None:
        missing_bp.append("buy_class")
    if not bp or not bp.decision_criteria:
        missing_bp.append("decision_criteria")
    checks.append(
        _check(
            "The buy class and the decision criteria are given",
            1,
            not missing_bp,
            f"analysis.buying_process: add {' and '.join(missing_bp)}",
        )
    )

    hist = p.figures.history
    years = [row.label for row in hist.years] if hist else []
    checks.append(
        _check(
            f"The purchase history covers at least {MIN_HISTORY_YEARS} years",
            3,
            len(years) >= MIN_HISTORY_YEARS,
            "analysis.purchase_history: add the purchases (csv: or records:) for at least "
            f"{MIN_HISTORY_YEARS} years"
            if not years
            else f"analysis.purchase_history: covers {len(years)} "
            f"{_plural(len(years), 'year', 'years')} ({years[0]}–{years[-1]}); add at least "
            f"{MIN_HISTORY_YEARS} to show a trend",
        )
    )
    wallet = hist is not None and any(r.share_of_wallet is not None for r in hist.years)
    checks.append(
        _check(
            "Share of wallet is known (the customer's spend in the category)",
            1,
            wallet,
            "analysis.purchase_history.category_spend: add the customer's total spend in "
            "our category per year to show our share of wallet",
        )
    )

    prof = a.profitability
    checks.append(
        _check(
            "The account's profitability is given, with its cost to serve",
            2,
            prof is not None and prof.cost_to_serve,
            "analysis.profitability: add the account's P&L (revenue, discounts, cogs, "
            "cost_to_serve, account_team_cost): volume is not profit"
            if prof is None
            else "analysis.profitability: list the cost_to_serve lines (deliveries, visits, "
            "stock…); without them the account looks more profitable than it is",
        )
    )
    return checks


def _understands_kam(p: _Parts) -> list[Check]:
    checks: list[Check] = []
    contacts = p.contacts
    # No contacts: no figure, and every role is missing.
    rel = p.figures.relationship or plan_mod.relationship_check([])

    if not contacts:
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
    checks.append(
        _check(
            "The buying centre is covered: decider, buyer and influencer",
            3,
            contacts and not rel.roles_missing,
            roles_tip,
        )
    )

    addressed = {s.contact for s in p.strategy.relationship_strategies}
    unaddressed = [
        c
        for c in contacts
        if (c.influence or 0) >= 4 and c.attitude not in SUPPORTIVE and c.id not in addressed
    ]
    if not contacts:
        tip = "A.2: add contacts with their influence (1–5) and attitude"
    elif not rel.high_influence:
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
    checks.append(
        _check(
            "High-influence contacts are supporters or addressed by a C.7 strategy",
            2,
            rel.high_influence and not unaddressed,
            tip,
        )
    )

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
    checks.append(
        _check(
            "Several team members own contacts (no bow tie)",
            2,
            len(owners) >= 2,
            tip,
        )
    )

    checks.append(
        _check(
            "The relationship stage is stated",
            1,
            p.doc.account.relationship_stage is not None,
            "account.relationship_stage: say where the relationship stands "
            "(exploratory, basic, cooperative, interdependent, integrated, disintegrating)",
        )
    )

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
    checks.append(
        _check(
            "The current position A.1–A.4 is filled",
            2,
            not missing_a,
            f"Fill {_names(missing_a)} of plan.current_position",
        )
    )

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
    checks.append(
        _check(
            "The customer's business B.1–B.7 is filled",
            2,
            not missing_b,
            f"Fill {_names(missing_b, 7)} of plan.customer_business",
        )
    )

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
    checks.append(
        _check(
            "Critical success factors are scored against a competitor",
            2,
            len(factors) >= MIN_SUCCESS_FACTORS and not incomplete,
            tip,
        )
    )

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
    checks.append(
        _check(
            "The key account is selected from the portfolio (profitability and matrix)",
            2,
            key is not None and key.quadrant is not None,
            tip,
        )
    )
    return checks


def _development_objectives(p: _Parts) -> list[Check]:
    checks: list[Check] = []
    objectives = list(p.strategy.objectives)
    smart = p.figures.smart

    checks.append(
        _check(
            "C.5 sets the company's objectives for the account",
            3,
            objectives,
            "C.5: add the company's objectives for the account (id, objective, metric, "
            "baseline, target, deadline, owner)",
        )
    )

    def smart_part(label: str, weight: int, test, missing: str, how: str) -> Check:
        failing = [s.objective.id for s in smart if not test(s)]
        if not objectives:
            tip = f"C.5: add objectives, each with {how}"
        else:
            tip = (
                f"C.5 {_plural(len(failing), 'objective', 'objectives')} {_names(failing)} "
                f"{_plural(len(failing), 'has', 'have')} no {missing}"
            )
        return _check(label, weight, objectives and not failing, tip)

    checks.append(
        smart_part(
            "Every objective is specific (has a metric)",
            2,
            lambda s: s.specific,
            "metric",
            "a metric",
        )
    )
    checks.append(
        smart_part(
            "Every objective is measurable (numeric baseline and target)",
            2,
            lambda s: s.measurable,
            "numeric baseline and target",
            "a numeric baseline and target",
        )
    )
    checks.append(
        smart_part(
            "Every objective is time-bound (has a deadline)",
            2,
            lambda s: s.time_bound,
            "deadline",
            "a deadline",
        )
    )
    checks.append(
        smart_part(
            "Every objective has an owner",
            1,
            lambda s: s.achievable,
            "owner",
            "an owner from A.1",
        )
    )

    customer = p.analysis.customer_objectives
    unlinked = [o.objective for o in customer if not _filled(o.our_contribution)]
    checks.append(
        _check(
            "Our objectives are linked to the customer's (our contribution to each)",
            2,
            customer and not unlinked,
            "analysis.customer_objectives: list the customer's objectives and how we "
            "contribute to each (our_contribution)"
            if not customer
            else f"analysis.customer_objectives: say how we contribute (our_contribution) "
            f"to {_names(_quoted(unlinked), 3)}",
        )
    )

    s = p.strategy
    missing_c = [
        code
        for code, ok in (
            ("C.2 (environment)", _filled(s.environment) or s.competitors_in_account),
            ("C.3 (opportunities, threats)", s.opportunities and s.threats),
            ("C.4 (strengths, weaknesses)", s.strengths and s.weaknesses),
        )
        if not ok
    ]
    checks.append(
        _check(
            "The objectives rest on C.2–C.4 (environment, opportunities, strengths)",
            1,
            not missing_c,
            f"Fill {_names(missing_c)} of plan.company_strategy",
        )
    )
    return checks


def _development_plans(p: _Parts) -> list[Check]:
    checks: list[Check] = []
    objectives = list(p.strategy.objectives)
    actions = p.actions
    smart = p.figures.smart

    idle = [s.objective.id for s in smart if not s.relevant]
    checks.append(
        _check(
            "Every objective has at least one action in D.1",
            3,
            objectives and not idle,
            lambda: (
                "D.1: add actions, each serving a C.5 objective (objective: o1)"
                if not objectives
                else f"C.5 {_plural(len(idle), 'objective', 'objectives')} {_names(idle)} "
                f"{_plural(len(idle), 'has', 'have')} no action in D.1; add one with "
                f"'objective: {idle[0]}'"
            ),
        )
    )

    def every_action(label: str, weight: int, failing: list[str], what: str, how: str) -> Check:
        def tip() -> str:
            if not actions:
                return f"D.1: add actions, each with {how}"
            verb = _plural(len(failing), "has", "have")
            noun = _plural(len(failing), "action", "actions")
            return f"D.1 {noun} {_names(failing)} {verb} {what}"

        return _check(label, weight, actions and not failing, tip)

    known = {o.id for o in objectives}
    checks.append(
        every_action(
            "Every action serves a C.5 objective",
            1,
            [a.id for a in actions if a.objective not in known],
            "no C.5 objective; add 'objective: <id>'",
            "the C.5 objective it serves",
        )
    )
    no_owner = [a.id for a in actions if not a.owner]
    no_due = [a.id for a in actions if a.due is None]
    parts = []
    if no_owner:
        parts.append(f"{_names(no_owner)} {_plural(len(no_owner), 'has', 'have')} no owner")
    if no_due:
        parts.append(f"{_names(no_due)} {_plural(len(no_due), 'has', 'have')} no due date")
    checks.append(
        _check(
            "Every action has an owner and a due date",
            2,
            actions and not parts,
            "D.1: add actions, each with an owner and a due date"
            if not actions
            else "D.1 actions: " + "; ".join(parts),
        )
    )
    checks.append(
        every_action(
            "Every action is costed",
            1,
            [a.id for a in actions if a.cost is None],
            "no cost; the action plan needs a budget",
            "its cost",
        )
    )

    strategies = p.strategy.commercial_strategies
    loose = [s.strategy for s in strategies if not s.objectives]
    checks.append(
        _check(
            "C.6 commercial strategies say which objectives they serve",
            2,
            strategies and not loose,
            "C.6: add commercial strategies (retain, penetrate, cross_sell…), each naming "
            "the C.5 objectives it serves"
            if not strategies
            else f"C.6: name the objectives served by {_names(_quoted(loose), 3)}",
        )
    )

    relationship = p.strategy.relationship_strategies
    vague = [r.contact for r in relationship if not r.owner or not _filled(r.how)]
    checks.append(
        _check(
            "C.7 relationship strategies say who moves which contact, and how",
            2,
            relationship and not vague,
            "C.7: add relationship strategies (contact, from_attitude, to_attitude, "
            "owner, how) for the contacts that matter"
            if not relationship
            else f"C.7: give an owner and a 'how' to the strategies for {_names(vague)}",
        )
    )

    risks = p.strategy.risks
    unmitigated = [r.description for r in risks if not _filled(r.mitigation)]
    checks.append(
        _check(
            "C.8 risks are identified, each with a mitigation",
            2,
            risks and not unmitigated,
            "C.8: list the risks, dependencies and barriers with probability, impact and mitigation"
            if not risks
            else f"C.8: add a mitigation to {_names(_quoted(unmitigated), 3)}",
        )
    )

    r = p.plan_review
    missing_d2 = [
        name
        for name, ok in (
            ("a cadence", r.cadence is not None),
            ("KPIs", r.kpis),
            ("review meetings", r.meetings),
        )
        if not ok
    ]
    checks.append(
        _check(
            "D.2 sets a review cadence, KPIs and meetings",
            2,
            not missing_d2,
            f"D.2: add {_names(missing_d2)} to plan.action_review.review",
        )
    )

    overdue = [a for a in actions if a.id in p.figures.overdue]
    shown = [f"{a.id} (due {a.due.isoformat()}, {a.status or 'no status'})" for a in overdue]
    checks.append(
        _check(
            "No action is overdue",
            2,
            actions and not overdue,
            "D.1: add actions with due dates and a status"
            if not actions
            else f"D.1 {_plural(len(shown), 'action', 'actions')} {_names(shown, 3)} "
            f"{_plural(len(shown), 'is', 'are')} overdue on {p.when.isoformat()}; update the "
            "status or re-plan",
        )
    )

    summary = p.doc.plan.executive_summary if p.doc.plan else None
    checks.append(
        _check(
            "The executive summary is written",
            1,
            _filled(summary),
            "plan.executive_summary: write the account's situation, objectives and plan in "
            "a few paragraphs for a director",
        )
    )
    return checks


def _rewards_scope(p: _Parts) -> list[Check]:
    checks: list[Check] = []
    r = p.rewards or RewardsPlan()

    incomplete = [
        o.objective
        for o in r.objectives
        if not _filled(o.metric) or o.target is None or o.weight is None
    ]
    checks.append(
        _check(
            "Rewards objectives have a metric, a target and a weight",
            3,
            r.objectives and not incomplete,
            "rewards.objectives: add the team's objectives with metric, target and weight "
            "(weights sum to 100)"
            if not r.objectives
            else f"rewards.objectives: give metric, target and weight to "
            f"{_names(_quoted(incomplete), 3)}",
        )
    )
    no_share = [x.member or x.name or "?" for x in r.participants if x.share is None]
    checks.append(
        _check(
            "Participants are named, each with a share",
            2,
            r.participants and not no_share,
            "rewards.participants: name who takes part (A.1 member ids or name and role) "
            "and each one's share"
            if not r.participants
            else f"rewards.participants: give a share to {_names(no_share)}",
        )
    )
    checks.append(
        _check(
            "The team/individual split is set",
            1,
            r.split is not None,
            "rewards.split: set the team pool against the individual part "
            "(e.g. team: 60, individual: 40)",
        )
    )
    types = sorted({x.type for x in r.rewards if x.type})
    checks.append(
        _check(
            f"At least {MIN_REWARD_TYPES} types of reward",
            2,
            len(types) >= MIN_REWARD_TYPES,
            "rewards.rewards: add rewards of at least two types (cash_bonus, recognition, "
            "training, trip…), each with its share"
            if not types
            else f"rewards.rewards: only {types[0]} rewards; add another type such as "
            "recognition, training or time_off",
        )
    )
    checks.append(
        _check(
            "A payout curve ties payment to attainment",
            2,
            r.payout_curve,
            "Add a payout curve to the rewards plan (rewards.payout_curve: % of target "
            "achieved → % of the reward paid)",
        )
    )

    budget = r.budget
    checks.append(
        _check(
            "The budget is given, with the incremental margin it is paid from",
            2,
            budget is not None and budget.incremental_margin,
            "rewards.budget: set total and incremental_margin (the extra gross margin "
            "the plan should earn)"
            if budget is None
            else "rewards.budget: add incremental_margin, the extra gross margin the plan "
            "should earn, to show the plan pays for itself",
        )
    )
    funding = p.figures.rewards.self_funding if p.figures.rewards else None
    if funding is None:
        tip = "rewards.budget: the self-funding ratio needs both total and incremental_margin"
    else:
        tip = (
            f"rewards.budget: the plan costs {funding:.0%} of the incremental margin; keep "
            f"it at or below {SELF_FUNDING_MAX:.0%}"
        )
    checks.append(
        _check(
            f"The plan funds itself (budget ≤ {SELF_FUNDING_MAX:.0%} of incremental margin)",
            2,
            funding is not None and 0 < funding <= SELF_FUNDING_MAX,
            tip,
        )
    )
    return checks


# -------------------------------------------------------------------------- API


def review(doc: Document, figures: Figures) -> Review:
    """Score `doc` (with its figures) against the course's five criteria."""
    p = _Parts.of(doc, figures)
    lists = {
        "analyzes_account": _analyzes_account(p),
        "understands_kam": _understands_kam(p),
        "development_objectives": _development_objectives(p),
        "development_plans": _development_plans(p),
        "rewards_scope": _rewards_scope(p),
    }
    criteria = [
        CriterionScore(key, name_en, name_es, score(lists[key]), lists[key])
        for key, name_en, name_es in CRITERIA
    ]
    overall = _round(sum(c.score for c in criteria) / len(criteria))
    return Review(criteria, overall)


def as_text(result: Review, lang: str = "en") -> str:
    """A plain-text table: each criterion, its score and checks passed, then its
    suggestions indented below it; the overall score last. No colors."""
    rows = [(c.name_es if lang.startswith("es") else c.name_en, c) for c in result.criteria]
    width = max([len("Criterion"), len("Overall")] + [len(name) for name, _ in rows])
    lines = [f"{'Criterion':<{width}}  Score  Checks"]
    lines.append("-" * len(lines[0]))
    for name, c in rows:
        passed = sum(1 for k in c.checks if k.passed)
        lines.append(f"{name:<{width}}  {c.score:>5}  {passed}/{len(c.checks)}")
        for suggestion in c.suggestions:
            lines.append(f"    - {suggestion}")
    lines.append("-" * len(lines[0]))
    lines.append(f"{'Overall':<{width}}  {result.overall:>5}")
    return "\n".join(lines) + "\n"


def as_dict(result: Review) -> dict[str, object]:
    return {
        "version": JSON_VERSION,
        "overall": result.overall,
        "criteria": [
            {
                "key": c.key,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "score": c.score,
                "checks": [
                    {
                        "label": k.label,
                        "passed": k.passed,
                        "weight": k.weight,
                        "suggestion": k.suggestion,
                    }
                    for k in c.checks
                ],
            }
            for c in result.criteria
        ],
    }


def as_json(result: Review) -> str:
    """The review as JSON (version 1; the shape is in this module's docstring)."""
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
