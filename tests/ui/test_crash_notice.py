"""An exception nobody caught in the desktop application: logged scrubbed, told in a window,
never shown as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from learncenter import log_files
from learncenter.ui.crash_notice import CrashNotice
from learncenter.ui.tasks import Tasks

NAME, ID_NUMBER = "欧阳娜娜", "110105199103010012"


@pytest.mark.qt_no_exception_capture  # the application's own hook is what is tested
def test_an_exception_in_a_slot_is_logged_without_data_and_told_in_a_window(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "logs"
    notice = CrashNotice(str(folder / log_files.LOG_NAME))

    def slot() -> None:
        raise RuntimeError(f"{NAME} {ID_NUMBER}")

    def done(_result: object) -> None:  # a task's callback that fails, on the GUI thread
        raise KeyError(ID_NUMBER)

    with log_files.installed(folder):
        stop = log_files.on_uncaught(notice.uncaught)
        try:
            QTimer.singleShot(0, slot)
            qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
            tasks = Tasks()
            tasks.work(lambda: NAME, done, lambda exc: None)
            tasks.wait()
            qtbot.waitUntil(lambda: "in done" in (folder / log_files.LOG_NAME).read_text(encoding="utf-8"))
        finally:
            stop()
    box = notice.box
    assert isinstance(box, QMessageBox) and str(folder / log_files.LOG_NAME) in box.text()
    assert NAME not in box.text() and "Traceback" not in box.text()
    box.close()
    logged = (folder / log_files.LOG_NAME).read_text(encoding="utf-8")
    assert "in slot" in logged and "RuntimeError" in logged and "KeyError" in logged
    assert NAME not in logged and ID_NUMBER not in logged
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
