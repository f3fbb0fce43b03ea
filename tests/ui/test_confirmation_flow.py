"""The clerk's minute, driven through the real widgets on a real database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import new_record
from desk_answers import Answers
from open_dialogs import shown
from faces import face_on_white, face_photo, id_card_side, no_face
from learncenter.context import AppContext
from learncenter.store.models import OutboxItem, Record
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.main_window import MainWindow
from learncenter.ui.prompts import RefusalDialog, SupervisorDialog
from learncenter.ui.seal_summary import SealSummaryDialog
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"


def _record(ctx: AppContext, id_number: str = ZHANG_SAN) -> Record:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record is not None
        return record


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks, answers: Answers) -> ConfirmationPage:
    page = ConfirmationPage(ctx.desk, tasks, actor=sign_in_as(ctx.users, "clerk1"), lang="zh", ask=answers.prompts())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()  # as on a real screen: shortcuts act in the active window
    assert QTest.qWaitForWindowActive(page, 2000)
    return page


def test_a_clean_confirmation_takes_seven_actions(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
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
    assert "✗" not in page.evidence.text()
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 6: confirm…
    actions += 1
    summary = shown(page, SealSummaryDialog)
    assert "张三" in [label.text() for label in summary.findChildren(QLabel)]
    assert summary.findChild(QLabel, "missingEvidence") is None and summary.supervisor is None
    assert _record(workstation).state != "confirmed"  # nothing sealed before the summary is answered
    qtbot.keyClick(summary, Qt.Key.Key_Return)  # 7: … Enter on the summary seals
    actions += 1

    assert actions == 7
    record = _record(workstation)
    assert (record.state, record.sealed_by, record.id_card_checked_by) == ("confirmed", "clerk1", "clerk1")
    assert record.photo_attempts == 1 and record.photo_accepted_by is None
    assert sorted(kind for kind, _ in workstation.records.documents(record.id)) == ["id_back", "id_front"]
    assert len(answers.receipts) == 1 and answers.receipts[0].startswith(b"%PDF")
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
    assert record.state == "refused" and record.refusal_reason == "前置学历不符合报考层次要求：只有结业证书"
    assert "张三" in page.status.text() and not dialog.isVisible()


def test_a_certificate_outside_the_national_series_is_refused_with_what_to_tell(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    """On an English screen the clerk reads the rule of DOMAIN §5 to the candidate; the record keeps
    the reason in Chinese, as the rest of the record."""
    page = ConfirmationPage(workstation.desk, tasks, actor=sign_in_as(workstation.users, "clerk1"), lang="en",
                            ask=Answers().prompts())
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, RefusalDialog)
    assert dialog.reasons.currentText() == "The ID card does not match the person"
    assert "in person" in dialog.explanation.text()
    while "national education series" not in dialog.reasons.currentText():
        qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)
    assert "party-school" in dialog.explanation.text() and "cancelled" in dialog.explanation.text()
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert _record(workstation).refusal_reason == "毕业证书不属于国民教育系列"


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


def test_a_failed_attempt_is_shown_and_said_not_kept(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    """The clerk sees the picture that failed (to retake it, or for a supervisor), not the photo the
    record keeps, and the page says it is not kept."""
    page = _page(qtbot, workstation, tasks, Answers(images=[face_photo(), face_on_white()]))
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    kept = _record(workstation).photo_sha256
    assert kept is not None

    def corner() -> QColor:  # the background at the picture's corner
        return page.photo_view.pixmap().toImage().pixelColor(3, 3)

    kept_corner = corner()
    not_kept = page.tr("The picture shown is this attempt: it is not kept.")
    assert not_kept not in [page.photo_checks.item(n).text() for n in range(page.photo_checks.count())]
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)  # a white background fails
    assert _record(workstation).photo_sha256 == kept  # the record keeps the photo it had
    assert kept_corner.blue() - kept_corner.red() > 40 and min(corner().getRgb()[:3]) > 220  # the attempt shows
    assert not_kept in [page.photo_checks.item(n).text() for n in range(page.photo_checks.count())]
    assert page.accept_photo.isVisible()


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
    assert page.status.text() == ("用户名或密码不正确，或该账号因多次输错密码已暂时锁定"
                                  "（15 分钟后再试，或请管理员解锁）。")  # said (the desk speaks Chinese), and nothing kept

    dialog = _supervisor_signs(qtbot, page, "boss", "boss password")
    pictures = [label for label in dialog.findChildren(QLabel) if label.pixmap() and not label.pixmap().isNull()]
    assert pictures, "the supervisor sees the rejected picture"
    record = _record(workstation)
    assert (record.photo_accepted_by, record.photo_checks) == ("boss", {"failed": ["background"]})
    assert record.photo_attempts == 1  # one capture, accepted: not a retake on the dashboard
    lines = [page.photo_checks.item(n).text() for n in range(page.photo_checks.count())]
    assert lines[-1].startswith("✓") and page.tr("The picture shown is this attempt: it is not kept.") not in lines


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
    entry = MainWindow(workstation, sign_in_as(workstation.users, "entry1"), tasks)
    qtbot.addWidget(entry)
    # Only the page shown is built with the window (no pause for nine pages after sign-in), in the
    # event loop's next turn; the others are built in their place when first opened or asked for.
    qtbot.waitUntil(lambda: type(entry.stack.currentWidget()).__name__ == "QueuePage")
    assert [type(entry.stack.widget(i)).__name__ for i in (1, 2)] == ["QWidget", "QWidget"]
    pages = [entry.queue, entry.data_entry, entry.importing]
    assert [entry.stack.widget(i) for i in range(entry.stack.count())] == pages
    clerk = MainWindow(workstation, sign_in_as(workstation.users, "clerk1"), tasks)
    qtbot.addWidget(clerk)
    qtbot.waitUntil(lambda: type(clerk.stack.currentWidget()).__name__ == "ConfirmationPage")
    assert [type(clerk.stack.widget(i)).__name__ for i in range(clerk.stack.count())] == [
        "QWidget", "ConfirmationPage", "QWidget", "QWidget", "QWidget"]
    clerk.nav.setCurrentRow(2)  # chosen in the list: built and shown
    assert type(clerk.stack.currentWidget()).__name__ == "ReturnedPage"
    pages = [clerk.queue, clerk.confirmation, clerk.returned, clerk.conflicts, clerk.students]
    assert [clerk.stack.widget(i) for i in range(clerk.stack.count())] == pages
    clerk.nav.setCurrentRow(1)
    assert clerk.stack.currentWidget() is clerk.confirmation
    qtbot.waitUntil(lambda: clerk.sync.indicator.text().endswith("waiting 0"))  # read once the page is up
    assert clerk.queue.model.rowCount() == 2


WANG_FANG = "110105199003070025"  # 专升本, female, born 1990-03-07


def _bachelor_candidate(ctx: AppContext) -> None:
    ctx.records.enter(new_record(
        name="王芳", id_number=WANG_FANG, level="专升本", major_code="120203", major_name="会计学",
        prior_education="专科", prior_school="江西财经职业学院", prior_certificate_no="104597201606001234",
        prior_graduation_date="2016-07-01", registration_no="26110001000003"), actor=sign_in_as(ctx.users, "admin"), source="entry")


def _open(qtbot: QtBot, page: ConfirmationPage, id_number: str) -> None:
    qtbot.keyClicks(page.find_edit, id_number)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)


def _card_and_photo(qtbot: QtBot, page: ConfirmationPage) -> None:
    for button in (page.card_front, page.card_back):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.card_matches, Qt.MouseButton.LeftButton, pos=QPoint(8, page.card_matches.height() // 2))
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)


def test_a_bachelor_without_chsi_evidence_needs_a_supervisor_not_the_clerks_tick(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    _bachelor_candidate(workstation)
    answers = Answers(images=[id_card_side(), id_card_side((220, 220, 240)), face_photo()])
    page = _page(qtbot, workstation, tasks, answers)
    _open(qtbot, page, WANG_FANG)
    assert page.diploma_box.isVisible()
    _card_and_photo(qtbot, page)
    assert page.evidence.text().count("✗") == 3  # diploma scan, CHSI number, CHSI scan
    assert page.outcome.text() == "Needs review" and page.reviewed.isVisible()
    qtbot.mouseClick(page.reviewed, Qt.MouseButton.LeftButton, pos=QPoint(8, page.reviewed.height() // 2))
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summary = shown(page, SealSummaryDialog)
    gap = summary.findChild(QLabel, "missingEvidence")
    assert gap is not None and "学信网" in gap.text() and summary.supervisor is not None
    qtbot.keyClick(summary, Qt.Key.Key_Return)  # the clerk alone: the summary asks for the supervisor
    assert summary.isVisible() and summary.message.text() and _record(workstation, WANG_FANG).state != "confirmed"
    assert summary.password is not None
    qtbot.keyClicks(summary.supervisor, "clerk1")  # a clerk is no supervisor
    qtbot.keyClicks(summary.password, "clerk password")
    qtbot.keyClick(summary.password, Qt.Key.Key_Return)
    assert _record(workstation, WANG_FANG).state != "confirmed" and "clerk1" in page.status.text()

    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summary = shown(page, SealSummaryDialog)
    assert summary.supervisor is not None and summary.password is not None
    qtbot.keyClicks(summary.supervisor, "boss")
    qtbot.keyClicks(summary.password, "boss password")
    qtbot.keyClick(summary.password, Qt.Key.Key_Return)
    record = _record(workstation, WANG_FANG)
    assert (record.state, record.sealed_by, record.evidence_override_by) == ("confirmed", "clerk1", "boss")


def test_the_clerk_types_the_chsi_code_and_scans_the_evidence(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    _bachelor_candidate(workstation)
    answers = Answers(images=[id_card_side(), id_card_side((220, 220, 240)), face_photo(),
                              id_card_side((250, 246, 236)), id_card_side((255, 255, 255))])
    page = _page(qtbot, workstation, tasks, answers)
    _open(qtbot, page, WANG_FANG)
    _card_and_photo(qtbot, page)
    qtbot.mouseClick(page.diploma_scan, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.chsi_scan, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.chsi_code, "a1b2-c3d4 e5f6-g7h")  # a wrong length is refused with its field named
    qtbot.keyClick(page.chsi_code, Qt.Key.Key_Return)
    assert _record(workstation, WANG_FANG).chsi_code == "" and "a1b2" in page.status.text()
    page.chsi_code.clear()
    qtbot.keyClicks(page.chsi_code, "a1b2-c3d4 e5f6-g7h8")
    qtbot.keyClick(page.chsi_code, Qt.Key.Key_Return)
    assert _record(workstation, WANG_FANG).chsi_code == "A1B2C3D4E5F6G7H8"
    assert "✗" not in page.evidence.text() and page.chsi_scan.text().endswith("✓")
    assert page.outcome.text() == "Eligible"
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summary = shown(page, SealSummaryDialog)
    assert summary.supervisor is None
    qtbot.keyClick(summary, Qt.Key.Key_Return)
    record = _record(workstation, WANG_FANG)
    assert (record.state, record.evidence_override_by) == ("confirmed", None)


def test_the_next_candidate_shows_nothing_of_the_one_before(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks, Answers(images=[face_on_white()]))
    _open(qtbot, page, ZHANG_SAN)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)
    assert page.photo_checks.count() and page.accept_photo.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    for shown_now in (page.header.text(), page.id_status.text(), page.outcome.text(), page.evidence.text()):
        assert shown_now == ""
    assert page.photo_checks.count() == 0 and page.rules.count() == 0 and not page.accept_photo.isVisible()
    assert page.photo_view.pixmap().isNull()

    _open(qtbot, page, ZHANG_SAN)
    qtbot.mouseClick(page.photo_button, Qt.MouseButton.LeftButton)  # no frame: nothing new taken
    page.open_record(_record(workstation, "120103198806018241").id)  # straight to the next one
    assert "李四" in page.header.text() and page.photo_checks.count() == 0 and not page.accept_photo.isVisible()


def test_a_mistyped_id_number_says_so(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks, Answers())
    _open(qtbot, page, ZHANG_SAN[:-1] + "2")  # the check digit is wrong
    assert "check" in page.status.text().lower() or "校验" in page.status.text()
    assert "Nobody matches" not in page.status.text()
