"""plan.yaml: the executive summary and sections A to D of the key account plan."""

from typing import Annotated

from pydantic import (
    Field,
)

from kam.limits import (
    MAX_ACTIONS,
    MAX_AMOUNT,
    MAX_CONTACTS,
    MAX_ITEMS,
    MAX_NESTED,
    MAX_REFS,
    MAX_TEAM,
    MAX_TEXTS,
)
from kam.models.types import (
    PERIOD_PATTERN,
    ActionStatus,
    Amount,
    Attitude,
    Cadence,
    Coverage,
    Direction,
    DmuRole,
    Id,
    IsoDate,
    Markdown,
    MarketRole,
    Model,
    Name,
    Number,
    Percent,
    Period,
    ProblemStatus,
    RiskKind,
    Score5,
    Score10,
    Severity,
    Short,
    StrategyType,
)

Actuals = Annotated[
    dict[Period, Number],
    Field(
        max_length=MAX_ITEMS,
        description="Values measured so far, by period: a year (2027), a quarter (2027-Q1) "
        "or a month (2027-03) mapped to a number in the unit, e.g. {2027-Q1: 330000}; D.2 "
        "compares the latest with a pro-rata path to the target",
        json_schema_extra={"propertyNames": {"pattern": PERIOD_PATTERN}},
    ),
]
DIRECTION = (
    "higher (more is better) or lower (less is better, e.g. cost to serve); default: lower "
    "when the target is below the baseline, higher otherwise"
)


class TeamMember(Model):
    """A.1: a member of our account team."""

    id: Id = Field(description="Short slug that other sections use to name this person, e.g. ana")
    name: Name = Field(description="Full name of the team member")
    role: Short | None = Field(
        None, description="Role in the account team, e.g. Key account manager"
    )
    time_pct: Percent | None = Field(
        None, description="Share of this person's working time spent on the account, 0-100 %"
    )
    responsibilities: Markdown | None = Field(
        None, description="What this person is responsible for in the account (Markdown)"
    )


class Contact(Model):
    """A.2: a person at the customer and our relationship with them."""

    id: Id = Field(
        description="Short slug that other sections use to name this contact, e.g. c-compras"
    )
    name: Name = Field(description="Full name of the contact")
    title: Short | None = Field(None, description="Job title, e.g. Head of purchasing")
    department: Short | None = Field(None, description="Department, e.g. Purchasing")
    reports_to: Short | None = Field(
        None, description="Contact id from A.2 of the person this contact reports to"
    )
    dmu_roles: list[DmuRole] = Field(
        [],
        max_length=MAX_NESTED,
        description="Roles in the decision-making unit: initiator, user, influencer, decider, "
        "approver, buyer, gatekeeper",
    )
    influence: Score5 | None = Field(
        None, description="Influence on the buying decision, 1 (low) to 5 (high)"
    )
    attitude: Attitude | None = Field(
        None,
        description="Attitude towards us: champion (promotes us), supporter, neutral, "
        "skeptic or opponent",
    )
    coverage: Coverage | None = Field(
        None,
        description="How well we cover this contact: none, brief (occasional), multiple "
        "(regular, several of us) or in_depth (close relationship)",
    )
    owner: Short | None = Field(
        None, description="Team member id from A.1 who owns the relationship with this contact"
    )


class Milestone(Model):
    """A.3: one event in the customer's history with us."""

    date: IsoDate = Field(description="When it happened, ISO date, e.g. 2019-04-01")
    event: Name = Field(description="What happened, e.g. First tender won")


class History(Model):
    """A.3: the customer's history with our company."""

    summary: Markdown | None = Field(
        None, description="The story of the relationship so far (Markdown)"
    )
    milestones: list[Milestone] = Field(
        [], max_length=MAX_ITEMS, description="Key events in the relationship, each with its date"
    )


