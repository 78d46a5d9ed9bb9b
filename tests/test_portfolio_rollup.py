"""`kam portfolio`: many accounts in one view.

The examples (ribera, brightfield, themed, and a second EUR account so that one
currency has a whale curve) roll up with a broken file (invalid YAML) and an invalid
one (a validation error): every row and total is worked out here from each account's
own `prepare()` figures and `kam check` review, the failures are listed with their
first error, the PDF carries the table and passes the geometry checks, the HTML is
self-contained with its sort script, and the JSON has its documented shape."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import geometry
from conftest import EXAMPLES, have, pdftotext
from kam.cli import app
from kam.pipeline import prepare
from kam.review import review
from kam.rollup.kpis import STATUSES

runner = CliRunner()

STAGE_ERROR = (
    "account.relationship_stage: 'bogus' is not allowed; expected one of: exploratory, "
    "basic, cooperative, interdependent, integrated, disintegrating"
)
YAML_ERROR = "the '{' opened here is never closed: add '}' at the end of the value"
#: D.2 KPIs of the ribera example given actuals (as of the plan's Q2 and May).
KPI_ACTUALS = {
    "target: 1_450_000, unit: EUR, frequency: quarterly": "{2027-Q1: 330_000, 2027-Q2: 700_000}",
    "target: 37, unit: '%', frequency: quarterly": "{2027-Q2: 20}",
    "target: 97, unit: '%', frequency: monthly": "{2027-05: 97.5}",
}
HEADINGS_EN = (
    "Key account",
    "Revenue",
    "Growth",
    "Profit after cost to serve",
    "Share of wallet",
    "Relationship stage",
    "Check score",
    "Overdue actions",
    "Top risk",
    "KPI status",
)


@pytest.fixture(scope="module")
def accounts(tmp_path_factory) -> dict[str, Path]:
    """The examples copied (plus a second EUR account), a broken and an invalid one."""
    root = tmp_path_factory.mktemp("accounts")
    for name in ("brightfield", "ribera", "themed"):
        shutil.copytree(EXAMPLES / name, root / name)
    shutil.copytree(EXAMPLES / "ribera", root / "norte")
    entry = root / "norte" / "account.yaml"
    text = entry.read_text(encoding="utf-8")
    text = text.replace("name: Grupo Hospitalario Ribera", "name: Clínica Ribera Norte")
    text = text.replace("date: 2026-11-27", "date: 2027-09-30")  # some actions overdue then
    entry.write_text(text, encoding="utf-8")
    plan = root / "norte" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    for kpi, actuals in KPI_ACTUALS.items():
        assert kpi in text
        text = text.replace(kpi, kpi + ", actuals: " + actuals)
    plan.write_text(text, encoding="utf-8")
    (root / "broken").mkdir()
    (root / "broken" / "account.yaml").write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: X\n", encoding="utf-8"
    )
    shutil.copytree(EXAMPLES / "themed", root / "invalid")
    entry = root / "invalid" / "account.yaml"
    text = entry.read_text(encoding="utf-8")
    text = text.replace("relationship_stage: basic", "relationship_stage: bogus")
    entry.write_text(text, encoding="utf-8")
    order = ("brightfield", "ribera", "norte", "themed", "broken", "invalid")
    return {name: root / name / "account.yaml" for name in order}


@pytest.fixture(scope="module")
def rolled(accounts, tmp_path_factory):
    """One roll-up to HTML and PDF, and its JSON."""
    out = tmp_path_factory.mktemp("out")
    files = [str(p) for p in accounts.values()]
    built = runner.invoke(app, ["portfolio", *files, "-o", str(out)])
    as_json = runner.invoke(app, ["portfolio", *files, "--format", "json"])
    return built, as_json, out


def test_exit_code_and_failures_on_stderr(rolled, accounts):
    built, as_json, out = rolled
    assert built.exit_code == 1, built.output
    assert as_json.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["portfolio.html", "portfolio.pdf"]
    broken, invalid = accounts["broken"], accounts["invalid"]
    assert f"{broken}: not rolled up: {broken}:4:10: {YAML_ERROR}" in built.stderr
    assert f"{invalid}: not rolled up: {invalid}:21:23: {STAGE_ERROR}" in built.stderr
    assert "portfolio.pdf" in built.stderr and "4 of 6 accounts rolled up" in built.stderr


def test_failures_listed_with_their_first_error(rolled, accounts):
    report = json.loads(rolled[1].stdout)
    broken, invalid = accounts["broken"], accounts["invalid"]
    assert report["complete"] is False
    assert report["failed"] == [
        {"file": str(broken), "error": f"{broken}:4:10: {YAML_ERROR}"},
        {"file": str(invalid), "error": f"{invalid}:21:23: {STAGE_ERROR}"},
    ]
    html = (rolled[2] / "portfolio.html").read_text(encoding="utf-8")
    assert "Accounts not rolled up" in html
    assert f"{invalid}:21:23: account.relationship_stage: &#39;bogus&#39; is not allowed" in html


def expected_row(entry: Path) -> dict[str, object]:
    """The row of `entry` worked out from its own prepared figures."""
    prepared, _problems = prepare(entry)
    doc, figures = prepared.doc, prepared.figures
    chosen = figures.history_revenue
    years = {y.label: y for y in figures.history.years}
    labels = list(years)
    year = years.get(chosen.period)
    before = labels.index(chosen.period) - 1 if year else -1
    share = next((s for s in figures.category_shares if s.period == chosen.period), None)
    scores = [s for s in figures.risk_scores if s is not None]
    score = review(doc, figures, prepared.problems.warnings, prepared.loaded.source.pos).overall
    key = figures.portfolio.key
    kpis = [item.status for item in figures.progress if item.kind == "kpi"]
    return {
        "kpi_status": {s: kpis.count(s) for s in STATUSES} if kpis else None,
        "account": doc.account.name,
        "currency": doc.currency,
        "revenue": chosen.revenue,
        "period": chosen.period,
        "previous_revenue": years[labels[before]].revenue if before >= 0 else None,
        "growth": year.growth if year else None,
        "profit": next(s.amount for s in figures.waterfall if s.key == "profit.contribution")
        if figures.waterfall
        else None,
        "spend": share.spend if share else None,
        "share_of_wallet": share.share if share else None,
        "relationship_stage": doc.account.relationship_stage,
        "score": score,
        "overdue_actions": len(figures.overdue),
        "top_risk_score": max(scores) if scores else None,
        "attractiveness": key.attractiveness,
        "relative_strength": key.relative_strength,
        "quadrant": key.quadrant,
    }


def test_rows_are_each_accounts_figures(rolled, accounts):
    report = json.loads(rolled[1].stdout)
    rows = {row["account"]: row for row in report["accounts"]}
    assert [r["file"] for r in report["accounts"]] == [
        str(accounts[n]) for n in ("brightfield", "ribera", "norte", "themed")
    ]
    for name in ("brightfield", "ribera", "norte", "themed"):
        expected = expected_row(accounts[name])
        row = rows[expected["account"]]
        risk = row["top_risk"]
        assert (risk["score"] if risk else None) == expected.pop("top_risk_score")
        assert {k: row[k] for k in expected} == expected
    assert rows["Clínica Ribera Norte"]["kpi_status"] == {
        "on_track": 2,
        "at_risk": 1,
        "off_track": 0,
    }
    assert rows["Brightfield Foods"]["kpi_status"] is None  # no KPI has actuals
    assert rows["Clínica Ribera Norte"]["overdue_actions"] > 0
    assert (
        len(rows["Clínica Ribera Norte"]["overdue_ids"])
        == rows["Clínica Ribera Norte"]["overdue_actions"]
    )
    # the themed sample has no P&L, no category spend and one full year of history
    themed = rows["Harbour & Vale Bakeries"]
    assert (themed["profit"], themed["growth"], themed["share_of_wallet"]) == (None, None, None)
    assert themed["period"] == "2024"


def test_totals_by_currency_never_across(rolled):
    report = json.loads(rolled[1].stdout)
    rows = report["accounts"]
    assert [t["currency"] for t in report["totals"]] == ["USD", "EUR", "GBP"]
    for total in report["totals"]:
        group = [r for r in rows if r["currency"] == total["currency"]]
        assert total["accounts"] == len(group)
        assert total["revenue"] == pytest.approx(sum(r["revenue"] for r in group))
        profits = [r["profit"] for r in group if r["profit"] is not None]
        assert total["profit"] == (pytest.approx(sum(profits)) if profits else None)
        wallet = [r for r in group if r["share_of_wallet"] is not None]
        weighted = (
            sum(r["revenue"] for r in wallet) / sum(r["spend"] for r in wallet) if wallet else None
        )
        assert total["share_of_wallet"] == (pytest.approx(weighted) if wallet else None)
        grown = [r for r in group if r["previous_revenue"] is not None]
        if grown:
            now, before = (
                sum(r["revenue"] for r in grown),
                sum(r["previous_revenue"] for r in grown),
            )
            assert total["growth"] == pytest.approx(now / before - 1)
        else:
            assert total["growth"] is None
        assert total["overdue_actions"] == sum(r["overdue_actions"] for r in group)
        statuses = [r["kpi_status"] for r in group if r["kpi_status"]]
        expected = {k: sum(s[k] for s in statuses) for k in STATUSES} if statuses else None
        assert total["kpi_status"] == expected
    overall = report["overall"]
    assert overall["accounts"] == 4 and overall["currency"] is None
    assert (overall["revenue"], overall["profit"], overall["share_of_wallet"]) == (None,) * 3
    assert overall["score"] == int(sum(r["score"] for r in rows) / 4 + 0.5)


def test_json_shape(rolled):
    report = json.loads(rolled[1].stdout)
    assert set(report) == {
        "version", "locale", "date", "complete", "accounts", "totals", "overall", "failed",
    }  # fmt: skip
    assert report["version"] == 1 and report["locale"] == "en"
    dt.date.fromisoformat(report["date"])
    assert set(report["accounts"][0]) == {
        "file", "account", "company", "currency", "locale", "revenue", "period",
        "previous_revenue", "growth", "profit", "profit_period", "spend", "share_of_wallet",
        "relationship_stage", "score", "overdue_actions", "overdue_ids", "top_risk",
        "kpi_status", "attractiveness", "relative_strength", "quadrant",
    }  # fmt: skip
    assert set(report["accounts"][0]["top_risk"]) == {"text", "score"}


def test_html_is_self_contained_and_sortable(rolled):
    html = (rolled[2] / "portfolio.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    assert re.findall(r"url\((?!data:)", html) == []
    head = html[html.index('<table class="data rollup"') :]
    head = head[: head.index("</thead>")]
    assert head.count('<th scope="col" aria-sort="none"') == 10
    assert head.count('<button type="button">') == 10
    script = html[html.index("<script>") : html.index("</script>")]
    assert "aria-sort" in script and "addEventListener" in script
    # each cell carries the value it sorts by: the revenue of ribera as a number
    assert 'data-sort="1187988.71' in html


def test_pdf_has_the_table_and_the_accounts(rolled):
    if not have("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = " ".join(pdftotext(rolled[2] / "portfolio.pdf").split())
    for heading in HEADINGS_EN:
        assert all(word in text for word in heading.split()), heading
    for name in ("Brightfield Foods", "Grupo Hospitalario Ribera", "Clínica Ribera Norte"):
        assert name in text
    assert "Harbour & Vale" in text
    assert "Total EUR" in text and "All accounts" in text
    assert "Whale curve of the key accounts (EUR)" in text
    assert "No whale curve in USD, GBP" in text
    assert "Selection matrix of the key accounts" in text


def test_pdf_geometry(rolled):
    if not have("pdftotext"):
        pytest.skip("pdftotext is not installed")
    assert geometry.problems(rolled[2] / "portfolio.pdf") == []


def test_all_rolled_up_exits_0_in_the_locale_asked(accounts, tmp_path):
    files = [str(accounts[n]) for n in ("ribera", "norte", "themed")]
    result = runner.invoke(app, ["portfolio", *files, "-o", str(tmp_path), "-f", "html",
                                 "--locale", "es-MX"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.html"]
    html = (tmp_path / "portfolio.html").read_text(encoding="utf-8")
    assert "Cartera de cuentas clave" in html and 'lang="es-MX"' in html
    assert "Utilidad tras costo de servir" in html  # Mexico's words
    assert "EUR1,187,989" in html  # es-MX writes euros its own way (as Babel does)
    assert "Total EUR" in html and "Total GBP" in html
    assert "Las cuentas están en monedas distintas (EUR, GBP)" in html


def test_default_locale_is_the_first_accounts(accounts, tmp_path):
    files = [str(accounts[n]) for n in ("ribera", "norte")]
    result = runner.invoke(app, ["portfolio", *files, "-o", str(tmp_path), "-f", "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "portfolio.html").read_text(encoding="utf-8")
    assert "Cuenta clave" in html and "Beneficio tras coste de servir" in html
    assert "1.187.989\u00a0€" in html  # es (Spain)
    assert "monedas distintas" not in html  # one currency: one total, amounts added
    assert "Total EUR" in html and "Todas las cuentas" not in html
    assert "bubbles" not in html and "burbujas según la facturación" in html


def test_outputs_all_or_nothing(accounts, tmp_path):
    (tmp_path / "portfolio.html").mkdir()  # a folder where the page should go
    result = runner.invoke(app, ["portfolio", str(accounts["themed"]), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert f"cannot write {tmp_path / 'portfolio.html'}: it is a folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.html"]
    assert list((tmp_path / "portfolio.html").iterdir()) == []


# ---------------------------------------------------------------- KPI status


def test_kpi_status_in_the_page(rolled):
    """The statuses are the document's own (figures.progress), counted; "—" without."""
    html = (rolled[2] / "portfolio.html").read_text(encoding="utf-8")
    row = html[html.index("Clínica Ribera Norte") :]
    row = row[: row.index("</tr>")]
    assert 'class="kpis" data-sort="0.6666666666666666">2 on track\n1 at risk</td>' in row
    total = html[html.index("Total EUR") :]
    assert "2 on track\n1 at risk" in total[: total.index("</tr>")]


