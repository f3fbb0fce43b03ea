"""The clerk's minute, driven through the real widgets on a real database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_answers import Answers
from open_dialogs import shown
from faces import face_on_white, face_photo, id_card_side, no_face
from learncenter.context import AppContext
from learncenter.services.users import Role, SignedIn
from learncenter.store.models import OutboxItem, Record
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.main_window import MainWindow
from learncenter.ui.prompts import RefusalDialog, SupervisorDialog, refusal_reasons
from learncenter.ui.tasks import Tasks

ZHANG_SAN = "360426199101010071"


def _record(ctx: AppContext, id_number: str = ZHANG_SAN) -> Record:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record is not None
        return record


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks, answers: Answers) -> ConfirmationPage:
    page = ConfirmationPage(ctx.desk, tasks, actor="clerk1", lang="zh", ask=answers.prompts())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()  # as on a real screen: shortcuts act in the active window
    assert QTest.qWaitForWindowActive(page, 2000)
    return page


def test_a_clean_confirmation_takes_six_actions(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    answers = Answers(images=[id_card_side(), id_card_side((220, 220, 240)), face_photo()])
    page = _page(qtbot, workstation, tasks, answers)
    actions = 0

    qtbot.keyClicks(page.find_edit, ZHANG_SAN)  # 1: the ID-card reader types the number and Enter
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    actions += 1
    assert "张三" in page.header.text() and page.id_status.text().startswith("✓")
    for button in (page.card_front, page.card_back):  # 2, 3: both sides of the card
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        actions += 1
    qtbot.mouseClick(page.card_matches, Qt.MouseButton.LeftButton, pos=QPoint(8, page.card_matches.height() // 2))  # 4
    actions += 1
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)  # 5: the photo
    actions += 1
    assert page.photo_checks.item(0).text().startswith("✓")
    assert page.outcome.text() == page.tr("Eligible") and page.confirm_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 6: confirm and seal
    actions += 1

    assert actions == 6
    record = _record(workstation)
    assert (record.state, record.sealed_by, record.id_card_checked_by) == ("confirmed", "clerk1", "clerk1")
    assert record.photo_attempts == 1 and record.photo_accepted_by is None
    assert sorted(kind for kind, _ in workstation.records.documents(record.id)) == ["id_back", "id_front"]
    assert len(answers.receipts) == 1 and answers.receipts[0].read_bytes().startswith(b"%PDF")
    assert page.find_edit.text() == "" and QApplication.focusWidget() is page.find_edit  # ready for the next one
    with workstation.db.session() as session:
        assert session.scalars(select(OutboxItem.kind)).all() == ["record.confirmed"]


def _commit_text(widget: QWidget, text: str) -> None:
    """Chinese typed through the input method, as a person's IME commits it."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_refusal_with_a_reason(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks, Answers())
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, RefusalDialog)
    assert "张三" in dialog.findChild(QLabel).text()
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)  # the second reason: the diploma does not qualify
    _commit_text(dialog.detail, "只有结业证书")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    record = _record(workstation)
    assert record.state == "refused" and record.refusal_reason.endswith("：只有结业证书") and record.refusal_reason.startswith(refusal_reasons()[1])
    assert "张三" in page.status.text() and not dialog.isVisible()


def test_other_needs_words_and_cancel_refuses_nobody(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks, Answers())
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, RefusalDialog)
    dialog.reasons.setFocus()
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_End)  # "Other"
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message.text()  # Other says nothing by itself
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and _record(workstation).state != "refused"


def test_a_photo_that_fails_is_retaken(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    answers = Answers(images=[no_face(), face_photo()])
    page = _page(qtbot, workstation, tasks, answers)
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    assert page.photo_checks.count() >= 1 and page.photo_checks.item(0).text().startswith("✗")
    assert _record(workstation).photo_sha256 is None and _record(workstation).photo_attempts == 1
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    record = _record(workstation)
    assert record.photo_sha256 is not None and record.photo_attempts == 2


def _supervisor_signs(qtbot: QtBot, page: ConfirmationPage, name: str, password: str) -> SupervisorDialog:
    qtbot.mouseClick(page.accept_photo, Qt.MouseButton.LeftButton)
    dialog = shown(page, SupervisorDialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def test_a_supervisor_accepts_a_failing_photo(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    answers = Answers(images=[face_on_white()])
    page = _page(qtbot, workstation, tasks, answers)
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    assert page.accept_photo.isVisible() and _record(workstation).photo_sha256 is None

    dialog = _supervisor_signs(qtbot, page, "boss", "wrong password")
    assert not dialog.isVisible() and _record(workstation).photo_accepted_by is None
    assert page.status.text() == "用户名或密码不正确。"  # said (the desk speaks Chinese), and nothing kept

    dialog = _supervisor_signs(qtbot, page, "boss", "boss password")
    pictures = [label for label in dialog.findChildren(QLabel) if label.pixmap() and not label.pixmap().isNull()]
    assert pictures, "the supervisor sees the rejected picture"
    record = _record(workstation)
    assert (record.photo_accepted_by, record.photo_checks) == ("boss", {"failed": ["background"]})


def test_chinese_name_search_offers_the_matches(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks, Answers())
    page.find_edit.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("李四")
    QApplication.sendEvent(page.find_edit, event)
    assert page.find_edit.text() == "李四"
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert page.hits.isVisible() and page.hits.count() == 1 and "李四" in page.hits.item(0).text()
    qtbot.keyClick(page.hits, Qt.Key.Key_Return)  # a name lists the matches; Enter opens the chosen one
    assert "李四" in page.header.text() and "120103198806018241" in page.header.text()


def test_main_window_shows_pages_by_role_and_unsent_count(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    entry = MainWindow(workstation, SignedIn("entry1", Role.DATA_ENTRY, False), tasks)
    qtbot.addWidget(entry)
    assert [entry.stack.widget(i) for i in range(entry.stack.count())] == [entry.queue, entry.data_entry, entry.importing]
    clerk = MainWindow(workstation, SignedIn("clerk1", Role.CLERK, False), tasks)
    qtbot.addWidget(clerk)
    assert [clerk.stack.widget(i) for i in range(clerk.stack.count())] == [
        clerk.queue, clerk.confirmation, clerk.returned, clerk.conflicts]
    assert clerk.stack.currentWidget() is clerk.confirmation
    assert clerk.sync.indicator.text().endswith("waiting 0")
    assert clerk.queue.model.rowCount() == 2
