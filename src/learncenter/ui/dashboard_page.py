"""The administrator's dashboard: how the confirmation window is going, at a glance.

Confirmations and refusals per day, per level and per major, refusals by reason, the photos
retaken, where every record stands (waiting, sent, accepted, returned by the registry), and the
exam sessions' seats and notices, for a period of days (by default since the first record was
sealed). The figures are read in a worker (services.dashboard: counts only, checked against the
signed-in user's role) and the charts refilled when they arrive, so the window never waits.

Each chart saves as a PNG; the figures save as a sheet; the daily report is a PDF for the
center's head (documents/daily_report.py), rendered in a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from learncenter.context import AppContext
from learncenter.domain.codes import level_label
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.domain.refusal_reasons import label as reason_label
from learncenter.domain.roles import SignedIn
from learncenter.services.dashboard import TOP_MAJORS, Dashboard, Figures, state_label, write_figures_sheet
from learncenter.ui import file_dialogs, prompts
from learncenter.ui.dashboard_charts import chart_view, fill_bars, save_png
from learncenter.ui.date_fields import date_edit, day_of, set_day
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
PERIOD_PAUSE_MS = 400  # dates typed or picked: refresh once the person stops changing them


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, dashboard: Dashboard | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._actor = ctx, tasks, actor
        self._dashboard = dashboard or Dashboard(ctx.db, today=ctx.today)
        self.figures: Figures | None = None
        self._period_known = False
        self._reading = False
        self._again = False

        today = ctx.today()
        self.start_edit, self.end_edit = date_edit(today), date_edit(today)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.sheet_button = QPushButton(self.tr("Save the &figures…"))
        self.report_button = QPushButton(self.tr("Daily re&port (PDF)…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period:")))
        top.addWidget(self.start_edit)
        top.addWidget(QLabel(self.tr("to", "between two dates")))
        top.addWidget(self.end_edit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.sheet_button)
        top.addWidget(self.report_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.photos_label = QLabel()
        self.photos_label.setWordWrap(True)

        self.charts: dict[str, QChartView] = {
            "days": chart_view(self.tr("Confirmed and refused per day")),
            "levels": chart_view(self.tr("Per level")),
            "majors": chart_view(self.tr("Per major (the %1 largest)").replace("%1", str(TOP_MAJORS))),
            "refusals": chart_view(self.tr("Refusals by reason")),
            "states": chart_view(self.tr("Where every record stands")),
            "sessions": chart_view(self.tr("Exam sessions: seats and notices")),
        }
        self.charts["majors"].setMinimumHeight(340)  # a dozen majors, each name readable
        self.save_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (name, view) in enumerate(self.charts.items()):
            cell = QVBoxLayout()
            cell.addWidget(view, 1)
            button = QPushButton(self.tr("Save as image…"))
            button.clicked.connect(lambda _checked=False, chart=name: self.save_chart(chart))
            self.save_buttons[name] = button
            under = QHBoxLayout()
            under.addStretch(1)
            under.addWidget(button)
            cell.addLayout(under)
            grid.addLayout(cell, n // 2, n % 2)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.summary)
        body_layout.addWidget(self.photos_label)
        body_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PERIOD_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.start_edit.dateChanged.connect(lambda _d: self._period_changed())
        self.end_edit.dateChanged.connect(lambda _d: self._period_changed())
        self.refresh_button.clicked.connect(self.refresh)
        self.sheet_button.clicked.connect(self.save_figures)
        self.report_button.clicked.connect(self.save_report)
        self._set_actions(False)

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.figures is None and not self._reading:
            self.refresh()

    def _period_changed(self) -> None:
        if self._period_known:
            self._pause.start()

    def period(self) -> tuple[date, date]:
        return day_of(self.start_edit), day_of(self.end_edit)

    def refresh(self) -> None:
        """Read the figures again (the default period the first time)."""
        self._pause.stop()
        if self._reading:  # one read at a time; the newest period is read when it ends
            self._again = True
            return
        self._reading = True
        self.summary.setText(self.tr("Reading the figures…"))
        dashboard, actor = self._dashboard, self._actor
        chosen = self.period() if self._period_known else None

        def read() -> Figures:
            start, end = chosen or dashboard.default_period(actor=actor)
            return dashboard.figures(start, end, actor=actor)

        self._tasks.work(read, self._read, self._failed)

    def _read(self, found: object) -> None:
        assert isinstance(found, Figures)
        self._reading = False
        if not self._period_known:
            self._period_known = True
            set_day(self.start_edit, found.start)
            set_day(self.end_edit, found.end)
        self.figures = found
        self._show(found)
        self._set_actions(True)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        self._again = False
        self._period_known = True  # the dates on screen are now the person's to change
        if isinstance(exc, DomainError):
            self.summary.setText(exc.text(self._ctx.lang))
        else:
            log.error("dashboard: could not read the figures", exc_info=exc)
            self.summary.setText(self.tr("The figures could not be read; try Refresh."))

    def _set_actions(self, ready: bool) -> None:
        for button in (self.sheet_button, self.report_button, *self.save_buttons.values()):
            button.setEnabled(ready)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, found: Figures) -> None:
        lang = self._ctx.lang
        confirmed, refused = self.tr("Confirmed"), self.tr("Refused")
        nothing = self.tr("Nothing in this period.")
        last = found.days[-1]
        self.summary.setText(
            self.tr("%1 to %2: %3 confirmed and %4 refused (on %5: %6 confirmed, %7 refused). "
                    "%8 candidates in the database.")
            .replace("%1", found.start.isoformat()).replace("%2", found.end.isoformat())
            .replace("%3", str(found.confirmed)).replace("%4", str(found.refused))
            .replace("%5", last.day.isoformat()).replace("%6", str(last.confirmed)).replace("%7", str(last.refused))
            .replace("%8", str(found.candidates)))
        photos = found.photos
        self.photos_label.setText(
            self.tr("Photos: %1 of the %2 sealed needed more than one capture (%3 retakes); "
                    "a supervisor accepted %4.")
            .replace("%1", str(photos.retaken)).replace("%2", str(photos.sealed))
            .replace("%3", str(photos.retakes)).replace("%4", str(photos.accepted)))
        day_format = "%m-%d" if found.start.year == found.end.year else "%Y-%m-%d"
        fill_bars(self.charts["days"], [d.day.strftime(day_format) for d in found.days],
                  [(confirmed, [d.confirmed for d in found.days]), (refused, [d.refused for d in found.days])],
                  stacked=True, empty=nothing)
        levels = list(reversed(found.levels))  # the table's first at the top; long English names beside the bars
        fill_bars(self.charts["levels"], [level_label(i.code, lang) or i.code for i in levels],
                  [(confirmed, [i.confirmed for i in levels]), (refused, [i.refused for i in levels])],
                  horizontal=True, empty=nothing)
        majors = list(reversed(found.majors[:TOP_MAJORS]))  # the largest at the top
        fill_bars(self.charts["majors"], [i.name for i in majors],
                  [(confirmed, [i.confirmed for i in majors]), (refused, [i.refused for i in majors])],
                  horizontal=True, stacked=True, empty=nothing)
        reasons = list(reversed(found.refusals))
        fill_bars(self.charts["refusals"], [reason_label(r, lang) for r, _n in reasons],
                  [(refused, [n for _r, n in reasons])], horizontal=True, first_colour=1,
                  empty=self.tr("No refusals in this period."))
        states = [s for s in reversed(RecordState) if found.states.get(s.value)]
        fill_bars(self.charts["states"], [state_label(s.value, lang) for s in states],
                  [(self.tr("Records"), [found.states[s.value] for s in states])], horizontal=True, first_colour=2,
                  empty=self.tr("No records yet."))
        sessions = found.sessions
        fill_bars(self.charts["sessions"], [s.name for s in sessions],
                  [(self.tr("Seats"), [s.seats for s in sessions]), (self.tr("Seated"), [s.seated for s in sessions]),
                   (self.tr("Notices printed"), [s.notices_printed for s in sessions])], first_colour=2,
                  empty=self.tr("No exam sessions yet."))

    # -- saving -------------------------------------------------------------------------------

    def save_chart(self, name: str) -> None:
        view = self.charts[name]
        file_dialogs.save_file(self, self.tr("Save the chart as"), [self.tr("PNG images (*.png)")],
                               lambda path: self._chart_chosen(view, path), suggested=f"{name}.png")

    def _chart_chosen(self, view: QChartView, path: Path) -> None:
        if not save_png(view, path):
            prompts.tell(self, self.tr("Dashboard"), self.tr(
                "The image could not be written to %1. Check the folder or choose another one.").replace("%1", str(path)))

    def save_figures(self) -> None:
        found = self.figures
        if found is None:
            return
        suggested = f"figures-{found.start:%Y%m%d}-{found.end:%Y%m%d}.xlsx"
        file_dialogs.save_file(self, self.tr("Save the figures as"),
                               [self.tr("Excel workbooks (*.xlsx)"), self.tr("CSV files (*.csv)")],
                               lambda path: self._write(lambda: write_figures_sheet(found, path, self._ctx.lang), path),
                               suggested=suggested)

    def save_report(self) -> None:
        found = self.figures
        if found is None:
            return
        lang = self._ctx.lang

        def render(path: Path) -> None:
            from learncenter.services.daily_report import write_report  # reportlab: loaded on first use

            write_report(found, path, lang=lang)

        file_dialogs.save_file(self, self.tr("Save the daily report as"), [self.tr("PDF files (*.pdf)")],
                               lambda path: self._write(lambda: render(path), path),
                               suggested=f"daily-report-{found.end:%Y%m%d}.pdf")

    def _write(self, work: Callable[[], object], path: Path) -> None:
        self._tasks.work(work, lambda _result: self._written(path), self._write_failed)

    def _written(self, path: Path) -> None:
        prompts.tell(self, self.tr("Dashboard"), self.tr("Written to %1.").replace("%1", str(path)))

    def _write_failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            text = exc.text(self._ctx.lang)
        else:
            log.error("dashboard: could not write", exc_info=exc)
            text = self.tr("It could not be written; nothing else was changed. Check the folder and try again.")
        prompts.tell(self, self.tr("Dashboard"), text)
