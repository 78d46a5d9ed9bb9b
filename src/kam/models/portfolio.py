"""portfolio.yaml: every account of the portfolio, for the key account selection."""

from typing import Annotated

from pydantic import (
    Field,
)

from kam.limits import MAX_CUSTOMERS
from kam.models.account import CsvSource
from kam.models.types import Amount, Id, Model, Name, Score10, Short


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
        description="All customer accounts: inline rows, or {csv: path} or {xlsx: path} "
        "with the same columns"
    )
    key_account: Short | None = Field(
        None, description="Customer id in that list of this document's key account"
    )
