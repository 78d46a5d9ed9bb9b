"""The input format as pydantic models: what a user may write, and nothing else.

Models describe; they do not compute. Cross-references (ids, sums of shares) are
checked in `kam.checks`, computations live in `kam.analysis`.
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
)

# --------------------------------------------------------------------------- types


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date ({exc})") from None
    raise ValueError("expected an ISO date such as 2027-03-31")


def _period(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a period such as 2024, 2024-Q1 or 2024-03")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}", text) or re.fullmatch(r"\d{4}-Q[1-4]", text):
            return text
        match = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if match and 1 <= int(match.group(2)) <= 12:
            return text
    raise ValueError("expected a period such as 2024, 2024-Q1 or 2024-03")


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
    from babel import Locale, UnknownLocaleError

    parts = value.replace("_", "-").split("-")
    if len(parts) == 2:
        try:
            Locale.parse(f"{parts[0].lower()}_{parts[1].upper()}")
        except (UnknownLocaleError, ValueError):
            raise ValueError(
                f"'{value}' is not a known locale; write es or en, optionally with a region "
                "(es-MX, es-ES, en-US, en-GB)"
            ) from None
    return value


def _known_currency(value: str) -> str:
    from babel.numbers import list_currencies

    if value not in list_currencies():
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (such as EUR, USD, MXN)")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Field(strict=False)]
Period = Annotated[str, BeforeValidator(_period)]
Text = Annotated[str, BeforeValidator(_text)]
Markdown = Annotated[str, Field(description="Markdown (CommonMark, no raw HTML)")]
Name = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(description="A short slug (letters, digits, '-', '_', '.') used for references"),
]
Percent = Annotated[float, Field(ge=0, le=100, description="A percentage from 0 to 100")]
Amount = Annotated[float, Field(ge=0, description="An amount in the document currency")]
Number = float
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
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class DateRange(Model):
    start: IsoDate
    end: IsoDate


Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"),
    Field(description="A color written as #RRGGBB, e.g. #1f3a5f"),
]
FontName = Literal["source-sans", "source-serif", "dejavu-sans"]


class Theme(Model):
    """How the deliverable looks; every key is optional."""

    primary: Color | None = Field(None, description="Main color: headings, table headers")
    accent: Color | None = Field(None, description="Second color: rules, highlights, charts")
    font: FontName | None = Field(
        None,
        description="Body font, from the bundled set: source-sans (default), source-serif, "
        "or dejavu-sans",
    )
    logo: str | None = Field(
        None, description="Cover logo (PNG, JPEG or SVG in the project); default company.logo"
    )


class CsvSource(Model):
    csv: Annotated[str, Field(description="Path to a CSV file, relative to this YAML file")]


# ------------------------------------------------------------------------ account


class Company(Model):
    name: Name
    logo: str | None = Field(None, description="Path to a PNG, JPEG or SVG logo in the project")


class Account(Model):
    name: Name
    industry: str | None = None
    country: str | None = None
    customer_since: IsoDate | None = None
    relationship_stage: RelationshipStage | None = None


# ----------------------------------------------------------------------- analysis


class PestFactor(Model):
    dimension: Dimension
    factor: Name
    effect: Effect | None = None
    impact: Score5 | None = None
    horizon: Horizon | None = None
    implication: Markdown | None = None


class CustomerObjective(Model):
    objective: Name
    type: ObjectiveType | None = None
    metric: str | None = None
    target: Text | None = None
    deadline: IsoDate | None = None
    our_contribution: Markdown | None = None


class ValueChainActivity(Model):
    activity: ValueActivityName
    description: Markdown | None = None
    pain_points: list[str] = []
    our_role: Markdown | None = None
    value: Level | None = None


class InformationNeed(Model):
    need: Name
    source: str | None = None
    format: str | None = None


class BuyingStage(Model):
    stage: StageName
    participants: list[str] = []
    information_needs: list[InformationNeed] = []
    our_actions: Markdown | None = None


class DecisionCriterion(Model):
    criterion: Name
    weight: Percent | None = None


class BuyingProcess(Model):
    buy_class: BuyClass | None = None
    stages: list[BuyingStage] = []
    decision_criteria: list[DecisionCriterion] = []


class PurchaseRecord(Model):
    date: IsoDate | None = None
    period: Period | None = None
    product: Name
    revenue: Number
    gross_margin: Number | None = None
    units: Number | None = None
    orders: Annotated[int, Field(ge=0)] | None = None


class PeriodAmount(Model):
    period: Period
    amount: Amount


class PurchaseHistory(Model):
    csv: str | None = Field(None, description="Path to the purchases CSV file")
    records: list[PurchaseRecord] | None = None
    category_spend: list[PeriodAmount] = []


class CostToServe(Model):
    activity: Name
    cost: Amount | None = None
    quantity: Annotated[float, Field(ge=0)] | None = None
    rate: Amount | None = None


class Profitability(Model):
    period: Period | None = None
    revenue: Amount
    discounts: Amount = 0
    cogs: Amount = 0
    cost_to_serve: list[CostToServe] = []
    account_team_cost: Amount = 0


class Analysis(Model):
    pest: list[PestFactor] = []
    customer_objectives: list[CustomerObjective] = []
    value_chain: list[ValueChainActivity] = []
    buying_process: BuyingProcess | None = None
    purchase_history: PurchaseHistory | None = None
    profitability: Profitability | None = None


# --------------------------------------------------------------------------- plan


class TeamMember(Model):
    id: Id
    name: Name
    role: str | None = None
    time_pct: Percent | None = None
    responsibilities: Markdown | None = None


class Contact(Model):
    id: Id
    name: Name
    title: str | None = None
    department: str | None = None
    reports_to: str | None = None
    dmu_roles: list[DmuRole] = []
    influence: Score5 | None = None
    attitude: Attitude | None = None
    coverage: Coverage | None = None
    owner: str | None = None


class Milestone(Model):
    date: IsoDate
    event: Name


class History(Model):
    summary: Markdown | None = None
    milestones: list[Milestone] = []


class CurrentProblem(Model):
    problem: Name
    severity: Severity | None = None
    owner: str | None = None
    status: ProblemStatus | None = None


class CurrentPosition(Model):
    team: list[TeamMember] = []
    contacts: list[Contact] = []
    history: History | None = None
    problems: list[CurrentProblem] = []


class MarketShare(Model):
    share: Percent | None = None
    rank: Annotated[int, Field(ge=1)] | None = None
    role: MarketRole | None = None
    notes: Markdown | None = None


class CustomerBusiness(Model):
    market_position: Markdown | None = None
    market_share: MarketShare | None = None
    environment: Markdown | None = None
    opportunities: list[Markdown] = []
    threats: list[Markdown] = []
    strengths: list[Markdown] = []
    weaknesses: list[Markdown] = []
    objectives: Markdown | None = None
    strategy: Markdown | None = None


class SuccessFactor(Model):
    factor: Name
    weight: Percent | None = None
    our_score: Score10 | None = None
    competitor: str | None = None
    competitor_score: Score10 | None = None


class CompetitorShare(Model):
    name: Name
    share: Percent | None = None


class CompanyObjective(Model):
    id: Id
    objective: Name
    metric: str | None = None
    unit: str | None = None
    baseline: Number | None = None
    target: Number | None = None
    deadline: IsoDate | None = None
    owner: str | None = None


class CommercialStrategy(Model):
    strategy: Name
    type: StrategyType | None = None
    objectives: list[str] = []


class RelationshipStrategy(Model):
    contact: str
    from_attitude: Attitude | None = None
    to_attitude: Attitude | None = None
    owner: str | None = None
    how: Markdown | None = None


class Risk(Model):
    kind: RiskKind | None = None
    description: Markdown
    probability: Score5 | None = None
    impact: Score5 | None = None
    mitigation: Markdown | None = None


class CompanyStrategy(Model):
    critical_success_factors: list[SuccessFactor] = []
    environment: Markdown | None = None
    competitors_in_account: list[CompetitorShare] = []
    opportunities: list[Markdown] = []
    threats: list[Markdown] = []
    strengths: list[Markdown] = []
    weaknesses: list[Markdown] = []
    objectives: list[CompanyObjective] = []
    commercial_strategies: list[CommercialStrategy] = []
    relationship_strategies: list[RelationshipStrategy] = []
    risks: list[Risk] = []


class Action(Model):
    id: Id
    action: Name
    objective: str | None = None
    owner: str | None = None
    start: IsoDate | None = None
    due: IsoDate | None = None
    status: ActionStatus | None = None
    cost: Amount | None = None
    depends_on: list[str] = []


class Kpi(Model):
    kpi: Name
    target: Number | str | None = None
    frequency: Cadence | None = None


class Meeting(Model):
    date: IsoDate
    purpose: Name
    participants: list[str] = []


class Review(Model):
    cadence: Cadence | None = None
    kpis: list[Kpi] = []
    meetings: list[Meeting] = []


class ActionReview(Model):
    actions: list[Action] = []
    review: Review | None = None


class Plan(Model):
    executive_summary: Markdown | None = None
    current_position: CurrentPosition | None = None
    customer_business: CustomerBusiness | None = None
    company_strategy: CompanyStrategy | None = None
    action_review: ActionReview | None = None


# ------------------------------------------------------------------------ rewards


class RewardObjective(Model):
    objective: Name
    metric: str | None = None
    target: Number | str | None = None
    weight: Percent | None = None


class Participant(Model):
    member: str | None = Field(None, description="A team member id (plan A.1)")
    name: str | None = Field(None, description="For someone outside the account team")
    role: str | None = None
    share: Percent | None = None


class Split(Model):
    team: Percent
    individual: Percent


class Reward(Model):
    name: Name
    type: RewardType | None = None
    share: Percent | None = None
    description: Markdown | None = None


class PayoutBand(Model):
    model_config = ConfigDict(populate_by_name=True)

    from_: Annotated[float, Field(alias="from", ge=0)]
    to: Annotated[float, Field(ge=0)] | None = None
    payout: Annotated[float, Field(ge=0)]


class Budget(Model):
    total: Amount
    incremental_margin: Amount | None = None


class Rewards(Model):
    objectives: list[RewardObjective] = []
    participants: list[Participant] = []
    split: Split | None = None
    rewards: list[Reward] = []
    payout_curve: list[PayoutBand] = []
    budget: Budget | None = None


# ---------------------------------------------------------------------- portfolio


class Customer(Model):
    id: Id
    name: Name
    revenue: Amount
    cogs: Amount
    cost_to_serve: Amount
    discounts: Amount = 0
    segment: str | None = None
    attractiveness: Score10 | None = None
    relative_strength: Score10 | None = None


class Portfolio(Model):
    customers: list[Customer] | CsvSource
    key_account: str | None = None


# ----------------------------------------------------------------------- document


class Document(Model):
    kam: Annotated[Literal[1], BeforeValidator(_version)] = Field(
        description="Format version; always 1"
    )
    locale: Annotated[
        str,
        StringConstraints(pattern=r"^(es|en)([-_][A-Za-z]{2})?$"),
        AfterValidator(_known_locale),
        Field(description="es, en, or a language and region such as es-MX or en-GB"),
    ]
    currency: Annotated[
        str,
        StringConstraints(pattern=r"^[A-Z]{3}$"),
        AfterValidator(_known_currency),
        Field(description="ISO 4217 code"),
    ]
    title: str | None = None
    date: IsoDate | None = None
    period: DateRange | None = None
    confidential: bool = False
    theme: Theme | None = None
    company: Company
    account: Account
    prepared_by: list[str] = []
    analysis: Analysis | None = None
    plan: Plan | None = None
    rewards: Rewards | None = None
    portfolio: Portfolio | None = None
