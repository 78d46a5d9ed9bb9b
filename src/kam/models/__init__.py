"""The input format as pydantic models: what a user may write, and nothing else.

Models describe; they do not compute. Cross-references (ids, sums of shares) are
checked in `kam.validate.references`, computations live in `kam.analysis`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from kam import periods
from kam.limits import (
    MAX_ACTIONS,
    MAX_AMOUNT,
    MAX_ATTAINMENT_PCT,
    MAX_CATEGORY_SPEND,
    MAX_CONTACTS,
    MAX_CUSTOMERS,
    MAX_DATE,
    MAX_ITEMS,
    MAX_NAME_CHARS,
    MAX_NESTED,
    MAX_PURCHASE_RECORDS,
    MAX_REFS,
    MAX_STAGES,
    MAX_TEAM,
    MAX_TEXT_CHARS,
    MAX_TEXTS,
    MAX_YEAR,
    MIN_DATE,
    MIN_YEAR,
    date_in_range,
    year_in_range,
)
from kam.periods import parse_period
from kam.registry import FONTS, LOCALE_PATTERN, check_locale

# --------------------------------------------------------------------------- types


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return date_in_range(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date ({exc})") from None
        return date_in_range(day)
    raise ValueError("expected an ISO date such as 2027-03-31")


def _period(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"expected {periods.EXPECTED}")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str) and parse_period(value) is not None:
        return year_in_range(value.strip())
    raise ValueError(f"expected {periods.EXPECTED}")


def _version(value: object) -> object:
    if isinstance(value, bool) or value != 1:
        shown = str(value).lower() if isinstance(value, bool) else value
        raise ValueError(f"unsupported format version {shown}; write 'kam: 1'")
    return value


def _text(value: object) -> object:
    """Free-text fields also take a number (`target: 15`), kept as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value


def _known_locale(value: str) -> str:
    check_locale(value)  # the pattern passed: a region Babel does not know fails here
    return value


def _known_currency(value: str) -> str:
    from babel.numbers import list_currencies

    if value not in list_currencies():
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (such as EUR, USD, MXN)")
    return value


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    Field(strict=False),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "formatMinimum": MIN_DATE.isoformat(),
            "formatMaximum": MAX_DATE.isoformat(),
            "description": f"An ISO date from {MIN_DATE} to {MAX_DATE}",
        }
    ),
]
Period = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                {
                    "type": "string",
                    "pattern": r"^(19\d\d|2[01]\d\d)(-Q[1-4]|-(0[1-9]|1[0-2]))?$",
                },
            ],
            "description": f"A year (2024), quarter (2024-Q1) or month (2024-03), "
            f"from {MIN_YEAR} to {MAX_YEAR}",
        }
    ),
]
Text = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=MAX_NAME_CHARS)]
Markdown = Annotated[str, Field(description="Markdown (CommonMark, no raw HTML)")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]
Short = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS)]  # a label, an id
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(description="A short slug (letters, digits, '-', '_', '.') used for references"),
]
Percent = Annotated[float, Field(ge=0, le=100, description="A percentage from 0 to 100")]
Amount = Annotated[
    float,
    Field(ge=0, le=MAX_AMOUNT, description="An amount in the document currency"),
]
Number = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Count = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Attainment = Annotated[float, Field(ge=0, le=MAX_ATTAINMENT_PCT)]
Score5 = Annotated[int, Field(ge=1, le=5, description="A score from 1 to 5")]
Score10 = Annotated[int, Field(ge=1, le=10, description="A score from 1 to 10")]

