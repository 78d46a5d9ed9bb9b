"""The QBR deck (`kam.deck`, issue 17 part 2), read back with python-pptx: its slides,
their titles in the document's language, native charts holding the computed figures,
the customer edition without internal slides or strings, texts that fit their boxes,
and the same bytes from two builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import EXAMPLES

pptx = pytest.importorskip("pptx")

from pptx import Presentation  # noqa: E402
from pptx.enum.dml import MSO_FILL_TYPE  # noqa: E402
from pptx.enum.text import MSO_AUTO_SIZE  # noqa: E402

from kam.deck import INTERNAL_SLIDES, deck_bytes, fit, write_deck  # noqa: E402
from kam.deck.charts import serial  # noqa: E402
from kam.pipeline import prepare  # noqa: E402
from kam.render.formats import Formatter, babel_locale  # noqa: E402
from kam.render.labels import Labels  # noqa: E402

EXAMPLE_NAMES = ("ribera", "brightfield")
EDITIONS = ("internal", "customer")


@pytest.fixture(scope="module")
def prepared():
    out = {}
    for name in (*EXAMPLE_NAMES, "themed"):
        result, problems = prepare(EXAMPLES / name / "account.yaml")
        assert result is not None, problems
        out[name] = result
    return out


@pytest.fixture(scope="module")
def decks(prepared):
    """Each example's deck in each edition: (bytes, Presentation)."""
    out = {}
    for name in EXAMPLE_NAMES:
        p = prepared[name]
        for edition in EDITIONS:
            data = deck_bytes(p.doc, p.figures, edition=edition, logo=p.loaded.logo)
            out[name, edition] = (data, Presentation(io.BytesIO(data)))
    return out


def titles(prs) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


def slide_texts(slide) -> list[str]:
    """Every text of a slide: its shapes, table cells, charts' categories and series."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            plot = shape.chart.plots[0]
            out += [str(c) for c in plot.categories] + [s.name for s in plot.series]
    return out


def package_text(data: bytes) -> str:
    """All the XML of a .pptx, the charts' embedded workbooks included."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.endswith(".xlsx"):
                parts.append(package_text(raw))
            elif name.endswith((".xml", ".rels")):
                parts.append(raw.decode("utf-8"))
    return "\n".join(parts)


def charts_by_title(prs) -> dict[str, list]:
    out: dict[str, list] = {}
    for slide in prs.slides:
        found = [s.chart for s in slide.shapes if s.has_chart]
        if found:
            out[slide.shapes.title.text] = found
    return out


# --- slides and titles -----------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_ten_to_fifteen_slides(decks, name, edition):
    assert 10 <= len(decks[name, edition][1].slides) <= 15


def test_the_slides_and_their_titles_in_spanish(decks, prepared):
    t = Labels("es")
    shown = titles(decks["ribera", "internal"][1])
    assert shown == [
        "Plan de cuenta clave 2027",
        "La cuenta de un vistazo",
        "Historial de compras",
        "Los objetivos de nuestro cliente",
        "Nuestros objetivos y su avance",
        "El plan de acción",
        "Acciones principales (1/2)",
        "Acciones principales (2/2)",
        "Mapa de relaciones",
        "Mapa de calor de los riesgos",
        "De la facturación al beneficio neto de la cuenta",
        "Los indicadores que seguimos",
        "Próxima revisión",
    ]
    assert shown[5] == t("deck.timeline") and shown[-1] == t("deck.next_review")


def test_the_titles_in_english(decks):
    shown = titles(decks["brightfield", "internal"][1])
    assert shown[0] == "Brightfield Foods - Key Account Plan 2027"
    assert shown[1:6] == [
        "The account at a glance",
        "Purchase history",
        "Our customer's objectives",
        "Our objectives and progress",
        "The action plan",
    ]
    assert "Relationship map" in shown and "Risks heat map" in shown
    assert shown[-1] == "Next review"


def test_the_title_slide_names_the_account_the_date_and_the_edition(decks):
    for edition, words in (
        ("internal", "Edición interna"),
        ("customer", "Edición para el cliente"),
    ):
        first = decks["ribera", edition][1].slides[0]
        text = "\n".join(slide_texts(first))
        assert "Grupo Hospitalario Ribera · MedSuministros S.A." in text
        assert f"27 de noviembre de 2026 · {words}" in text
    internal = "\n".join(slide_texts(decks["ribera", "internal"][1].slides[0]))
    customer = "\n".join(slide_texts(decks["ribera", "customer"][1].slides[0]))
    assert "Confidencial\n" in internal + "\n"
    assert "Confidencial: preparado para Grupo Hospitalario Ribera" in customer


