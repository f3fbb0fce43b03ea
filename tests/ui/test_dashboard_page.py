"""The Dashboard page as an administrator uses it: opened from the page list, a period typed into
its date fields, a chart saved as an image, the figures as a workbook and the daily report as a
PDF, each through Qt's own file dialog answered through its widgets (issue 16)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.services.users import Role
from learncenter.ui.dashboard_page import PERIOD_PAUSE_MS, DashboardPage
from learncenter.ui.main_window import MainWindow
from learncenter.ui.tasks import Tasks
from open_dialogs import answer_file_dialog, shown
from window_figures import seal_window


def _window(qtbot: QtBot, ctx: AppContext, tasks: Tasks, name: str, role: Role) -> MainWindow:
    window = MainWindow(ctx, sign_in_as(ctx.users, name, role), tasks)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def _open_dashboard(qtbot: QtBot, window: MainWindow) -> DashboardPage:
    (item,) = window.nav.findItems(window.tr("Dashboard"), Qt.MatchFlag.MatchExactly)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    page = window.dashboard
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    return page


def _bars(page: DashboardPage, chart: str) -> list[list[float]]:
    (series,) = page.charts[chart].chart().series()
    assert isinstance(series, QAbstractBarSeries)
    return [[bar_set.at(i) for i in range(bar_set.count())] for bar_set in series.barSets()]


def _type_date(qtbot: QtBot, page: DashboardPage, which: str, text: str) -> None:
    """Click into the date field and type the date over it from its start, as a person does (the
    offscreen platform gives no focus on a click: it is given as the click would)."""
    edit = page.start_edit if which == "start" else page.end_edit
    qtbot.mouseClick(edit.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(8, edit.lineEdit().height() // 2))
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    qtbot.keyClicks(edit, text)
    assert edit.text() == text


def _close_message(qtbot: QtBot, page: DashboardPage) -> str:
    qtbot.waitUntil(lambda: any(b.isVisible() for b in page.findChildren(QMessageBox)), timeout=10_000)
    box = shown(page, QMessageBox)
    text = box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return text


def test_a_clerk_sees_no_dashboard_and_a_supervisor_does(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    clerk = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK)
    assert "Dashboard" not in _titles(clerk)
    boss = _window(qtbot, workstation, tasks, "boss", Role.SUPERVISOR)
    assert "Dashboard" in _titles(boss)


def test_the_window_so_far_then_a_period_typed_into_the_dates(qtbot: QtBot, workstation: AppContext,
                                                              tasks: Tasks) -> None:
    seal_window(workstation)
    window = _window(qtbot, workstation, tasks, "admin", Role.ADMIN)
    page = _open_dashboard(qtbot, window)
    found = page.figures
    assert found is not None and (found.confirmed, found.refused, found.candidates) == (3, 3, 8)
    assert page.period()[1].isoformat() == "2026-03-01" and page.period()[0] <= found.days[0].day
    confirmed, refused = _bars(page, "days")
    assert (sum(confirmed), sum(refused)) == (3, 3)
    assert _bars(page, "levels") == [[0.0, 1.0, 2.0], [0.0, 0.0, 3.0]]  # 专升本, 高起本, 高起专 from the bottom
    assert _bars(page, "majors")[0][-1] == 2.0  # the largest major at the top: 计算机应用技术, 2 confirmed
    assert sorted(_bars(page, "refusals")[0]) == [1.0, 1.0, 1.0]
    assert "3" in page.summary.text() and "2026-03-01" in page.summary.text()

    _type_date(qtbot, page, "start", "2026-03-01")
    qtbot.wait(PERIOD_PAUSE_MS + 100)  # the page reads again once the typing stops
    qtbot.waitUntil(lambda: page.figures is not None and page.figures.start.isoformat() == "2026-03-01",
                    timeout=10_000)
    assert (page.figures.confirmed, page.figures.refused) == (0, 1)
    assert _bars(page, "days") == [[0.0], [1.0]]


def test_a_period_that_ends_before_it_starts_is_said_not_drawn(qtbot: QtBot, workstation: AppContext,
                                                                tasks: Tasks) -> None:
    seal_window(workstation)
    page = _open_dashboard(qtbot, _window(qtbot, workstation, tasks, "admin", Role.ADMIN))
    _type_date(qtbot, page, "end", "2026-02-01")
    qtbot.waitUntil(lambda: "2026-02-01" in page.summary.text(), timeout=10_000)
    assert "晚于结束日期" in page.summary.text()  # the database's language: ctx.lang is zh
    assert page.figures is not None and page.figures.end.isoformat() == "2026-03-01"  # the last figures stay


def test_a_chart_the_figures_and_the_daily_report_are_saved_where_asked(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, tmp_path: Path) -> None:
    seal_window(workstation)
    page = _open_dashboard(qtbot, _window(qtbot, workstation, tasks, "admin", Role.ADMIN))

    qtbot.mouseClick(page.save_buttons["days"], Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, tmp_path / "per-day.png")
    image = QImage(str(tmp_path / "per-day.png"))
    assert not image.isNull() and image.width() > 200 and image.height() >= 200

    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, tmp_path / "figures.xlsx")
    assert "figures.xlsx" in _close_message(qtbot, page)
    sheet = openpyxl.load_workbook(tmp_path / "figures.xlsx", read_only=True).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("统计项", "项目", "数量") and ("拒绝原因", "考生本人未到场", 1) in rows

    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, tmp_path / "daily.pdf")
    assert "daily.pdf" in _close_message(qtbot, page)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "daily.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "现场确认日报" in text and re.search(r"考生总数", text)


def test_a_window_with_nothing_sealed_says_so_instead_of_empty_axes(qtbot: QtBot, workstation: AppContext,
                                                                    tasks: Tasks) -> None:
    page = _open_dashboard(qtbot, _window(qtbot, workstation, tasks, "boss", Role.SUPERVISOR))
    assert page.figures is not None and (page.figures.confirmed, page.figures.refused) == (0, 0)
    for name in ("days", "levels", "majors", "refusals", "sessions"):
        chart = page.charts[name].chart()
        assert not chart.series() and not chart.axes(), name
    assert "No refusals in this period." in page.charts["refusals"].chart().title()
    assert "Nothing in this period." in page.charts["days"].chart().title()
    assert _bars(page, "states") == [[2.0]]  # the two candidates registered online