Dimension = Literal["political", "economic", "social", "technological", "environmental", "legal"]
Effect = Literal["opportunity", "threat", "neutral"]
Horizon = Literal["short", "medium", "long"]
ObjectiveType = Literal["financial", "market", "operational", "strategic"]
ValueActivityName = Literal[
    "inbound_logistics",
    "operations",
    "outbound_logistics",
    "marketing_sales",
    "service",
    "firm_infrastructure",
    "hr_management",
    "technology_development",
    "procurement",
]
Level = Literal["high", "medium", "low"]
BuyClass = Literal["new_task", "modified_rebuy", "straight_rebuy"]
StageName = Literal[
    "need_recognition",
    "specification",
    "supplier_search",
    "proposals",
    "evaluation_selection",
    "order_routine",
    "performance_review",
]
RelationshipStage = Literal[
    "exploratory", "basic", "cooperative", "interdependent", "integrated", "disintegrating"
]
DmuRole = Literal["initiator", "user", "influencer", "decider", "approver", "buyer", "gatekeeper"]
Attitude = Literal["champion", "supporter", "neutral", "skeptic", "opponent"]
Coverage = Literal["none", "brief", "multiple", "in_depth"]
Severity = Literal["low", "medium", "high"]
ProblemStatus = Literal["open", "in_progress", "solved"]
MarketRole = Literal["leader", "challenger", "follower", "nicher"]
StrategyType = Literal["retain", "penetrate", "cross_sell", "new_offer", "pricing", "service"]
RiskKind = Literal["risk", "dependency", "barrier"]
ActionStatus = Literal["not_started", "in_progress", "done", "deferred", "cancelled"]
Cadence = Literal["monthly", "quarterly", "semiannual", "annual"]
RewardType = Literal[
    "cash_bonus",
    "commission",
    "salary_increase",
    "recognition",
    "trip",
    "gift",
    "time_off",
    "training",
    "other",
]


class Model(BaseModel):
    """Base of every input model: unknown keys are errors, types are strict."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        str_max_length=MAX_TEXT_CHARS,
    )


class DateRange(Model):
    """Cover: the period the plan covers, from start to end."""

    start: IsoDate = Field(description="First day of the plan period, ISO date, e.g. 2027-01-01")
    end: IsoDate = Field(
        description="Last day of the plan period, ISO date, e.g. 2027-12-31; after start"
    )


Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"),
    Field(description="A color written as #RRGGBB, e.g. #1f3a5f"),
]
FontName = Literal[tuple(FONTS)]


class Theme(Model):
    """How the deliverable looks; every key is optional."""

    primary: Color | None = Field(
        None, description="Main color as #RRGGBB: headings, table headers"
    )
    accent: Color | None = Field(
        None, description="Second color as #RRGGBB: rules, highlights, charts"
    )
    font: FontName | None = Field(
        None,
        description="Body font, from the bundled set: source-sans (default), source-serif, "
        "or dejavu-sans",
    )
    logo: Short | None = Field(
        None, description="Cover logo (PNG, JPEG or SVG in the project); default company.logo"
    )


class CsvSource(Model):
    """Tabular data read from a CSV file instead of inline rows."""

    csv: Annotated[
        str,
        Field(description="Path to a CSV file (UTF-8, header row), relative to this YAML file"),
    ]


# ------------------------------------------------------------------------ account


class Company(Model):
    """Cover: the seller ("the company") whose team manages the key account."""

    name: Name = Field(description="Name of our company (the seller), shown on the cover")
    logo: Short | None = Field(
        None,
        description="Path to a PNG, JPEG or SVG logo inside the project folder, shown on the cover",
    )


class Account(Model):
    """Cover: the key account ("the customer") the plan is about."""

    name: Name = Field(description="Name of the key account (the customer), shown on the cover")
    industry: Short | None = Field(None, description="The customer's industry, e.g. Healthcare")
    country: Short | None = Field(
        None, description="The customer's country, free text; a code such as ES or MX is fine"
    )
    customer_since: IsoDate | None = Field(
        None, description="When the customer first bought from us, ISO date, e.g. 2019-04-01"
    )
    relationship_stage: RelationshipStage | None = Field(
        None,
        description="Stage of the relationship: exploratory (first contacts), basic "
        "(transactional), cooperative, interdependent, integrated (joint teams) or "
        "disintegrating (coming apart)",
    )


# ----------------------------------------------------------------------- analysis


class PestFactor(Model):
    """PEST: one external force in the customer's industry."""

    dimension: Dimension = Field(
        description="PEST dimension: political, economic, social, technological; "
        "environmental and legal make it PESTEL"
    )
    factor: Name = Field(description="The external factor or trend, in a few words")
    effect: Effect | None = Field(
        None, description="Whether the factor is an opportunity, a threat or neutral"
    )
    impact: Score5 | None = Field(
        None, description="How strongly the factor affects the account, 1 (minor) to 5 (major)"
    )
    horizon: Horizon | None = Field(
        None, description="When the factor takes effect: short, medium or long term"
    )
    implication: Markdown | None = Field(
        None, description="What the factor means for the customer and for us (Markdown)"
    )


