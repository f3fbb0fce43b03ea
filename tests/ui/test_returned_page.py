"""The Returned records page: a record the registry sent back is withdrawn with a reason, through
the page's own button and dialog."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import gather_evidence, jpeg
from learncenter.context import AppContext
from learncenter.store.models import AuditEntry, OutboxItem, Record
from learncenter.store.sync_models import ITEM_RETURNED
from learncenter.ui.prompts import ReasonDialog
from learncenter.ui.returned_page import ReturnedPage
from learncenter.ui.tasks import Tasks
from open_dialogs import shown
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"


def _returned_as_duplicate(ctx: AppContext) -> str:
    """张三 confirmed here, then returned by the registry as confirmed at another center (what
    applying its signed receipt writes; the sync tests cover that path against a real registry)."""
    with ctx.db.session() as session:
        record_id = session.scalar(select(Record.id).where(Record.id_number == ZHANG_SAN))
    assert record_id is not None
    ctx.records.attach_photo(record_id, jpeg(), actor=sign_in_as(ctx.users, "clerk1"))
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    with ctx.db.session() as session, session.begin():
        record = session.get(Record, record_id)
        item = session.scalar(select(OutboxItem).where(OutboxItem.record_id == record_id))
        assert record is not None and item is not None
        record.state = "returned"
        item.state, item.return_code, item.answered_at = ITEM_RETURNED, "duplicate_person", datetime(2026, 3, 2)
        item.return_reason_zh, item.return_reason_en = "该考生已在学习中心 11002 确认", "confirmed at center 11002"
    return record_id


def test_a_returned_duplicate_is_withdrawn_with_a_reason(qtbot: QtBot, workstation: AppContext) -> None:
    record_id = _returned_as_duplicate(workstation)
    page = ReturnedPage(workstation, Tasks(synchronous=True), actor=sign_in_as(workstation.users, "clerk1"))
    qtbot.addWidget(page)
    page.show()
    assert [row.record_id for row in page.rows] == [record_id] and page.withdraw_button.isEnabled()

    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, ReasonDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: said, nothing done
    assert dialog.isVisible() and dialog.message.text() and page.rows
    qtbot.keyClicks(dialog.reason, "confirmed at center 11002 first")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert page.rows == [] and not page.withdraw_button.isEnabled()
    with workstation.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.state == "withdrawn" and record.sealed_at is not None
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "record.withdraw"))
    assert details == {"from": "returned", "to": "withdrawn", "reason": "confirmed at center 11002 first"}
