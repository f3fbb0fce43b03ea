"""The Students page driven as a clerk drives it: rows selected, buttons clicked, the page's own
dialogs answered through their widgets; the registry's decisions arrive as the sync applies them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from entry_typing import type_text
from exam_fixtures import id_number
from learncenter.context import AppContext
from learncenter.domain.candidate import Level
from learncenter.domain.certificate_registration import CertificateType
from learncenter.domain.student_status import StudentStatus
from learncenter.services.student_decisions import Decision, RegisteredCertificate, apply_decisions
from learncenter.services.students import Admission
from learncenter.store.student_models import StudentEvent
from learncenter.ui.prompts import ReasonDialog
from learncenter.ui.student_dialogs import ChangeDialog, GraduationDialog, YearDialog
from learncenter.ui.students_page import StudentsPage
from learncenter.ui.tasks import Tasks
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from learncenter.documents.certificate_proof import verify_proof_file
from learncenter.protocol.signing import sign_object
from open_dialogs import answer_file_dialog, shown
from sqlalchemy import select

SPRING = date(2025, 3, 1)


def admitted(ctx: AppContext) -> list[str]:
    people = [("赵一", 31, "1"), ("钱二", 32, "2")]
    outcome = ctx.students.record_admissions([
        Admission(term="2025春", id_number=id_number(serial), level=Level.HIGH_TO_JUNIOR_COLLEGE, major_code="530302",
                  major_name="大数据与会计", programme_length="2.5", enrolment_date=SPRING, name=name, gender=gender,
                  birth_date=date(1991, 1, 1)) for name, serial, gender in people], actor=ctx.actor)
    return outcome.admitted


def decide_last(ctx: AppContext, **extra: object) -> None:
    """What the sync does with the registry's signed approval of the latest request."""
    with ctx.db.session() as session:
        event_id = session.scalar(select(StudentEvent.id).order_by(StudentEvent.id.desc()).limit(1))
    assert event_id is not None
    apply_decisions(ctx.db, [Decision(event_id, True, "reviewer", datetime(2026, 3, 2, tzinfo=UTC), "同意",
                                      **extra)], registry="registry")  # type: ignore[arg-type]


def select_rows(page: StudentsPage, *names: str) -> None:
    page.table.clearSelection()
    model = page.table.selectionModel()
    for index, row in enumerate(page.rows):
        if row.name in names:
            model.select(page.table.model().index(index, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def status_of(page: StudentsPage, name: str) -> StudentStatus:
    return next(row.status for row in page.rows if row.name == name)


def test_a_clerk_registers_students_and_requests_a_change(qtbot: QtBot, workstation: AppContext) -> None:
    admitted(workstation)
    page = StudentsPage(workstation, Tasks(synchronous=True), actor=workstation.actor)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    assert {row.name for row in page.rows} == {"赵一", "钱二"}

    select_rows(page, "赵一")
    assert page.report_button.isEnabled() and not page.graduate_button.isEnabled()
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert status_of(page, "赵一") == StudentStatus.ENROLLED and "251010110001" in page.summary.text()

    select_rows(page, "赵一", "钱二")  # both at once: one is registered, the other listed with why
    qtbot.mouseClick(page.year_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, YearDialog)
    dialog.year.setCurrentIndex(dialog.year.findData(2025))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Registered 1" in page.summary.text() and "钱二" in page.summary.text()

    select_rows(page, "赵一")
    qtbot.waitUntil(lambda: "赵一" in page.heading.text())
    assert "2025-2026" in page.heading.text()
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    change = shown(page, ChangeDialog)
    change.change.setCurrentIndex(change.change.findData("11"))
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert change.isVisible() and change.message.text()  # a reason is needed
    type_text(qtbot, change.reason, "工作调动")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert not change.isVisible() and "next sync" in page.summary.text()
    assert status_of(page, "赵一") == StudentStatus.ENROLLED  # not before the registry approves
    select_rows(page, "赵一")
    assert not page.change_button.isEnabled()  # one request at a time

    decide_last(workstation)
    page.refresh()
    assert status_of(page, "赵一") == StudentStatus.ON_LEAVE
    select_rows(page, "赵一")
    qtbot.waitUntil(lambda: page.timeline.rowCount() >= 4)
    texts = [page.timeline.item(r, 1).text() for r in range(page.timeline.rowCount())]
    assert texts[:2] == ["录取", "报到注册"] and "休学" in texts

    select_rows(page, "钱二")  # admitted, not reported: the center decides giving up itself
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    change = shown(page, ChangeDialog)
    assert change.change.itemData(0) == "give_up" and change.change.findData("11") == -1
    type_text(qtbot, change.reason, "本人放弃")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert status_of(page, "钱二") == StudentStatus.GAVE_UP
    qtbot.wait(20)  # the closed dialog goes while the page is up, as in a running workstation


def test_graduation_then_a_lost_certificate(qtbot: QtBot, workstation: AppContext, tmp_path: Path) -> None:
    first, _second = admitted(workstation)
    workstation.students.report(first, on=SPRING, actor=workstation.actor)  # type: ignore[arg-type]
    page = StudentsPage(workstation, Tasks(synchronous=True), actor=workstation.actor)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    select_rows(page, "赵一")
    qtbot.mouseClick(page.graduate_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, GraduationDialog)
    assert dialog.graduation.date().toString("yyyy-MM-dd") == "2027-08-31"  # the expected graduation
    dialog.photo.setText(str(tmp_path / "missing.jpg"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text()
    dialog.photo.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "next sync" in page.summary.text()

    decide_last(workstation, certificate=RegisteredCertificate(
        "104597202706000001", CertificateType.GRADUATION, date(2027, 8, 31), "ABCDEFGHJKLMNPQR", {"name": "赵一"}))
    page.refresh()
    select_rows(page, "赵一")
    qtbot.wait(50)
    assert "104597202706000001" in page.heading.text()
    assert status_of(page, "赵一") == StudentStatus.GRADUATED and page.lost_button.isEnabled()
    qtbot.mouseClick(page.lost_button, Qt.MouseButton.LeftButton)
    lost = shown(page, ReasonDialog)
    type_text(qtbot, lost.reason, "搬家遗失")
    qtbot.mouseClick(lost.ok_button, Qt.MouseButton.LeftButton)
    assert "next sync" in page.summary.text()
    qtbot.wait(20)  # the closed dialog goes, as between two things a person does
    key = Ed25519PrivateKey.generate()
    decide_last(workstation, proof=sign_object(key, {"format": "LCP1", "number": "104597202706000001",
                                                     "code": "ABCDEFGHJKLMNPQR", "name": "赵一", "lost": "2026-03-02"}))
    page.refresh()
    select_rows(page, "赵一")
    qtbot.waitUntil(lambda: "reported lost" in page.heading.text())
    assert page.proof_button.isEnabled() and not page.lost_button.isEnabled()
    qtbot.mouseClick(page.proof_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "proof.pdf"
    answer_file_dialog(qtbot, page, target)
    qtbot.waitUntil(target.exists)
    (verdict,) = verify_proof_file(target, key.public_key())
    assert verdict.verdict == "valid" and verdict.fields["name"] == "赵一"
    qtbot.wait(20)


def test_data_entry_staff_do_not_see_students(workstation: AppContext) -> None:
    from learncenter.domain.permissions import Permission, allows
    from learncenter.domain.roles import Role

    assert not allows(Role.DATA_ENTRY, Permission.STUDENTS)
    assert sign_in_as(workstation.users, "entry1", Role.DATA_ENTRY).role == Role.DATA_ENTRY
