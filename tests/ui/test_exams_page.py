"""The administrator's exam page on a real database: rooms, preview before save, notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exam_fixtures import accepted_without_photo, confirmed, session_json, session_spec
from open_dialogs import answer_file_dialog, answer_question, file_dialog, read_message, shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.ui.exams_page import ExamsPage
from learncenter.ui.main_window import MainWindow
from learncenter.ui.room_dialog import RoomDialog
from learncenter.ui.tasks import Tasks
from actors import sign_in_as


def _cells(table: object, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]  # type: ignore[attr-defined]


@pytest.fixture
def page(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> ExamsPage:
    workstation.exams.save_session(session_spec(), actor=sign_in_as(workstation.users, "admin"))
    confirmed(workstation, range(1, 6))
    widget = ExamsPage(workstation, tasks, actor=sign_in_as(workstation.users, "admin"))
    qtbot.addWidget(widget)
    return widget


def test_rooms_preview_then_save(page: ExamsPage, workstation: AppContext) -> None:
    assert page.session_code == "2026A-01" and page.session_combo.count() == 1
    assert _cells(page.rooms_table, 1) == ["R1", "R2"] and _cells(page.rooms_table, 6) == ["4", "3"]
    assert not page.save_button.isEnabled()
    page.preview_button.click()
    assert page.plan_table.rowCount() == 5 and set(_cells(page.plan_table, 6)) == {"new"}
    assert "5 to seat" in page.plan_label.text()
    assert workstation.exams.sessions()[0].seated == 0  # a preview saves nothing
    page.save_button.click()
    assert workstation.exams.sessions()[0].seated == 5
    assert _cells(page.rooms_table, 5) == ["4", "1"] and _cells(page.rooms_table, 6) == ["0", "2"]
    page.preview_button.click()  # a re-run keeps everyone where they are, numbers included
    assert set(_cells(page.plan_table, 6)) == {"kept"} and all(_cells(page.plan_table, 7))


def test_overflow_and_rules_show_in_the_preview(page: ExamsPage, workstation: AppContext) -> None:
    page.keep_free_spin.setValue(2)  # 2 + 1 usable seats for 5 candidates
    page.order_check.setChecked(False)
    page.preview_button.click()
    assert page.plan_table.rowCount() == 3
    assert "有 2 名考生没有座位" in page.plan_label.text()  # the service speaks the context's language


def test_a_session_defined_from_a_file_and_a_broken_file(page: ExamsPage, tmp_path: Path, qtbot: QtBot) -> None:
    page.show()
    good = tmp_path / "b.json"
    good.write_text(json.dumps(session_json(code="2026B-01")), encoding="utf-8")
    qtbot.mouseClick(page.define_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, good, press_enter=True)
    assert page.session_combo.count() == 2 and page.session_code == "2026B-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(session_json(code="")), encoding="utf-8")
    qtbot.mouseClick(page.define_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, bad)
    assert "考试安排：缺少“code”" in page.plan_label.text()


def test_the_page_is_for_administrators(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    admin = MainWindow(workstation, sign_in_as(workstation.users, "admin"), tasks)
    clerk = MainWindow(workstation, sign_in_as(workstation.users, "clerk1"), tasks)
    for window in (admin, clerk):
        qtbot.addWidget(window)
    assert admin.stack.indexOf(admin.exams) >= 0 and clerk.stack.indexOf(clerk.exams) < 0


def test_notices_to_pdf_refuse_without_photo_preview_and_print(page: ExamsPage, workstation: AppContext,
                                                               tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtPrintSupport import QPrinter

    accepted_without_photo(workstation, 40)
    page.show()
    page.preview_button.click()
    page.save_button.click()
    out = tmp_path / "notices.pdf"
    qtbot.mouseClick(page.notices_button, Qt.MouseButton.LeftButton)
    edit = file_dialog(page).findChild(QLineEdit, "fileNameEdit")
    assert isinstance(edit, QLineEdit) and edit.text() == "2026A-01.pdf"  # the session's code is suggested
    answer_file_dialog(qtbot, page, out)
    assert page.pdf_path == out and out.read_bytes()[:5] == b"%PDF-"
    assert "5 notices written" in page.notices_label.text() and "without a standard photo" in page.notices_label.text()
    dialog = page.show_preview()
    assert dialog is not None and dialog.document.pageCount() >= 1
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    page.print_notices(printer)
    assert printed.exists() and "Sent to the printer" in page.notices_label.text()


def test_the_page_speaks_chinese(chinese: None, page: ExamsPage) -> None:
    assert page.rooms_table.horizontalHeaderItem(6).text() == "空余"
    page.preview_button.click()
    assert page.plan_label.text().startswith("预览（未保存）：新编排 5 人") and _cells(page.plan_table, 6)[0] == "新编排"


def test_rooms_are_added_changed_and_removed_from_the_page(page: ExamsPage, workstation: AppContext,
                                                           qtbot: QtBot) -> None:
    page.show()
    qtbot.mouseClick(page.add_room_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, RoomDialog)
    qtbot.keyClicks(dialog.code_edit, "R3")
    qtbot.keyClicks(dialog.name_edit, "Lab 3")
    _type_number(qtbot, dialog.capacity_spin, 12)
    _type_number(qtbot, dialog.columns_spin, 4)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _cells(page.rooms_table, 1) == ["R1", "R2", "R3"] and _cells(page.rooms_table, 6)[2] == "12"
    _click_row(qtbot, page, 0)
    qtbot.mouseClick(page.change_room_button, Qt.MouseButton.LeftButton)
    change = shown(page, RoomDialog)
    assert change.code_edit.isReadOnly() and change.code_edit.text() == "R1"
    _type_number(qtbot, change.kept_free_spin, 9)  # more than its 4 seats: refused with the rule's sentence
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert "不能超过座位数 4" in read_message(qtbot, page) and _cells(page.rooms_table, 4)[0] == "0"
    _click_row(qtbot, page, 1)
    qtbot.mouseClick(page.remove_room_button, Qt.MouseButton.LeftButton)
    assert "Remove room R2 (102 教室)" in answer_question(qtbot, page, yes=True)
    assert _cells(page.rooms_table, 1) == ["R1", "R3"]
    assert [r.code for r in workstation.exams.rooms("2026A-01")] == ["R1", "R3"]


def _type_number(qtbot: QtBot, spin: QSpinBox, value: int) -> None:
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    assert spin.value() == value


def _click_row(qtbot: QtBot, page: ExamsPage, row: int) -> None:
    table = page.rooms_table
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_room() is not None and page.selected_room().code == _cells(table, 1)[row]


def _seated(page: ExamsPage) -> None:
    page.preview_button.click()
    page.save_button.click()


def test_room_lists_to_a_folder_listed_on_the_page(page: ExamsPage, tmp_path: Path, qtbot: QtBot) -> None:
    pytest.importorskip("learncenter.documents.room_files")
    page.show()
    _seated(page)
    folder = tmp_path / "rooms"
    folder.mkdir()
    qtbot.mouseClick(page.room_lists_button, Qt.MouseButton.LeftButton)
    assert file_dialog(page).fileMode() == QFileDialog.FileMode.Directory
    answer_file_dialog(qtbot, page, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["101 教室-door.pdf", "101 教室-sign-in.pdf",
                                                      "102 教室-door.pdf", "102 教室-sign-in.pdf"]
    lines = page.notices_label.text().splitlines()
    assert lines[0] == f"Sign-in sheets and door lists of 2 rooms written to {folder}:"
    assert lines[1:] == ["101 教室 (第一考点): 4 candidates, 101 教室-sign-in.pdf and 101 教室-door.pdf",
                         "102 教室 (第一考点): 1 candidates, 102 教室-sign-in.pdf and 102 教室-door.pdf"]
    assert page.room_lists_button.isEnabled() and not page.cancel_button.isEnabled()
    assert not page.print_button.isEnabled()  # printing is for the notices PDF


def test_one_notice_file_per_candidate_with_progress(page: ExamsPage, workstation: AppContext,
                                                     tmp_path: Path, qtbot: QtBot) -> None:
    pytest.importorskip("learncenter.documents.notices")
    page.show()
    _seated(page)
    folder = tmp_path / "each"
    folder.mkdir()
    qtbot.mouseClick(page.notice_files_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, folder, press_enter=True)
    numbers = {s.notice_number for s in _seats(workstation)}
    assert {p.stem for p in folder.glob("*.pdf")} == numbers and len(numbers) == 5
    assert "5 notices written" in page.notices_label.text() and page.progress_bar.value() == 5


@pytest.mark.parametrize("kind", ["files", "rooms"])
def test_cancel_leaves_no_file(page: ExamsPage, tmp_path: Path, kind: str, qtbot: QtBot) -> None:
    pytest.importorskip("learncenter.documents.room_files")
    page.show()
    _seated(page)
    pressed: list[str] = []

    def press_cancel(_value: int) -> None:  # at the first progress, as a person would
        if page.cancel_button.isEnabled():
            qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
            pressed.append(page.notices_label.text())

    page.progress_bar.valueChanged.connect(press_cancel)
    folder = tmp_path / kind
    page.write_papers(folder, kind)
    assert pressed == ["Stopping after the current room…" if kind == "rooms" else "Stopping after the current notice…"]
    assert "Cancelled; no file was written" in page.notices_label.text()
    assert not any(p.suffix == ".pdf" for p in folder.iterdir())
    assert page.notice_files_button.isEnabled() and not page.cancel_button.isEnabled()


def test_keys_for_exam_sites_are_exported_through_the_save_dialog(page: ExamsPage, tmp_path: Path,
                                                                   qtbot: QtBot) -> None:
    from learncenter.documents import notice_qr

    page.show()
    _seated(page)
    page.write_notices(tmp_path / "notices.pdf")  # the device key exists once a notice is signed
    qtbot.mouseClick(page.keys_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "for the sites"
    answer_file_dialog(qtbot, page, out)  # typed without the extension: the filter's is added
    written = tmp_path / "for the sites.json"
    keys = notice_qr.read_keys_file(written.read_bytes())
    assert len(keys) == 1 and str(written) in page.notices_label.text()


def _seats(ctx: AppContext) -> list[object]:
    from sqlalchemy import select

    from learncenter.store.exam_models import SeatAssignment

    with ctx.db.session() as session:
        return list(session.scalars(select(SeatAssignment)))


def test_the_new_buttons_speak_chinese(chinese: None, page: ExamsPage, tmp_path: Path) -> None:
    pytest.importorskip("learncenter.documents.room_files")
    assert page.room_lists_button.text() == "考场签到表和门贴(&L)…"
    _seated(page)
    page.write_room_lists(tmp_path / "rooms")
    assert page.notices_label.text().splitlines()[1].startswith("101 教室（第一考点）：4 人，")
