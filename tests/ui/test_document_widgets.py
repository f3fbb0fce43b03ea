"""A candidate with a passport typed on the data-entry form, and met at the confirmation desk, through
the real widgets (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from actors import sign_in_as
from candidates import jpeg, new_record
from conftest import TODAY
from desk_answers import Answers
from entry_typing import fill
from learncenter.context import AppContext
from learncenter.store.models import Record
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks



def test_a_passport_is_typed_with_its_nationality(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    page = DataEntryPage(workstation, tasks, actor=sign_in_as(workstation.users, "entry"), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    fill(qtbot, page.form, {"term": "2026秋", "name": "约翰·史密斯", "major_code": "530302",
                            "major_name": "大数据与会计", "level": "gqz", "prior_education": "high_school"})
    kinds = page.form.combos["document_type"]
    assert not page.form.ui.genderLabel.text().endswith("*")  # the ID card tells it
    kinds.setCurrentIndex(kinds.findData("passport"))
    page.validate_now()
    for caption in (page.form.ui.genderLabel, page.form.ui.birthDateLabel, page.form.ui.nationalityLabel):
        assert caption.text().endswith("*")  # a passport tells none of them
    fill(qtbot, page.form, {"id_number": "E1234567"})
    assert not page.validate_now().ok
    assert "国籍" in page.form.errors["nationality"].text() or "nationality" in page.form.errors["nationality"].text()

    fill(qtbot, page.form, {"nationality": "USA", "birth_date": "1988-05-06"})
    page.form.combos["gender"].setCurrentIndex(page.form.combos["gender"].findData("1"))
    result = page.validate_now()
    assert result.ok, result.problems
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)
    with workstation.db.session() as session:
        record = session.scalar(select(Record).where(Record.name == "约翰·史密斯"))
    assert record is not None
    assert (record.id_number, record.document_type, record.nationality, record.id_number_entered) == (
        "passport:USA:E1234567", "passport", "USA", "E1234567")


def test_the_desk_asks_a_passport_holder_for_the_photo_page(qtbot: QtBot, workstation: AppContext,
                                                            tasks: Tasks) -> None:
    admin, clerk = sign_in_as(workstation.users, "admin"), sign_in_as(workstation.users, "clerk1")
    record_id = workstation.records.enter(new_record(
        photo=jpeg(), name="约翰·史密斯", id_number="E1234567", document_type="护照", nationality="USA",
        birth_date="1988-05-06", gender="男"), actor=admin, source="import").record_id
    answers = Answers(images=[jpeg()])  # the scanner's frame of the photo page
    page = ConfirmationPage(workstation.desk, tasks, actor=clerk, lang="en", ask=answers.prompts())
    qtbot.addWidget(page)
    page.show()
    page.open_record(record_id)
    assert "Foreign passport (USA) E1234567" in page.header.text()
    assert not page.card_back.isVisible() and "Passport" in page.card_front.text()
    qtbot.mouseClick(page.card_front, Qt.MouseButton.LeftButton)  # the scanner hands the page over
    assert answers.asked == ["Passport photo page"] and "✓" in page.card_front.text()
    assert "passport_photo_page" in [kind for kind, _sha in workstation.records.documents(record_id)]


def test_a_permit_holder_is_asked_to_compare_what_the_number_does_not_say(qtbot: QtBot, workstation: AppContext,
                                                                       tasks: Tasks) -> None:
    admin, clerk = sign_in_as(workstation.users, "admin"), sign_in_as(workstation.users, "clerk1")
    workstation.records.enter(new_record(photo=jpeg(), name="陈大文", id_number="H12345678", birth_date="1990-01-02",
                                         gender="男"), actor=admin, source="import")
    page = ConfirmationPage(workstation.desk, tasks, actor=clerk, lang="en", ask=Answers().prompts())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page, 2000)
    qtbot.keyClicks(page.find_edit, "h1234 5678")  # as read off the permit
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert "陈大文" in page.header.text() and "H12345678" in page.header.text()
    assert "does not carry the birth date or gender" in page.id_status.text()
    assert page.card_front.text().startswith("Card") and page.card_back.isVisible()
