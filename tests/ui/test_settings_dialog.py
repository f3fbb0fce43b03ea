"""Workstation settings: every value is written to QSettings and shown again when reopened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from learncenter.ui.camera_dialog import CAMERA_KEY, saved_camera
from learncenter.ui.i18n import saved_language
from learncenter.ui.printing import preview_wanted, saved_printer
from learncenter.ui.settings_dialog import IDLE_LOCK_KEY, SettingsDialog, idle_lock_minutes

PRINTERS = ["Front desk HP", "Office Canon"]
CAMERAS = [("/dev/video0", "Integrated Camera"), ("/dev/video2", "Document camera")]


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "learncenter.ini"


def settings_at(path: Path) -> QSettings:
    """A fresh object on the same file, as the next start of the program would read it."""
    return QSettings(str(path), QSettings.Format.IniFormat)


def dialog(qtbot: QtBot, path: Path) -> SettingsDialog:
    shown = SettingsDialog(settings_at(path), printers=lambda: PRINTERS, cameras=lambda: CAMERAS)
    qtbot.addWidget(shown)
    return shown


def press(shown: SettingsDialog, button: QDialogButtonBox.StandardButton) -> None:
    shown.ui.buttons.button(button).click()


def test_a_new_workstation_shows_the_defaults(qtbot: QtBot, ini: Path) -> None:
    shown = dialog(qtbot, ini)
    assert shown.ui.languageCombo.currentData() == "zh"
    assert shown.ui.languageCombo.currentText() == "中文"
    assert shown.ui.printerCombo.currentIndex() == 0 and shown.ui.printerCombo.currentData() == ""
    assert [shown.ui.printerCombo.itemText(i) for i in (1, 2)] == PRINTERS
    assert not shown.ui.previewCheck.isChecked()
    assert shown.ui.cameraCombo.currentIndex() == 0 and shown.ui.cameraCombo.currentData() is None
    assert shown.ui.idleSpin.value() == 5
    assert (shown.ui.idleSpin.minimum(), shown.ui.idleSpin.maximum()) == (1, 60)


def test_every_value_is_saved_and_shown_again(qtbot: QtBot, ini: Path) -> None:
    shown = dialog(qtbot, ini)
    shown.ui.languageCombo.setCurrentIndex(shown.ui.languageCombo.findData("en"))
    shown.ui.printerCombo.setCurrentIndex(shown.ui.printerCombo.findText("Office Canon"))
    shown.ui.previewCheck.setChecked(True)
    shown.ui.cameraCombo.setCurrentIndex(shown.ui.cameraCombo.findData("/dev/video2"))
    shown.ui.idleSpin.setValue(12)
    press(shown, QDialogButtonBox.StandardButton.Ok)
    assert shown.result() == SettingsDialog.DialogCode.Accepted

    stored = settings_at(ini)
    assert saved_language(stored) == "en"
    assert saved_printer(stored) == "Office Canon"
    assert preview_wanted(stored) is True
    assert saved_camera(stored) == "/dev/video2"
    assert idle_lock_minutes(stored) == 12

    again = dialog(qtbot, ini)
    assert again.ui.languageCombo.currentText() == "English"
    assert again.ui.printerCombo.currentText() == "Office Canon"
    assert again.ui.previewCheck.isChecked()
    assert again.ui.cameraCombo.currentText() == "Document camera"
    assert again.ui.idleSpin.value() == 12


def test_no_camera_default_printer_and_automatic_camera(qtbot: QtBot, ini: Path) -> None:
    shown = dialog(qtbot, ini)
    shown.ui.cameraCombo.setCurrentIndex(shown.ui.cameraCombo.findData(""))
    press(shown, QDialogButtonBox.StandardButton.Ok)
    stored = settings_at(ini)
    assert saved_camera(stored) == "" and saved_printer(stored) is None and preview_wanted(stored) is False
    again = dialog(qtbot, ini)
    assert again.ui.cameraCombo.currentText().startswith("None")
    again.ui.cameraCombo.setCurrentIndex(0)  # back to automatic: nothing stored
    press(again, QDialogButtonBox.StandardButton.Ok)
    assert not settings_at(ini).contains(CAMERA_KEY)


def test_a_device_not_connected_today_stays_chosen(qtbot: QtBot, ini: Path) -> None:
    stored = settings_at(ini)
    stored.setValue("devices/printer", "Printer in the back office")
    stored.setValue(CAMERA_KEY, "/dev/video9")
    stored.sync()
    shown = dialog(qtbot, ini)
    assert shown.ui.printerCombo.currentText() == "Printer in the back office (not connected now)"
    assert shown.ui.cameraCombo.currentData() == "/dev/video9"
    press(shown, QDialogButtonBox.StandardButton.Ok)
    assert saved_printer(settings_at(ini)) == "Printer in the back office"
    assert saved_camera(settings_at(ini)) == "/dev/video9"


def test_cancel_changes_nothing(qtbot: QtBot, ini: Path) -> None:
    shown = dialog(qtbot, ini)
    shown.ui.languageCombo.setCurrentIndex(shown.ui.languageCombo.findData("en"))
    shown.ui.idleSpin.setValue(30)
    press(shown, QDialogButtonBox.StandardButton.Cancel)
    stored = settings_at(ini)
    assert stored.allKeys() == []
    assert saved_language(stored) == "zh" and idle_lock_minutes(stored) == 5


@pytest.mark.parametrize(("written", "read"), [("500", 60), ("0", 1), ("seven", 5), ("15", 15)])
def test_a_hand_edited_idle_lock_is_kept_in_range(ini: Path, written: str, read: int) -> None:
    stored = settings_at(ini)
    stored.setValue(IDLE_LOCK_KEY, written)
    assert idle_lock_minutes(stored) == read


def test_the_dialog_speaks_chinese(chinese: None, qtbot: QtBot, ini: Path) -> None:
    shown = dialog(qtbot, ini)
    assert shown.windowTitle() == "设置"
    assert shown.ui.printerCombo.itemText(0) == "系统默认打印机"
    assert shown.ui.languageCombo.itemText(1) == "English"  # language names are never translated