def test_table_sorts_from_the_keyboard_in_a_browser(accounts, tmp_path):
    """In headless Chromium (tests/browser/sort.mjs): Enter on a heading's button sorts
    by it, Space the other way, Tab reaches the next heading; amounts sort within their
    currency (EUR, then GBP, then USD), figures missing go last, totals stay last."""
    from test_browser_layout import BROWSER, TIMEOUT, need_browser

    need_browser()
    files = [str(accounts[n]) for n in ("brightfield", "ribera", "norte", "themed")]
    result = runner.invoke(app, ["portfolio", *files, "-o", str(tmp_path), "-f", "html"])
    assert result.exit_code == 0, result.output
    run = subprocess.run(
        ["node", str(BROWSER / "sort.mjs"), str(tmp_path / "portfolio.html")],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    steps = json.loads(run.stdout)
    bright, ribera, norte, harbour = (
        "Brightfield Foods", "Grupo Hospitalario Ribera", "Clínica Ribera Norte",
        "Harbour & Vale Bakeries",
    )  # fmt: skip
    none = ["none"] * 10
    assert steps["initial"]["names"] == [bright, ribera, norte, harbour]
    assert steps["initial"]["sorts"] == none
    # revenue: EUR (the two Riberas, equal: their order kept), GBP, USD
    assert steps["enter"]["names"] == [ribera, norte, harbour, bright]
    assert steps["enter"]["sorts"] == ["none", "ascending", *none[2:]]
    assert steps["enter"]["focused"] == "Revenue"
    assert steps["space"]["names"] == [ribera, norte, harbour, bright]  # one per currency
    assert steps["space"]["sorts"] == ["none", "descending", *none[2:]]
    # profit after cost to serve: Harbour has no P&L, last of its currency
    assert steps["tab"]["focused"] == "Profit after cost to serve"
    assert steps["tab"]["sorts"] == ["none", "none", "none", "ascending", *none[4:]]
    assert steps["tab"]["totals"] == ["Total USD", "Total EUR", "Total GBP", "All accounts"]


def test_spanish_failures_and_messages(accounts, tmp_path):
    """A Spanish roll-up says its lines in Spanish; each failure keeps the words of its
    own document (Spanish here), at its position."""
    shutil.copytree(accounts["ribera"].parent, tmp_path / "malo")
    entry = tmp_path / "malo" / "account.yaml"
    text = entry.read_text(encoding="utf-8")
    text = text.replace("relationship_stage: cooperative", "relationship_stage: bogus")
    entry.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["portfolio", str(accounts["ribera"]), str(entry), "-o", str(out)])
    assert result.exit_code == 1
    error = (
        f"{entry}:20:23: account.relationship_stage: 'bogus' no es un valor permitido; "
        "valores: exploratory (exploratoria), basic (básica), cooperative (cooperativa), "
        "interdependent (interdependiente), integrated (integrada), disintegrating "
        "(en desintegración)"
    )
    assert f"{entry}: no consolidada: {error}" in result.stderr
    assert f"{out / 'portfolio.pdf'}, {out / 'portfolio.html'}: 1 de 2 cuentas consolidadas" in (
        result.stderr
    )
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "Cuentas no consolidadas" in html and "1 de 2 cuentas consolidadas" in html
    assert "Sin curva de ballena en EUR" in html
    if have("pdftotext"):  # Spanish headings are longer: they still fit their columns
        assert geometry.problems(out / "portfolio.pdf") == []


def test_the_page_in_a_browser_on_a_phone_and_a_desktop(rolled):
    """tests/browser/layout.mjs on the roll-up: no sideways scroll of the page (the
    table scrolls in its own box on a phone), no overlapping cells, no word cut."""
    from test_browser_layout import WIDTHS, layout, need_browser

    need_browser()
    screens = layout([rolled[2] / "portfolio.html"], WIDTHS)
    for width in WIDTHS:
        screen = screens["portfolio", width]
        assert screen["scrollWidth"] <= screen["innerWidth"], screen["outside"]
        assert screen["overlaps"] == [] and screen["broken"] == []
    phone = screens["portfolio", WIDTHS[0]]
    assert any(t["scrolls"] for t in phone["tables"])
