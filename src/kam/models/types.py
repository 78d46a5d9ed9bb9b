"""The building blocks of the input format: validated scalar types, the
enumerations a field may take, and the base model every part derives from."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from kam import periods
from kam.i18n import _, known_currencies
from kam.limits import (
    MAX_AMOUNT,
    MAX_ATTAINMENT_PCT,
    MAX_DATE,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_YEAR,
    MIN_DATE,
    MIN_YEAR,
    date_in_range,
    year_in_range,
)
from kam.models import vocabulary
from kam.periods import parse_period
from kam.registry import LOCALE_PATTERN, check_locale


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return date_in_range(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(
                _("'{value}' is not a real date ({reason})", value=value, reason=exc)
            ) from None
        return date_in_range(day)
    raise ValueError(_("expected an ISO date such as 2027-03-31"))


def _period(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(_(periods.EXPECTED))
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str) and parse_period(value) is not None:
        return year_in_range(value.strip())
    raise ValueError(_(periods.EXPECTED))


def _version(value: object) -> object:
    if isinstance(value, bool) or value != 1:
        shown = str(value).lower() if isinstance(value, bool) else value
        raise ValueError(_("unsupported format version {version}; write 'kam: 1'", version=shown))
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
    if value not in known_currencies():
        raise ValueError(
            _(
                "'{value}' is not an ISO 4217 currency code (such as EUR, USD, MXN)",
                value=value,
            )
        )
    return value


@dataclass(frozen=True)
class _Words:
    """An enumeration's accepted words (`kam.models.vocabulary`): the validator turns
    them into the canonical value; the JSON Schema lists them after the canonical
    values, so an editor accepts a document written with them."""

    kind: str
    values: tuple[str, ...]

    def __call__(self, value: object) -> object:
        if isinstance(value, str):
            found = vocabulary.canonical(self.kind, self.values, value)
            if found is not None:
                return found
        raise PydanticCustomError(
            "enum_value",
            "'{value}' is not allowed",
            {"kind": self.kind, "values": self.values, "value": value},
        )

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        spelled = [w for _value, w in vocabulary.words(self.kind, self.values).values()]
        forms = [f for w in spelled for f in (w, w.lower(), vocabulary.fold(w))]
        schema["enum"] = list(dict.fromkeys([*self.values, *forms]))
        return schema


def enumeration(kind: str, literal: object) -> object:
    """A `Literal` of canonical values that also accepts their labels and synonyms
    (kind `attitude` → `enum.attitude.*` in the label files)."""
    words = _Words(kind, get_args(literal))
    return Annotated[literal, BeforeValidator(words), words]


FormatVersion = Annotated[Literal[1], BeforeValidator(_version)]
LocaleCode = Annotated[
    str, StringConstraints(pattern=LOCALE_PATTERN), AfterValidator(_known_locale)
]
CurrencyCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_known_currency)
]
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
#: kam.periods' grammar for editors, its years in kam's range (as `_period` checks)
PERIOD_PATTERN = periods.schema_pattern(MIN_YEAR, MAX_YEAR)
Period = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                {"type": "string", "pattern": PERIOD_PATTERN},
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

Dimension = enumeration(
    "dimension",
    Literal["political", "economic", "social", "technological", "environmental", "legal"],
)
Effect = enumeration("effect", Literal["opportunity", "threat", "neutral"])
Horizon = enumeration("horizon", Literal["short", "medium", "long"])
ObjectiveType = enumeration(
    "objective_type", Literal["financial", "market", "operational", "strategic"]
)
ValueActivityName = enumeration(
    "activity",
    Literal[
        "inbound_logistics",
        "operations",
        "outbound_logistics",
        "marketing_sales",
        "service",
        "firm_infrastructure",
        "hr_management",
        "technology_development",
        "procurement",
    ],
)
Level = enumeration("level", Literal["high", "medium", "low"])
BuyClass = enumeration("buy_class", Literal["new_task", "modified_rebuy", "straight_rebuy"])
StageName = enumeration(
    "stage",
    Literal[
        "need_recognition",
        "specification",
        "supplier_search",
        "proposals",
        "evaluation_selection",
        "order_routine",
        "performance_review",
    ],
)
RelationshipStage = enumeration(
    "relationship_stage",
    Literal[
        "exploratory", "basic", "cooperative", "interdependent", "integrated", "disintegrating"
    ],
)
DmuRole = enumeration(
    "dmu_role",
    Literal["initiator", "user", "influencer", "decider", "approver", "buyer", "gatekeeper"],
)
Attitude = enumeration(
    "attitude", Literal["champion", "supporter", "neutral", "skeptic", "opponent"]
)
Coverage = enumeration("coverage", Literal["none", "brief", "multiple", "in_depth"])
Severity = enumeration("severity", Literal["low", "medium", "high"])
ProblemStatus = enumeration("problem_status", Literal["open", "in_progress", "solved"])
MarketRole = enumeration("market_role", Literal["leader", "challenger", "follower", "nicher"])
StrategyType = enumeration(
    "strategy_type",
    Literal["retain", "penetrate", "cross_sell", "new_offer", "pricing", "service"],
)
RiskKind = enumeration("risk_kind", Literal["risk", "dependency", "barrier"])
ActionStatus = enumeration(
    "action_status", Literal["not_started", "in_progress", "done", "deferred", "cancelled"]
)
Cadence = enumeration(
    "cadence",
    Literal["weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual"],
)
Direction = enumeration("direction", Literal["higher", "lower"])
RewardType = enumeration(
    "reward_type",
    Literal[
        "cash_bonus",
        "commission",
        "salary_increase",
        "recognition",
        "trip",
        "gift",
        "time_off",
        "training",
        "other",
    ],
)


class Model(BaseModel):
    """Base of every input model: unknown keys are errors, types are strict."""

    model_config = ConfigDict(
        defer_build=True,
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        str_max_length=MAX_TEXT_CHARS,
    )

    # Editions (kam build --edition customer): any item or section may be marked.
    internal: bool = Field(
        False, description="true: leave this out of the customer edition (--edition customer)"
    )
    customer: bool = Field(
        False,
        description="true: keep this in the customer edition, which leaves its section "
        "out by default (the P&L, C.1, C.4, C.7, C.8, the rewards plan, the portfolio)",
    )
