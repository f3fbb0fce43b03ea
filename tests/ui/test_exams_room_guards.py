"""The exam page's room buttons ask first or refuse, driven through the real widgets: the page's
buttons, the room dialog's fields and the message boxes' own buttons; results read back through
the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from exam_fixtures import confirmed, session_spec
from open_dialogs import answer_question, read_message, shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.domain.roles import Role
from learncenter.services.exam_definitions import RoomSpec
from learncenter.store.models import AuditEntry
from learncenter.ui.exams_page import ExamsPage
from learncenter.ui.room_dialog import RoomDialog
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

CODE = "2026A-01"


@pytest.fixture
def page(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> ExamsPage:
    workstation.exams.save_session(session_spec(), actor=sign_in_as(workstation.users, "admin"))
    confirmed(workstation, range(1, 6))
    widget = ExamsPage(workstation, tasks, actor=sign_in_as(workstation.users, "admin"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _rooms(ctx: AppContext) -> dict[str, tuple[str, int]]:
    return {r.code: (r.name, r.capacity) for r in ctx.exams.rooms(CODE)}


def _actions(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.db.session() as session:
        return [(a, who) for a, who in session.execute(select(AuditEntry.action, AuditEntry.actor)
                                                       .where(AuditEntry.action.startswith("exam_room."))
                                                       .order_by(AuditEntry.seq))]


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _select(qtbot: QtBot, page: ExamsPage, code: str) -> None:
    table = page.rooms_table
    row = [table.item(r, 1).text() for r in range(table.rowCount())].index(code)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(row, 1)).center())
    room = page.selected_room()
    assert room is not None and room.code == code


def _seat_everyone(qtbot: QtBot, page: ExamsPage) -> None:
    _click(qtbot, page.preview_button)
    _click(qtbot, page.save_button)


def _column(page: ExamsPage, column: int) -> list[str]:
    return [page.rooms_table.item(r, column).text() for r in range(page.rooms_table.rowCount())]


def test_a_new_room_cannot_take_a_code_in_use(page: ExamsPage, workstation: AppContext, qtbot: QtBot) -> None:
    _click(qtbot, page.add_room_button)
    dialog = shown(page, RoomDialog)
    qtbot.keyClicks(dialog.code_edit, "R1")
    qtbot.keyClicks(dialog.name_edit, "Lab 9")
    _click(qtbot, dialog.ok_button)
    assert dialog.isVisible(), "the dialog stays open so what was typed is not lost"
    said = dialog.message.text()
    assert "考场编号“R1”已被考点“第一考点”的考场“101 教室”使用" in said and "换一个编号" in said
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "R9")
    _click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert _rooms(workstation) == {"R1": ("101 教室", 4), "R2": ("102 教室", 3), "R9": ("Lab 9", 30)}
    assert _actions(workstation) == [("exam_room.add", "admin")]


def test_the_service_refuses_a_code_taken_since_the_page_looked(page: ExamsPage, workstation: AppContext,
                                                                 qtbot: QtBot) -> None:
    workstation.exams.add_room(CODE, "V1", RoomSpec("R3", "103 教室", 8),
                           actor=sign_in_as(workstation.users, "admin2", Role.ADMIN))  # elsewhere, meanwhile
    _click(qtbot, page.add_room_button)
    dialog = shown(page, RoomDialog)
    qtbot.keyClicks(dialog.code_edit, "R3")
    qtbot.keyClicks(dialog.name_edit, "Hall")
    _click(qtbot, dialog.ok_button)
    said = read_message(qtbot, page)
    assert "考场编号“R3”已被考点“第一考点”的考场“103 教室”使用" in said
    assert _rooms(workstation)["R3"] == ("103 教室", 8)  # not renamed to what was typed here


def test_removing_an_empty_room_asks_first_and_no_is_the_default(page: ExamsPage, workstation: AppContext,
                                                                  qtbot: QtBot) -> None:
    _click(qtbot, page.remove_room_button)
    assert "Select the room" in read_message(qtbot, page)
    _select(qtbot, page, "R2")
    _click(qtbot, page.remove_room_button)
    box = shown(page, QMessageBox)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert "Remove room R2 (102 教室) from this exam session?" in answer_question(qtbot, page, yes=False)
    assert sorted(_rooms(workstation)) == ["R1", "R2"] and _actions(workstation) == []
    _click(qtbot, page.remove_room_button)
    answer_question(qtbot, page, yes=True)
    assert sorted(_rooms(workstation)) == ["R1"] and _column(page, 1) == ["R1"]
    assert _actions(workstation) == [("exam_room.remove", "admin")]


def test_a_room_with_seats_is_not_removed_and_the_page_says_why(page: ExamsPage, workstation: AppContext,
                                                                qtbot: QtBot) -> None:
    _seat_everyone(qtbot, page)
    _select(qtbot, page, "R2")
    _click(qtbot, page.remove_room_button)
    box = shown(page, QMessageBox)
    assert box.button(QMessageBox.StandardButton.Yes) is None  # a refusal, not a question
    said = read_message(qtbot, page)
    assert "考场“R2”已编排 1 名考生，不能删除" in said and "预留空座" in said
    assert sorted(_rooms(workstation)) == ["R1", "R2"] and _actions(workstation) == []


def test_printed_notices_keep_the_room_and_a_change_is_asked_first(page: ExamsPage, workstation: AppContext,
                                                                   qtbot: QtBot, tmp_path: Path) -> None:
    pytest.importorskip("learncenter.documents.notices")
    _seat_everyone(qtbot, page)
    page.write_notices(tmp_path / "notices.pdf")
    assert _column(page, 7) == ["4", "1"]  # the page shows what is printed
    _select(qtbot, page, "R1")
    _click(qtbot, page.remove_room_button)
    assert "准考证已打印 4 份" in read_message(qtbot, page)

    _select(qtbot, page, "R1")
    _click(qtbot, page.change_room_button)
    dialog = shown(page, RoomDialog)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Lab 1")
    _click(qtbot, dialog.ok_button)
    asked = answer_question(qtbot, page, yes=False)
    assert "4 admission notices printed for room R1 show its old name" in asked
    assert _rooms(workstation)["R1"] == ("101 教室", 4) and _actions(workstation) == []

    _select(qtbot, page, "R1")
    _click(qtbot, page.change_room_button)
    dialog = shown(page, RoomDialog)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Lab 1")
    _click(qtbot, dialog.ok_button)
    answer_question(qtbot, page, yes=True)
    assert _rooms(workstation)["R1"] == ("Lab 1", 4) and _column(page, 2)[0] == "Lab 1"
    assert _actions(workstation) == [("exam_room.change", "admin")]


def test_changing_a_room_without_printed_notices_asks_nothing(page: ExamsPage, workstation: AppContext,
                                                              qtbot: QtBot) -> None:
    _select(qtbot, page, "R2")
    _click(qtbot, page.change_room_button)
    dialog = shown(page, RoomDialog)
    spin: QSpinBox = dialog.capacity_spin
    spin.selectAll()
    qtbot.keyClicks(spin, "6")
    _click(qtbot, dialog.ok_button)
    assert not [box for box in page.findChildren(QMessageBox) if box.isVisible()]
    assert _rooms(workstation)["R2"] == ("102 教室", 6)


def test_the_room_buttons_have_their_own_mnemonics(page: ExamsPage, qtbot: QtBot) -> None:
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible() and "&" in b.text()]
    keys = [b.text()[b.text().index("&") + 1].lower() for b in buttons]
    assert len(keys) == len(set(keys)), keys
    assert page.remove_room_button.text() == "Re&move room"
    assert page.remove_room_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    _select(qtbot, page, "R2")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.rooms_table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Qt animates the click
    qtbot.waitUntil(lambda: any(box.isVisible() for box in page.findChildren(QMessageBox)))
    assert "Remove room R2" in answer_question(qtbot, page, yes=False)