def test_amounts_and_dates_in_the_documents_locale(decks):
    spanish = "\n".join(t for s in decks["ribera", "internal"][1].slides for t in slide_texts(s))
    assert "2025: 1.187.989\xa0€" in spanish  # the purchase history's totals (no-break space)
    assert "14 abr 2027" in spanish  # the next review
    english = "\n".join(
        t for s in decks["brightfield", "internal"][1].slides for t in slide_texts(s)
    )
    assert "2025: $4,612,380" in english


# --- native charts hold the computed figures -------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_chart_holds_the_computed_figures(decks, prepared, name):
    figures, doc = prepared[name].figures, prepared[name].doc
    t = Labels(doc.locale)
    charts = charts_by_title(decks[name, "internal"][1])
    assert set(charts) == {
        t("deck.history"),
        t("deck.objectives"),
        t("deck.timeline"),
        t("chart.waterfall"),
    }
    (history,) = charts[t("deck.history")]
    plot = history.plots[0]
    assert list(plot.categories) == figures.history.mix_years
    assert [(s.name, list(s.values)) for s in plot.series] == [
        (m.product, m.revenues) for m in figures.history.mix
    ]
    (progress,) = charts[t("deck.objectives")]
    assert list(progress.plots[0].categories) == [c.objective.id for c in figures.smart]
    assert list(progress.series[0].values) == [c.done_share for c in figures.smart]
    reached = {p.id: p.reached for p in figures.progress if p.kind == "objective"}
    if any(v is not None for v in reached.values()):  # actuals given: the way covered
        expected = [reached.get(c.objective.id) for c in figures.smart]
        assert list(progress.series[1].values) == expected
    else:
        assert len(progress.series) == 1
    (gantt,) = charts[t("deck.timeline")]
    actions = [a for a in doc.plan.action_review.actions if a.start or a.due]
    start, days = gantt.series
    assert list(start.values) == [serial(a.start or a.due) for a in actions]
    assert list(days.values) == [(a.due - a.start).days + 1 for a in actions]
    (waterfall,) = charts[t("chart.waterfall")]
    _base, totals, deductions = waterfall.series
    steps = figures.waterfall
    assert list(totals.values) == [s.amount if s.subtotal else None for s in steps]
    assert list(deductions.values) == [None if s.subtotal else -s.amount for s in steps]


def test_the_waterfalls_hidden_base_carries_each_deduction(decks, prepared):
    """The invisible series lifts each deduction to where the running total stands."""
    (chart,) = charts_by_title(decks["ribera", "internal"][1])[Labels("es")("chart.waterfall")]
    base, _totals, deductions = chart.series
    running = 0.0
    for step, lift, drop in zip(
        prepared["ribera"].figures.waterfall, base.values, deductions.values, strict=True
    ):
        if step.subtotal:
            running = step.amount
            assert lift is None
        else:
            running += step.amount
            assert lift == pytest.approx(running) and drop == -step.amount
    assert base.format.fill.type == MSO_FILL_TYPE.BACKGROUND  # no fill: the bars float


def test_the_theme_colours_the_charts_and_titles(prepared):
    p = prepared["themed"]
    prs = Presentation(io.BytesIO(deck_bytes(p.doc, p.figures)))
    chart = next(s.chart for slide in prs.slides for s in slide.shapes if s.has_chart)
    assert str(chart.series[0].format.fill.fore_color.rgb) == "4A2C6F"
    title = prs.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title.font.color.rgb) == "4A2C6F"
    assert title.font.name == "Source Serif 4"


# --- the customer edition --------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_customer_deck_has_no_internal_slide_or_string(decks, prepared, name):
    doc, figures = prepared[name].doc, prepared[name].figures
    t = Labels(doc.locale)
    f = Formatter(babel_locale(doc.locale), doc.currency)
    data, prs = decks[name, "customer"]
    shown = titles(prs)
    for key in INTERNAL_SLIDES:
        assert t(key) not in shown
        assert t(key) in titles(decks[name, "internal"][1])
    text = package_text(data)
    profit = [f.money(s.amount) for s in figures.waterfall if s.key != "profit.revenue"]
    attitudes = [t.enum("attitude", a) for a in ("champion", "supporter", "skeptic", "opponent")]
    internal = [
        *profit,
        *attitudes,
        t("heading.rewards"),
        t("figure.rewards_budget"),
        t("figure.net_profit"),
    ]
    found = [s for s in internal if re.search(rf"\b{re.escape(s)}\b", text)]
    assert found == []
    headers = [
        [cell.text for cell in shape.table.rows[0].cells]
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_table
    ]
    assert [t("col.action"), t("col.owner"), t("col.due"), t("col.status")] in headers
    assert not [h for h in headers if t("col.cost") in h]  # what our actions cost
    # ... which the internal deck does show
    inside = package_text(decks[name, "internal"][0])
    assert all(s in inside for s in [f.money(figures.waterfall[-1].amount), *attitudes])


