"""The daily report for the center's head: the day's and the period's figures on A4.

A title, the key figures in a row of boxes, the confirmations per day as stacked bars, then one
table per figure (levels, majors, refusal reasons, photos, records by state, exam sessions).
The report holds counts only, never a person. Its words come ready in the reader's language
(services/daily_report.py); a table that does not fit the rest of a page starts a new page,
and every page is numbered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learncenter.documents.files import write_atomically
from learncenter.documents.fonts import FontSet, cjk_fonts
from learncenter.documents.layout import CONTENT, MM, PAGE_HEIGHT, Box, draw_cell, draw_line, new_canvas

ROW = 6.5 * MM
CHART_HEIGHT = 45 * MM
CONFIRMED_RGB = (0.18, 0.49, 0.20)
REFUSED_RGB = (0.78, 0.16, 0.16)


@dataclass(frozen=True)
class ReportTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the page's width, one per column


@dataclass(frozen=True)
class DailyReportData:
    title: str
    center: str
    period: str  # the line under the title: the day and the period
    key_figures: tuple[tuple[str, str], ...]  # (label, value) boxes
    days: tuple[tuple[str, int, int], ...]  # (day label, confirmed, refused) for the chart
    chart_title: str
    legend: tuple[str, str]  # confirmed, refused
    tables: tuple[ReportTable, ...]
    footer: str  # "printed ..."; the page number follows
    page_label: str  # "page {page} of {pages}" with those two fields
    lang: str = "zh"


class _Pages:
    """A cursor down the pages: ``need`` starts a new page when the space left is too small."""

    def __init__(self, canvas: Any, fonts: FontSet, data: DailyReportData) -> None:
        self.canvas, self.fonts, self.data = canvas, fonts, data
        self.y = CONTENT.top
        self.page = 1

    def need(self, height: float) -> None:
        if self.y - height < CONTENT.y + 8 * MM:
            self.canvas.showPage()
            self.page += 1
            self.y = CONTENT.top


def _key_figures(pages: _Pages) -> None:
    figures = pages.data.key_figures
    pages.need(18 * MM)
    width = CONTENT.width / max(1, len(figures))
    for n, (label, value) in enumerate(figures):
        box = Box(CONTENT.x + n * width, pages.y - 16 * MM, width, 16 * MM)
        draw_cell(pages.canvas, pages.fonts, Box(box.x, box.y + 9 * MM, box.width, 7 * MM), label, size=8.5, label=True)
        draw_cell(pages.canvas, pages.fonts, Box(box.x, box.y, box.width, 9 * MM), value, size=14)
    pages.y -= 22 * MM


def _chart(pages: _Pages) -> None:
    data, canvas, fonts = pages.data, pages.canvas, pages.fonts
    pages.need(CHART_HEIGHT + 16 * MM)
    draw_line(canvas, fonts, data.chart_title, CONTENT.x, pages.y - 5 * MM, 11, bold=True)
    plot = Box(CONTENT.x + 12 * MM, pages.y - CHART_HEIGHT - 8 * MM, CONTENT.width - 12 * MM, CHART_HEIGHT - 4 * MM)
    most = max((c + r for _d, c, r in data.days), default=0) or 1
    slot = plot.width / max(1, len(data.days))
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.line(plot.x, plot.y, plot.right, plot.y)
    canvas.line(plot.x, plot.y, plot.x, plot.top)
    label_every = max(1, -(-len(data.days) // 15))  # at most about fifteen day labels
    for n, (day, confirmed, refused) in enumerate(data.days):
        x = plot.x + n * slot + slot * 0.15
        low = confirmed / most * plot.height
        high = refused / most * plot.height
        canvas.setFillColorRGB(*CONFIRMED_RGB)
        if low:
            canvas.rect(x, plot.y, slot * 0.7, low, stroke=0, fill=1)
        canvas.setFillColorRGB(*REFUSED_RGB)
        if high:
            canvas.rect(x, plot.y + low, slot * 0.7, high, stroke=0, fill=1)
        canvas.setFillGray(0)
        if n % label_every == 0:
            draw_line(canvas, fonts, day, x + slot * 0.35, plot.y - 3.5 * MM, 6.5, align="center")
    canvas.restoreState()
    draw_line(canvas, fonts, str(most), plot.x - 1.5 * MM, plot.top - 2 * MM, 7, align="right")
    draw_line(canvas, fonts, "0", plot.x - 1.5 * MM, plot.y, 7, align="right")
    legend_y = plot.y - 8 * MM
    for n, (name, rgb) in enumerate(zip(data.legend, (CONFIRMED_RGB, REFUSED_RGB), strict=True)):
        x = plot.x + n * 40 * MM
        canvas.saveState()
        canvas.setFillColorRGB(*rgb)
        canvas.rect(x, legend_y, 3 * MM, 3 * MM, stroke=0, fill=1)
        canvas.restoreState()
        draw_line(canvas, fonts, name, x + 4.5 * MM, legend_y + 0.4 * MM, 8.5)
    pages.y = legend_y - 6 * MM


def _table(pages: _Pages, table: ReportTable) -> None:
    canvas, fonts = pages.canvas, pages.fonts
    widths = [CONTENT.width * share / sum(table.widths) for share in table.widths]
    pages.need(8 * MM + ROW * min(len(table.rows) + 1, 4))  # a title never stands alone at a page's foot
    draw_line(canvas, fonts, table.title, CONTENT.x, pages.y - 5 * MM, 11, bold=True)
    pages.y -= 7 * MM
    header = True
    for row in (table.headers, *table.rows):
        if not header:
            pages.need(ROW)
        line = Box(CONTENT.x, pages.y - ROW, CONTENT.width, ROW)
        for cell, text in zip(line.columns(widths), row, strict=True):
            draw_cell(canvas, fonts, cell, text, size=9, label=header)
        pages.y -= ROW
        header = False
    pages.y -= 5 * MM


def render_daily_report(data: DailyReportData, *, fonts: FontSet | None = None) -> bytes:
    """The report as PDF bytes. Laid out twice: the first pass counts the pages, so that every
    footer can say "page n of N"."""
    fonts = fonts or cjk_fonts()
    pages, _ = _layout(data, fonts, total=0)
    return _layout(data, fonts, total=pages)[1]


def _layout(data: DailyReportData, fonts: FontSet, total: int) -> tuple[int, bytes]:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title=data.title, subject=data.period, lang=data.lang)
    pages = _Pages(canvas, fonts, data)

    def on_page_end() -> None:
        y = CONTENT.y
        draw_line(canvas, fonts, data.footer, CONTENT.x, y, 8)
        draw_line(canvas, fonts, data.page_label.format(page=pages.page, pages=total), CONTENT.right, y, 8,
                  align="right")

    show_page = canvas.showPage

    def show_page_with_footer() -> None:  # every page ends with its footer, however it ends
        on_page_end()
        show_page()

    canvas.showPage = show_page_with_footer
    draw_line(canvas, fonts, data.title, CONTENT.x + CONTENT.width / 2, PAGE_HEIGHT - CONTENT.y - 8 * MM, 18,
              align="center", bold=True)
    draw_line(canvas, fonts, data.center, CONTENT.x + CONTENT.width / 2, PAGE_HEIGHT - CONTENT.y - 15 * MM, 11,
              align="center")
    draw_line(canvas, fonts, data.period, CONTENT.x + CONTENT.width / 2, PAGE_HEIGHT - CONTENT.y - 21 * MM, 10,
              align="center")
    pages.y = PAGE_HEIGHT - CONTENT.y - 26 * MM
    _key_figures(pages)
    _chart(pages)
    for table in data.tables:
        _table(pages, table)
    canvas.showPage()
    canvas.save()
    return pages.page, buffer.getvalue()


def write_daily_report(data: DailyReportData, path: Path, *, fonts: FontSet | None = None) -> None:
    """Render and save atomically (see :mod:`files`)."""
    write_atomically(render_daily_report(data, fonts=fonts), path)
