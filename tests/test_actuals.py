"""Plan vs actual (issue 16 part 1): `actuals:` on D.2 KPIs and C.5 objectives, the
pro-rata path and the status (`kam.analysis.actuals`, worked out by hand here), D.2's
table and the key figure in the PDF in both languages, what `kam check` notices, and
the errors and warnings of the input, at their positions."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from conftest import have, pdftotext
from kam.analysis import actuals
from kam.analysis.actuals import elapsed, expected, span, status
from kam.periods import parse_period
from kam.pipeline import build, prepare
from kam.render.context import progress_figure
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels
from kam.review import review

HEAD = """\
kam: 1
locale: {locale}
currency: EUR
date: 2027-07-15
period: {{start: 2027-01-01, end: 2027-12-31}}
company: {{name: Acme}}
account: {{name: Beta}}
"""

# The plan on 2027-07-15: the first half-year measured (181 of 365 days).
PLAN = """\
plan:
  company_strategy:
    objectives:
      - {id: o1, objective: Crecer en la cuenta, unit: EUR, baseline: 1_200_000,
         target: 1_450_000, deadline: 2027-12-31, actuals: {2027-Q2: 1_250_000}}
      - {id: o2, objective: Entrar en curas avanzadas, baseline: 0, target: 3}
  action_review:
    review:
      cadence: quarterly
      kpis:
        - {kpi: Facturación acumulada, target: 1_450_000, unit: EUR, frequency: quarterly,
           actuals: {2027-Q1: 330_000, 2027-Q2: 700_000}}
        - {kpi: Pedidos urgentes, target: 5, baseline: 12, unit: "%", actuals: {2027-06: 7}}
        - {kpi: NPS, target: "+15 %", actuals: {2027-Q2: 12}}
      meetings:
        - {date: 2027-04-15, purpose: Revisión trimestral}
"""

HALF = 181 / 365  # 2027-01-01 to 2027-06-30, both included, of the whole year


def write(tmp_path, body: str = PLAN, locale: str = "es", head: str = HEAD):
    entry = tmp_path / "account.yaml"
    entry.write_text(head.format(locale=locale) + body, encoding="utf-8")
    return entry


def prepared(tmp_path, body: str = PLAN, locale: str = "es", head: str = HEAD):
    ready, problems = prepare(write(tmp_path, body, locale, head))
    assert ready is not None, [p.message for p in problems.items]
    return ready


def lines(tmp_path, body: str, locale: str = "en") -> list[str]:
    """The document's problems, one line each: `file:line:col: severity: key: message`."""
    _ready, problems = prepare(write(tmp_path, body, locale))
    out = []
    for p in problems.items:
        where = f"{os.path.relpath(p.pos.file, tmp_path)}:{p.pos.line}:{p.pos.col}: "
        out.append(f"{where}{p.severity}: {p.key}: {p.message}")
    return out


def by_key(tmp_path, **kwargs) -> dict[str, actuals.Progress]:
    return {p.key: p for p in prepared(tmp_path, **kwargs).figures.progress}


# ------------------------------------------------------------------- figures by hand


