"""Models: the input format as pydantic models, one module per part, and nothing else.

Input: plain values from the loader (`kam.load`). Output: a validated `Document`
(`kam.validate` runs the validation and words its problems). Models describe; they do
not compute: cross-references (ids, sums of shares) are checked in
`kam.validate.references`, computations live in `kam.analysis`. This package
re-exports every model, so the JSON Schema's `$defs` keep their names. `vocabulary`
holds the words a person may write for an enumeration value (Spanish labels, synonyms)
and the Spanish names of keys, from which "did you mean" suggests the English key.
"""

from kam.models.account import (  # noqa: F401
    Account,
    Color,
    Company,
    CsvSource,
    DateRange,
    FontName,
    TableOptions,
    Theme,
)
from kam.models.analysis import (  # noqa: F401
    Analysis,
    BuyingProcess,
    BuyingStage,
    CostToServe,
    CustomerObjective,
    DecisionCriterion,
    InformationNeed,
    PeriodAmount,
    PestFactor,
    Profitability,
    PurchaseHistory,
    PurchaseRecord,
    ValueChainActivity,
)
from kam.models.document import (  # noqa: F401
    Document,
)
from kam.models.plan import (  # noqa: F401
    Action,
    ActionReview,
    CommercialStrategy,
    CompanyObjective,
    CompanyStrategy,
    CompetitorShare,
    Contact,
    CurrentPosition,
    CurrentProblem,
    CustomerBusiness,
    History,
    Kpi,
    MarketShare,
    Meeting,
    Milestone,
    Plan,
    RelationshipStrategy,
    Review,
    Risk,
    SuccessFactor,
    TeamMember,
)
from kam.models.portfolio import (  # noqa: F401
    Customer,
    Portfolio,
)
from kam.models.rewards import (  # noqa: F401
    Budget,
    Participant,
    PayoutBand,
    Reward,
    RewardObjective,
    Rewards,
    Split,
)
from kam.models.types import (  # noqa: F401
    ActionStatus,
    Amount,
    Attainment,
    Attitude,
    BuyClass,
    Cadence,
    Count,
    Coverage,
    Dimension,
    Direction,
    DmuRole,
    Effect,
    Horizon,
    Id,
    IsoDate,
    Level,
    Markdown,
    MarketRole,
    Model,
    Name,
    Number,
    ObjectiveType,
    Percent,
    Period,
    ProblemStatus,
    RelationshipStage,
    RewardType,
    RiskKind,
    Score5,
    Score10,
    Severity,
    Short,
    StageName,
    StrategyType,
    Text,
    ValueActivityName,
)