def test_an_unknown_edition_is_refused(prepared):
    p = prepared["ribera"]
    with pytest.raises(ValueError, match="edition must be one of internal, customer"):
        deck_bytes(p.doc, p.figures, edition="public")


# --- fit -------------------------------------------------------------------------------


def test_the_estimator_wraps_between_words():
    assert fit.lines("short", 200, 12) == 1
    long = "word " * 40
    assert fit.lines(long, 100, 12) > fit.lines(long, 300, 12) > 1
    assert fit.lines("a\nb\nc", 300, 12) == 3
    assert fit.lines("x" * 200, 100, 12) >= 200 * 0.5 * 12 / 100  # a long word is broken
    assert fit.height_pt([("a", 10, False), ("b", 20, True)], 300) == pytest.approx(36)


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert (
        fit.shorten("Auditoría de causas de los pedidos urgentes", 30)
        == "Auditoría de causas de los…"
    )
    assert fit.shorten("corto", 30) == "corto"
    assert (
        fit.plain("**Kits** por [procedimiento](http://x)\n- y *más*")
        == "Kits por procedimiento y más"
    )


def misfits(prs) -> list[str]:
    """Every text box, placeholder or table whose estimated text is taller than it, or
    that leaves the slide, or lets PowerPoint shrink its text."""
    wrong = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            where = f"slide {number} {shape.name}"
            if (
                shape.left + shape.width > prs.slide_width
                or shape.top + shape.height > prs.slide_height
            ):
                wrong.append(f"{where}: off the slide")
            if shape.has_text_frame and shape.text_frame.text.strip():
                if shape.text_frame.auto_size != MSO_AUTO_SIZE.NONE:
                    wrong.append(f"{where}: auto-fit {shape.text_frame.auto_size}")
                if (over := fit.frame_overflow(shape)) > 0:
                    wrong.append(f"{where}: {over:.1f} pt too tall: {shape.text_frame.text[:40]!r}")
            if shape.has_table and (over := fit.table_overflow(shape)) > 0:
                wrong.append(f"{where}: table {over:.1f} pt taller than its frame")
    return wrong


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_text_fits_its_box_with_auto_fit_off(decks, name, edition):
    assert misfits(decks[name, edition][1]) == []


def test_the_estimator_catches_a_box_too_small():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(0, 0, pptx.util.Inches(2), pptx.util.Inches(0.5))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "A text far too long for a box this small, wrapped over many lines"
    run.font.size = pptx.util.Pt(14)
    assert fit.frame_overflow(box) > 0


def test_a_long_plan_is_split_across_slides_and_the_rest_counted(prepared):
    """40 actions: the timeline on two slides of 20 bars, the open ones over two slides
    of top actions, and a note of those left over; 24 customer objectives and 30 KPIs
    on one slide each, 12 of 36 contacts on the map, with a note of the rest: 14
    slides."""
    from kam.analysis import analyze

    p = prepared["ribera"]
    actions = p.doc.plan.action_review.actions
    many = [
        a.model_copy(update={"id": f"x{i}", "status": "not_started"})
        for i in range(40)
        for a in actions[:1]
    ]
    review = p.doc.plan.action_review.review
    kpis = [k.model_copy(update={"kpi": f"{k.kpi} {i}"}) for i in range(5) for k in review.kpis]
    review = review.model_copy(update={"kpis": kpis})
    ar = p.doc.plan.action_review.model_copy(update={"actions": many, "review": review})
    position = p.doc.plan.current_position
    people = [c.model_copy(update={"id": f"c{i}"}) for i in range(3) for c in position.contacts]
    position = position.model_copy(update={"contacts": people})  # 36: 12 on the map
    wants = p.doc.analysis.customer_objectives * 4
    analysis = p.doc.analysis.model_copy(update={"customer_objectives": wants})
    plan = p.doc.plan.model_copy(update={"action_review": ar, "current_position": position})
    doc = p.doc.model_copy(update={"plan": plan, "analysis": analysis})
    figures = analyze(doc, p.loaded.tables, p.figures.when)
    prs = Presentation(io.BytesIO(deck_bytes(doc, figures)))
    shown = titles(prs)
    assert shown.count("El plan de acción (1/2)") == shown.count("El plan de acción (2/2)") == 1
    assert "Acciones principales (1/2)" in shown and "Acciones principales (2/2)" in shown
    assert len(shown) == 14  # every list at its most: within 10 to 15
    assert misfits(prs) == []
    objectives = prs.slides[shown.index("Los objetivos de nuestro cliente")]
    assert any(re.fullmatch(r"… y \d+ más en el plan\.", x) for x in slide_texts(objectives))
    assert "… y 24 más en el plan." in slide_texts(prs.slides[shown.index("Mapa de relaciones")])
    last = prs.slides[shown.index("Acciones principales (2/2)")]
    rows = [
        len(s.table.rows) - 1
        for s in prs.slides[shown.index("Acciones principales (1/2)")].shapes
        if s.has_table
    ]
    shown_rows = rows[0] + [len(s.table.rows) - 1 for s in last.shapes if s.has_table][0]
    note = f"… y {40 - shown_rows} más en el plan."
    assert note in slide_texts(last)


