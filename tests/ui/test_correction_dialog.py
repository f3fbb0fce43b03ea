"""Correcting a sealed record through the real dialog, on a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import gather_evidence, jpeg
from learncenter.context import AppContext
from learncenter.store import records as repo
from learncenter.store.models import OutboxItem, Record
from learncenter.ui.correction_dialog import CorrectionDialog
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"


def _sealed(ctx: AppContext) -> Record:
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == ZHANG_SAN, Record.is_current.is_(True)))
        assert record is not None
    ctx.records.attach_photo(record.id, jpeg(), actor=sign_in_as(ctx.users, "clerk1"))
    gather_evidence(ctx.records, record.id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record.id, actor=sign_in_as(ctx.users, "clerk1"))
    with ctx.db.session() as session:
        sealed = session.get(Record, record.id)
        assert sealed is not None
        session.expunge(sealed)
        return sealed


def _dialog(qtbot: QtBot, ctx: AppContext, tasks: Tasks, record: Record) -> CorrectionDialog:
    dialog = CorrectionDialog(ctx, tasks, record_id=record.id, values=repo.content(record), actor=sign_in_as(ctx.users, "clerk1"))
    qtbot.addWidget(dialog)
    return dialog


def _type_chinese(widget: object, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def test_a_supervisor_approved_correction_is_a_new_version_that_goes_out_again(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    record = _sealed(workstation)
    dialog = _dialog(qtbot, workstation, tasks, record)
    assert dialog.form.values()["name"] == "张三" and dialog.form.values()["id_number"] == ZHANG_SAN
    phone = dialog.form.edits["phone"]
    phone.clear()
    qtbot.keyClicks(phone, "13700001111")
    dialog.reason.setFocus()
    _type_chinese(dialog.reason, "登记机构退回：电话号码有误")
    qtbot.keyClicks(dialog.supervisor, "boss")
    qtbot.keyClicks(dialog.password, "boss password")
    with qtbot.waitSignal(dialog.corrected) as signal:
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    sealed = signal.args[0]
    assert sealed.version == 2
    with workstation.db.session() as session:
        new = session.get(Record, sealed.record_id)
        assert new is not None and new.phone == "13700001111" and new.replaces_id == record.id
        assert new.approved_by == "boss" and new.correction_reason == "登记机构退回：电话号码有误"
        kinds = session.scalars(select(OutboxItem.kind).where(OutboxItem.record_id == new.id)).all()
        assert kinds == ["record.corrected"]


def test_a_wrong_password_keeps_the_sealed_record_and_what_was_typed(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    record = _sealed(workstation)
    dialog = _dialog(qtbot, workstation, tasks, record)
    dialog.form.edits["phone"].setText("13700001111")
    dialog.reason.setText("phone")
    dialog.submit()
    no_supervisor = dialog.message.text()
    assert "supervisor" in no_supervisor.lower()  # none given yet
    dialog.supervisor.setText("boss")
    dialog.password.setText("wrong")
    dialog.submit()
    assert dialog.message.text() != no_supervisor and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.values()["phone"] == "13700001111" and dialog.password.text() == ""
    with workstation.db.session() as session:
        versions = session.scalars(select(Record.version).where(Record.id_number == ZHANG_SAN)).all()
    assert versions == [1]


def test_a_form_problem_is_shown_at_its_field_and_nothing_is_saved(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    record = _sealed(workstation)
    dialog = _dialog(qtbot, workstation, tasks, record)
    dialog.form.edits["id_number"].setText("360426199101010072")  # wrong check digit
    dialog.reason.setText("id")
    dialog.supervisor.setText("boss")
    dialog.password.setText("boss password")
    dialog.submit()
    assert dialog.form.errors["id_number"].text()
    assert "field" in dialog.message.text()
    with workstation.db.session() as session:
        assert session.scalar(select(Record.version).where(Record.is_current.is_(True),
                                                           Record.id_number == ZHANG_SAN)) == 1
