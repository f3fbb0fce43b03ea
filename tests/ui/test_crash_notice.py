"""An exception nobody caught in the desktop application: logged scrubbed, told in a window,
never shown as a traceback."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from open_dialogs import answer_file_dialog
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
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


@pytest.fixture
def desk_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings() writes under tmp_path, not the tester's home."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation))


@pytest.mark.qt_no_exception_capture
def test_the_box_saves_a_support_file_without_any_record_data(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, desk_settings: None) -> None:
    """Save a support file… → Qt's own file dialog, answered through its file name → a zip with
    the log, the versions and the settings; no name, no ID number, nothing binary."""
    folder = tmp_path / "logs"
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    QSettings().setValue("ui/language", "zh")
    QSettings().setValue("window/geometry", b"\x01\x02 binary")
    notice = CrashNotice(str(folder / log_files.LOG_NAME))
    with log_files.installed(folder):
        stop = log_files.on_uncaught(notice.uncaught)
        try:
            QTimer.singleShot(0, lambda: (_ for _ in ()).throw(ValueError(f"{NAME} {ID_NUMBER}")))
            qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
        finally:
            stop()
    box = notice.box
    assert box is not None and box.parentWidget() is window and notice.support_button is not None
    qtbot.mouseClick(notice.support_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "usb" / "support.zip"
    answer_file_dialog(qtbot, window, target, press_enter=True)
    qtbot.waitUntil(lambda: notice.saved is not None)
    told = [b for b in window.findChildren(QMessageBox) if b.isVisible() and "support.zip" in b.text()]
    assert len(told) == 1
    told[0].close()
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert {"README.txt", "versions.json", "settings.json", "logs/learncenter.log"} <= names
        everything = b"".join(archive.read(name) for name in names)
        versions = json.loads(archive.read("versions.json"))
        settings = json.loads(archive.read("settings.json"))
    assert b"ValueError" in everything  # the failure is there …
    assert NAME.encode() not in everything and ID_NUMBER.encode() not in everything  # … its data is not
    assert versions["learncenter"] and versions["qt"] and settings["ui/language"] == "zh"
    assert "window/geometry" not in settings


@pytest.mark.qt_no_exception_capture
def test_a_failure_before_the_window_is_said_in_a_window_not_a_silent_exit(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What a broken installation does at start (a module of the program that will not load): the
    fault is injected where the program starts its windows, the rest is the real start-up."""
    import learncenter.ui.app as app_module
    from learncenter.cli.output import Output
    from learncenter.cli.start import start
    from learncenter.store.layout import DataDir

    def broken(_data_dir: object, _lang: object = None) -> int:
        raise ImportError(f"No module named 'learncenter.ui.forms' ({NAME} {ID_NUMBER})")

    monkeypatch.setattr(app_module, "run", broken)
    data_dir = DataDir(tmp_path / "data")
    said: list[str] = []

    def read_and_close() -> None:
        for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]:
            said.append(box.text())
            QTest.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(300, read_and_close)
    folder = log_files.log_folder(data_dir.root)
    with log_files.installed(folder):
        assert start("zh", Output("zh"), data_dir) == 1
    (text,) = said
    assert "未能打开窗口" in text and str(folder / log_files.LOG_NAME) in text and NAME not in text
    logged = (folder / log_files.LOG_NAME).read_text(encoding="utf-8")
    assert "ImportError" in logged and "before or between its windows" in logged
    assert NAME not in logged and ID_NUMBER not in logged
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