class CurrentProblem(Model):
    """A.4: a problem currently affecting the relationship."""

    problem: Name = Field(description="The problem, e.g. late deliveries in Q3")
    severity: Severity | None = Field(None, description="How serious it is: low, medium or high")
    owner: Short | None = Field(
        None, description="Team member id from A.1 responsible for solving it"
    )
    status: ProblemStatus | None = Field(
        None, description="Where it stands: open, in_progress or solved"
    )


class CurrentPosition(Model):
    """A: our current position in the account (team, contacts, history, problems)."""

    team: list[TeamMember] = Field([], max_length=MAX_TEAM, description="A.1: our account team")
    contacts: list[Contact] = Field(
        [],
        max_length=MAX_CONTACTS,
        description="A.2: main contacts at the customer and our relationship with each",
    )
    history: History | None = Field(
        None, description="A.3: the customer's history with our company"
    )
    problems: list[CurrentProblem] = Field(
        [], max_length=MAX_ITEMS, description="A.4: current problems"
    )


class MarketShare(Model):
    """B.2: the customer's role and share in its own market."""

    share: Percent | None = Field(
        None, description="The customer's share of its own market, 0-100 %"
    )
    rank: Annotated[int, Field(ge=1, le=MAX_AMOUNT)] | None = Field(
        None, description="The customer's rank in its market, 1 = the largest"
    )
    role: MarketRole | None = Field(
        None, description="The customer's market role: leader, challenger, follower or nicher"
    )
    notes: Markdown | None = Field(
        None, description="Comments on the customer's market role and share (Markdown)"
    )


class CustomerBusiness(Model):
    """B: the customer's business (market, environment, SWOT, objectives, strategy)."""

    market_position: Markdown | None = Field(
        None, description="B.1: the customer's position in its market (Markdown)"
    )
    market_share: MarketShare | None = Field(
        None, description="B.2: the customer's market role and share"
    )
    environment: Markdown | None = Field(
        None, description="B.3: the customer's market and business environment (Markdown)"
    )
    opportunities: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="B.4: key opportunities for the customer, one Markdown text each",
    )
    threats: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="B.4: key threats for the customer, one Markdown text each",
    )
    strengths: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="B.5: the customer's competitive strengths, one Markdown text each",
    )
    weaknesses: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="B.5: the customer's competitive weaknesses, one Markdown text each",
    )
    objectives: Markdown | None = Field(
        None,
        description="B.6: the customer's objectives (Markdown); analysis customer_objectives "
        "is shown beside it",
    )
    strategy: Markdown | None = Field(None, description="B.7: the customer's strategy (Markdown)")


class SuccessFactor(Model):
    """C.1: a critical success factor for the customer, scored for us and a competitor."""

    factor: Name = Field(
        description="What the customer needs from a supplier, e.g. on-time delivery"
    )
    weight: Percent | None = Field(
        None, description="Importance to the customer, 0-100 %; all factor weights sum to 100"
    )
    our_score: Score10 | None = Field(
        None, description="How well we perform on this factor, 1 (poor) to 10 (excellent)"
    )
    competitor: Short | None = Field(
        None, description="Name of the competitor we compare ourselves with"
    )
    competitor_score: Score10 | None = Field(
        None, description="How well that competitor performs on this factor, 1 to 10"
    )


class CompetitorShare(Model):
    """C.2: a competitor present in the account."""

    name: Name = Field(description="Name of the competitor")
    share: Percent | None = Field(
        None,
        description="The competitor's share of the customer's purchases in our category, 0-100 %",
    )


class CompanyObjective(Model):
    """C.5: one of our SMART objectives in the account."""

    id: Id = Field(
        description="Short slug that C.6 strategies and D.1 actions use to name it, e.g. o1"
    )
    objective: Name = Field(description="What we want to achieve in the account")
    metric: Short | None = Field(None, description="How progress is measured, e.g. annual revenue")
    unit: Short | None = Field(None, description="Unit of baseline and target, e.g. EUR, %, units")
    baseline: Number | None = Field(
        None, description="Value of the metric today, a number in the unit"
    )
    target: Number | None = Field(
        None, description="Value to reach by the deadline, a number in the unit"
    )
    deadline: IsoDate | None = Field(
        None, description="When the target must be reached, ISO date, e.g. 2027-12-31"
    )
    owner: Short | None = Field(
        None, description="Team member id from A.1 accountable for this objective"
    )
    direction: Direction | None = Field(None, description=DIRECTION)
    actuals: Actuals = {}


