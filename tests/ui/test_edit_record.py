"""Data-entry staff open a saved draft or unsealed record again and change it, through the real page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from candidates import gather_evidence, jpeg
from conftest import TODAY
from entry_typing import fill
from learncenter.context import AppContext
from learncenter.store import records as repo
from learncenter.store.database import open_database
from learncenter.store.models import AuditEntry, Record
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # in the workstation: 张三, 2026春, pre-registered
LI_SI = "120103198806018241"  # in the workstation: 李四, 2026春, pre-registered
WANG_WU = "110105199003071239"
ENTRY = "entry"  # the data-entry person who types the applications
WANG_WU_ENTRY = {
    "term": "2026秋", "name": "王五", "id_number": WANG_WU, "level": "zsb", "major_code": "120203",
    "major_name": "会计学", "prior_education": "junior_college", "prior_school": "江西财经职业学院",
    "prior_certificate_no": "104597201606001234", "prior_graduation_date": "2016-07-01",
    "chsi_code": "A1B2C3D4E5F6G7H8",
}


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> DataEntryPage:
    page = DataEntryPage(ctx, tasks, actor=sign_in_as(ctx.users, ENTRY), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def _record(ctx: AppContext, id_number: str) -> dict[str, Any]:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record is not None
        return {**repo.content(record), "id": record.id, "state": record.state}


def _count(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Record)) or 0)


def _audit(ctx: AppContext, record_id: str) -> list[tuple[str, str]]:
    with ctx.db.session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.actor)
                               .where(AuditEntry.entity_id == record_id).order_by(AuditEntry.seq))
        return [(action, actor) for action, actor in rows]


def _save(qtbot: QtBot, page: DataEntryPage) -> None:
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)


def test_a_saved_draft_record_opens_again_and_saving_updates_it_audited(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks)
    fill(qtbot, page.form, WANG_WU_ENTRY)
    _save(qtbot, page)
    draft = _record(workstation, WANG_WU)
    assert draft["state"] == "draft" and page.editing is None
    count = _count(workstation)

    page.edit_record(draft["id"])

    assert page.editing == draft["id"] and page.ui.editingBanner.isVisible() and "王五" in page.ui.editingLabel.text()
    assert page.ui.messageLabel.text() == "Opened the record of 王五 (草稿)."
    assert page.values()["prior_certificate_no"] == "104597201606001234" and page.values()["level"] == "zsb"
    saved: list[str] = []
    page.saved.connect(saved.append)
    fill(qtbot, page.form, {"major_name": "会计学（注册会计师方向）", "phone": "13911112222"})
    _save(qtbot, page)

    after = _record(workstation, WANG_WU)
    assert saved == [draft["id"]] and after["id"] == draft["id"] and _count(workstation) == count
    assert (after["major_name"], after["phone"], after["state"]) == ("会计学（注册会计师方向）", "13911112222", "draft")
    assert _audit(workstation, draft["id"]) == [("record.create", ENTRY), ("record.update", ENTRY)]
    assert page.ui.messageLabel.text() == "Saved the changes to the record of 王五"
    assert page.editing is None and not page.ui.editingBanner.isVisible() and page.values()["name"] == ""
    assert workstation.drafts.pending(ENTRY, "candidate") == []


def test_a_pre_registered_record_is_changed_in_place_and_its_id_number_cannot_take_anothers(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks)
    zhang_san, li_si = _record(workstation, ZHANG_SAN), _record(workstation, LI_SI)
    page.edit_record(zhang_san["id"])
    assert page.values()["name"] == "张三" and page.values()["id_number"] == ZHANG_SAN

    fill(qtbot, page.form, {"id_number": LI_SI, "birth_date": "1988-06-01", "gender": "2"})  # 李四's data
    _save(qtbot, page)
    assert "李四" in page.ui.duplicatesLabel.text() and page.ui.saveButton.text() == "&Save"
    _save(qtbot, page)
    assert _record(workstation, LI_SI) == li_si and _record(workstation, ZHANG_SAN) == zhang_san

    fill(qtbot, page.form, {"id_number": ZHANG_SAN, "birth_date": "1991-01-01", "gender": "1",
                            "address": "江西省九江市濂溪区"})
    assert not page.ui.duplicatesBox.isVisible()
    _save(qtbot, page)
    after = _record(workstation, ZHANG_SAN)
    assert (after["id"], after["address"], after["state"]) == (zhang_san["id"], "江西省九江市濂溪区", "pre_registered")


def test_a_sealed_record_is_not_opened_and_the_page_says_so(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    record_id = _record(workstation, ZHANG_SAN)["id"]
    workstation.records.attach_photo(record_id, jpeg(), actor=sign_in_as(workstation.users, "clerk1"))
    gather_evidence(workstation.records, record_id, actor=sign_in_as(workstation.users, "clerk1"))
    workstation.records.confirm(record_id, actor=sign_in_as(workstation.users, "clerk1"))
    page = _page(qtbot, workstation, tasks)
    fill(qtbot, page.form, {"name": "王五"})

    page.edit_record(record_id)

    said = page.ui.messageLabel.text()
    assert "张三" in said and "已封存" in said and "主管批准" in said
    assert page.editing is None and page.values()["name"] == "王五"  # the form is left as it was


def test_changes_to_an_opened_record_survive_a_crash_and_still_update_that_record(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    li_si = _record(workstation, LI_SI)
    page = _page(qtbot, workstation, tasks)
    page.edit_record(li_si["id"])
    fill(qtbot, page.form, {"phone": "13911112222"})
    page.close()
    page.deleteLater()
    workstation.close()

    reopened = AppContext.build(open_database(workstation.data_dir), today=lambda: TODAY)
    try:
        page = _page(qtbot, reopened, tasks)
        assert page.ui.draftBanner.isVisible() and "saved record" in page.ui.draftLabel.text()
        qtbot.mouseClick(page.ui.restoreButton, Qt.MouseButton.LeftButton)
        assert page.editing == li_si["id"] and page.ui.editingBanner.isVisible()
        assert page.values()["phone"] == "13911112222"
        count = _count(reopened)
        _save(qtbot, page)
        after = _record(reopened, LI_SI)
        assert after["id"] == li_si["id"] and after["phone"] == "13911112222" and _count(reopened) == count
    finally:
        reopened.close()


def test_a_new_application_leaves_the_opened_record_as_it_was(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    li_si = _record(workstation, LI_SI)
    page = _page(qtbot, workstation, tasks)
    page.edit_record(li_si["id"])
    qtbot.mouseClick(page.ui.newApplicationButton, Qt.MouseButton.LeftButton)
    assert page.editing is None and not page.ui.editingBanner.isVisible()
    assert page.values()["name"] == "" and page.values()["term"] == "2026春"  # the round stays for the stack
    assert not page.ui.draftBanner.isVisible()  # nothing was changed, so nothing was kept
    assert _record(workstation, LI_SI) == li_si
