"""account.yaml's own keys: the cover (company, account, period) and the theme."""

from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
)

from kam.models.types import IsoDate, Model, Name, RelationshipStage, Short
from kam.registry import DEFAULT_FONT, FONTS


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
_FONT_NAMES = [f"{name} (default)" if name == DEFAULT_FONT else name for name in FONTS]
_FONT_CHOICES = ", ".join(_FONT_NAMES[:-1]) + f", or {_FONT_NAMES[-1]}"  # the registry's


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
        description=f"Body font, from the bundled set: {_FONT_CHOICES}",
    )
    logo: Short | None = Field(
        None, description="Cover logo (PNG, JPEG or SVG in the project); default company.logo"
    )


class TableOptions(Model):
    """How to read a table from a file as teams export it: a workbook instead of a CSV
    file, the sheet, the file's own column names, its dates, numbers and encoding."""

    xlsx: Short | None = Field(
        None,
        description="Path to an Excel workbook (.xlsx), relative to this YAML file; instead of csv",
    )
    sheet: Short | None = Field(
        None, description="The workbook's sheet to read, by name; default its first sheet"
    )
    columns: Annotated[dict[Short, Short], Field(max_length=20)] | None = Field(
        None,
        description="The file's column names mapped to kam's, e.g. {Fecha: date, "
        "Producto: product, Importe: revenue}",
    )
    date_format: Short | None = Field(
        None,
        description='How the dates are written, as strptime says it, e.g. "%d/%m/%Y"; '
        "default ISO, or day/month/year when the file shows it",
    )
    decimal: Literal[",", "."] | None = Field(
        None,
        description="The decimal symbol of the numbers (`36.306,21` with ',', "
        "`36,306.21` with '.'); default the document's locale, ',' in a ;-separated file",
    )
    encoding: Short | None = Field(
        None, description="The CSV file's encoding, e.g. cp1252; default UTF-8"
    )


class CsvSource(TableOptions):
    """Tabular data read from a CSV file or a workbook instead of inline rows."""

    csv: Annotated[
        str | None,
        Field(description="Path to a CSV file (UTF-8, header row), relative to this YAML file"),
    ] = None


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