def test_the_figures_of_each_kpi_and_objective_worked_out_by_hand(tmp_path):
    found = prepared(tmp_path).figures.progress
    assert [p.key for p in found] == [
        "plan.action_review.review.kpis[0]",
        "plan.action_review.review.kpis[1]",
        "plan.action_review.review.kpis[2]",
        "plan.company_strategy.objectives[0]",
    ]
    revenue, urgent, nps, grow = found
    # a KPI without a baseline starts at 0: 1 450 000 × 181/365 expected by 2027-06-30
    assert revenue.series == [("2027-Q1", 330_000.0), ("2027-Q2", 700_000.0)]
    assert (revenue.latest_period, revenue.latest_actual) == ("2027-Q2", 700_000.0)
    assert revenue.expected == pytest.approx(1_450_000 * HALF)  # 719 041,10
    assert revenue.variance == pytest.approx(700_000 - 1_450_000 * HALF)  # −19 041,10
    assert revenue.variance_pct == pytest.approx(-19_041.0959 / 719_041.0959)  # −2,65 %
    # short by 19 041, within 10 % of the 719 041 the path expects: at risk
    assert (revenue.direction, revenue.status) == ("higher", "at_risk")
    assert revenue.reached == pytest.approx(700_000 / 1_450_000)
    assert revenue.due == pytest.approx(HALF)
    # a target below its baseline is lower is better: 12 − 7 × 181/365 = 8,53; 7 is under
    assert urgent.direction == "lower"
    assert urgent.expected == pytest.approx(12 - 7 * HALF)
    assert urgent.variance == pytest.approx(7 - (12 - 7 * HALF))
    assert urgent.status == "on_track"
    assert urgent.reached == pytest.approx(5 / 7)  # 12 → 7 of 12 → 5
    # a text target: the latest actual, no path
    assert (nps.latest_actual, nps.target, nps.expected, nps.status) == (12.0, None, None, None)
    # an objective's path starts at its baseline: 1 200 000 + 250 000 × 181/365
    assert grow.id == "o1"
    assert grow.expected == pytest.approx(1_200_000 + 250_000 * HALF)  # 1 323 972,60
    # short by 73 973, more than 10 % of the 123 973 the path expects by then: off track
    assert grow.status == "off_track"
    assert grow.reached == pytest.approx(50_000 / 250_000)


def test_the_path_runs_to_the_objectives_deadline(tmp_path):
    body = PLAN.replace("deadline: 2027-12-31", "deadline: 2027-06-30")
    grow = by_key(tmp_path, body=body)["plan.company_strategy.objectives[0]"]
    assert grow.expected == 1_450_000  # the whole way by the deadline
    assert grow.due == 1.0


def test_without_a_plan_period_the_path_covers_the_calendar_year(tmp_path):
    head = HEAD.replace("period: {{start: 2027-01-01, end: 2027-12-31}}\n", "")
    body = "plan:\n  action_review:\n    review:\n      kpis:\n" + (
        "        - {kpi: Units, target: 1200, actuals: {2027-Q1: 300}}\n"
    )
    (units,) = by_key(tmp_path, body=body, head=head).values()
    assert units.expected == pytest.approx(1200 * 90 / 365)
    assert units.status == "on_track"


def test_a_lower_is_better_target_without_a_baseline_is_a_ceiling(tmp_path):
    body = "plan:\n  action_review:\n    review:\n      kpis:\n" + "".join(
        f"        - {{kpi: K{v}, target: 5, direction: lower, actuals: {{2027-03: {v}}}}}\n"
        for v in (4.9, 5, 5.5, 5.6)
    )
    found = prepared(tmp_path, body=body).figures.progress
    assert [p.expected for p in found] == [5, 5, 5, 5]
    assert [p.status for p in found] == ["on_track", "on_track", "at_risk", "off_track"]
    assert [p.reached for p in found] == [None] * 4  # no way from a baseline: no bar


def test_the_latest_actual_is_the_period_that_ends_last(tmp_path):
    body = "plan:\n  action_review:\n    review:\n      kpis:\n" + (
        "        - {kpi: K, target: 10, actuals: {2027-12: 8, 2027: 10, 2027-Q4: 9, 2027-01: 1}}\n"
    )
    (kpi,) = by_key(tmp_path, body=body).values()
    assert [p for p, _v in kpi.series] == ["2027-01", "2027", "2027-Q4", "2027-12"]
    assert (kpi.latest_period, kpi.latest_actual) == ("2027-12", 8.0)


