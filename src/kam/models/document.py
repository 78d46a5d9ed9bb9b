"""The whole document: account.yaml with its parts, inline or included."""

from pydantic import (
    Field,
)

from kam.limits import MAX_REFS
from kam.models.account import Account, Company, DateRange, Theme
from kam.models.analysis import Analysis
from kam.models.plan import Plan
from kam.models.portfolio import Portfolio
from kam.models.rewards import Rewards
from kam.models.types import CurrencyCode, FormatVersion, IsoDate, LocaleCode, Model, Short


class Document(Model):
    """The account file: the whole deliverable (cover, analysis, plan, rewards, portfolio)."""

    kam: FormatVersion = Field(description="Format version; always 1")
    locale: LocaleCode = Field(
        description="es, en, or a language and region such as es-MX or en-GB; the language "
        "picks the labels, the region number, money and date formats"
    )
    currency: CurrencyCode = Field(
        description="ISO 4217 code of the currency every amount is in, e.g. EUR or MXN"
    )
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
