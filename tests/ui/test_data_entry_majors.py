"""Data entry offers the registry's name for a typed major code (majors arrive by down-sync)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from conftest import TODAY
from learncenter.context import AppContext
from learncenter.store import reference_data
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as


def _type_and_leave(qtbot: QtBot, page: DataEntryPage, field: str, text: str) -> None:
    edit = page.form.edits[field]
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_typed_major_code_brings_the_registrys_name(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    with workstation.db.session() as session, session.begin():  # as down-sync stores a major
        reference_data.put(session, "major", "120203", 1, {"code": "120203", "name": "会计学", "level": "zsb"},
                           datetime(2026, 3, 1))
    page = DataEntryPage(workstation, tasks, actor=sign_in_as(workstation.users, "entry"), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    _type_and_leave(qtbot, page, "major_code", "120203")
    assert page.form.edits["major_name"].text() == "会计学"

    page.form.edits["major_name"].setText("会计学（注册会计师方向）")  # the clerk's own wording is kept
    _type_and_leave(qtbot, page, "major_code", "120203")
    assert page.form.edits["major_name"].text() == "会计学（注册会计师方向）"

    page.form.edits["major_name"].clear()
    _type_and_leave(qtbot, page, "major_code", "999999")  # a code the registry has not sent
    assert page.form.edits["major_name"].text() == ""