class CommercialStrategy(Model):
    """C.6: a commercial strategy and the objectives it serves."""

    strategy: Name = Field(description="The strategy, e.g. cross-sell advanced wound care")
    type: StrategyType | None = Field(
        None,
        description="retain (keep the business), penetrate (sell more of the same), "
        "cross_sell (other products), new_offer, pricing or service",
    )
    objectives: list[Short] = Field(
        [], max_length=MAX_NESTED, description="Objective ids from C.5 that this strategy serves"
    )


class RelationshipStrategy(Model):
    """C.7: how we will move one contact's attitude towards us."""

    contact: Short = Field(description="Contact id from A.2 this strategy is about")
    from_attitude: Attitude | None = Field(
        None,
        description="The contact's attitude today: champion, supporter, neutral, skeptic "
        "or opponent",
    )
    to_attitude: Attitude | None = Field(
        None, description="The attitude we aim for, same choices as from_attitude"
    )
    owner: Short | None = Field(
        None, description="Team member id from A.1 who carries out this strategy"
    )
    how: Markdown | None = Field(
        None, description="How we will change the contact's attitude (Markdown)"
    )


class Risk(Model):
    """C.8: a risk, dependency or barrier, scored on a 5×5 heat map."""

    kind: RiskKind | None = Field(
        None,
        description="risk (may happen), dependency (something we rely on) or barrier "
        "(something in our way)",
    )
    description: Markdown = Field(description="What the risk, dependency or barrier is (Markdown)")
    probability: Score5 | None = Field(
        None, description="Likelihood, 1 (rare) to 5 (almost certain); score = probability × impact"
    )
    impact: Score5 | None = Field(None, description="Impact if it happens, 1 (minor) to 5 (severe)")
    mitigation: Markdown | None = Field(
        None, description="How we prevent it or reduce its impact (Markdown)"
    )


class CompanyStrategy(Model):
    """C: our objectives and strategies in the account."""

    critical_success_factors: list[SuccessFactor] = Field(
        [],
        max_length=MAX_ITEMS,
        description="C.1: critical success factors for the customer; weights sum to 100, "
        "scores 1-10",
    )
    environment: Markdown | None = Field(
        None, description="C.2: our company's environment in this customer (Markdown)"
    )
    competitors_in_account: list[CompetitorShare] = Field(
        [],
        max_length=MAX_ITEMS,
        description="C.2: competitors in the account and their share of it",
    )
    opportunities: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="C.3: opportunities for our company, one Markdown text each",
    )
    threats: list[Markdown] = Field(
        [], max_length=MAX_TEXTS, description="C.3: threats for our company, one Markdown text each"
    )
    strengths: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="C.4: our competitive strengths in the account, one Markdown text each",
    )
    weaknesses: list[Markdown] = Field(
        [],
        max_length=MAX_TEXTS,
        description="C.4: our competitive weaknesses in the account, one Markdown text each",
    )
    objectives: list[CompanyObjective] = Field(
        [], max_length=MAX_ITEMS, description="C.5: our SMART objectives in the account"
    )
    commercial_strategies: list[CommercialStrategy] = Field(
        [], max_length=MAX_ITEMS, description="C.6: our commercial strategies"
    )
    relationship_strategies: list[RelationshipStrategy] = Field(
        [],
        max_length=MAX_CONTACTS,
        description="C.7: our relationship strategies, one per contact to move",
    )
    risks: list[Risk] = Field(
        [], max_length=MAX_ITEMS, description="C.8: risks, dependencies and barriers"
    )


