"""Progress: what `kam check` notices in the actuals (`Figures.progress`).

Two findings, each a failed check about one place, with its key and position, added
after a criterion's checks of coverage only when they apply (a plan not yet under
way is not marked down):

- `off_track` (weight 1): a D.2 KPI (criterion `development_plans`) or a C.5 objective
  (`development_objectives`) whose latest actual is off track against the pro-rata
  path to its target (`kam.analysis.actuals`).
- `no_actuals` (weight 2): a C.5 objective with no actual although its first review
  date has passed on the document's date: the first D.2 meeting, or else the end of
  the first period of the D.2 cadence from the plan's start.
"""

from __future__ import annotations

import datetime as dt

from kam.analysis.actuals import OBJECTIVES, Progress
from kam.models import Document
from kam.periods import of_date, quarter_text
from kam.problems import key_path
from kam.review.checks import Check, _Parts
from kam.review.texts import where
from kam.rules.common import money, number, percent, points

OBJECTIVES_LOC = tuple(OBJECTIVES.split("."))
WEIGHTS = {"off_track": 1, "no_actuals": 2}
CADENCE_DAYS = {"weekly": 7, "biweekly": 14}
CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def off_track(p: _Parts, kind: str) -> list[Check]:
    """A finding for each KPI (`kind` "kpi") or objective ("objective") off track."""
    _ = p._
    out = []
    for item in p.figures.progress:
        if item.kind != kind or item.status != "off_track":
            continue
        loc = _loc(item) + ("actuals", item.latest_period)
        key = key_path(loc)
        tip = _(
            "'{name}' is off track: {actual} in {period} against {expected} expected by "
            "then on the way to {target} ({variance}); say in D.2 what will close the gap, "
            "or revise the target",
            name=item.id or item.name,
            actual=_measure(p.doc, item.latest_actual, item.unit),
            period=item.latest_period,
            expected=_measure(p.doc, _rounded(item.expected, item.target), item.unit),
            target=_measure(p.doc, item.target, item.unit),
            variance=_signed(p.doc, item.variance_pct),
        )
        label = _("Indicators are on track against their targets")
        out.append(
            Check(
                label,
                False,
                WEIGHTS["off_track"],
                f"{where(key)}: {tip}",
                "off_track",
                key,
                p.locate(loc),
            )
        )
    return out


def no_actuals(p: _Parts) -> list[Check]:
    """A finding for each C.5 objective without actuals after its first review date."""
    _ = p._
    review = first_review(p.doc)
    if review is None or p.when <= review[0]:
        return []
    day, meeting = review
    when = (
        _("{date} (the first D.2 meeting)", date=day.isoformat())
        if meeting
        else _("{date} (the end of the first period of the D.2 cadence)", date=day.isoformat())
    )
    out = []
    for i, objective in enumerate(p.strategy.objectives):
        if objective.actuals:
            continue
        loc = OBJECTIVES_LOC + (i,)
        key = key_path(loc)
        tip = _(
            "objective '{id}' has no actual although its first review was on {when}; add "
            "what it measured so far, e.g. 'actuals: {{{period}: …}}'",
            id=objective.id,
            when=when,
            period=quarter_text(of_date(day)),
        )
        label = _("Objectives are measured from their first review on")
        out.append(
            Check(
                label,
                False,
                WEIGHTS["no_actuals"],
                f"{where(key)}: {tip}",
                "no_actuals",
                key,
                p.locate(loc),
            )
        )
    return out


def _loc(item: Progress) -> tuple[str | int, ...]:
    return tuple(item.key.split("[")[0].split(".")) + (item.index,)


def first_review(doc: Document) -> tuple[dt.date, bool] | None:
    """The first review date and whether it is a meeting's: the first D.2 meeting, else
    the last day of the first period of the cadence from the plan's start."""
    plan = doc.plan
    review = plan.action_review.review if plan and plan.action_review else None
    if review is None:
        return None
    if review.meetings:
        return min(m.date for m in review.meetings), True
    if review.cadence is None or doc.period is None:
        return None
    start = doc.period.start
    if review.cadence in CADENCE_DAYS:
        return start + dt.timedelta(days=CADENCE_DAYS[review.cadence] - 1), False
    months = start.month - 1 + CADENCE_MONTHS[review.cadence]
    following = dt.date(start.year + months // 12, months % 12 + 1, 1)
    return following + dt.timedelta(days=start.day - 2), False


def _measure(doc: Document, value: float | None, unit: str | None) -> str:
    """A value in its unit, as the document writes it."""
    if value is None:
        return ""
    if unit == doc.currency:
        return money(doc.locale, doc.currency, value)
    if unit == "%":
        return points(doc.locale, value)
    digits = 0 if float(round(value, 2)).is_integer() else 2
    shown = number(doc.locale, value, digits)
    return f"{shown} {unit}" if unit else shown


def _rounded(value: float | None, target: float | None) -> float | None:
    """A path's value as D.2 shows it: whole when the target is 100 or more."""
    if value is None or target is None:
        return value
    return round(value) if abs(target) >= 100 else round(value, 2)


def _signed(doc: Document, fraction: float | None) -> str:
    """-16,6 %, +2,0 %: the variance against the path, signed."""
    if fraction is None:
        return "—"
    return ("+" if fraction > 0 else "") + percent(doc.locale, fraction)
