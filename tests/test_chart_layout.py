"""Chart labels are laid out: none over another, none cut, none outside the picture.

Each chart type is drawn from hostile data (80-character labels, unbroken 40-character
words, hundreds of millions, negative values, many bars) in both locales, then checked
twice: in the SVG itself (every <text>'s box, measured with the estimate the charts lay
out with, lies inside the viewBox and clear of the others; no label ends in "…") and
in a PDF made by WeasyPrint at the width the document shows the chart (no two words
over each other, none off the content box: tests/geometry.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from babel.numbers import get_minus_sign_symbol

import geometry
from conftest import have
from kam.analysis.plan import is_overdue
from kam.analysis.profitability import Step
from kam.models import Action
from kam.render import charts as chartviews
from kam.render import svg as charts
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels

NS = "{http://www.w3.org/2000/svg}"
LOCALES = [("es-ES", "EUR"), ("en-US", "USD")]
LONG = "Transporte regular y urgente de material sanitario entre hospitales y almacenes."  # 80 characters
WORD = "Electroencefalografistasotorrinolaringos"  # 40 characters, no space
MINUS_LIKE = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"

assert len(LONG) == 80 and len(WORD) == 40


def formatter(locale: str, currency: str) -> Formatter:
    return Formatter(babel_locale(locale), currency)


def svg_of(chart: chartviews.Chart) -> str:
    return base64.b64decode(chart.uri.split(",", 1)[1]).decode()


# --- Reading a chart back -----------------------------------------------------------


@dataclass
class Text:
    content: str
    role: str
    box: charts.Box


def box(x: float, y: float, content: str, size: float, anchor: str, bold: bool) -> charts.Box:
    """A line of text's box: its advance width by the charts' own estimate, the font's
    ascent and descent (DejaVu Sans: 0.93 and 0.24 em) about its baseline."""
    width = charts.text_width(content, size, bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return charts.Box(left, y - 0.93 * size, left + width, y + 0.24 * size)


def texts(svg: str) -> tuple[float, float, list[Text]]:
    """The viewBox's width and height and every <text> with its box (a rotated text's
    box turned with it)."""
    root = ET.fromstring(svg)
    _x, _y, width, height = map(float, root.get("viewBox").split())
    found = []
    for node in root.iter(f"{NS}text"):
        content = node.text or ""
        x, y = float(node.get("x")), float(node.get("y"))
        size = float(node.get("font-size"))
        anchor = node.get("text-anchor", "start")
        area = box(x, y, content, size, anchor, node.get("font-weight") == "bold")
        turn = re.fullmatch(r"rotate\(-90 ([\d.]+) ([\d.]+)\)", node.get("transform", ""))
        if turn:  # a quarter turn counterclockwise about (cx, cy)
            cx, cy = float(turn[1]), float(turn[2])
            area = charts.Box(
                cx + (area.y0 - cy), cy - (area.x1 - cx), cx + (area.y1 - cy), cy - (area.x0 - cx)
            )
        found.append(Text(content, node.get("class", ""), area))
    return width, height, found


def layout_problems(svg: str) -> list[str]:
    width, height, found = texts(svg)
    problems = [f"{t.content!r} is cut with an ellipsis" for t in found if "…" in t.content]
    problems += [
        f"{t.content!r} at {t.box} leaves the viewBox 0 0 {width} {height}"
        for t in found
        if t.box.x0 < -0.01
        or t.box.y0 < -0.01
        or t.box.x1 > width + 0.01
        or t.box.y1 > height + 0.01
    ]
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.box.hits(b.box, gap=0):
                problems.append(f"{a.content!r} {a.box} overlaps {b.content!r} {b.box}")
    return problems


def pdf_problems(svg: str, tmp_path, small: bool = False) -> list[str]:
    """The geometry checks on a PDF of an A4 page showing the chart as the document does
    (kam.css: `figure.chart img { width: 100% }`, `.small img { width: 80% }`)."""
    from weasyprint import HTML

    uri = charts.data_uri(svg)
    html = (
        "<html><head><style>@page { size: A4; margin: 20mm 17mm } body { margin: 0 }"
        " img { display: block; width: 100%; height: auto } img.small { width: 80% }"
        f'</style></head><body><img class="{"small" if small else ""}" src="{uri}"></body></html>'
    )
    pdf = tmp_path / "chart.pdf"
    HTML(string=html).write_pdf(pdf)
    pages = geometry.read(pdf)
    problems = [f"off the content box: {w}" for w in geometry.outside(pages)]
    problems += [f"overlapping: {a} and {b}" for a, b in geometry.overlaps(pages)]
    if len(pages) != 1:
        problems.append(f"the chart takes {len(pages)} pages")
    return problems


def check(svg: str, tmp_path, small: bool = False) -> None:
    """The PDF's words (what a reader sees), then the SVG's texts (what the layout meant)."""
    if have("pdftotext"):
        problems = pdf_problems(svg, tmp_path, small)
        assert not problems, "\n".join(problems)
    problems = layout_problems(svg)
    assert not problems, "\n".join(problems)


def by_role(svg: str, role: str) -> list[str]:
    return [t.content for t in texts(svg)[2] if t.role == role]


def all_words_written(svg: str, labels: list[str]) -> bool:
    """Whether every word of `labels` is on the chart, whole: in a label's lines or, for
    a label too long for its place, in the legend that its number points to."""
    shown = " ".join(by_role(svg, "label") + by_role(svg, "legend")).replace("\xa0", " ").split()
    missing = [w for label in labels for w in label.split() if w not in shown]
    assert not missing, missing
    return True


def unit(tick: str) -> str:
    """What a tick writes besides its number: `0,8 M €` → `M €`, `$1.2M` → `$M`."""
    return re.sub(r"[\d.,]", "", tick).replace(" ", " ").strip()


def decimals(tick: str, f: Formatter) -> int:
    number = re.search(r"\d[\d.,]*", tick)[0]
    sep = f.locale.number_symbols["latn"]["decimal"]
    return len(number.split(sep)[1]) if sep in number else 0


# --- Hostile data -------------------------------------------------------------------


def hostile_steps() -> list[Step]:
    """15 steps, from 480 million of revenue down to a loss, with long labels."""
    steps = [Step("", "Facturación bruta del ejercicio", 480_000_000, None, True)]
    steps.append(Step("", WORD, -21_400_000, None, False))
    steps.append(Step("", "Facturación neta", 458_600_000, None, True))
    steps.append(Step("", LONG, -402_501_000, None, False))
    level = 56_099_000
    steps.append(Step("", "Margen bruto", level, None, True))
    for i, amount in enumerate([31_500, 2_600_000, 15_840, 38_000_000, 224_000, 16_200, 6_800]):
        name = [LONG, "Entregas urgentes", WORD, f"{LONG} {i}", "Visitas", "Formación", "Logística inversa y devoluciones"][i]  # fmt: skip
        steps.append(Step("", name, -amount, None, False))
        level -= amount
    steps.append(Step("", "Contribución tras coste de servicio", level, None, True))
    steps.append(Step("", "Coste del equipo de cuenta", -95_000_000, None, False))
    steps.append(Step("", "Beneficio neto de la cuenta", level - 95_000_000, None, True))
    assert len(steps) == 15
    return steps


def hostile_actions() -> list[Action]:
    """40 dated actions over three years, with long and unbroken labels."""
    actions = []
    for i in range(40):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=27 * i)
        text = [LONG, WORD, f"{WORD} {LONG}", "Reunión"][i % 4]
        status = ["done", "in_progress", None, "cancelled"][i % 4]
        actions.append(
            Action(
                id=f"a{i + 1}",
                action=text,
                start=start,
                due=start + dt.timedelta(days=40 + 9 * (i % 7)),
                status=status,
            )
        )
    return actions


def whale_points(n: int = 300) -> list[tuple[float, float]]:
    """A concave curve from (0, 0) up to a peak of 300 % and down to 100 %."""
    points = [(0.0, 0.0)]
    for i in range(1, n + 1):
        share = i / n
        points.append((share, 3.0 * math.sin(math.pi * share * 0.9) + (1 - 3.0 * math.sin(math.pi * 0.9)) * share))  # fmt: skip
    return points


# --- The charts ---------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_waterfall_with_15_long_steps(locale, currency, tmp_path):
    f = formatter(locale, currency)
    svg = svg_of(chartviews.waterfall(hostile_steps(), Labels(locale[:2]), f))
    check(svg, tmp_path)
    assert all_words_written(svg, [s.name for s in hostile_steps()])
    assert svg == svg_of(chartviews.waterfall(hostile_steps(), Labels(locale[:2]), f))


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_waterfall_of_the_examples_sizes(locale, currency, tmp_path):
    """The figures of the Ribera example, whose labels once collided."""
    f = formatter(locale, currency)
    rows = [
        ("Facturación bruta", 1_187_989, True), ("Descuentos y rappels", -59_400, False),
        ("Facturación neta", 1_128_589, True), ("Coste de las ventas", -812_501, False),
        ("Margen bruto", 316_088, True),
        ("Transporte regular (4 hospitales, 3 rutas semanales)", -31_500, False),
        ("Entregas urgentes", -26_350, False), ("Gestión de pedidos (líneas de pedido)", -15_840, False),
        ("Stock en consigna en quirófanos (coste financiero y mermas)", -38_000, False),
        ("Visitas comerciales y clínicas", -22_400, False),
        ("Formación clínica en quirófano y plantas", -16_200, False),
        ("Logística inversa y devoluciones", -6_800, False),
        ("Contribución tras coste de servicio", 158_998, True),
        ("Coste del equipo de cuenta", -95_000, False), ("Beneficio neto de la cuenta", 63_998, True),
    ]  # fmt: skip
    svg = charts.waterfall("W", rows, f.compact_money, axis=f.money_axis)
    check(svg, tmp_path)
    assert all_words_written(svg, [label for label, _amount, _subtotal in rows])
    assert not by_role(svg, "key")  # no label needed a number: each has a row to wrap in


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_stacked_bars_with_long_categories_and_series(locale, currency, tmp_path):
    f = formatter(locale, currency)
    categories = [LONG, WORD, "2025", f"{LONG} B", "2027", "2028"]
    series = [
        (name, [v * (k + 1) * 1_000_000 for v in (90, 140, 60, 150, 120, 110)])
        for k, name in enumerate([LONG, WORD, "Curas avanzadas", "Guantes y EPI", "Drenajes"])
    ]
    svg = charts.stacked_bars("S", categories, series, f.compact_money, axis=f.money_axis)
    check(svg, tmp_path)
    assert all_words_written(svg, categories + [name for name, _values in series])


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_stacked_bars_with_36_months(locale, currency, tmp_path):
    f = formatter(locale, currency)
    months = [f"{m} {2024 + i // 12}" for i, m in enumerate(["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"] * 3)]  # fmt: skip
    series = [("A", [700_000 + 9_000 * i for i in range(36)]), ("B", [100_000.0] * 36)]
    svg = charts.stacked_bars("S", months, series, f.compact_money, axis=f.money_axis)
    check(svg, tmp_path)


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_line_chart_with_negative_margins(locale, currency, tmp_path):
    f = formatter(locale, currency)
    years = [str(2014 + i) for i in range(12)]
    values = [0.12, -0.051, -0.049, 0.3, 0.31, None, 0.305, -0.12, 0.0, 0.02, 0.021, 0.5]
    svg = charts.line_chart(
        "L", years, values, lambda v: f.percent(v, 1), width=chartviews.SMALL,
        height=180, axis=f.percent_axis,
    )  # fmt: skip
    check(svg, tmp_path, small=True)


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_whale_curve_with_a_long_key_name(locale, currency, tmp_path):
    f = formatter(locale, currency)
    for key in [(0.02, 0.3), (0.98, 1.05), (0.5, 2.9)]:
        svg = charts.whale_curve(
            "W", whale_points(), key, lambda v: f.percent(v, 0), "x", "y", LONG,
            axis=f.percent_axis,
        )  # fmt: skip
        check(svg, tmp_path)
        assert all_words_written(svg, [LONG])


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_bubble_matrix_labels_do_not_collide(locale, currency, tmp_path):
    t = Labels(locale[:2])
    names = {q: t(f"quadrant.{q}") for q in ("strategic", "star", "status", "streamline")}
    bubbles = [
        charts.Bubble(str(3 + (x * y) % 40), x, y, 1_000 * (x + y), False, 3 + (x * y) % 40)
        for x in range(1, 11)
        for y in range(1, 11)
    ]
    for key_at in [(10, 10), (1, 1), (6, 9), (10, 1)]:
        key = charts.Bubble(LONG, *key_at, 50_000, True)
        for threshold in (5.5, 1.6, 9.4):
            svg = charts.bubble_matrix(
                "M", [*bubbles, key], threshold, names, t("col.relative_strength"),
                t("col.attractiveness"),
            )  # fmt: skip
            check(svg, tmp_path)
            placed = by_role(svg, "label") + by_role(svg, "key")
            assert placed, "the key account's name (or its number) is on the chart"


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_hbars_with_long_labels_and_large_signed_values(locale, currency, tmp_path):
    f = formatter(locale, currency)
    rows = [(LONG, -412_345_678), (WORD, 398_765_432), ("Fiabilidad", -5), (f"{WORD} {LONG}", 0)]
    rows += [(f"Factor {i}", (-1) ** i * 37_000_000 * i) for i in range(8)]
    svg = charts.hbars("H", rows, f.money, chartviews.SMALL)
    check(svg, tmp_path, small=True)
    assert all_words_written(svg, [label for label, _value in rows])
    svg = charts.hbars("H", rows, f.money, chartviews.SMALL, signed_colors=False)
    check(svg, tmp_path, small=True)


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_gantt_with_40_long_tasks(locale, currency, tmp_path):
    f = formatter(locale, currency)
    t = Labels(locale[:2])
    today = dt.date(2026, 6, 30)
    late = [a.id for a in hostile_actions() if is_overdue(a, today)]
    chart = chartviews.timeline(hostile_actions(), today, t, f, overdue=late)
    svg = svg_of(chart)
    check(svg, tmp_path)
    assert all_words_written(svg, [f"{a.id} · {a.action}" for a in hostile_actions()])
    assert len(by_role(svg, "tick-x")) >= 4  # months, as many as fit side by side


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_gantt_of_one_year_labels_every_month_that_fits(locale, currency, tmp_path):
    f = formatter(locale, currency)
    actions = [
        Action(id=f"a{i}", action=LONG, start=dt.date(2026, 1, 1) + dt.timedelta(days=30 * i),
               due=dt.date(2026, 2, 1) + dt.timedelta(days=30 * i))
        for i in range(12)
    ]  # fmt: skip
    today = dt.date(2026, 12, 31)
    late = [a.id for a in actions if is_overdue(a, today)]
    svg = svg_of(chartviews.timeline(actions, today, Labels(locale[:2]), f, overdue=late))
    check(svg, tmp_path)
    assert "…" not in svg


# --- Units, signs, words ------------------------------------------------------------


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
@pytest.mark.parametrize("top", [1_187_989, 4_612_380, 812_000, 480_000_000, 3_200_000_000])
def test_the_ticks_of_an_axis_share_one_unit_and_one_number_of_decimals(locale, currency, top):
    f = formatter(locale, currency)
    svg = charts.stacked_bars("S", ["2024", "2025"], [("A", [top / 3, top])], f.compact_money, axis=f.money_axis)  # fmt: skip
    ticks = by_role(svg, "tick-y")
    assert len({unit(t) for t in ticks}) == 1, ticks
    assert len({decimals(t, f) for t in ticks}) == 1, ticks
    steps = [("Rev", top, True), ("Cost", -top * 0.7, False), ("Net", top * 0.3, True)]
    ticks = by_role(charts.waterfall("W", steps, f.compact_money, axis=f.money_axis), "tick-x")
    assert len({unit(t) for t in ticks}) == 1, ticks
    assert len({decimals(t, f) for t in ticks}) == 1, ticks


def test_the_ribera_axis_is_in_millions():
    f = formatter("es-ES", "EUR")
    ticks = [
        f.money_axis(charts.nice_ticks(0, 1_187_989))(t) for t in charts.nice_ticks(0, 1_187_989)
    ]
    assert ticks[-2:] == ["1,0\xa0M\xa0€", "1,2\xa0M\xa0€"]
    assert all(t.endswith("M\xa0€") for t in ticks)


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_negative_labels_use_the_locales_minus_sign(locale, currency):
    f = formatter(locale, currency)
    minus = get_minus_sign_symbol(f.locale)
    others = MINUS_LIKE.replace(minus, "")
    svg = svg_of(chartviews.waterfall(hostile_steps(), Labels(locale[:2]), f))
    negatives = [v for v in by_role(svg, "value") + by_role(svg, "tick-x") if any(c in MINUS_LIKE for c in v)]  # fmt: skip
    assert negatives
    for value in negatives:
        assert minus in value and not any(c in others for c in value), value


@pytest.mark.parametrize(("locale", "currency"), LOCALES)
def test_every_negative_number_has_the_same_minus_the_locales(locale, currency):
    """Percentage points beside percentages (the product mix table): one minus sign."""
    f = formatter(locale, currency)
    minus = get_minus_sign_symbol(f.locale)
    others = MINUS_LIKE.replace(minus, "")
    for value in (f.points(-5.9), f.money(-42), f.percent(-0.123), f.compact_money(-31_500)):
        assert minus in value and not any(c in others for c in value), value
    axis = f.money_axis([-2_000_000, 0, 2_000_000])
    assert axis(-2_000_000).count(minus) == 1
    assert f.points(-5.9).startswith(minus) and f.points(0.01) == f"±{f.number(0, 1)}"


def test_numbers_keep_their_unit_on_their_line():
    assert charts._words("Coste 10 % del total, 1,2\xa0M\xa0€ y 5 €") == [
        "Coste", "10\xa0%", "del", "total,", "1,2\xa0M\xa0€", "y", "5\xa0€",
    ]  # fmt: skip
    lines = charts.wrap("Coste 10 % del total", charts.text_width("Coste 10", 9), 9)
    assert any("10\xa0%" in line for line in lines) and not any(line[0] == "%" for line in lines)


def test_a_word_wider_than_its_place_is_never_cut():
    assert charts.wrap(WORD, 50, 9) is None
    keys = charts.Keys()
    laid = charts._column([(WORD, False), ("Corto", False)], 50, (9, 8), 3, keys)
    assert laid[0].lines == ("1",) and keys.labels == [WORD]
    assert laid[1].lines == ("Corto",)


def test_text_width_is_not_less_than_dejavu_sans():
    """The estimate never undercuts the font's own advances (a label it says fits, fits)."""
    pytest.importorskip("fontTools")
    from fontTools.ttLib import TTFont

    path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        font = TTFont(path)
    except OSError:
        pytest.skip("DejaVu Sans is not installed")
    cmap, advances, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    for sample in [LONG, WORD, "1.234.567,89 €", "-$812.5K", "WWW MMM %%%", "Ñandú ÁÉÍÓÚ"]:
        true = sum(advances[cmap[ord(c)]][0] for c in sample) / em * 10
        assert true <= charts.text_width(sample, 10) <= true * 1.1, sample