@pytest.mark.parametrize(
    ("actual", "expected_now", "origin", "way", "verdict"),
    [
        # from 0: on track at the path, at risk down to 90 % of it
        (100, 100, 0, "higher", "on_track"),
        (100.01, 100, 0, "higher", "on_track"),
        (90, 100, 0, "higher", "at_risk"),
        (89.99, 100, 0, "higher", "off_track"),
        (148_500, 165_000, 0, "higher", "at_risk"),  # 0.9 × 165 000 in floats
        # from a baseline: 10 % of the change expected so far (1 000 → 1 100: 10)
        (1_090, 1_100, 1_000, "higher", "at_risk"),
        (1_089.99, 1_100, 1_000, "higher", "off_track"),
        # lower is better: 20 → 15 so far, at risk up to 15,5
        (14, 15, 20, "lower", "on_track"),
        (15, 15, 20, "lower", "on_track"),
        (15.5, 15, 20, "lower", "at_risk"),
        (15.51, 15, 20, "lower", "off_track"),
        # no change expected yet: any shortfall is off track
        (99, 100, 100, "higher", "off_track"),
    ],
)
def test_the_status_thresholds_at_their_boundaries(actual, expected_now, origin, way, verdict):
    assert status(actual, expected_now, origin, way) == verdict


def test_the_pro_rata_share_of_days():
    start, end = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    assert elapsed(start, end, dt.date(2027, 3, 31)) == 90 / 365
    assert elapsed(start, end, dt.date(2026, 12, 31)) == 0.0  # before the plan: the baseline
    assert elapsed(start, end, dt.date(2028, 3, 31)) == 1.0  # past the end: the target
    assert elapsed(start, end, end) == 1.0
    assert expected(None, 1_000, "higher", start, end, dt.date(2027, 3, 31)) == pytest.approx(
        1_000 * 90 / 365
    )
    assert expected(20, 10, "lower", start, end, end) == 10


def test_the_days_of_a_period():
    def days(text: str) -> tuple[str, str]:
        first, last = span(parse_period(text))
        return first.isoformat(), last.isoformat()

    assert days("2027") == ("2027-01-01", "2027-12-31")
    assert days("2027-Q2") == ("2027-04-01", "2027-06-30")
    assert days("2027-Q4") == ("2027-10-01", "2027-12-31")
    assert days("2027-02") == ("2027-02-01", "2027-02-28")
    assert days("2028-02") == ("2028-02-01", "2028-02-29")
    assert days("2027-12") == ("2027-12-01", "2027-12-31")


# ------------------------------------------------------------ the document (PDF)


