"""The correction dialog holds the data-entry page's own candidate form, sized as a page."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import gather_evidence, jpeg, new_record
from conftest import TODAY
from entry_typing import fill
from learncenter.context import AppContext
from learncenter.store import records as repo
from learncenter.store.models import Record
from learncenter.ui.candidate_form import CandidateForm
from learncenter.ui.correction_dialog import CorrectionDialog
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

WANG_WU = "110105199003071239"
LAPTOP = QSize(1366, 768 - 40)  # a 1366×768 screen less its taskbar


def _sealed_zsb(ctx: AppContext) -> Record:
    """王五, 专升本, confirmed: the level with the most fields."""
    entry = new_record(name="王五", id_number=WANG_WU, level="专升本", prior_education="专科",
                       prior_school="江西财经职业学院", prior_certificate_no="104597201606001234",
                       prior_graduation_date="2016-07-01", chsi_code="A1B2C3D4E5F6G7H8",
                       major_code="120203", major_name="会计学", photo=jpeg())
    record_id = ctx.records.enter(entry, actor=sign_in_as(ctx.users, "entry")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id == record_id))
        assert record is not None
        session.expunge(record)
        return record


def _dialog(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> CorrectionDialog:
    record = _sealed_zsb(ctx)
    dialog = CorrectionDialog(ctx, tasks, record_id=record.id, values=repo.content(record), actor=sign_in_as(ctx.users, "clerk1"),
                              intro="Returned by the registry: the certificate number does not match.")
    qtbot.addWidget(dialog)
    return dialog


def _inside(widget: QWidget, top: QWidget) -> bool:
    """Whether all of ``widget`` lies within ``top`` (nothing of it cut off)."""
    corner = widget.mapTo(top, widget.rect().topLeft())
    return QRect(corner, widget.size()).intersected(top.rect()) == QRect(corner, widget.size())


def test_data_entry_and_correction_use_the_same_form(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, workstation, tasks)
    page = DataEntryPage(workstation, tasks, actor=sign_in_as(workstation.users, "entry"), today=lambda: TODAY)
    qtbot.addWidget(page)
    assert type(dialog.form) is type(page.form) is CandidateForm
    assert page.form.ui.todoLabel.text()  # the page's empty form lists what to fill in


def test_the_correction_form_fits_a_1366_by_768_screen_and_scrolls(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, workstation, tasks)
    size = dialog.fitting_size(LAPTOP)
    assert size.width() <= LAPTOP.width() and size.height() <= LAPTOP.height() - 30  # room for the title bar
    assert size.width() >= 1000  # a page, not a cramped box: both columns side by side
    dialog.resize(size)
    dialog.show()
    qtbot.waitExposed(dialog)

    for widget in (dialog.intro, dialog.reason, dialog.supervisor, dialog.password, dialog.buttons):
        assert widget.isVisible() and _inside(widget, dialog), widget
    scroll = dialog.form.ui.scrollArea
    assert _inside(scroll, dialog) and scroll.horizontalScrollBar().maximum() == 0  # nothing cut at the side
    candidate, prior = dialog.form.ui.candidateBox, dialog.form.ui.priorBox
    assert candidate.mapTo(dialog, candidate.rect().topLeft()).x() < prior.mapTo(dialog, prior.rect().topLeft()).x()

    dialog.resize(size.width(), 520)  # shorter still: the form scrolls, the approval stays in view
    qtbot.wait(10)
    assert scroll.verticalScrollBar().maximum() > 0
    for widget in (dialog.reason, dialog.supervisor, dialog.password, dialog.buttons):
        assert _inside(widget, dialog), widget
    scroll.ensureWidgetVisible(dialog.form.edits["cert_report_no"])
    assert scroll.verticalScrollBar().value() > 0


def test_the_level_needs_come_from_the_profile_in_the_correction_too(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, workstation, tasks)
    dialog.show()
    form = dialog.form
    assert form.ui.priorCertificateNoLabel.text().endswith("*") and form.ui.chsiCodeLabel.text().endswith("*")
    assert not form.errors["chsi_code"].isVisible()
    fill(qtbot, form, {"chsi_code": ""})  # the CHSI code removed, and no report number either
    assert form.errors["chsi_code"].isVisible() and "其一即可" in form.errors["chsi_code"].text()
    fill(qtbot, form, {"level": "gqz"})
    assert not form.ui.priorCertificateNoLabel.text().endswith("*") and not form.errors["chsi_code"].isVisible()


def test_enter_moves_through_the_fields_and_never_submits_behind_the_users_back(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, workstation, tasks)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog, 2000)
    corrected: list[object] = []
    dialog.corrected.connect(corrected.append)
    fill(qtbot, dialog.form, {"phone": "13700001111"})
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "phone")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.message.text() == "" and dialog.isVisible() and dialog.supervisor.hasFocus()
    qtbot.keyClicks(dialog.supervisor, "boss")
    qtbot.keyClick(dialog.supervisor, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, "boss password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # the supervisor's Enter signs
    assert len(corrected) == 1 and not dialog.isVisible()