class CustomerObjective(Model):
    """Customer objectives: one objective of the customer (shown beside B.6)."""

    objective: Name = Field(description="What the customer wants to achieve")
    type: ObjectiveType | None = Field(
        None, description="Kind of objective: financial, market, operational or strategic"
    )
    metric: Short | None = Field(
        None, description="How the customer measures it, e.g. cost per procedure"
    )
    target: Text | None = Field(
        None, description="Target value as written, text or a number, e.g. -8 %"
    )
    deadline: IsoDate | None = Field(
        None, description="When the customer wants to reach it, ISO date, e.g. 2027-12-31"
    )
    our_contribution: Markdown | None = Field(
        None, description="How our offer helps the customer reach this objective (Markdown)"
    )


class ValueChainActivity(Model):
    """Value chain: one of Porter's nine activities in the customer's business."""

    activity: ValueActivityName = Field(
        description="Porter value-chain activity: inbound_logistics, operations, "
        "outbound_logistics, marketing_sales, service (primary); firm_infrastructure, "
        "hr_management, technology_development, procurement (support)"
    )
    description: Markdown | None = Field(
        None, description="How the customer runs this activity today (Markdown)"
    )
    pain_points: list[Short] = Field(
        [],
        max_length=MAX_NESTED,
        description="The customer's problems in this activity, one short text each",
    )
    our_role: Markdown | None = Field(
        None, description="What we do, or could do, in this activity (Markdown)"
    )
    value: Level | None = Field(
        None, description="How much value we can add in this activity: high, medium or low"
    )


class InformationNeed(Model):
    """Buying process: information the participants need at one stage."""

    need: Name = Field(description="The information needed, e.g. forecast consumption per ward")
    source: Short | None = Field(
        None, description="Where the customer gets it today, e.g. the hospital's ERP"
    )
    format: Short | None = Field(None, description="In what form it is wanted, e.g. monthly report")


class BuyingStage(Model):
    """Buying process: one stage of the customer's buying process (buygrid)."""

    stage: StageName = Field(
        description="Buying stage: need_recognition, specification, supplier_search, "
        "proposals, evaluation_selection, order_routine or performance_review"
    )
    participants: list[Short] = Field(
        [], max_length=MAX_REFS, description="Contact ids from plan A.2 who take part in this stage"
    )
    information_needs: list[InformationNeed] = Field(
        [],
        max_length=MAX_NESTED,
        description="Information the participants need at this stage, with source and form",
    )
    our_actions: Markdown | None = Field(
        None, description="What we do at this stage to meet those needs (Markdown)"
    )


class DecisionCriterion(Model):
    """Buying process: one criterion the customer uses to choose a supplier."""

    criterion: Name = Field(description="The selection criterion, e.g. total cost")
    weight: Percent | None = Field(
        None, description="Importance of the criterion, 0-100 %; all weights sum to 100"
    )


class BuyingProcess(Model):
    """Buying process: how the customer buys and what information it needs."""

    buy_class: BuyClass | None = Field(
        None,
        description="Buy class: new_task (first purchase), modified_rebuy (changed "
        "requirements) or straight_rebuy (routine reorder)",
    )
    stages: list[BuyingStage] = Field(
        [], max_length=MAX_STAGES, description="The stages of the buying process, in order"
    )
    decision_criteria: list[DecisionCriterion] = Field(
        [],
        max_length=MAX_ITEMS,
        description="The customer's supplier-selection criteria; weights sum to 100",
    )