def _words(text: str) -> str:
    """One space between words; none before % (poppler drops a narrow no-break space)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).replace(" %", "%")


D2 = {
    "es": [
        "Plan frente a real",
        "Indicador u objetivo Meta Periodo Real Previsto Desviación Estado",
        "Facturación acumulada 1.450.000 € 2027-Q2 700.000 € 719.041 € -19.041 € En riesgo",
        "Pedidos urgentes 5% 2027-06 7% 8,5% -1,5% En línea",
        "NPS 2027-Q2 12 Sin meta numérica",
        "o1 Crecer en la cuenta 1.450.000 € 2027-Q2 1.250.000 € 1.323.973 € -73.973 € Desviado",
        "Avance hacia la meta",
    ],
    "en": [
        "Plan vs actual",
        "KPI or objective Target Period Actual Expected Variance Status",
        "Facturación acumulada €1,450,000 2027-Q2 €700,000 €719,041 -€19,041 At risk",
        "Pedidos urgentes 5% 2027-06 7% 8.5% -1.5% On track",
        "NPS 2027-Q2 12 No numeric target",
        "o1 Crecer en la cuenta €1,450,000 2027-Q2 €1,250,000 €1,323,973 -€73,973 Off track",
        "Progress to target",
    ],
}
KEY_FIGURE = {
    "es": ("Indicadores y objetivos en línea", "1 de 3"),
    "en": ("KPIs and objectives on track", "1 of 3"),
}


@pytest.mark.skipif(not have("pdftotext"), reason="needs poppler's pdftotext")
@pytest.mark.parametrize("locale", ["es", "en"])
def test_d2_shows_plan_against_actual_in_the_pdf(tmp_path, locale):
    pdf = build(write(tmp_path, locale=locale), tmp_path / "out", ("pdf",))[0][0]
    text = _words(pdftotext(pdf))
    d2 = text[text.index(D2[locale][0]) :]
    for row in D2[locale]:
        assert row in d2
    # the variance as a share of what was expected, under the variance
    assert ("-2,6%" if locale == "es" else "-2.6%") in d2
    label, value = KEY_FIGURE[locale]
    assert label in text and value in text[text.index(label) :][:200]


@pytest.mark.parametrize("locale", ["es", "en"])
def test_the_key_figure_counts_those_on_track(tmp_path, locale):
    ready = prepared(tmp_path, locale=locale)
    f = Formatter(babel_locale(locale), "EUR")
    assert progress_figure(ready.figures.progress, Labels(locale), f) == [KEY_FIGURE[locale]]


def test_no_key_figure_before_any_actual(tmp_path):
    ready = prepared(tmp_path, body="plan: {}\n")
    assert ready.figures.progress == []
    assert progress_figure([], Labels("es"), Formatter(babel_locale("es"), "EUR")) == []


# ------------------------------------------------------------------------ kam check

CHECK = {
    "es": [
        (
            "no_actuals",
            "plan.company_strategy.objectives[1]",
            13,
            9,
            "C.5 plan.company_strategy.objectives[1]: el objetivo 'o2' no tiene valores reales "
            "aunque su primera revisión fue el 2027-04-15 (la primera reunión de D.2); añadan "
            "lo que ha medido hasta ahora, p. ej., 'actuals: {2027-Q2: …}'",
        ),
        (
            "off_track",
            "plan.company_strategy.objectives[0].actuals.2027-Q2",
            12,
            70,
            "C.5 plan.company_strategy.objectives[0].actuals.2027-Q2: 'o1' va desviado: "
            "1.250.000 € en 2027-Q2 frente a 1.323.973 € previstos para entonces camino de "
            "1.450.000 € (-5,6 %); indiquen en D.2 qué cerrará la brecha, o revisen la meta",
        ),
    ],
    "en": [
        (
            "no_actuals",
            "plan.company_strategy.objectives[1]",
            13,
            9,
            "C.5 plan.company_strategy.objectives[1]: objective 'o2' has no actual although "
            "its first review was on 2027-04-15 (the first D.2 meeting); add what it measured "
            "so far, e.g. 'actuals: {2027-Q2: …}'",
        ),
        (
            "off_track",
            "plan.company_strategy.objectives[0].actuals.2027-Q2",
            12,
            70,
            "C.5 plan.company_strategy.objectives[0].actuals.2027-Q2: 'o1' is off track: "
            "€1,250,000 in 2027-Q2 against €1,323,973 expected by then on the way to "
            "€1,450,000 (-5.6 %); say in D.2 what will close the gap, or revise the target",
        ),
    ],
}


def _findings(ready, codes=("no_actuals", "off_track")):
    result = review(ready.doc, ready.figures, (), ready.loaded.source.pos)
    return [
        (criterion, c.code, c.key, c.pos.line, c.pos.col, c.suggestion, c.weight)
        for criterion, c in result.failed
        if c.code in codes
    ]


@pytest.mark.parametrize("locale", ["es", "en"])
def test_kam_check_notices_objectives_unmeasured_and_off_track(tmp_path, locale):
    found = _findings(prepared(tmp_path, locale=locale))
    expected_findings = [
        ("development_objectives", code, key, line, col, tip, 2 if code == "no_actuals" else 1)
        for code, key, line, col, tip in CHECK[locale]
    ]
    assert found == expected_findings


def test_kam_check_notices_a_kpi_off_track(tmp_path):
    body = PLAN.replace("2027-Q2: 700_000}", "2027-Q2: 600_000}")
    found = _findings(prepared(tmp_path, body=body, locale="en"), ("off_track",))
    assert found[1] == (
        "development_plans",
        "off_track",
        "plan.action_review.review.kpis[0].actuals.2027-Q2",
        19,
        49,
        "D.2 plan.action_review.review.kpis[0].actuals.2027-Q2: 'Facturación acumulada' is "
        "off track: €600,000 in 2027-Q2 against €719,041 expected by then on the way to "
        "€1,450,000 (-16.6 %); say in D.2 what will close the gap, or revise the target",
        1,
    )


def test_the_first_review_without_meetings_is_the_end_of_the_first_cadence_period(tmp_path):
    body = PLAN.replace(
        "      meetings:\n        - {date: 2027-04-15, purpose: Revisión trimestral}\n", ""
    )
    (finding,) = _findings(prepared(tmp_path, body=body, locale="en"), ("no_actuals",))
    assert "first review was on 2027-03-31 (the end of the first period of the D.2 " in finding[5]


def test_nothing_is_noticed_before_the_first_review(tmp_path):
    head = HEAD.replace("date: 2027-07-15", "date: 2027-04-15")
    body = PLAN.replace("{2027-Q2: 1_250_000}", "{2027-Q1: 1_262_000}")  # on track by Q1
    assert _findings(prepared(tmp_path, body=body, head=head)) == []


# ------------------------------------------------------------- errors and warnings

BAD = """\
plan:
  action_review:
    review:
      kpis:
        - {kpi: K, target: 10, actuals: {2027-Q5: 1, 2027-3: 2, 2027-Q1: many}}
        - kpi: L
          target: 10
          actuals:
            2027-13: 4