class Action(Model):
    """D.1: one action of the key action plan."""

    id: Id = Field(description="Short slug that depends_on uses to name this action, e.g. a1")
    action: Name = Field(description="What will be done")
    objective: Short | None = Field(
        None, description="Objective id from C.5 that this action serves"
    )
    owner: Short | None = Field(
        None, description="Team member id from A.1 responsible for the action"
    )
    customer_owner: Short | None = Field(
        None,
        description="Contact id from A.2 responsible for the action on the customer's side "
        "(a joint action has an owner on each side)",
    )
    start: IsoDate | None = Field(
        None, description="Start date, ISO date, e.g. 2027-01-15; drawn on the timeline"
    )
    due: IsoDate | None = Field(
        None,
        description="Due date, ISO date, not before start; overdue if past the document date "
        "and not done",
    )
    status: ActionStatus | None = Field(
        None,
        description="not_started, in_progress, done, deferred (postponed) or cancelled",
    )
    cost: Amount | None = Field(
        None, description="Budgeted cost of the action, in the document currency"
    )
    depends_on: list[Short] = Field(
        [], max_length=MAX_NESTED, description="Action ids from D.1 that must be finished first"
    )


class Kpi(Model):
    """D.2: an indicator followed in the reviews."""

    kpi: Name = Field(description="The indicator, e.g. cumulative revenue")
    target: Number | Short | None = Field(
        None, description="Target value, a number or text, e.g. 1450000 or +15 %"
    )
    unit: Short | None = Field(
        None,
        description="Unit of the target: the document currency (e.g. EUR) for money, % for a "
        "percentage, or any word (units, days); the target is shown with it",
    )
    frequency: Cadence | None = Field(
        None,
        description="How often it is measured: weekly, biweekly, monthly, quarterly, "
        "semiannual or annual",
    )
    baseline: Number | None = Field(
        None,
        description="Value at the start of the plan period, a number in the unit; the "
        "pro-rata path to the target starts there (default 0)",
    )
    direction: Direction | None = Field(None, description=DIRECTION)
    actuals: Actuals = {}


class Meeting(Model):
    """D.2: a planned review meeting."""

    date: IsoDate = Field(description="Meeting date, ISO date, e.g. 2027-04-15")
    purpose: Name = Field(description="What the meeting is for, e.g. quarterly review")
    participants: list[Short] = Field(
        [],
        max_length=MAX_REFS,
        description="Team member ids from A.1 and contact ids from A.2 who attend",
    )


class Review(Model):
    """D.2: how and when the plan is reviewed."""

    cadence: Cadence | None = Field(
        None,
        description="How often the plan is reviewed: weekly, biweekly, monthly, quarterly, "
        "semiannual or annual",
    )
    kpis: list[Kpi] = Field(
        [], max_length=MAX_ITEMS, description="Indicators followed in the reviews"
    )
    meetings: list[Meeting] = Field([], max_length=MAX_ITEMS, description="Planned review meetings")


class ActionReview(Model):
    """D: action and review."""

    actions: list[Action] = Field(
        [],
        max_length=MAX_ACTIONS,
        description="D.1: key action plan: what, who, when and at what cost",
    )
    budget: Amount | None = Field(
        None,
        description="D.1: money set aside for the action plan, in the document currency; "
        "compared with the cost of the actions that are not deferred or cancelled",
    )
    review: Review | None = Field(None, description="D.2: review cadence, indicators and meetings")


class Plan(Model):
    """Key account plan: executive summary and sections A to D."""

    executive_summary: Markdown | None = Field(
        None, description="Executive summary of the plan (Markdown)"
    )
    customer_summary: Markdown | None = Field(
        None,
        description="The summary the customer edition prints instead of the executive "
        "summary (Markdown); without it, the customer edition has no summary",
    )
    current_position: CurrentPosition | None = Field(
        None, description="A: current position (team, contacts, history, problems)"
    )
    customer_business: CustomerBusiness | None = Field(
        None, description="B: the customer's business"
    )
    company_strategy: CompanyStrategy | None = Field(
        None, description="C: our company's objectives and strategies in the account"
    )
    action_review: ActionReview | None = Field(None, description="D: action plan and review")
