"""The deck's native charts (python-pptx `chart_data`): the reader clicks a chart and
sees, and edits, its numbers. Each series holds the computed figures as they are
(`Figures`), never rounded or scaled: a test reads them back and compares.
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import get_currency_symbol
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.util import Pt

from kam.analysis.figures import Figures
from kam.analysis.history import History
from kam.analysis.profitability import Step
from kam.deck.layout import INK, Page, rgb
from kam.models import Action
from kam.render.charts import STATUS_COLORS
from kam.render.formats import Formatter
from kam.render.svg import BAD

CHART_SIZE = 11
#: Day 0 of a spreadsheet's date serial numbers: a timeline's bars are dates.
EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_money(f: Formatter) -> str:
    """The spreadsheet number format of whole amounts in the document's currency, the
    symbol where the locale puts it (`#,##0 "€"`, `"$"#,##0`); the viewer's own settings
    give the separators."""
    pattern = f.locale.currency_formats["standard"].pattern.split(";")[0]
    symbol = get_currency_symbol(f.currency, locale=f.locale).replace('"', "")
    before = pattern.strip().startswith("¤")
    spaced = "¤ " in pattern or " ¤" in pattern or "\xa0¤" in pattern or "¤\xa0" in pattern
    gap = " " if spaced else ""
    return f'"{symbol}"{gap}#,##0' if before else f'#,##0{gap}"{symbol}"'


#: Windows locale ids, which tell a spreadsheet's date format the language of its month
#: names (`[$-C0A]mmm yy` → "abr 27"); a region not listed takes its language's first.
LCIDS = {
    "es": {"ES": 0x0C0A, "MX": 0x080A, "AR": 0x2C0A, "CO": 0x240A, "CL": 0x340A, "PE": 0x280A},
    "en": {"US": 0x0409, "GB": 0x0809, "AU": 0x0C09, "CA": 0x1009, "IE": 0x1809, "IN": 0x4009},
}


def month_format(f: Formatter) -> str:
    """The date format of a timeline's axis, in the document's language: `mmm yy`."""
    regions = LCIDS.get(f.locale.language, LCIDS["en"])
    lcid = regions.get(f.locale.territory or "", next(iter(regions.values())))
    return f"[$-{lcid:X}]mmm yy"


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _style(chart, legend: bool, page: Page) -> None:
    chart.font.size = Pt(CHART_SIZE)
    chart.font.name = page.font
    chart.font.color.rgb = INK
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.has_title = False


def history(slide, page: Page, h: History, f: Formatter, box) -> object:
    """Revenue by year, stacked by product: the document's chart, natively."""
    data = CategoryChartData(number_format=excel_money(f))
    data.categories = h.mix_years
    for row in h.mix:
        data.add_series(row.product, row.revenues)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_STACKED, *box, data)
    chart = frame.chart
    _style(chart, True, page)
    chart.plots[0].gap_width = 60
    for i, series in enumerate(chart.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(page.colors[i % len(page.colors)])
    axis = chart.value_axis
    axis.tick_labels.number_format = excel_money(f)
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    return frame


def progress(slide, page: Page, ids: list[str], series: list[tuple[str, list]], box):
    """Our objectives' progress: the share of each one's actions done (Figures.smart)
    and, where the document gives actuals, the share of the way to its target covered
    (Figures.progress), as computed."""
    data = CategoryChartData(number_format="0%")
    data.categories = ids
    for name, values in series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    chart = frame.chart
    _style(chart, len(series) > 1, page)
    chart.category_axis.reverse_order = True
    axis = chart.value_axis
    values = [v for _name, vs in series for v in vs if v is not None]
    if all(0 <= v <= 1 for v in values):
        axis.minimum_scale, axis.maximum_scale = 0, 1
    axis.tick_labels.number_format = "0%"
    axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = "0%"
    plot.data_labels.number_format_is_linked = False
    for i, s in enumerate(chart.series):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = rgb(page.colors[(i + 1) % len(page.colors)])
    return frame


def timeline(
    slide, page: Page, actions: list[Action], names: list[str], f: Formatter, figures: Figures, box
):
    """The action plan as a Gantt chart: a stacked bar whose first series (each
    action's start, as a date serial) is invisible and whose second is its length in
    days; a bar's colour is the action's status, red when overdue (Figures.overdue).
    The date axis takes in the document's date (Figures.when)."""
    when, overdue = figures.when, set(figures.overdue)
    data = CategoryChartData(number_format="0")
    data.categories = names
    starts = [serial(a.start or a.due) for a in actions]
    ends = [serial(a.due or a.start) + 1 for a in actions]
    data.add_series("start", starts)
    data.add_series("days", [e - s for s, e in zip(starts, ends, strict=True)])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *box, data)
    chart = frame.chart
    _style(chart, False, page)
    chart.plots[0].gap_width = 40
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(10)
    axis = chart.value_axis
    axis.minimum_scale = min([*starts, serial(when)]) - 3
    axis.maximum_scale = max([*ends, serial(when)]) + 3
    axis.major_unit = _date_unit(axis.maximum_scale - axis.minimum_scale)
    axis.tick_labels.number_format = month_format(f)
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    axis.tick_label_position = XL_TICK_LABEL_POSITION.HIGH  # dates above the bars
    chart.series[0].format.fill.background()
    bars = chart.series[1]
    for i, action in enumerate(actions):
        color = BAD if action.id in overdue else STATUS_COLORS.get(action.status)
        point = bars.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(color or STATUS_COLORS[None])
    return frame


def _date_unit(days: float) -> int:
    """About one tick a month up to a year and a half, fewer beyond (at most ~12)."""
    unit = 30
    while days / unit > 12:
        unit *= 2
    return unit


def waterfall(slide, page: Page, steps: list[Step], names: list[str], f: Formatter, box):
    """The account's P&L as a waterfall: a stacked column chart whose first series (the
    running total under each deduction) is invisible; subtotals and deductions are the
    two visible series, each step's amount as computed (deductions as positive
    heights). A P&L that goes below zero is drawn as plain signed columns instead."""
    data = CategoryChartData(number_format=excel_money(f))
    data.categories = names
    bases, running, ok = [], 0.0, True
    for s in steps:
        if s.subtotal:
            running = s.amount
            bases.append(None)
        else:
            running += s.amount
            bases.append(running)
        ok = ok and running >= 0
    totals = [s.amount if s.subtotal else None for s in steps]
    deductions = [None if s.subtotal else -s.amount for s in steps]
    if ok:
        data.add_series("base", bases)
    data.add_series("totals", totals)
    signed = [None if s.subtotal else s.amount for s in steps]
    data.add_series("deductions", deductions if ok else signed)
    kind = XL_CHART_TYPE.COLUMN_STACKED if ok else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    _style(chart, False, page)
    chart.plots[0].gap_width = 40
    if not ok:
        chart.plots[0].overlap = 100
    chart.category_axis.tick_labels.font.size = Pt(9)
    axis = chart.value_axis
    axis.tick_labels.number_format = excel_money(f)
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    series = list(chart.series)
    if ok:
        series.pop(0).format.fill.background()
    for s, color in zip(series, (page.colors[0], BAD), strict=True):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = rgb(color)
    return frame