"""


def test_a_bad_period_is_an_error_at_its_key(tmp_path):
    kpis = "plan.action_review.review.kpis"
    assert lines(tmp_path, BAD) == [
        f"account.yaml:12:42: error: {kpis}[0].actuals.2027-Q5: expected a period such as "
        "2024, 2024-Q1 or 2024-03",
        f"account.yaml:12:54: error: {kpis}[0].actuals.2027-3: expected a period such as "
        "2024, 2024-Q1 or 2024-03",
        f"account.yaml:12:74: error: {kpis}[0].actuals.2027-Q1: expected a number, got the "
        "text 'many'",
        f"account.yaml:16:13: error: {kpis}[1].actuals.2027-13: expected a period such as "
        "2024, 2024-Q1 or 2024-03",
    ]


def test_a_bad_period_is_an_error_in_spanish(tmp_path):
    kpis = "plan.action_review.review.kpis"
    assert lines(tmp_path, BAD, locale="es")[:2] == [
        f"account.yaml:12:42: error: {kpis}[0].actuals.2027-Q5: se esperaba un periodo como "
        "2024, 2024-Q1 o 2024-03",
        f"account.yaml:12:54: error: {kpis}[0].actuals.2027-3: se esperaba un periodo como "
        "2024, 2024-Q1 o 2024-03",
    ]


AFTER = """\
plan:
  action_review:
    review:
      kpis:
        - {kpi: K, target: 10, actuals: {2027-Q4: 8, 2028-Q1: 9, 2026: 1}}
        - {kpi: N, target: "+15 %", actuals: {2027: 3}}
"""


@pytest.mark.parametrize(
    ("locale", "messages"),
    [
        (
            "en",
            [
                "the actual for 2028-Q1 is after the plan period, which ends on 2027-12-31 "
                "(account.yaml:5:34); correct the period, or record it in the next plan",
                "the KPI 'N' has actuals but no numeric target, so D.2 cannot say whether it "
                "is on track; write the target as a number (with 'unit:' for its unit)",
            ],
        ),
        (
            "es",
            [
                "el valor real de 2028-Q1 es posterior al periodo del plan, que termina el "
                "2027-12-31 (account.yaml:5:34); corrijan el periodo o regístrenlo en el "
                "próximo plan",
                "el KPI 'N' tiene valores reales pero no una meta numérica, así que D.2 no puede "
                "decir si va en línea; escriban la meta como un número (con 'unit:' para su "
                "unidad)",
            ],
        ),
    ],
)
def test_warnings_for_actuals_after_the_plan_and_a_text_target(tmp_path, locale, messages):
    kpis = "plan.action_review.review.kpis"
    assert lines(tmp_path, AFTER, locale) == [
        f"account.yaml:12:54: warning: {kpis}[0].actuals.2028-Q1: {messages[0]}",
        f"account.yaml:13:28: warning: {kpis}[1].target: {messages[1]}",
    ]
