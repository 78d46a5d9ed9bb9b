"""Charts are deterministic, valid SVG, and carry their figures in the alt text."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from kam.analysis import history
from kam.load.tables import PeriodKey, PurchaseData
from kam.render import charts as chartviews
from kam.render import svg as charts
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels


def test_nice_ticks_cover_the_range_with_round_steps():
    assert charts.nice_ticks(0, 4_612_380) == [
        0,
        1_000_000,
        2_000_000,
        3_000_000,
        4_000_000,
        5_000_000,
    ]
    assert charts.nice_ticks(-340, 630) == [-400, -200, 0, 200, 400, 600, 800]
    assert charts.nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1.0]


def test_svg_is_well_formed_escaped_and_reproducible():
    svg = charts.stacked_bars(
        "Ventas <2025> & más", ["2024", "2025"], [("A&B", [1, 2]), ("C", [3, 0])], str
    )
    assert svg == charts.stacked_bars(
        "Ventas <2025> & más", ["2024", "2025"], [("A&B", [1, 2]), ("C", [3, 0])], str
    )
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Ventas <2025> & más"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "A&B" in texts and "4" in texts  # legend entry, total of 2024
    assert "href" not in svg and "<script" not in svg


def test_history_chart_alt_text_lists_the_yearly_figures():
    data = PurchaseData()
    data.add(PeriodKey(2024, 1, 1), "A", 1000.0)
    data.add(PeriodKey(2025, 1, 1), "A", 2500.0)
    view = history.purchase_history(data, [])
    f = Formatter(babel_locale("en"), "USD")
    chart = chartviews.revenue_by_year(view, Labels("en"), f)
    assert chart.alt == "Revenue by year and product. 2024: $1,000; 2025: $2,500."
    svg = base64.b64decode(chart.uri.split(",", 1)[1]).decode()
    assert "$2.5K" in svg  # bar total, compact money in the locale


def test_waterfall_chart_bars_float_between_levels():
    """One row a step: the cost floats from the revenue's end back to the net's."""
    svg = charts.waterfall("W", [("Rev", 100, True), ("Cost", -40, False), ("Net", 60, True)], str)
    rects = ET.fromstring(svg).findall("{http://www.w3.org/2000/svg}rect")
    spans = [(float(r.get("x")), float(r.get("x")) + float(r.get("width"))) for r in rects]
    (rev0, rev1), (cost0, cost1), (net0, net1) = spans
    assert rev0 == net0 < cost0  # subtotals from zero
    assert abs(cost1 - rev1) < 0.01 and abs(cost0 - net1) < 0.01  # the cost bridges them
    assert abs((cost1 - cost0) / (rev1 - rev0) - 0.4) < 0.01