# --- the logo, actuals ----------------------------------------------------------------


def test_a_raster_logo_is_on_the_title_slide_an_svg_one_left_out(prepared, tmp_path):
    from PIL import Image

    from kam.load.images import Logo

    p = prepared["brightfield"]
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f3a5f").save(png, "PNG")
    logo = Logo(tmp_path / "logo.png", png.getvalue(), "image/png")
    prs = Presentation(io.BytesIO(deck_bytes(p.doc, p.figures, logo=logo)))
    pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.blob == png.getvalue()
    for slide in list(prs.slides)[1:]:  # beside each slide's title, never under it
        (mark,) = [s for s in slide.shapes if s.shape_type == 13]
        title = slide.shapes.title
        assert title.left + title.width < mark.left
        assert mark.left + mark.width <= prs.slide_width and mark.width <= pptx.util.Inches(2)
    assert misfits(prs) == []
    assert p.loaded.logo.media_type == "image/svg+xml"  # the example's own: no picture
    svg = Presentation(io.BytesIO(deck_bytes(p.doc, p.figures, logo=p.loaded.logo)))
    assert not [s for s in svg.slides[0].shapes if s.shape_type == 13]


def test_the_timelines_months_in_the_documents_language():
    from kam.deck.charts import month_format

    def fmt(code):
        return month_format(Formatter(babel_locale(code), "EUR"))

    assert fmt("es") == "[$-C0A]mmm yy"
    assert fmt("es-MX") == "[$-80A]mmm yy"
    assert fmt("es-CR") == "[$-C0A]mmm yy"  # a region not listed: its language's
    assert fmt("en") == "[$-409]mmm yy"
    assert fmt("en-GB") == "[$-809]mmm yy"


# --- reproducible bytes ----------------------------------------------------------------


def test_two_builds_give_one_sha256(prepared, tmp_path):
    p = prepared["ribera"]
    one, two = tmp_path / "one.pptx", tmp_path / "two.pptx"
    write_deck(p.doc, p.figures, one, logo=p.loaded.logo)
    write_deck(p.doc, p.figures, two, logo=p.loaded.logo)
    digest = [hashlib.sha256(x.read_bytes()).hexdigest() for x in (one, two)]
    assert digest[0] == digest[1]
    props = Presentation(one).core_properties
    assert props.created == props.modified == dt.datetime(2026, 11, 27)
    assert props.author == props.last_modified_by == "kam" and props.revision == 1
    with zipfile.ZipFile(one) as z:
        names = z.namelist()
        assert names == sorted(names) and names[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 27, 0, 0, 0)}
        book = next(n for n in names if n.endswith(".xlsx"))
        with zipfile.ZipFile(io.BytesIO(z.read(book))) as inner:
            core = inner.read("docProps/core.xml").decode()
            assert "2026-11-27T00:00:00Z" in core


def test_the_deck_is_dated_by_when(prepared):
    p = prepared["ribera"]
    data = deck_bytes(p.doc, p.figures, when=dt.date(2027, 1, 15))
    prs = Presentation(io.BytesIO(data))
    assert prs.core_properties.created == dt.datetime(2027, 1, 15)
    assert "15 de enero de 2027 · Edición interna" in "\n".join(slide_texts(prs.slides[0]))


# --- LibreOffice ----------------------------------------------------------------------


