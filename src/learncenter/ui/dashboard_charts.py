"""The dashboard's charts: bar charts from QtCharts, filled from plain lists of labels and counts.

Each chart is a ``QChartView`` made once and refilled on every refresh (a new series, the axes
replaced), so the page keeps its layout while the figures change. Bars carry their count as a
label where there is room; a chart of nothing says so in its title rather than drawing axes
around an empty plot.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

COLOURS = ("#2e7d32", "#c62828", "#1565c0", "#ef6c00", "#6a1b9a")  # confirmed, refused, then others
MIN_HEIGHT = 260
TITLE = "learncenter_title"  # the chart's own title, kept while the shown one says it is empty
CROWDED = 10  # more categories than this under vertical bars: their labels stand on end
LABEL_WIDTH = 26  # half-widths of a category's name beside a horizontal bar


def chart_view(title: str) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.setProperty(TITLE, title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(MIN_HEIGHT)
    return view


def short(name: str, most: int = LABEL_WIDTH) -> str:
    """A category's name cut to ``most`` half-widths (a Chinese character is two) to fit beside a
    bar; the sheet and the report have it whole."""
    width = 0
    for n, character in enumerate(name):
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if width > most:
            return name[:n].rstrip() + "…"
    return name


def fill_bars(view: QChartView, categories: Sequence[str], sets: Sequence[tuple[str, Sequence[int]]], *,
              horizontal: bool = False, stacked: bool = False, first_colour: int = 0, empty: str = "") -> None:
    """Replace the chart's bars: one bar set per (name, counts), one count per category, coloured
    from :data:`COLOURS` starting at ``first_colour``. Stacked bars carry no count labels (a
    thin segment's label would sit on its neighbour's); the axis gives their size. With nothing
    to draw, the title says ``empty`` instead of axes around an empty plot."""
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    title = str(chart.property(TITLE))
    if not categories or not any(any(counts) for _name, counts in sets):
        chart.setTitle(f"{title} — {empty}" if empty else title)
        chart.legend().setVisible(False)
        return
    chart.setTitle(title)
    series: QAbstractBarSeries
    if horizontal:
        series = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    else:
        series = QStackedBarSeries() if stacked else QBarSeries()
    for n, (name, counts) in enumerate(sets):
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(COLOURS[(first_colour + n) % len(COLOURS)]))
        bar_set.append([float(c) for c in counts])
        series.append(bar_set)
    columns = [list(column) for column in zip(*(counts for _name, counts in sets), strict=True)]
    most = max((sum(c) if stacked else max(c) for c in columns), default=0)
    series.setLabelsVisible(not stacked and len(categories) <= 16)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([short(c) for c in categories] if horizontal else list(categories))
    names.setTruncateLabels(False)  # a name cut to "…" by the chart says nothing; short() keeps it readable
    if not horizontal and len(categories) > CROWDED:
        names.setLabelsAngle(-90)  # a month of days side by side would overlap
    if horizontal and len(categories) > 8:  # a dozen names beside a dozen bars: smaller letters
        small = QFont(names.labelsFont())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        names.setLabelsFont(small)
    scale = QValueAxis()
    scale.setLabelFormat("%d")
    scale.setRange(0, max(1, most) * 1.15)
    scale.applyNiceNumbers()
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(scale, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(scale)
    chart.legend().setVisible(len(sets) > 1)


def save_png(view: QChartView, path: Path) -> bool:
    """The chart as it is shown, as a PNG file; False if it could not be written."""
    return view.grab().save(str(path), "PNG")
