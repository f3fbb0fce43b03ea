"""Typing a paper application, driven through the real widgets on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QInputMethodEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import gather_evidence, jpeg
from conftest import TODAY
from learncenter.context import AppContext
from learncenter.domain.idnumber import parse_id_number
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role, SignedIn
from learncenter.store.database import open_database
from learncenter.store.models import Record
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.i18n import install_translators
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # in the workstation already: 张三, 2026春, pre-registered
WANG_WU = "110105199003071239"  # male, born 1990-03-07
ENTRY = "entry"  # the data-entry person who types the applications
FULL_ENTRY = {
    "term": "2026秋", "name": "王五", "id_number": WANG_WU, "ethnicity": "03", "political_status": "03",
    "phone": "13912345678", "address": "北京市朝阳区建国路1号", "level": "zsb", "major_code": "120203",
    "major_name": "会计学", "learning_form": "online", "registration_no": "26110001000123",
    "prior_education": "junior_college", "prior_school": "江西财经职业学院",
    "prior_certificate_no": "104597201606001234", "prior_graduation_date": "2016-07-01",
    "chsi_code": "A1B2C3D4E5F6G7H8",
}


def _new_page(qtbot: QtBot, ctx: AppContext, tasks: Tasks, actor: SignedIn | None = None) -> DataEntryPage:
    page = DataEntryPage(ctx, tasks, actor=actor or sign_in_as(ctx.users, ENTRY), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.fixture
def data_entry_page(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> DataEntryPage:
    return _new_page(qtbot, workstation, tasks)


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Latin and digits as keystrokes; Chinese as an input method commits it (keyClicks cannot)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _fill(qtbot: QtBot, page: DataEntryPage, values: dict[str, str]) -> None:
    """Each field as a clerk fills it: typed or chosen, then left with Enter."""
    for field, value in values.items():
        if field in page.form.combos:
            combo = page.form.combos[field]
            combo.setCurrentIndex(combo.findData(value))
            continue
        edit = page.form.edits[field]
        edit.clear()
        _type(qtbot, edit, value)
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _error(page: DataEntryPage, field: str) -> str:
    label = page.form.errors[field]
    return label.text() if label.isVisible() else ""


def _current(ctx: AppContext, id_number: str, term: str) -> Record | None:
    with ctx.db.session() as session:
        return session.scalar(select(Record).where(Record.id_number == id_number, Record.term == term,
                                                   Record.is_current.is_(True)))


def _problem_text(id_number: str) -> str:
    with pytest.raises(DomainError) as caught:
        parse_id_number(id_number, today=TODAY)
    return caught.value.text("zh")


# -- validation as you type -------------------------------------------------------------------


def test_a_mistyped_id_number_is_explained_next_to_the_id_field(qtbot: QtBot, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    _type(qtbot, page.form.edits["id_number"], "360426199101010072")
    page.validate_now()
    assert _error(page, "id_number") == _problem_text("360426199101010072")  # in the user's language (zh)
    assert "校验" in _error(page, "id_number")
    assert [f for f in page.form.errors if _error(page, f)] == ["id_number"]  # untouched fields are not yet wrong
    assert not page.ui.saveButton.isEnabled()
    grid = page.form.ui.candidateBox.layout()
    assert isinstance(grid, QGridLayout)
    edit_row, edit_col, _, _ = grid.getItemPosition(grid.indexOf(page.form.edits["id_number"]))
    assert grid.getItemPosition(grid.indexOf(page.form.errors["id_number"]))[:2] == (edit_row + 1, edit_col)

    qtbot.keyClick(page.form.edits["id_number"], Qt.Key.Key_Backspace)
    _type(qtbot, page.form.edits["id_number"], "1")
    page.validate_now()
    assert _error(page, "id_number") == ""


def test_problems_appear_by_themselves_after_a_pause(qtbot: QtBot, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    _type(qtbot, page.form.edits["phone"], "12345")
    qtbot.waitUntil(lambda: bool(_error(page, "phone")), timeout=2000)
    assert "12345" in _error(page, "phone")


def test_required_fields_are_listed_until_reached_and_shown_when_saving(data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    assert not any(_error(page, f) for f in page.form.errors)
    assert "姓名" in page.form.ui.todoLabel.text() and "身份证号" in page.form.ui.todoLabel.text()
    assert not page.ui.saveButton.isEnabled()
    page.save()  # Ctrl+S on an incomplete form shows what is missing where it is missing
    assert _error(page, "name") == "请填写姓名。" and _error(page, "id_number")
    assert _error(page, "gender") == ""  # it will come from the ID number


def test_birth_date_and_gender_come_from_the_id_number(qtbot: QtBot, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    _fill(qtbot, page, {"id_number": "11010519491231002X"})
    assert page.form.edits["birth_date"].text() == "1949-12-31"
    assert page.form.combos["gender"].currentData() == "2" and page.form.combos["gender"].currentText() == "女"

    _fill(qtbot, page, {"id_number": WANG_WU})  # a corrected number refills what it filled
    assert (page.form.edits["birth_date"].text(), page.form.combos["gender"].currentData()) == ("1990-03-07", "1")

    _fill(qtbot, page, {"birth_date": "1990-03-08"})  # typed by the clerk: checked, not overwritten
    assert "1990-03-07" in _error(page, "birth_date")
    assert page.form.edits["birth_date"].text() == "1990-03-08"
    _fill(qtbot, page, {"birth_date": "1990年3月7日"})
    assert _error(page, "birth_date") == ""


def test_the_level_marks_which_prior_diploma_fields_it_needs(data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    caption = page.form.ui.priorCertificateNoLabel
    assert not caption.text().endswith("*") and page.form.ui.nameLabel.text().endswith("*")
    page.form.combos["level"].setCurrentIndex(page.form.combos["level"].findData("zsb"))
    assert caption.text().endswith("*") and page.form.ui.chsiCodeLabel.text().endswith("*")
    assert "专升本" in page.form.ui.priorHint.text()
    page.form.combos["level"].setCurrentIndex(page.form.combos["level"].findData("gqz"))
    assert not caption.text().endswith("*") and page.form.ui.priorEducationLabel.text().endswith("*")


# -- saving ---------------------------------------------------------------------------------------


def test_a_complete_entry_saves_a_draft_record_and_clears_the_form(
        qtbot: QtBot, workstation: AppContext, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    saved: list[str] = []
    page.saved.connect(saved.append)
    _fill(qtbot, page, FULL_ENTRY)
    assert page.validate_now().ok and page.ui.saveButton.isEnabled()
    assert workstation.drafts.pending(ENTRY, "candidate")  # kept while typing

    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)

    record = _current(workstation, WANG_WU, "2026秋")
    assert record is not None and saved == [record.id]
    assert (record.state, record.source, record.name, record.gender, record.birth_date.isoformat()) == (
        "draft", "entry", "王五", "1", "1990-03-07")
    assert (record.level, record.prior_certificate_no, record.chsi_code, record.ethnicity) == (
        "zsb", "104597201606001234", "A1B2C3D4E5F6G7H8", "03")
    assert page.ui.messageLabel.text() == "Saved: 王五"
    assert workstation.drafts.pending(ENTRY, "candidate") == []
    values = page.values()
    assert values["term"] == "2026秋" and values["name"] == values["id_number"] == values["birth_date"] == ""
    assert values["ethnicity"] == "01" and not page.ui.saveButton.isEnabled()
    assert QApplication.focusWidget() is page.form.edits["name"]  # ready for the next form


def test_a_sealed_application_is_not_changed_and_says_why(
        qtbot: QtBot, workstation: AppContext, data_entry_page: DataEntryPage) -> None:
    record = _current(workstation, ZHANG_SAN, "2026春")
    assert record is not None
    workstation.records.attach_photo(record.id, jpeg(), actor=sign_in_as(workstation.users, "clerk1"))
    gather_evidence(workstation.records, record.id, actor=sign_in_as(workstation.users, "clerk1"))
    workstation.records.confirm(record.id, actor=sign_in_as(workstation.users, "clerk1"))
    page = data_entry_page
    _fill(qtbot, page, {"term": "2026春", "name": "张三", "id_number": ZHANG_SAN, "level": "gqz",
                        "major_code": "530302", "major_name": "大数据与会计", "phone": "13900000000"})
    page.save()
    assert "已封存" in page.ui.duplicatesLabel.text() and "主管批准更正" in page.ui.duplicatesLabel.text()
    assert page.ui.duplicatesList.item(0).text().startswith("Same ID number in this round: 张三")
    assert page.ui.openHeldButton.isHidden() and page.ui.saveButton.text() == "&Save"  # no Save anyway
    page.save()
    assert page.ui.duplicatesBox.isVisible() and page.values()["name"] == "张三"  # nothing typed is lost
    record = _current(workstation, ZHANG_SAN, "2026春")
    assert record is not None and record.phone == "13800138000"


# -- duplicates -----------------------------------------------------------------------------------


def test_the_same_id_number_in_another_round_is_shown_and_needs_a_second_save(
        qtbot: QtBot, workstation: AppContext, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    _fill(qtbot, page, {**FULL_ENTRY, "name": "张三", "id_number": ZHANG_SAN})
    page.save()
    assert page.ui.duplicatesBox.isVisible() and page.ui.duplicatesList.count() == 1
    assert page.ui.duplicatesList.item(0).text() == f"Same ID number: 张三 ({ZHANG_SAN}), round 2026春, 已预报名."
    assert page.ui.saveButton.text() == "Save &anyway"
    assert _current(workstation, ZHANG_SAN, "2026秋") is None

    page.save()
    assert _current(workstation, ZHANG_SAN, "2026秋") is not None
    assert not page.ui.duplicatesBox.isVisible() and page.ui.saveButton.text() == "&Save"


def test_the_same_name_and_birth_date_is_shown_too(
        qtbot: QtBot, workstation: AppContext, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    other_number = "360426199101010055"  # 张三's birth date: a mistyped number, or a namesake
    _fill(qtbot, page, {**FULL_ENTRY, "name": "张三", "id_number": other_number})
    page.save()
    assert page.ui.duplicatesList.item(0).text().startswith("Same name and date of birth: 张三 (360426199101010071)")
    _fill(qtbot, page, {"name": "张叁"})  # the duplicate no longer applies: the warning goes
    assert not page.ui.duplicatesBox.isVisible() and page.ui.saveButton.text() == "&Save"
    page.save()
    assert _current(workstation, other_number, "2026秋") is not None


# -- drafts -----------------------------------------------------------------------------------------


def test_a_half_typed_application_survives_and_is_offered_back(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = _new_page(qtbot, workstation, tasks)
    assert not page.ui.draftBanner.isVisible()
    _fill(qtbot, page, {"term": "2026秋", "name": "王五", "id_number": WANG_WU, "level": "zsb"})
    _type(qtbot, page.form.edits["major_name"], "会计")  # being typed when the power goes: may be lost
    page.close()
    page.deleteLater()
    workstation.close()

    db = open_database(workstation.data_dir)
    reopened = AppContext.build(db, today=lambda: TODAY)
    try:
        assert _new_page(qtbot, reopened, tasks, sign_in_as(reopened.users, "entry2", Role.DATA_ENTRY)).ui.draftBanner.isHidden()  # drafts are private
        page = _new_page(qtbot, reopened, tasks)
        assert page.ui.draftBanner.isVisible() and "王五" in page.ui.draftLabel.text()
        qtbot.mouseClick(page.ui.restoreButton, Qt.MouseButton.LeftButton)
        assert not page.ui.draftBanner.isVisible()
        values = page.values()
        assert (values["term"], values["name"], values["id_number"], values["level"]) == (
            "2026秋", "王五", WANG_WU, "zsb")
        assert values["birth_date"] == "1990-03-07"
        draft_id = page.draft_id
        _fill(qtbot, page, {"major_name": "会计学"})  # typing on updates the same draft
        pending = reopened.drafts.pending(ENTRY, "candidate")
        assert [d.id for d in pending] == [draft_id] and pending[0].fields["major_name"] == "会计学"
    finally:
        reopened.close()


def test_a_kept_draft_can_be_discarded(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    workstation.drafts.save(ENTRY, "candidate", {"name": "赵六"})
    workstation.drafts.save(ENTRY, "candidate", {"name": "钱七"})
    page = _new_page(qtbot, workstation, tasks)
    assert page.ui.draftBanner.isVisible() and "1" in page.ui.draftLabel.text()  # one more after this one
    first = page.ui.draftLabel.text()
    qtbot.mouseClick(page.ui.discardDraftButton, Qt.MouseButton.LeftButton)
    assert page.ui.draftBanner.isVisible() and page.ui.draftLabel.text() != first  # then the next is offered
    qtbot.mouseClick(page.ui.discardDraftButton, Qt.MouseButton.LeftButton)
    assert not page.ui.draftBanner.isVisible()
    assert workstation.drafts.pending(ENTRY, "candidate") == []
    assert page.values()["name"] == ""



def test_the_page_speaks_chinese(qapp: QApplication, qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    translators = install_translators(qapp, "zh")
    assert translators, "learncenter_zh_CN.qm was not found: run scripts/build_assets.py"
    try:
        page = _new_page(qtbot, workstation, tasks)
        assert (page.form.ui.nameLabel.text(), page.ui.saveButton.text()) == ("姓名 *", "保存(&S)")
        assert page.form.combos["ethnicity"].currentText() == "01 汉族"
        _fill(qtbot, page, {**FULL_ENTRY, "name": "张三", "id_number": ZHANG_SAN})
        assert "专升本需要填写标有 * 的项目" in page.form.ui.priorHint.text()
        page.save()
        assert page.ui.duplicatesList.item(0).text() == f"身份证号相同：张三（{ZHANG_SAN}），2026春批次，已预报名。"
        assert page.ui.saveButton.text() == "仍然保存(&A)"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_the_form_s_messages_stay_readable_on_a_dark_window(qtbot: QtBot, data_entry_page: DataEntryPage) -> None:
    page = data_entry_page
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, QColor(32, 32, 32)), (QPalette.ColorRole.WindowText, QColor("white")),
                         (QPalette.ColorRole.Base, QColor(24, 24, 24)), (QPalette.ColorRole.Text, QColor("white"))):
        dark.setColor(role, colour)
    page.setPalette(dark)
    _type(qtbot, page.form.edits["id_number"], "360426199101010072")
    page.validate_now()
    label = page.form.errors["id_number"]
    assert label.isVisible() and "#ff8a80" in label.styleSheet()  # the light red of palette_colors.error
    assert "#b00020" not in label.styleSheet()