class PurchaseRecord(Model):
    """Purchase history: one row of purchases, with the same columns as the CSV file."""

    date: IsoDate | None = Field(
        None, description="Order date, ISO date, e.g. 2025-03-14; give date or period"
    )
    period: Period | None = Field(
        None, description="Period of the row: 2024, 2024-Q1 or 2024-03; give date or period"
    )
    product: Name = Field(description="Product or product line; revenue is grouped by it")
    revenue: Number = Field(description="Our revenue from this row, in the document currency")
    gross_margin: Number | None = Field(
        None, description="Gross margin of this row as an amount in the document currency"
    )
    units: Number | None = Field(None, description="Units sold in this row")
    orders: Count | None = Field(
        None, description="Number of orders in this row; enables average order value"
    )


class PeriodAmount(Model):
    """Purchase history: the customer's total spend in our category in one period."""

    period: Period = Field(description="Period: 2024, 2024-Q1 or 2024-03")
    amount: Amount = Field(
        description="The customer's spend in our category with all suppliers, in the "
        "document currency"
    )


class PurchaseHistory(Model):
    """Purchase history: what the customer bought from us, as a CSV file or inline rows."""

    csv: Short | None = Field(
        None,
        description="Path to the purchases CSV file, relative to this YAML file; give csv or "
        "records",
    )
    records: list[PurchaseRecord] | None = Field(
        None,
        max_length=MAX_PURCHASE_RECORDS,
        description="Purchases written inline, one mapping per row with the CSV columns as "
        "keys; give csv or records",
    )
    category_spend: list[PeriodAmount] = Field(
        [],
        max_length=MAX_CATEGORY_SPEND,
        description="The customer's total spend in our category per period; gives our "
        "share of wallet",
    )


class CostToServe(Model):
    """Profitability: one cost-to-serve line, such as urgent deliveries or sales visits."""

    activity: Name = Field(description="The service activity, e.g. urgent deliveries")
    cost: Amount | None = Field(
        None,
        description="Cost of the activity in the period, in the document currency; "
        "or give quantity and rate",
    )
    quantity: Annotated[float, Field(ge=0, le=MAX_AMOUNT)] | None = Field(
        None, description="How many times the activity happened, e.g. 120 visits"
    )
    rate: Amount | None = Field(
        None,
        description="Cost of one unit of the activity in the document currency; "
        "cost = quantity × rate",
    )


class Profitability(Model):
    """Profitability: this account's P&L for one period, from revenue to net profit."""

    period: Period | None = Field(
        None, description="Period the P&L covers: 2024, 2024-Q1 or 2024-03"
    )
    revenue: Amount = Field(
        description="Gross revenue from the account in the period, in the document currency"
    )
    discounts: Amount = Field(
        0, description="Discounts and rebates given; revenue − discounts = net revenue"
    )
    cogs: Amount = Field(0, description="Cost of goods sold; net revenue − COGS = gross margin")
    cost_to_serve: list[CostToServe] = Field(
        [],
        max_length=MAX_ITEMS,
        description="Costs of serving the account; gross margin − their sum = contribution",
    )
    account_team_cost: Amount = Field(
        0,
        description="Cost of the account team's time on the account; "
        "contribution − this = net account profit",
    )


class Analysis(Model):
    """Key account analysis: PEST, customer objectives, value chain, buying and purchases."""

    pest: list[PestFactor] = Field(
        [],
        max_length=MAX_ITEMS,
        description="PEST (or PESTEL) analysis: external forces in the customer's industry",
    )
    customer_objectives: list[CustomerObjective] = Field(
        [],
        max_length=MAX_ITEMS,
        description="The customer's objectives and how we contribute to each",
    )
    value_chain: list[ValueChainActivity] = Field(
        [],
        max_length=MAX_STAGES,
        description="Value chain analysis: the customer's activities where we add value",
    )
    buying_process: BuyingProcess | None = Field(
        None, description="The customer's buying process and information needs"
    )
    purchase_history: PurchaseHistory | None = Field(
        None, description="Purchase history with the customer: a CSV file or inline records"
    )
    profitability: Profitability | None = Field(
        None, description="This account's P&L for one period, shown as a waterfall"
    )


