"""The confirmation page shows the payment state and will not seal an unpaid candidate, saying
why; once the payment is recorded it seals as usual (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from actors import sign_in_as
from candidates import gather_evidence, jpeg, new_record
from desk_answers import Answers
from open_dialogs import shown
from learncenter.context import AppContext
from learncenter.store.models import Record
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.prompts import RefusalDialog
from learncenter.ui.seal_summary import SealSummaryDialog
from learncenter.ui.tasks import Tasks

ZHANG_SAN = "360426199101010071"


def _zhang_san(ctx: AppContext) -> Record:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == ZHANG_SAN, Record.is_current.is_(True)))
        assert record is not None
        return record


def _ready_but_unpaid(ctx: AppContext) -> str:
    """张三 as the registry's payment list has him (unpaid), with all the evidence gathered."""
    admin, clerk = sign_in_as(ctx.users, "admin"), sign_in_as(ctx.users, "clerk1")
    record_id = ctx.records.enter(new_record(payment_state="未缴费"), actor=admin, source="import").record_id
    ctx.records.attach_photo(record_id, jpeg(), actor=clerk)
    gather_evidence(ctx.records, record_id, actor=clerk)
    return record_id


def _open(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> ConfirmationPage:
    page = ConfirmationPage(ctx.desk, tasks, actor=sign_in_as(ctx.users, "clerk1"), lang="zh",
                            ask=Answers().prompts())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    qtbot.keyClicks(page.find_edit, ZHANG_SAN)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    return page


def test_an_unpaid_candidate_is_not_sealed_and_the_page_says_why(qtbot: QtBot, workstation: AppContext,
                                                                 tasks: Tasks) -> None:
    _ready_but_unpaid(workstation)
    page = _open(qtbot, workstation, tasks)
    assert "张三" in page.header.text() and "✗" not in page.evidence.text()  # nothing else is missing
    assert "未缴费" in page.payment.text() and "请考生先完成缴费" in page.payment.text()
    assert page.payment.isVisible() and not page.confirm_button.isEnabled()

    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the clerk tries anyway
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert not [d for d in page.findChildren(SealSummaryDialog) if d.isVisible()]
    assert _zhang_san(workstation).sealed_at is None

    assert page.refuse_button.isEnabled()  # refusing stays possible
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, RefusalDialog)
    assert "张三" in dialog.findChild(QLabel).text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _zhang_san(workstation).state != "refused"


def test_once_paid_the_same_candidate_seals(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    _ready_but_unpaid(workstation)
    workstation.records.enter(new_record(payment_state="已缴费", payment_date="2026-02-28"),
                              actor=sign_in_as(workstation.users, "admin"), source="import")  # the bank's list
    page = _open(qtbot, workstation, tasks)
    assert "已缴费" in page.payment.text() and "2026-02-28" in page.payment.text()
    assert "请考生先完成缴费" not in page.payment.text() and page.confirm_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(shown(page, SealSummaryDialog), Qt.Key.Key_Return)
    record = _zhang_san(workstation)
    assert (record.state, record.payment_state) == ("confirmed", "paid")


def test_a_record_without_payment_information_says_so_and_seals(qtbot: QtBot, workstation: AppContext,
                                                                tasks: Tasks) -> None:
    record_id = _zhang_san(workstation).id  # typed at the center: no payment information
    workstation.records.attach_photo(record_id, jpeg(), actor=sign_in_as(workstation.users, "clerk1"))
    gather_evidence(workstation.records, record_id, actor=sign_in_as(workstation.users, "clerk1"))
    page = _open(qtbot, workstation, tasks)
    assert "未记录缴费信息" in page.payment.text() and page.confirm_button.isEnabled()
