"""analysis.yaml: PEST, customer objectives, value chain, buying process, purchase
history and profitability."""

from typing import Annotated

from pydantic import (
    Field,
)

from kam.limits import (
    MAX_AMOUNT,
    MAX_CATEGORY_SPEND,
    MAX_ITEMS,
    MAX_NESTED,
    MAX_PURCHASE_RECORDS,
    MAX_REFS,
    MAX_STAGES,
)
from kam.models.account import TableOptions
from kam.models.types import (
    Amount,
    BuyClass,
    Count,
    Dimension,
    Effect,
    Horizon,
    IsoDate,
    Level,
    Markdown,
    Model,
    Name,
    Number,
    ObjectiveType,
    Percent,
    Period,
    Score5,
    Short,
    StageName,
    Text,
    ValueActivityName,
)


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


class PurchaseHistory(TableOptions):
    """Purchase history: what the customer bought from us, as a CSV file, a workbook or
    inline rows."""

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