# --------------------------------------------------------------------------- plan


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
    frequency: Cadence | None = Field(
        None, description="How often it is measured: monthly, quarterly, semiannual or annual"
    )


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
        description="How often the plan is reviewed: monthly, quarterly, semiannual or annual",
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
    review: Review | None = Field(None, description="D.2: review cadence, indicators and meetings")


class Plan(Model):
    """Key account plan: executive summary and sections A to D."""

    executive_summary: Markdown | None = Field(
        None, description="Executive summary of the plan (Markdown)"
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


# ------------------------------------------------------------------------ rewards


class RewardObjective(Model):
    """Rewards plan: one objective the account team is rewarded for."""

    objective: Name = Field(description="What the team must achieve to earn the rewards")
    metric: Short | None = Field(None, description="How achievement is measured, e.g. revenue")
    target: Number | Short | None = Field(
        None, description="Target value, a number or text, e.g. 1450000"
    )
    weight: Percent | None = Field(
        None, description="Weight of this objective, 0-100 %; all objective weights sum to 100"
    )


class Participant(Model):
    """Rewards plan: a person who takes part in the rewards."""

    member: Short | None = Field(
        None, description="A team member id (plan A.1); give member or name"
    )
    name: Short | None = Field(
        None, description="Name of someone outside the account team; give member or name"
    )
    role: Short | None = Field(
        None, description="Role of a participant given by name, e.g. Logistics coordinator"
    )
    share: Percent | None = Field(
        None,
        description="The participant's share of the rewards budget, 0-100 %; all shares sum to 100",
    )


class Split(Model):
    """Reward proportions: team pool against individual rewards."""

    team: Percent = Field(
        description="Part of the rewards paid as a team pool, 0-100 %; team + individual = 100"
    )
    individual: Percent = Field(
        description="Part of the rewards paid for individual performance, 0-100 %"
    )


class Reward(Model):
    """Rewards and reward types: one reward and its share of the budget."""

    name: Name = Field(description="Name of the reward, e.g. Annual bonus")
    type: RewardType | None = Field(
        None,
        description="Reward type: cash_bonus, commission, salary_increase, recognition, "
        "trip, gift, time_off, training or other",
    )
    share: Percent | None = Field(
        None,
        description="This reward's share of the rewards budget, 0-100 %; all shares sum to 100",
    )
    description: Markdown | None = Field(
        None, description="What the reward is and how it is granted (Markdown)"
    )


class PayoutBand(Model):
    """Payout curve: one band of target attainment and the share of the reward it pays."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Annotated[Attainment, Field(alias="from")] = Field(
        description="Start of the band, % of target achieved (included), e.g. 90"
    )
    to: Attainment | None = Field(
        None,
        description="End of the band, % of target achieved (excluded); leave out on the last "
        "band to make it open-ended",
    )
    payout: Attainment = Field(
        description="% of the reward paid in this band; may exceed 100, e.g. 130"
    )


class Budget(Model):
    """Budget: money set aside for the rewards plan."""

    total: Amount = Field(
        description="Total rewards budget, in the document currency; split by the shares"
    )
    incremental_margin: Amount | None = Field(
        None,
        description="Expected extra gross margin from the plan, in the document currency; "
        "gives the self-funding ratio",
    )


class Rewards(Model):
    """Rewards plan: objectives, participants, rewards, proportions and budget."""

    objectives: list[RewardObjective] = Field(
        [], max_length=MAX_ITEMS, description="Objectives of the rewards plan; weights sum to 100"
    )
    participants: list[Participant] = Field(
        [],
        max_length=MAX_TEAM,
        description="People who take part in the rewards; shares sum to 100",
    )
    split: Split | None = Field(
        None, description="Reward proportions: team pool against individual, summing to 100"
    )
    rewards: list[Reward] = Field(
        [], max_length=MAX_ITEMS, description="Rewards and reward types; shares sum to 100"
    )
    payout_curve: list[PayoutBand] = Field(
        [],
        max_length=MAX_ITEMS,
        description="% of target achieved → % of the reward paid; ascending bands without "
        "gaps, the last may be open-ended",
    )
    budget: Budget | None = Field(None, description="Budget set aside for the rewards plan")


# ---------------------------------------------------------------------- portfolio


class Customer(Model):
    """Portfolio: one customer account with its revenue and costs."""

    id: Id = Field(
        description="Short slug of the customer; key_account names this document's account"
    )
    name: Name = Field(description="Name of the customer")
    revenue: Amount = Field(description="Revenue from the customer, in the document currency")
    cogs: Amount = Field(description="Cost of goods sold to the customer, in the document currency")
    cost_to_serve: Amount = Field(
        description="Total cost of serving the customer (logistics, visits, support), "
        "in the document currency"
    )
    discounts: Amount = Field(
        0,
        description="Discounts and rebates given; profit = revenue − discounts − COGS − "
        "cost to serve",
    )
    segment: Short | None = Field(None, description="Customer segment, free text, e.g. Hospitals")
    attractiveness: Score10 | None = Field(
        None, description="How attractive the customer is to us, 1 to 10 (selection matrix)"
    )
    relative_strength: Score10 | None = Field(
        None,
        description="Our strength with the customer against competitors, 1 to 10 "
        "(selection matrix)",
    )


class Portfolio(Model):
    """Key account selection: profitability of all accounts in the portfolio."""

    customers: Annotated[list[Customer], Field(max_length=MAX_CUSTOMERS)] | CsvSource = Field(
        description="All customer accounts: inline rows, or {csv: path} with the same columns"
    )
    key_account: Short | None = Field(
        None, description="Customer id in that list of this document's key account"
    )


# ----------------------------------------------------------------------- document


class Document(Model):
    """The account file: the whole deliverable (cover, analysis, plan, rewards, portfolio)."""

    kam: Annotated[Literal[1], BeforeValidator(_version)] = Field(
        description="Format version; always 1"
    )
    locale: Annotated[
        str,
        StringConstraints(pattern=LOCALE_PATTERN),
        AfterValidator(_known_locale),
        Field(
            description="es, en, or a language and region such as es-MX or en-GB; the language "
            "picks the labels, the region number, money and date formats"
        ),
    ]
    currency: Annotated[
        str,
        StringConstraints(pattern=r"^[A-Z]{3}$"),
        AfterValidator(_known_currency),
        Field(description="ISO 4217 code of the currency every amount is in, e.g. EUR or MXN"),
    ]
    title: Short | None = Field(
        None, description="Title on the cover; default per locale, e.g. Key account plan"
    )
    date: IsoDate | None = Field(
        None,
        description="Document date, ISO date; default today; actions due before it are overdue",
    )
    period: DateRange | None = Field(None, description="Period the plan covers, shown on the cover")
    confidential: bool = Field(False, description="true marks every page as confidential")
    theme: Theme | None = Field(None, description="Colors, font and logo of the deliverable")
    company: Company = Field(description="The seller (the company)")
    account: Account = Field(description="The key account (the customer)")
    prepared_by: list[Short] = Field(
        [],
        max_length=MAX_REFS,
        description="Team member ids from plan A.1 who prepared the document (cover)",
    )
    analysis: Analysis | None = Field(
        None, description="Key account analysis, inline or a path to a YAML file"
    )
    plan: Plan | None = Field(
        None, description="Key account plan (executive summary, A-D), inline or a path"
    )
    rewards: Rewards | None = Field(
        None, description="Rewards plan, inline or a path to a YAML file"
    )
    portfolio: Portfolio | None = Field(
        None,
        description="Optional key account selection (portfolio profitability), inline or a path",
    )
