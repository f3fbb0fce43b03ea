"""Typing a paper application, or changing one already saved: checked as it is typed, kept as a
draft after every field, and compared with the records already held before it is saved.

Data-entry staff work through a stack of forms, so the keyboard drives the page: Enter moves to
the next field, Ctrl+S saves, and after a save the form is cleared (the enrolment round stays, a
stack belongs to one round) with the cursor in the name field. A draft is written after each
field, so a crash or a power cut loses at most the field being typed.

A saved draft or any record not yet sealed can be opened again (:meth:`DataEntryPage.edit_record`);
saving then updates that record, through the same service and audit trail as a new one. A new
application never changes a record that is already held: the same ID number in the same round is
refused with the held record named, and "Save anyway" after a warning about a similar person
saves a record of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain.candidate import CandidateData
from learncenter.domain.lifecycle import RecordState, is_sealed, state_label
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import ValidationResult
from learncenter.services.drafts import SavedDraft
from learncenter.services.duplicates import Duplicate, held_for, possible_duplicates
from learncenter.services.record_entry import EntryOutcome, NewRecord, OpenedRecord, open_for_editing
from learncenter.ui import palette_colors
from learncenter.ui.candidate_form import FIELDS, CandidateForm, fill_in, has_content
from learncenter.ui.forms.ui_data_entry_page import Ui_DataEntryPage
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
DRAFT_KIND = "candidate"
_KEPT_AFTER_SAVE = ("term",)
DuplicateKey = tuple[str, str, str, date]


def _key(candidate: CandidateData) -> DuplicateKey:
    return candidate.term, candidate.id_number, candidate.name, candidate.birth_date


@dataclass(frozen=True)
class _Editing:
    record_id: str
    name: str


class DataEntryPage(QWidget):
    saved = Signal(str)  # record id of a saved application: counts and the queue need refreshing

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DataEntryPage()
        self.ui.setupUi(self)
        self._ctx, self._tasks, self._actor, self._owner, self._lang = ctx, tasks, actor, actor.name, ctx.lang
        self.form = CandidateForm(ctx, tasks, today=today, parent=self)
        self.ui.formSlot.addWidget(self.form)
        QWidget.setTabOrder(self.form.edits["cert_report_no"], self.ui.saveButton)
        self._busy = False
        self._editing: _Editing | None = None
        self._draft_id: str | None = None
        self._last_saved: dict[str, str] | None = None
        self._offered: SavedDraft | None = None
        self._warned: DuplicateKey | None = None  # the duplicates shown are about this
        self._may_save_anyway = False  # ... and Save again saves (none of them holds the key)
        self._held: Duplicate | None = None
        self.form.edited.connect(self._save_draft)
        self.form.checked.connect(self._on_checked)
        self.ui.restoreButton.clicked.connect(self.restore_draft)
        self.ui.discardDraftButton.clicked.connect(self.discard_draft)
        self.ui.newApplicationButton.clicked.connect(self.new_application)
        self.ui.openHeldButton.clicked.connect(self._open_held)
        self.ui.saveButton.clicked.connect(self.save)
        for keys in (QKeySequence(QKeySequence.StandardKey.Save), QKeySequence("Ctrl+Return")):
            QShortcut(keys, self, self.save)
        self.ui.draftBanner.hide()
        self._clear()
        self._offer_draft()

    # -- the form ---------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return self.form.values()

    def set_values(self, values: Mapping[str, object]) -> None:
        self.form.set_values(values)

    def validate_now(self) -> ValidationResult:
        return self.form.validate_now()

    @property
    def editing(self) -> str | None:
        """The id of the record the form is changing; None while it holds a new application."""
        return self._editing.record_id if self._editing else None

    def _on_checked(self, result: object) -> None:
        assert isinstance(result, ValidationResult)
        if self._warned and (result.candidate is None or _key(result.candidate) != self._warned):
            self._forget_duplicates()  # the warning was about someone else
        self.ui.saveButton.setEnabled(result.ok and not self._busy)

    def _clear(self) -> None:
        """An empty form for the next application of the stack (its round stays)."""
        kept = {field: self.form.values()[field] for field in _KEPT_AFTER_SAVE}
        self._set_editing(None)
        self._draft_id, self._last_saved = None, None
        self._forget_duplicates()
        self.form.load(kept, reached=())

    def _set_editing(self, editing: _Editing | None) -> None:
        self._editing = editing
        self.ui.editingBanner.setVisible(editing is not None)
        if editing is not None:
            name = editing.name.strip() or self.tr("no name yet")
            self.ui.editingLabel.setText(fill_in(self.tr("Changing the saved record of %1: saving updates that record."), name))
            self.ui.saveButton.setToolTip(self.tr("Save the changes to this record (Ctrl+S)"))
        else:
            self.ui.saveButton.setToolTip(self.tr("Save the application as a draft record (Ctrl+S)"))

    # -- opening a saved record -------------------------------------------------------------------------

    def edit_record(self, record_id: str) -> None:
        """Load a draft or any record not yet sealed into the form; saving then updates it.

        What the form held is kept as a draft and offered back. A sealed record is not loaded: the
        page says so (it changes only by a correction a supervisor approves).
        """
        if self._busy:
            return
        self._save_draft()
        db = self._ctx.db
        self._set_busy(True)
        self._tasks.work(lambda: open_for_editing(db, record_id), self._opened, self._open_failed)

    def _opened(self, opened: object) -> None:
        assert isinstance(opened, OpenedRecord)
        self._set_busy(False)
        self._forget_duplicates()
        self._set_editing(_Editing(opened.record_id, str(opened.values.get("name") or "")))
        self.form.load(opened.values, reached=FIELDS)  # complete already: every problem shows at once
        self._draft_id, self._last_saved = None, self.form.values()
        self._message(fill_in(self.tr("Opened the record of %1 (%2)."), str(opened.values.get("name") or ""),
                              state_label(opened.state, self._lang)), palette_colors.success(self))
        self._offer_draft()  # what the form held before
        self.form.edits["name"].setFocus()

    def _open_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            self._message(exc.text(self._lang), palette_colors.error(self))
        else:
            log.error("data entry: could not open a record", exc_info=exc)
            self._message(self.tr("The record could not be opened; try again."), palette_colors.error(self))

    def new_application(self) -> None:
        """Leave the record being changed as it was last saved; changes typed are kept as a draft."""
        self._save_draft()
        self._clear()
        self._message("", palette_colors.success(self))
        self._offer_draft()
        self.form.edits["name"].setFocus()

    # -- drafts -----------------------------------------------------------------------------------

    @property
    def draft_id(self) -> str | None:
        return self._draft_id

    def _save_draft(self) -> None:
        values = self.form.values()
        if values == self._last_saved or (self._draft_id is None and self._editing is None
                                          and not has_content(values, ignoring=_KEPT_AFTER_SAVE)):
            return
        if self._draft_id is None:  # chosen here, so that saves queued before the first returns agree
            self._draft_id = str(uuid.uuid4())
        self._last_saved = values
        drafts, owner, draft_id, record_id = self._ctx.drafts, self._owner, self._draft_id, self.editing
        self._tasks.write(lambda: drafts.save(owner, DRAFT_KIND, values, draft_id=draft_id, record_id=record_id),
                          lambda _id: None, self._draft_failed)

    def _offer_draft(self) -> None:
        """Offer the newest kept draft back; read on the writer, so that it sees every queued save."""
        drafts, owner = self._ctx.drafts, self._owner
        self._tasks.write(lambda: drafts.pending(owner, DRAFT_KIND), self._show_offer, self._draft_failed)

    def _show_offer(self, pending: object) -> None:
        assert isinstance(pending, list)
        others = [d for d in pending if isinstance(d, SavedDraft) and d.id != self._draft_id]
        self._offered = others[0] if others else None
        self.ui.draftBanner.setVisible(self._offered is not None)
        if self._offered is None:
            return
        when = self._offered.updated_at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        name = str(self._offered.fields.get("name") or "").strip() or self.tr("no name yet")
        if self._offered.record_id:
            text = fill_in(self.tr("Changes you were making to a saved record were kept (%1, last changed %2)."), name, when)
        else:
            text = fill_in(self.tr("An application you were typing was kept (%1, last changed %2)."), name, when)
        if len(others) > 1:
            text += " " + self.tr("%n more kept after this one.", "", len(others) - 1)
        self.ui.draftLabel.setText(text)

    def restore_draft(self) -> None:
        draft, self._offered = self._offered, None
        self.ui.draftBanner.hide()
        if draft is None:
            return
        self._save_draft()  # what the form holds now stays kept too
        self._forget_duplicates()
        editing = _Editing(draft.record_id, str(draft.fields.get("name") or "")) if draft.record_id else None
        self._set_editing(editing)
        self.form.load(draft.fields)
        self._draft_id, self._last_saved = draft.id, self.form.values()
        self._message("", palette_colors.success(self))
        self.form.edits["name"].setFocus()

    def discard_draft(self) -> None:
        draft, self._offered = self._offered, None
        self.ui.draftBanner.hide()
        if draft is not None:
            drafts = self._ctx.drafts
            self._tasks.write(lambda: drafts.discard(draft.id), lambda _r: self._offer_draft(), self._draft_failed)

    def _draft_failed(self, exc: Exception) -> None:
        self._last_saved = None  # the next edit tries again
        log.error("data entry: draft not saved", exc_info=exc)
        self._message(self.tr("The draft could not be saved; keep the paper form at hand until the application is saved."), palette_colors.error(self))

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        """First look for the same person; when there are matches, show them and wait for Save again."""
        if self._busy:
            return
        self._message("", palette_colors.success(self))
        result = self.form.validate_now()
        if result.candidate is None or result.id_number is None:
            self.form.reach_all()
            return
        if self._may_save_anyway and _key(result.candidate) == self._warned:
            self._write(result)
            return
        self._set_busy(True)
        db, c, editing = self._ctx.db, result.candidate, self.editing
        self._tasks.work(lambda: possible_duplicates(db, id_number=c.id_number, name=c.name, birth_date=c.birth_date,
                                                     exclude_record_id=editing),
                         lambda found: self._checked(_key(c), found), self._failed)

    def _checked(self, key: DuplicateKey, found: object) -> None:
        self._set_busy(False)
        assert isinstance(found, list)
        result = self.form.validate_now()
        if result.candidate is None or _key(result.candidate) != key:
            return  # the form changed meanwhile: the next Save looks again
        if not found:
            self._write(result)
            return
        self._show_duplicates(key, result.candidate.term, found)

    def _show_duplicates(self, key: DuplicateKey, term: str, found: Sequence[Duplicate]) -> None:
        held = held_for(found, term)
        self._warned, self._held, self._may_save_anyway = key, held, held is None
        if held is not None:  # the key is taken: no second record, whatever is pressed
            self.ui.duplicatesLabel.setText(held.held_problem().text(self._lang))
        elif self._editing is not None:
            self.ui.duplicatesLabel.setText(self.tr("This person may already be entered elsewhere. Check the records below; if they are someone else, press Save anyway: the changes go to the record you opened, and the records below stay as they are."))
        else:
            self.ui.duplicatesLabel.setText(self.tr("This person may already be entered. Check the records below; if this is someone else, press Save anyway: a new record is saved, and the records below stay as they are."))
        self.ui.duplicatesList.clear()
        for duplicate in found:
            self.ui.duplicatesList.addItem(self._duplicate_text(duplicate, term))
        self.ui.openHeldButton.setVisible(held is not None and not is_sealed(held.state))
        self.ui.duplicatesBox.show()
        if held is None:
            self.ui.saveButton.setText(self.tr("Save &anyway"))

    def _duplicate_text(self, d: Duplicate, term: str) -> str:
        state = state_label(d.state, self._lang)
        if d.reason == "same_name_birth":
            return fill_in(self.tr("Same name and date of birth: %1 (%2), born %3, round %4, %5."),
                           d.name, d.id_number, d.birth_date.isoformat(), d.term, state)
        if d.term != term:
            return fill_in(self.tr("Same ID number: %1 (%2), round %3, %4."), d.name, d.id_number, d.term, state)
        return fill_in(self.tr("Same ID number in this round: %1 (%2), registration no. %3, %4."),
                       d.name, d.id_number, d.registration_no or "—", state)

    def _open_held(self) -> None:
        if self._held is not None:
            self.edit_record(self._held.record_id)

    def _forget_duplicates(self) -> None:
        self._warned, self._held, self._may_save_anyway = None, None, False
        self.ui.duplicatesBox.hide()
        self.ui.duplicatesList.clear()
        self.ui.saveButton.setText(self.tr("&Save"))

    def _write(self, result: ValidationResult) -> None:
        assert result.candidate is not None and result.id_number is not None
        editing = self.editing
        entry = NewRecord(result.candidate, result.id_number.entered, RecordState.DRAFT,
                          record_id=editing, new_only=editing is None)
        records, actor, name = self._ctx.records, self._actor, result.candidate.name
        self._set_busy(True)
        self._tasks.write(lambda: records.enter(entry, actor=actor, source="entry"),
                          lambda outcome: self._written(name, outcome), self._failed)

    def _written(self, name: str, outcome: object) -> None:
        assert isinstance(outcome, EntryOutcome)
        self._set_busy(False)
        if outcome.status in ("sealed", "refused"):  # nothing was written; what was typed stays
            self._message(outcome.problem.text(self._lang) if outcome.problem else "", palette_colors.error(self))
            return
        draft_id, drafts = self._draft_id, self._ctx.drafts
        self._clear()
        if draft_id is not None:  # then offer whatever else was kept
            self._tasks.write(lambda: drafts.discard(draft_id), lambda _r: self._offer_draft(), self._draft_failed)
        if outcome.status == "created":
            text = self.tr("Saved: %1")
        elif outcome.status == "updated":
            text = self.tr("Saved the changes to the record of %1")
        else:
            text = self.tr("Nothing was changed in the record of %1; it stays as it was")
        self._message(fill_in(text, name), palette_colors.success(self))
        self.saved.emit(outcome.record_id)
        self.form.edits["name"].setFocus()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            self._message(exc.text(self._lang), palette_colors.error(self))
        else:
            log.error("data entry: unexpected error", exc_info=exc)
            self._message(self.tr("Saving failed; what you typed is kept as a draft. Try again."), palette_colors.error(self))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        result = self.form.result
        self.ui.saveButton.setEnabled(not busy and result is not None and result.ok)

    def _message(self, text: str, color: str) -> None:
        self.ui.messageLabel.setStyleSheet(f"color: {color};")
        self.ui.messageLabel.setText(text)
