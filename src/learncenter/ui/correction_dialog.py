"""Correcting a sealed record: the candidate form filled with it, a reason and a supervisor.

A sealed record never changes in place (ARCHITECTURE, record lifecycle): the correction is a new
version naming the one it replaces, approved by a supervisor with their own password, audited,
and sent to the registry again through the outbox. This is also how a record the registry
returned goes out again. The form is the one data entry uses, so a correction is checked field
by field exactly as a new application is; it keeps no drafts (the sealed version it starts from
is never lost).

The dialog is as large as a page: it takes most of the screen it opens on (a 1366×768 laptop
included) and the form scrolls inside it, so the reason, the supervisor and the buttons are never
pushed off the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import ValidationResult
from learncenter.services.records import NEEDS_REVIEW, Sealed
from learncenter.ui import palette_colors
from learncenter.ui.candidate_form import FIELDS, CandidateForm
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
_LARGEST = QSize(1240, 860)  # beyond this a form only gets emptier
_SCREEN_MARGIN = QSize(40, 60)  # the window frame and title bar, and a little of the desktop


class CorrectionDialog(QDialog):
    """Edit, give the reason, have a supervisor sign; saved as a new version on the writer."""

    corrected = Signal(object)  # Sealed: the new version

    def __init__(self, ctx: AppContext, tasks: Tasks, *, record_id: str, values: Mapping[str, object],
                 actor: SignedIn, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a sealed record"))
        self.setSizeGripEnabled(True)
        self._ctx, self._tasks, self._record_id, self._actor = ctx, tasks, record_id, actor
        self.intro = QLabel(intro, self)  # why the record is corrected, e.g. the registry's reason
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.form = CandidateForm(ctx, tasks, today=ctx.today, parent=self)
        self.reason, self.supervisor, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reviewed = QCheckBox(self.tr("I have reviewed the eligibility verdict; seal it all the same"))
        self.reviewed.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for keys in (QKeySequence(QKeySequence.StandardKey.Save), QKeySequence("Ctrl+Return")):
            QShortcut(keys, self, self.submit)
        self.reason.returnPressed.connect(self.focusNextChild)
        self.supervisor.returnPressed.connect(self.focusNextChild)
        self.password.returnPressed.connect(self.submit)  # the supervisor's last keystroke signs

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form, 1)
        approval = QFormLayout()
        approval.addRow(self.tr("Reason for the correction"), self.reason)
        approval.addRow(self.tr("Supervisor"), self.supervisor)
        approval.addRow(self.tr("Supervisor's password"), self.password)
        layout.addLayout(approval)
        layout.addWidget(self.reviewed)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.form.load(values, reached=FIELDS)  # every field is filled: show every problem at once
        self.resize(self.fitting_size())

    def fitting_size(self, available: QSize | None = None) -> QSize:
        """Most of the ``available`` screen area (by default the dialog's screen's), up to a size
        where the form has room for both columns; the form scrolls within it."""
        if available is None:
            available = (self.screen() or QApplication.primaryScreen()).availableGeometry().size()
        return _LARGEST.boundedTo(available - _SCREEN_MARGIN).expandedTo(self.minimumSizeHint())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves from field to field as on the data-entry page; it never presses Save
        behind the user's back (QDialog would press its default button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QPushButton):
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        result: ValidationResult = self.form.reach_all()
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
