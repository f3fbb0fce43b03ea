"""Correcting a sealed record: the data-entry form filled with it, a reason and a supervisor.

A sealed record never changes in place (ARCHITECTURE, record lifecycle): the correction is a new
version naming the one it replaces, approved by a supervisor with their own password, audited,
and sent to the registry again through the outbox. This is also how a record the registry
returned goes out again. The form is the data-entry form, so a correction is checked field by
field exactly as a new application is; it keeps no drafts (the dialog is short-lived, and the
sealed version it starts from is never lost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import ValidationResult
from learncenter.services.records import NEEDS_REVIEW, Sealed
from learncenter.ui.data_entry_page import FIELDS, DataEntryPage
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
_RED = "#b00020"


class CorrectionForm(DataEntryPage):
    """The data-entry form holding one sealed version; it validates but never saves itself."""

    def __init__(self, ctx: AppContext, tasks: Tasks, *, owner: str, values: Mapping[str, object],
                 today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(ctx, tasks, owner=owner, today=today, parent=parent)
        self.ui.saveButton.hide()
        self.set_values(values)
        self._touched = set(FIELDS)  # every field is filled: show every problem at once
        self.validate_now()

    def _offer_draft(self) -> None:
        """A correction starts from the sealed version, never from a kept draft."""

    def _save_draft(self) -> None:
        """Nothing to keep: the sealed version stays as it is until the correction is saved."""

    def save(self) -> None:
        """Ctrl+S in the form: the dialog decides (it needs the reason and the supervisor)."""
        self.submit_requested.emit()

    submit_requested = Signal()


class CorrectionDialog(QDialog):
    """Edit, give the reason, have a supervisor sign; saved as a new version on the writer."""

    corrected = Signal(object)  # Sealed: the new version

    def __init__(self, ctx: AppContext, tasks: Tasks, *, record_id: str, values: Mapping[str, object],
                 actor: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a sealed record"))
        self._ctx, self._tasks, self._record_id, self._actor = ctx, tasks, record_id, actor
        self.form = CorrectionForm(ctx, tasks, owner=actor, values=values, today=ctx.today)
        self.reason, self.supervisor, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reviewed = QCheckBox(self.tr("I have reviewed the eligibility verdict; seal it all the same"))
        self.reviewed.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {_RED};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.form.submit_requested.connect(self.submit)

        layout = QVBoxLayout(self)
        if intro:
            note = QLabel(intro)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.form, 1)
        approval = QFormLayout()
        approval.addRow(self.tr("Reason for the correction"), self.reason)
        approval.addRow(self.tr("Supervisor"), self.supervisor)
        approval.addRow(self.tr("Supervisor's password"), self.password)
        layout.addLayout(approval)
        layout.addWidget(self.reviewed)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        result: ValidationResult = self.form.validate_now()
        if result.candidate is None or result.id_number is None:
            self.message.setText(self.tr("Some fields are not right yet; each problem is shown next to its field."))
            return
        if not self.reason.text().strip():
            self.message.setText(self.tr("Give the reason for the correction."))
            self.reason.setFocus()
            return
        if not self.supervisor.text().strip():
            self.message.setText(self.tr("A supervisor must approve the correction with their name and password."))
            self.supervisor.setFocus()
            return
        records, record_id = self._ctx.records, self._record_id
        candidate, entered = result.candidate, result.id_number.entered
        actor, supervisor, password = self._actor, self.supervisor.text().strip(), self.password.text()
        reason, reviewed = self.reason.text().strip(), self.reviewed.isChecked()
        self.buttons.setEnabled(False)
        self.message.setText("")
        self._tasks.write(
            lambda: records.correct(record_id, candidate, id_number_entered=entered, actor=actor,
                                    supervisor=supervisor, supervisor_password=password,
                                    reason=reason, acknowledge_review=reviewed),
            self._done, self._failed)

    def _done(self, sealed: object) -> None:
        assert isinstance(sealed, Sealed)
        self.buttons.setEnabled(True)
        self.corrected.emit(sealed)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if isinstance(exc, DomainError):
            if exc.problem.code == NEEDS_REVIEW:
                self.reviewed.show()
            self.message.setText(exc.text(self._ctx.lang))
        else:
            log.error("correction failed", exc_info=exc)
            self.message.setText(self.tr("The correction could not be saved; the sealed record is unchanged. Try again."))
