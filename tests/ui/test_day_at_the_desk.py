"""A day at the desk, in Chinese and in English, through the real windows and dialogs.

A clerk signs in; confirms a clean 高起专 candidate; confirms a 专升本 candidate whose first photo
fails and is approved by a supervisor who sees the rejected picture; refuses an ineligible
candidate with a reason; reprints a receipt from the queue (no printer: saved as PDF); the desk
locks when left alone and unlocks; the clerk signs out, a supervisor signs in and corrects a
sealed record; a data-entry person finishes a draft and changes an unsealed record. Each step's
result is read back from the database through the services. Only the camera (its frames) and the
printer are stood in for: there is no printer offscreen, which is the no-printer case.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import new_record
from desk_answers import Answers
from entry_typing import fill, type_text
from faces import face_on_white, face_photo, id_card_side
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.roles import Role
from learncenter.store.models import Record
from learncenter.ui.correction_dialog import CorrectionDialog
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.main_window import MainWindow
from learncenter.ui.prompts import RefusalDialog, SupervisorDialog
from learncenter.ui.receipts import SaveReceiptDialog
from learncenter.ui.seal_summary import SealSummaryDialog
from learncenter.ui.shell import Shell
from learncenter.ui.tasks import Tasks
from open_dialogs import shown
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # 高起专, clean
LI_SI = "120103198806018241"  # unsealed: the data-entry person changes it
WANG_FANG = "110105199003070025"  # 专升本: the photo fails first
ZHAO_LIU = "110105198001010032"  # 专升本 with only a high-school diploma: ineligible
SUN_QI = "110105198505050046"  # a draft typed here earlier: the data-entry person finishes it


def _mw(text: str) -> str:
    """A main-window text as the window shows it in the language in force."""
    return QCoreApplication.translate("MainWindow", text)


@pytest.fixture
def shells() -> Iterator[list[Shell]]:
    """The shells a test starts; their windows are closed afterwards (the shell deletes the
    windows of those who signed out itself)."""
    made: list[Shell] = []
    yield made
    for shell in made:
        for widget in (shell.window, shell.login):
            if widget is not None and shiboken6.isValid(widget):
                widget.close()
                widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(params=["zh", "en"])
def day(request: pytest.FixtureRequest, workstation: AppContext) -> Iterator[AppContext]:
    lang = str(request.param)
    if lang == "zh":
        request.getfixturevalue("chinese")
    workstation.lang = lang
    entry1 = sign_in_as(workstation.users, "entry1", Role.DATA_ENTRY, password="entry password")
    bachelor = dict(level="专升本", major_code="120203", major_name="会计学", registration_no="")
    workstation.records.enter_many([
        new_record(name="王芳", id_number=WANG_FANG, prior_education="专科", prior_school="江西财经职业学院",
                   prior_certificate_no="104597201606001234", prior_graduation_date="2016-07-01",
                   **{**bachelor, "registration_no": "26110001000003"}),
        new_record(name="赵六", id_number=ZHAO_LIU, prior_education="普通高中",
                   **{**bachelor, "registration_no": "26110001000004"}),
        new_record(RecordState.DRAFT, name="孙七", id_number=SUN_QI, registration_no=""),
    ], actor=entry1, source="entry")
    yield workstation


def _record(ctx: AppContext, id_number: str) -> Record:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record is not None
        session.expunge(record)
        return record


def _sign_in(qtbot: QtBot, login: LoginDialog, name: str, password: str) -> None:
    login.ui.userEdit.clear()
    qtbot.keyClicks(login.ui.userEdit, name)
    qtbot.keyClicks(login.ui.passwordEdit, password)
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)


def _first_window(qtbot: QtBot, ctx: AppContext, shell: Shell, tasks: Tasks, name: str, password: str) -> MainWindow:
    login = LoginDialog(tasks, lang=ctx.lang, database_text="demo", demo=False, authenticate=ctx.users.authenticate,
                        change_password=ctx.users.change_password)
    qtbot.addWidget(login)
    login.show()
    _sign_in(qtbot, login, name, password)
    assert login.signed_in is not None and login.signed_in.name == name
    window = shell.open_window(login.signed_in)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _sign_out_and_in(qtbot: QtBot, shell: Shell, window: MainWindow, name: str, password: str) -> MainWindow:
    _menu(window, _mw("&Workstation"), _mw("Switch &user…"))
    login = shell.login
    assert login is not None and login.isVisible() and not window.isVisible()
    _sign_in(qtbot, login, name, password)
    assert shell.window is not None and shell.window is not window
    next_window = shell.window
    next_window.activateWindow()
    qtbot.waitUntil(next_window.isActiveWindow)
    return next_window


def _menu(window: MainWindow, menu_title: str, action_title: str) -> None:
    for top in window.menuBar().actions():
        if top.text() == menu_title and top.menu() is not None:
            for action in top.menu().actions():
                if action.text() == action_title:
                    action.trigger()
                    return
    raise AssertionError(f"no {menu_title} ▸ {action_title}")


def _go(window: MainWindow, page: Any) -> None:
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert window.stack.currentWidget() is page


def _find(qtbot: QtBot, window: MainWindow, id_number: str) -> None:
    page = window.confirmation
    qtbot.keyClicks(page.find_edit, id_number)  # the ID-card reader types the number and Enter
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert page.detail.isEnabled()


def _tick(qtbot: QtBot, box: Any) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _card(qtbot: QtBot, window: MainWindow) -> None:
    page = window.confirmation
    qtbot.mouseClick(page.card_front, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.card_back, Qt.MouseButton.LeftButton)
    _tick(qtbot, page.card_matches)


def _seal(qtbot: QtBot, window: MainWindow) -> None:
    page = window.confirmation
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summary = shown(page, SealSummaryDialog)
    assert summary.supervisor is None, "nothing the level requires may be missing here"
    qtbot.keyClick(summary, Qt.Key.Key_Return)


def test_a_day_at_the_desk(qtbot: QtBot, day: AppContext, tmp_path: Path, shells: list[Shell]) -> None:
    ctx, tasks = day, Tasks(synchronous=True)
    camera = Answers(images=[
        id_card_side(), id_card_side((220, 220, 240)), face_photo(),  # 张三
        id_card_side(), id_card_side((220, 220, 240)), face_on_white(),  # 王芳: the photo fails
        id_card_side((250, 246, 236)), id_card_side((255, 255, 255)),  # her diploma and CHSI form
    ])
    settings = QSettings(str(tmp_path / "learncenter.ini"), QSettings.Format.IniFormat)
    shell = Shell(ctx, tasks, database_text="demo", settings=settings, ask=camera.prompts())
    shells.append(shell)
    window = _first_window(qtbot, ctx, shell, tasks, "clerk1", "clerk password")
    page = window.confirmation
    assert window.stack.currentWidget() is page and QApplication.focusWidget() is page.find_edit

    # 1. a clean 高起专 confirmation
    _find(qtbot, window, ZHANG_SAN)
    _card(qtbot, window)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    _seal(qtbot, window)
    zhang = _record(ctx, ZHANG_SAN)
    assert (zhang.state, zhang.sealed_by, zhang.id_card_checked_by) == ("confirmed", "clerk1", "clerk1")
    assert len(camera.receipts) == 1 and page.header.text() == ""

    # 2. 专升本: the first photo fails, a supervisor approves it after seeing it; the CHSI evidence
    _find(qtbot, window, WANG_FANG)
    _card(qtbot, window)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    assert page.accept_photo.isVisible() and _record(ctx, WANG_FANG).photo_sha256 is None
    qtbot.mouseClick(page.accept_photo, Qt.MouseButton.LeftButton)
    approval = shown(page, SupervisorDialog)
    assert any(label.pixmap() is not None and not label.pixmap().isNull() for label in approval.findChildren(QLabel))
    qtbot.keyClicks(approval.name, "boss")
    qtbot.keyClicks(approval.password, "boss password")
    qtbot.keyClick(approval.password, Qt.Key.Key_Return)
    qtbot.mouseClick(page.diploma_scan, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.chsi_scan, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.chsi_code, "A1B2C3D4E5F6G7H8")
    qtbot.keyClick(page.chsi_code, Qt.Key.Key_Return)
    _seal(qtbot, window)
    wang = _record(ctx, WANG_FANG)
    assert (wang.state, wang.photo_accepted_by, wang.chsi_code, wang.evidence_override_by) == (
        "confirmed", "boss", "A1B2C3D4E5F6G7H8", None)

    # 3. an ineligible candidate is refused with a reason
    _find(qtbot, window, ZHAO_LIU)
    assert not page.confirm_button.isEnabled()
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    refusal = shown(page, RefusalDialog)
    qtbot.keyClick(refusal.reasons, Qt.Key.Key_Down)  # the prior diploma does not qualify
    type_text(qtbot, refusal.detail, "只有高中毕业证")
    qtbot.mouseClick(refusal.ok_button, Qt.MouseButton.LeftButton)
    zhao = _record(ctx, ZHAO_LIU)
    assert zhao.state == "refused" and zhao.refusal_reason.endswith("只有高中毕业证")

    # 4. the receipt of 张三 again, from the queue's row menu; no printer here: saved as PDF
    if not QPrinterInfo.availablePrinters():
        queue = window.queue
        _go(window, queue)
        queue.filter.setCurrentIndex(1)  # sealed
        qtbot.waitUntil(lambda: queue.model.rowCount() == 3)
        row = next(r for r in range(3) if "张三" in queue.model.index(r, 0).data())
        viewport = queue.table.viewport()
        where = queue.table.visualRect(queue.model.index(row, 1)).center()
        QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where,
                                                           viewport.mapToGlobal(where)))
        [menu] = [m for m in queue.findChildren(QMenu) if m.isVisible()]
        actions = [a for a in menu.actions() if a.isEnabled()]
        reprint = next(a for a in actions if a.text() == QCoreApplication.translate("QueuePage", "&Reprint receipt"))
        menu.close()
        reprint.trigger()
        save = shown(window, SaveReceiptDialog)
        target = tmp_path / "回执-张三.pdf"
        name_edit = save.findChild(QLineEdit, "fileNameEdit")
        assert isinstance(name_edit, QLineEdit)
        name_edit.setText(str(target))
        buttons = save.findChild(QDialogButtonBox, "buttonBox")
        assert isinstance(buttons, QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: target.exists() and str(target) in window.statusBar().currentMessage())
        assert target.read_bytes().startswith(b"%PDF")

    # 5. the desk locks when left alone; nothing of a candidate shows; the password unlocks it
    _go(window, page)
    _find(qtbot, window, LI_SI)
    window.idle_lock.set_timeout(150)
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=3000)
    lock = window.idle_lock.dialog
    assert lock is not None and not page.isVisible()
    qtbot.keyClicks(lock.password, "clerk password")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert not window.idle_lock.locked and page.isVisible() and "李四" in page.header.text()
    window.idle_lock.set_timeout(10 * 60_000)
    window.activateWindow()  # the window manager gives the window back its activation
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert page.header.text() == ""

    # 6. the clerk hands over; a supervisor corrects the sealed record of 张三 (a wrong phone number)
    window = _sign_out_and_in(qtbot, shell, window, "boss", "boss password")
    page = window.confirmation
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert page.correct_button.isVisible() and not page.detail.isEnabled()
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    correction = shown(window, CorrectionDialog)
    fill(qtbot, correction.form, {"phone": "13911112222"})
    type_text(qtbot, correction.reason, "电话号码登记错误")
    qtbot.keyClicks(correction.supervisor, "boss")
    qtbot.keyClicks(correction.password, "boss password")
    qtbot.keyClick(correction.password, Qt.Key.Key_Return)
    corrected = _record(ctx, ZHANG_SAN)
    assert (corrected.version, corrected.phone, corrected.approved_by, corrected.replaces_id) == (
        2, "13911112222", "boss", zhang.id)

    # 7. a data-entry person finishes a draft and changes an unsealed record, opened from the queue
    window = _sign_out_and_in(qtbot, shell, window, "entry1", "entry password")
    queue, entry = window.queue, window.data_entry
    assert window.stack.currentWidget() is queue and window.stack.indexOf(window.confirmation) < 0
    for id_number, name, phone in ((SUN_QI, "孙七", "13600002222"), (LI_SI, "李四", "13500001111")):
        _go(window, queue)
        queue.filter.setCurrentIndex(0)  # waiting for confirmation: drafts and pre-registrations
        qtbot.waitUntil(lambda: queue.model.rowCount() >= 2)
        row = next(r for r in range(queue.model.rowCount()) if name in queue.model.index(r, 0).data())
        queue.table.setFocus()
        queue.table.setCurrentIndex(queue.model.index(row, 0))
        qtbot.keyClick(queue.table, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is entry and entry.editing == _record(ctx, id_number).id
        fill(qtbot, entry.form, {"phone": phone})
        qtbot.mouseClick(entry.ui.saveButton, Qt.MouseButton.LeftButton)
        changed = _record(ctx, id_number)
        assert (changed.phone, changed.sealed_at) == (phone, None)
    assert _record(ctx, SUN_QI).state == "draft" and _record(ctx, LI_SI).state == "pre_registered"
