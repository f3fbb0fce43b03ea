"""The session locks when the desk is left alone and unlocks with the user's password only;
what was on the page is still there afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from open_dialogs import shown

from learncenter.context import AppContext
from learncenter.ui.idle_lock import IdleLock
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
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    window.confirmation.find_edit.setFocus()
    for _ in range(6):  # keys as the system delivers them: to the window, then to the focused field
        qtbot.wait(120)
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert window.confirmation.find_edit.text() == "aaaaaa" and not window.idle_lock.locked


def test_typing_in_a_dialog_keeps_the_session_open(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    """A dialog is a window of its own: its input counts once it has the keyboard."""
    window = MainWindow(workstation, workstation.user, tasks, idle_lock_ms=400)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    page = window.confirmation
    qtbot.keyClicks(page.find_edit, "360426199101010071")
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    refusal = shown(page, RefusalDialog)
    refusal.activateWindow()
    assert QTest.qWaitForWindowActive(refusal, 2000)
    refusal.detail.setFocus()
    for _ in range(6):
        qtbot.wait(120)
        QTest.keyClick(refusal.windowHandle(), Qt.Key.Key_B)
    assert refusal.detail.text() == "bbbbbb" and not window.idle_lock.locked
    qtbot.wait(600)  # and then nothing: it locks
    assert window.idle_lock.locked


def test_a_pause_is_said_once_the_keys_stop(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    """``paused`` (where the full garbage collections go) comes after a quiet moment, never while
    the clerk types, and once per pause."""
    window = MainWindow(workstation, workstation.user, tasks, idle_lock_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    lock = IdleLock(window, workstation.users, tasks, user="clerk1", lang="en", timeout_ms=60_000, pause_ms=300)
    pauses: list[int] = []
    lock.paused.connect(lambda: pauses.append(1))
    window.confirmation.find_edit.setFocus()
    for _ in range(8):  # a key every 100 ms: no pause
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
        qtbot.wait(100)
    assert pauses == []
    qtbot.waitUntil(lambda: pauses == [1], timeout=2000)
    qtbot.wait(600)
    assert pauses == [1]  # said once; the next input starts another
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    qtbot.waitUntil(lambda: pauses == [1, 1], timeout=2000)
    lock.stop()


def test_full_collections_wait_for_a_pause(qtbot: QtBot) -> None:
    """After start-up Python makes full passes ten times less often on its own; a pause makes the
    one that is due (the real collector, watched through its callbacks)."""
    import gc

    from learncenter.ui import collector

    threshold = gc.get_threshold()
    full: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(watch)
    try:
        collector.start_up_done()
        assert gc.get_threshold()[2] == collector.FULL_EVERY
        gc.collect(2)
        full.clear()
        assert not collector.paused() and full == []  # nothing due yet
        for _ in range(threshold[2]):
            gc.collect(1)  # what Python would have waited for before a full pass
        assert full == []
        assert collector.paused() and full == [1]
        assert not collector.paused() and full == [1]
        collector.window_closed()
        assert gc.get_threshold() == threshold  # as Python had them, once no window counts pauses
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*threshold)
