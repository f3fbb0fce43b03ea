"""A duplicate warning through the real page: Save anyway never overwrites another person's record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from candidates import new_record
from conftest import TODAY
from entry_typing import fill
from learncenter.context import AppContext
from learncenter.store import records as repo
from learncenter.store.models import Record
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # in the workstation: 张三, born 1991-01-01, 2026春, pre-registered
NAMESAKE = "360426199101010055"  # another 张三 born the same day
LI_SI = "120103198806018241"  # in the workstation: 李四, 2026春, registration no. 26110001000002
APPLICATION = {"term": "2026春", "level": "gqz", "major_code": "530302", "major_name": "大数据与会计",
               "prior_education": "high_school", "phone": "13912345678"}


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> DataEntryPage:
    page = DataEntryPage(ctx, tasks, actor=sign_in_as(ctx.users, "entry"), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def _record(ctx: AppContext, id_number: str, term: str = "2026春") -> dict[str, Any] | None:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.term == term,
                                                     Record.is_current.is_(True)))
        return None if record is None else {**repo.content(record), "id": record.id, "state": record.state}


def _count(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Record)) or 0)


def _click(qtbot: QtBot, page: DataEntryPage) -> None:
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)


def test_a_second_person_with_an_id_number_held_in_the_round_is_refused_and_the_record_named(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks)
    li_si, count = _record(workstation, LI_SI), _count(workstation)
    fill(qtbot, page.form, {**APPLICATION, "name": "赵六", "id_number": LI_SI})

    _click(qtbot, page)

    assert page.ui.duplicatesBox.isVisible()
    said = page.ui.duplicatesLabel.text()
    assert "李四" in said and "26110001000002" in said  # the held record, by name and registration number
    assert "打开该记录修改" in said and "核对身份证号" in said  # and what to do
    assert page.ui.duplicatesList.item(0).text() == (
        f"Same ID number in this round: 李四 ({LI_SI}), registration no. 26110001000002, 已预报名.")
    assert page.ui.saveButton.text() == "&Save"  # no Save anyway: a second record cannot be saved
    _click(qtbot, page)  # pressing again refuses again
    assert page.ui.duplicatesBox.isVisible() and page.values()["name"] == "赵六"  # nothing typed is lost
    assert _record(workstation, LI_SI) == li_si and _count(workstation) == count

    # The held record is one click away; what was typed is kept as a draft and offered back.
    assert page.ui.openHeldButton.isVisible()
    qtbot.mouseClick(page.ui.openHeldButton, Qt.MouseButton.LeftButton)
    assert li_si is not None and page.editing == li_si["id"] and page.values()["name"] == "李四"
    assert page.ui.editingBanner.isVisible() and "李四" in page.ui.editingLabel.text()
    assert page.ui.draftBanner.isVisible() and "赵六" in page.ui.draftLabel.text()


def test_save_anyway_for_a_namesake_saves_a_new_record_and_leaves_the_other_untouched(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks)
    zhang_san = _record(workstation, ZHANG_SAN)
    fill(qtbot, page.form, {**APPLICATION, "name": "张三", "id_number": NAMESAKE})

    _click(qtbot, page)
    assert page.ui.duplicatesList.count() == 1
    assert page.ui.duplicatesList.item(0).text().startswith(f"Same name and date of birth: 张三 ({ZHANG_SAN})")
    assert "a new record is saved" in page.ui.duplicatesLabel.text() and page.ui.openHeldButton.isHidden()
    assert page.ui.saveButton.text() == "Save &anyway" and _record(workstation, NAMESAKE) is None

    saved: list[str] = []
    page.saved.connect(saved.append)
    _click(qtbot, page)  # Save anyway

    namesake = _record(workstation, NAMESAKE)
    assert namesake is not None and saved == [namesake["id"]] and zhang_san is not None
    assert namesake["id"] != zhang_san["id"] and (namesake["name"], namesake["phone"], namesake["state"]) == (
        "张三", "13912345678", "draft")
    assert _record(workstation, ZHANG_SAN) == zhang_san  # the other 张三 untouched
    assert page.ui.messageLabel.text() == "Saved: 张三" and not page.ui.duplicatesBox.isVisible()


def test_save_anyway_is_refused_when_the_id_number_was_taken_meanwhile(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    """Another desk saved the same ID number between the warning and Save anyway: still no overwrite."""
    page = _page(qtbot, workstation, tasks)
    fill(qtbot, page.form, {**APPLICATION, "name": "张三", "id_number": NAMESAKE})
    _click(qtbot, page)
    assert page.ui.saveButton.text() == "Save &anyway"
    workstation.records.enter(new_record(id_number=NAMESAKE, name="张叁", registration_no="26110001000009"),
                              actor=sign_in_as(workstation.users, "entry2"), source="entry")
    other = _record(workstation, NAMESAKE)

    _click(qtbot, page)

    said = page.ui.messageLabel.text()
    assert "张叁" in said and "26110001000009" in said and "没有另建新记录" in said
    assert _record(workstation, NAMESAKE) == other and page.values()["id_number"] == NAMESAKE
