"""A special admission type and exemptions typed on the data-entry form and shown to the clerk on
the confirmation page, through the real widgets (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from actors import sign_in_as
from candidates import gather_evidence, jpeg, new_record
from conftest import TODAY
from entry_typing import fill
from learncenter.context import AppContext
from learncenter.store.models import Record
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks
from desk_answers import Answers

WANG_WU = "110105199003071239"
ENTRY = {
    "term": "2026秋", "name": "王五", "id_number": WANG_WU, "phone": "13912345678", "level": "zsb",
    "major_code": "120203", "major_name": "会计学", "prior_education": "junior_college",
    "prior_school": "江西财经职业学院", "prior_certificate_no": "104597201606001234",
    "prior_graduation_date": "2016-07-01", "chsi_code": "A1B2C3D4E5F6G7H8",
}
ZHAO = "11010519491231002X"



def test_exemptions_are_typed_checked_and_saved(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = DataEntryPage(workstation, tasks, actor=sign_in_as(workstation.users, "entry"), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    fill(qtbot, page.form, ENTRY)
    types = page.form.combos["admission_type"]
    assert types.itemText(0) == "Ordinary" or types.itemText(0) == "普通"
    types.setFocus()
    types.setCurrentIndex(types.findData("targeted"))

    fill(qtbot, page.form, {"exemptions": "大学英语：四级"})  # the evidence forgotten
    assert not page.validate_now().ok and not page.ui.saveButton.isEnabled()
    assert page.form.errors["exemptions"].isVisible()
    assert "大学英语" in page.form.errors["exemptions"].text()

    fill(qtbot, page.form, {"exemptions": "大学英语：四级：201812345678"})
    assert page.validate_now().ok and page.ui.saveButton.isEnabled()
    assert not page.form.errors["exemptions"].isVisible()
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)

    with workstation.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == WANG_WU, Record.is_current.is_(True)))
    assert record is not None
    assert (record.admission_type, record.exemptions) == ("targeted", "大学英语:cet:201812345678")

    page.form.set_values({"exemptions": record.exemptions, "admission_type": record.admission_type})
    shown = page.form.edits["exemptions"].text()
    assert "大学英语" in shown and "201812345678" in shown and ":" not in shown  # words, not codes
    assert page.form.combos["admission_type"].currentData() == "targeted"


def test_the_clerk_sees_the_admission_type_and_what_to_check(qtbot: QtBot, workstation: AppContext,
                                                              tasks: Tasks) -> None:
    admin, clerk = sign_in_as(workstation.users, "admin"), sign_in_as(workstation.users, "clerk1")
    record_id = workstation.records.enter(
        new_record(name="赵六", id_number=ZHAO, admission_type="国防生",
                   exemptions="大学英语：大学英语四级：201812345678"), actor=admin, source="import").record_id
    workstation.records.attach_photo(record_id, jpeg(), actor=clerk)
    gather_evidence(workstation.records, record_id, actor=clerk)
    page = ConfirmationPage(workstation.desk, tasks, actor=clerk, lang="zh", ask=Answers().prompts())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    qtbot.keyClicks(page.find_edit, ZHAO)
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert "赵六" in page.header.text()
    assert page.admission.isVisible()
    text = page.admission.text()
    assert "国防生" in text and "大学英语（大学英语四级及以上，201812345678）" in text and "original" in text
    assert page.confirm_button.isEnabled()  # an exemption does not stop the seal; the clerk checks the original

    page.find_edit.clear()
    qtbot.keyClicks(page.find_edit, "360426199101010071")  # 张三: ordinary, sits everything
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert "张三" in page.header.text() and not page.admission.isVisible()