def test_libreoffice_renders_the_deck(decks, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")
    from pypdf import PdfReader

    data, prs = decks["brightfield", "customer"]
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(deck)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = PdfReader(tmp_path / "deck.pdf")
    assert len(pdf.pages) == len(prs.slides)
    assert "The account at a glance" in pdf.pages[1].extract_text()


def test_actuals_are_shown_with_their_period_and_status(prepared):
    """An objective's and a KPI's latest actual (Figures.progress): in their tables with
    their period, coloured by their status, and the way covered in the chart."""
    from kam.analysis import analyze

    p = prepared["brightfield"]
    strategy = p.doc.plan.company_strategy
    first = strategy.objectives[0].model_copy(update={"actuals": {"2027-Q1": 4_980_000}})
    strategy = strategy.model_copy(update={"objectives": [first, *strategy.objectives[1:]]})
    review = p.doc.plan.action_review.review
    kpi = review.kpis[0].model_copy(update={"actuals": {"2027-03": 1_000_000}})
    review = review.model_copy(update={"kpis": [kpi, *review.kpis[1:]]})
    ar = p.doc.plan.action_review.model_copy(update={"review": review})
    plan = p.doc.plan.model_copy(update={"company_strategy": strategy, "action_review": ar})
    doc = p.doc.model_copy(update={"plan": plan})
    figures = analyze(doc, p.loaded.tables, p.figures.when)
    objective, indicator = (
        next(x for x in figures.progress if x.kind == kind) for kind in ("objective", "kpi")
    )
    prs = Presentation(io.BytesIO(deck_bytes(doc, figures)))
    slide = prs.slides[titles(prs).index("Our objectives and progress")]
    table = next(s.table for s in slide.shapes if s.has_table)
    assert [c.text for c in table.rows[0].cells] == [
        "Objective",
        "Baseline → target",
        "Actual",
        "Deadline",
    ]
    assert [c.text for c in table.rows[1].cells][1:] == [
        "$4,612,380 → $5,450,000",
        "$4,980,000 (2027-Q1)",
        "Dec 31, 2027",
    ]
    fills = {"on_track": "DCEFE3", "at_risk": "FBEED5", "off_track": "F6DCDC"}
    assert str(table.cell(1, 2).fill.fore_color.rgb) == fills[objective.status]
    assert table.rows[2].cells[2].text == "—"
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    assert [s.name for s in chart.series] == [
        "Share of each objective's actions done",
        "Share of the way to the target covered",
    ]
    assert list(chart.series[1].values) == [objective.reached] + [None] * 5
    slide = prs.slides[titles(prs).index("The indicators we follow")]
    table = next(s.table for s in slide.shapes if s.has_table)
    assert table.cell(1, 3).text == "$1,000,000 (2027-03)"
    assert str(table.cell(1, 3).fill.fore_color.rgb) == fills[indicator.status]


# --- documents that give little --------------------------------------------------------


def test_a_document_with_only_its_cover_gives_a_title_and_a_glance(tmp_path):
    entry = tmp_path / "account.yaml"
    entry.write_text(
        "kam: 1\nlocale: en-GB\ncurrency: GBP\ndate: 2026-11-27\n"
        "company: {name: Kestrel}\naccount: {name: Harbour, industry: Bakery}\n",
        encoding="utf-8",
    )
    p, problems = prepare(entry)
    assert p is not None, problems
    prs = Presentation(io.BytesIO(deck_bytes(p.doc, p.figures, edition="customer")))
    assert titles(prs) == ["Key account plan", "The account at a glance"]
    assert "Industry: Bakery" in slide_texts(prs.slides[1])[-1]
    assert "27 November 2026 · Customer edition" in "\n".join(slide_texts(prs.slides[0]))


def test_a_loss_making_account_gets_plain_signed_columns(prepared):
    """A P&L that goes below zero cannot float on a hidden base: its steps are drawn as
    signed columns, still the computed amounts."""
    from kam.analysis.profitability import waterfall

    p = prepared["ribera"]
    profitability = p.doc.analysis.profitability.model_copy(update={"account_team_cost": 400_000})
    steps = waterfall(profitability)
    assert steps[-1].amount < 0
    figures = type(p.figures)(**{**p.figures.__dict__, "waterfall": steps})
    prs = Presentation(io.BytesIO(deck_bytes(p.doc, figures)))
    (chart,) = charts_by_title(prs)[Labels("es")("chart.waterfall")]
    totals, signed = chart.series
    assert list(totals.values) == [s.amount if s.subtotal else None for s in steps]
    assert list(signed.values) == [None if s.subtotal else s.amount for s in steps]
