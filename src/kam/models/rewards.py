"""rewards.yaml: the rewards plan for the account team."""

from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
)

from kam.limits import MAX_ITEMS, MAX_NESTED, MAX_TEAM
from kam.models.types import (
    Amount,
    Attainment,
    Direction,
    Markdown,
    Model,
    Name,
    Number,
    Percent,
    RewardType,
    Short,
)


class RewardObjective(Model):
    """Rewards plan: one objective the account team is rewarded for."""

    objective: Name = Field(description="What the team must achieve to earn the rewards")
    metric: Short | None = Field(None, description="How achievement is measured, e.g. revenue")
    target: Number | Short | None = Field(
        None, description="Target value, a number or text, e.g. 1450000"
    )
    unit: Short | None = Field(
        None,
        description="Unit of the target: the document currency (e.g. EUR) for money, % for a "
        "percentage, or any word (units, days); the target is shown with it",
    )
    weight: Percent | None = Field(
        None, description="Weight of this objective, 0-100 %; all objective weights sum to 100"
    )
    direction: Direction | None = Field(
        None,
        description="higher (default: more is better, attainment = actual / target) or "
        "lower (less is better, e.g. cost to serve: attainment = target / actual)",
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
    objectives: list[Short] = Field(
        [],
        max_length=MAX_NESTED,
        description="The participant's individual objectives, one short text each; they "
        "decide the individual part of the rewards (split.individual)",
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
    rate: Percent | None = Field(
        None, description="For a commission: the percentage paid, 0-100 %, e.g. 2.5"
    )
    base: Short | None = Field(
        None,
        description="For a commission: what the rate applies to, e.g. kit revenue above "
        "the 2025 figure",
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
    maximum: Amount | None = Field(
        None,
        description="The most the plan may pay, in the document currency, set aside for "
        "attainment above target; covers the payout at the top of the curve",
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
