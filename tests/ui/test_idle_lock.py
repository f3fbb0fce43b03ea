"""The session locks when the desk is left alone and unlocks with the user's password only;
what was on the page is still there afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from open_dialogs import shown

from learncenter.context import AppContext
from learncenter.ui.main_window import MainWindow
from learncenter.ui.prompts import RefusalDialog
from learncenter.ui.tasks import Tasks


def test_idle_lock_and_unlock_keep_the_page(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = MainWindow(workstation, workstation.user, tasks, idle_lock_ms=200)
    qtbot.addWidget(window)
    window.show()
    page = window.confirmation
    qtbot.keyClicks(page.find_edit, "360426199101010071")
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert "张三" in page.header.text()

    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)  # a dialog naming 张三 is open
    refusal = shown(page, RefusalDialog)
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=3000)
    dialog = window.idle_lock.dialog
    assert dialog is not None and dialog.isVisible()
    assert not page.isVisible() and not refusal.isVisible()  # nothing of the candidate shows behind the lock
    shown_texts = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert not any("张三" in text or "360426" in text for text in shown_texts)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc does not get you in
    assert window.idle_lock.locked

    qtbot.keyClicks(dialog.password, "wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.idle_lock.locked and dialog.message.text()

    qtbot.keyClicks(dialog.password, "clerk password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not window.idle_lock.locked
    assert "张三" in page.header.text() and page.detail.isEnabled()  # the half-done confirmation is intact
    assert page.isVisible() and refusal.isVisible()


def test_input_keeps_the_session_open(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = MainWindow(workstation, workstation.user, tasks, idle_lock_ms=400)
    qtbot.addWidget(window)
    window.show()
    for _ in range(6):
        qtbot.wait(120)
        qtbot.keyClick(window.confirmation.find_edit, Qt.Key.Key_A)
    assert not window.idle_lock.locked
