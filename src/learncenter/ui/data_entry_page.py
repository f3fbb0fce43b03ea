"""Typing a paper application: checked as it is typed, kept as a draft after every field, and
compared with the records already held before it is saved.

Data-entry staff work through a stack of forms, so the keyboard drives the page: Enter moves to
the next field, Ctrl+S saves, and after a save the form is cleared (the enrolment round stays, a
stack belongs to one round) with the cursor in the name field. Every problem is shown next to the
field it concerns, in the user's language, as soon as it can be known; a field the user has not
reached yet is listed as still to fill in rather than shown as wrong. A draft is written after
each field, so a crash or a power cut loses at most the field being typed.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from learncenter.context import AppContext
from learncenter.domain import codes
from learncenter.domain.candidate import REQUIRED_FIELDS, CandidateData, Level
from learncenter.domain.idnumber import IdNumber
from learncenter.domain.lifecycle import RecordState, is_sealed, state_label
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import ValidationResult, validate_candidate
from learncenter.services.drafts import SavedDraft
from learncenter.services.duplicates import Duplicate, possible_duplicates
from learncenter.services.majors import major_name
from learncenter.services.record_entry import EntryOutcome, NewRecord
from learncenter.ui.forms.ui_data_entry_page import Ui_DataEntryPage
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
DRAFT_KIND = "candidate"
#: The fields in the order of the form (and of its tab chain).
FIELDS = ("term", "name", "id_number", "gender", "birth_date", "ethnicity", "political_status", "phone",
          "address", "level", "major_code", "major_name", "learning_form", "registration_no", "prior_education",
          "prior_school", "prior_certificate_no", "prior_graduation_date", "chsi_code", "cert_report_no")
COMBO_TABLES: Mapping[str, codes.CodeTable] = {
    "gender": codes.GENDERS, "ethnicity": codes.ETHNICITIES, "political_status": codes.POLITICAL_STATUS,
    "level": codes.LEVELS, "learning_form": codes.LEARNING_FORMS, "prior_education": codes.PRIOR_EDUCATION,
}
COMBO_DEFAULTS: Mapping[str, str] = {"ethnicity": "01", "political_status": "13", "learning_form": "online"}
_CODE_FIRST = ("ethnicity", "political_status")  # "01 汉族": typing the code on the paper form picks the item
_DERIVABLE = ("birth_date", "gender")
_MARKED = tuple(f for f in REQUIRED_FIELDS if f not in _DERIVABLE)
_KEPT_AFTER_SAVE = ("term",)
_RED, _AMBER, _GREEN = "#b00020", "#8a5a00", "#1b5e20"
_DEBOUNCE_MS = 300
DuplicateKey = tuple[str, str, str, date]


def _camel(field: str) -> str:
    first, *rest = field.split("_")
    return first + "".join(part.title() for part in rest)


def _key(candidate: CandidateData) -> DuplicateKey:
    return candidate.term, candidate.id_number, candidate.name, candidate.birth_date


def _fill_in(template: str, *args: str) -> str:
    """Qt-style %1, %2 ... in one pass, so that a value containing "%2" stays as typed."""
    return re.sub(r"%(\d)", lambda m: args[int(m.group(1)) - 1], template)


class DataEntryPage(QWidget):
    saved = Signal(str)  # record id of a saved application: counts and the queue need refreshing

    def __init__(self, ctx: AppContext, tasks: Tasks, *, owner: str, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DataEntryPage()
        self.ui.setupUi(self)
        self._ctx, self._tasks, self._owner, self._today, self._lang = ctx, tasks, owner, today, ctx.lang
        self.edits: dict[str, QLineEdit] = {}
        self.combos: dict[str, QComboBox] = {}
        self.errors: dict[str, QLabel] = {f: getattr(self.ui, _camel(f) + "Error") for f in FIELDS}
        self._captions: dict[str, tuple[QLabel, str]] = {}
        self._touched: set[str] = set()  # reached by the user: only these show "enter the ..." yet
        self._derived: set[str] = set()  # filled from the ID number, refilled when the number changes
        self._filling = self._busy = False
        self._result: ValidationResult | None = None
        self._draft_id: str | None = None
        self._last_saved: dict[str, str] | None = None
        self._offered: SavedDraft | None = None
        self._acknowledged: DuplicateKey | None = None  # duplicates shown for this; Save again saves
        self._debounce = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.validate_now)
        self._build()
        self.ui.draftBanner.hide()
        self._clear()
        self._offer_draft()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        for field in FIELDS:
            caption: QLabel = getattr(self.ui, _camel(field) + "Label")
            self._captions[field] = (caption, caption.text())
            if field in COMBO_TABLES:
                self.combos[field] = combo = getattr(self.ui, _camel(field) + "Combo")
                self._fill_combo(field, combo)
                combo.currentIndexChanged.connect(lambda _i, f=field: self._changed(f, at_once=True))
            else:
                self.edits[field] = edit = getattr(self.ui, _camel(field) + "Edit")
                edit.textChanged.connect(lambda _t, f=field: self._changed(f, at_once=False))
                edit.editingFinished.connect(lambda f=field: self._field_finished(f))
                edit.returnPressed.connect(self.focusNextChild)
        self.ui.restoreButton.clicked.connect(self.restore_draft)
        self.ui.discardDraftButton.clicked.connect(self.discard_draft)
        self.ui.saveButton.clicked.connect(self.save)
        for keys in (QKeySequence(QKeySequence.StandardKey.Save), QKeySequence("Ctrl+Return")):
            QShortcut(keys, self, self.save)

    def _fill_combo(self, field: str, combo: QComboBox) -> None:
        table = COMBO_TABLES[field]
        if field not in COMBO_DEFAULTS:
            combo.addItem("", "")
        for code in table.codes():
            label = table.label(code, self._lang) or code
            combo.addItem(f"{code} {label}" if field in _CODE_FIRST else label, code)

    # -- reading and filling the form ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form as typed: text as it stands, codes for the lists ("" when none is chosen)."""
        values = {field: edit.text() for field, edit in self.edits.items()}
        values.update({field: str(combo.currentData() or "") for field, combo in self.combos.items()})
        return {field: values[field] for field in FIELDS}

    def set_values(self, values: Mapping[str, object]) -> None:
        """Fill the form; missing fields become empty (lists: their default)."""
        self._filling = True
        try:
            for field, edit in self.edits.items():
                edit.setText(str(values.get(field) or ""))
            for field, combo in self.combos.items():
                code = str(values.get(field) or COMBO_DEFAULTS.get(field, ""))
                combo.setCurrentIndex(max(combo.findData(code), 0))
        finally:
            self._filling = False

    def _has_content(self, values: Mapping[str, str]) -> bool:
        return any(value.strip() and value != COMBO_DEFAULTS.get(field)
                   for field, value in values.items() if field not in _KEPT_AFTER_SAVE)

    def _clear(self) -> None:
        kept = {field: self.edits[field].text() for field in _KEPT_AFTER_SAVE}
        self.set_values(kept)
        self._touched, self._derived = set(), set()
        self._draft_id, self._last_saved = None, None
        self._forget_duplicates()
        self.validate_now()

    # -- as the user types ----------------------------------------------------------------------

    def _changed(self, field: str, *, at_once: bool) -> None:
        if self._filling:  # the form fills itself only inside set_values: any other change is the user's
            return
        self._touched.add(field)
        self._derived.discard(field)
        if not at_once:
            self._debounce.start()
            return
        self.validate_now()
        self._save_draft()

    def _field_finished(self, field: str) -> None:
        self._touched.add(field)
        if field == "major_code" and not self.edits["major_name"].text().strip():
            db, code = self._ctx.db, self.edits["major_code"].text()
            self._tasks.work(lambda: major_name(db, code), lambda name: self._offer_major_name(code, name),
                             lambda exc: log.warning("major name lookup failed", exc_info=exc))
        self.validate_now()
        self._save_draft()

    def _offer_major_name(self, code: str, name: object) -> None:
        """The registry's name for the typed code, unless the clerk moved on or typed a name;
        the clerk can still change it."""
        if not name or self.edits["major_code"].text() != code or self.edits["major_name"].text().strip():
            return
        self.edits["major_name"].setText(str(name))
        self.validate_now()
        self._save_draft()

    def validate_now(self) -> ValidationResult:
        """Check the form as it stands and show every problem next to its field."""
        self._debounce.stop()
        result = validate_candidate(self.values(), today=self._today())
        if result.id_number is not None and self._derive(result.id_number):
            result = validate_candidate(self.values(), today=self._today())
        self._result = result
        self._show_problems(result)
        self._mark_needed()
        if self._acknowledged and (result.candidate is None or _key(result.candidate) != self._acknowledged):
            self._forget_duplicates()  # the warning was about someone else
        self.ui.saveButton.setEnabled(result.ok and not self._busy)
        return result

    def _derive(self, idn: IdNumber) -> bool:
        """Fill the birth date and gender from the ID number where the user has not given them."""
        derived = {"birth_date": idn.birth_date.isoformat(), "gender": idn.gender.value}
        current = self.values()
        changes = {f: v for f, v in derived.items() if (not current[f] or f in self._derived) and current[f] != v}
        if changes:
            self.set_values({**current, **changes})
        self._derived.update(f for f in derived if not current[f] or f in self._derived)
        return bool(changes)

    def _show_problems(self, result: ValidationResult) -> None:
        shown: dict[str, list[str]] = {}
        blocking: set[str] = set()
        waiting: list[str] = []  # required fields the user has not reached yet
        general: list[str] = []
        for problem in result.problems:
            field = problem.field or ""
            if field not in self.errors:
                general.append(problem.text(self._lang))
            elif problem.code == "validation.required" and field not in self._touched:
                waiting.append(codes.field_label(field, self._lang))
            else:
                shown.setdefault(field, []).append(problem.text(self._lang))
                blocking.add(field)
        for warning in result.warnings:
            if warning.field in self.errors:
                shown.setdefault(warning.field, []).append(warning.text(self._lang))
        for field, label in self.errors.items():
            label.setText("\n".join(shown.get(field, [])))
            label.setStyleSheet(f"color: {_RED if field in blocking else _AMBER};")
            label.setVisible(field in shown)
        if waiting:
            general.append(_fill_in(self.tr("Still to fill in: %1"), ("、" if self._lang == "zh" else ", ").join(waiting)))
        self.ui.todoLabel.setText("\n".join(general))

    def _mark_needed(self) -> None:
        """Mark what the chosen level needs, as the eligibility profile says (DOMAIN §5)."""
        code = str(self.combos["level"].currentData() or "")
        rules = self._ctx.profile.levels.get(Level(code)) if code else None
        needed = set(_MARKED)
        if rules is not None:
            needed.add("prior_education")
            if rules.certificate_required:
                needed.update(("prior_school", "prior_certificate_no"))
            if rules.certificate_before_enrolment:
                needed.add("prior_graduation_date")
            if rules.chsi_evidence_required:
                needed.update(("chsi_code", "cert_report_no"))
        for field, (caption, text) in self._captions.items():
            caption.setText(text + " *" if field in needed else text)
        level = codes.level_label(code, self._lang) or ""
        if rules is None:
            hint = self.tr("Choose the level to see which of these it needs.")
        elif rules.chsi_evidence_required:
            hint = self.tr("%1 needs the fields marked *; of the CHSI verification code and the certification report number, one is enough.")
        else:
            hint = self.tr("%1 needs the fields marked *.")
        self.ui.priorHint.setText(_fill_in(hint, level))

    # -- drafts -----------------------------------------------------------------------------------

    @property
    def draft_id(self) -> str | None:
        return self._draft_id

    def _save_draft(self) -> None:
        values = self.values()
        if values == self._last_saved or (self._draft_id is None and not self._has_content(values)):
            return
        if self._draft_id is None:  # chosen here, so that saves queued before the first returns agree
            self._draft_id = str(uuid.uuid4())
        self._last_saved = values
        drafts, owner, draft_id = self._ctx.drafts, self._owner, self._draft_id
        self._tasks.write(lambda: drafts.save(owner, DRAFT_KIND, values, draft_id=draft_id),
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
        text = _fill_in(self.tr("An application you were typing was kept (%1, last changed %2)."), name, when)
        if len(others) > 1:
            text += " " + self.tr("%n more kept after this one.", "", len(others) - 1)
        self.ui.draftLabel.setText(text)

    def restore_draft(self) -> None:
        draft, self._offered = self._offered, None
        self.ui.draftBanner.hide()
        if draft is None:
            return
        self.set_values(draft.fields)
        self._draft_id, self._last_saved = draft.id, self.values()
        self._touched = {f for f, v in self._last_saved.items() if v.strip() and v != COMBO_DEFAULTS.get(f)}
        self._derived = set()
        self.validate_now()  # also drops a duplicate warning about whoever was in the form before
        self.edits["name"].setFocus()

    def discard_draft(self) -> None:
        draft, self._offered = self._offered, None
        self.ui.draftBanner.hide()
        if draft is not None:
            drafts = self._ctx.drafts
            self._tasks.write(lambda: drafts.discard(draft.id), lambda _r: self._offer_draft(), self._draft_failed)

    def _draft_failed(self, exc: Exception) -> None:
        self._last_saved = None  # the next edit tries again
        log.error("data entry: draft not saved", exc_info=exc)
        self._message(self.tr("The draft could not be saved; keep the paper form at hand until the application is saved."), _RED)

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        """First look for the same person; when there are matches, show them and wait for Save again."""
        if self._busy:
            return
        self._message("", _GREEN)
        result = self.validate_now()
        if result.candidate is None or result.id_number is None:
            self._touched.update(FIELDS)
            self._show_problems(result)
            first = next((f for f in FIELDS if any(p.field == f for p in result.problems)), None)
            if first is not None:
                (self.edits.get(first) or self.combos[first]).setFocus()
            return
        if _key(result.candidate) == self._acknowledged:
            self._write(result)
            return
        self._set_busy(True)
        db, c = self._ctx.db, result.candidate
        self._tasks.work(lambda: possible_duplicates(db, id_number=c.id_number, name=c.name, birth_date=c.birth_date),
                         lambda found: self._checked(_key(c), found), self._failed)

    def _checked(self, key: DuplicateKey, found: object) -> None:
        self._set_busy(False)
        assert isinstance(found, list)
        result = self.validate_now()
        if result.candidate is None or _key(result.candidate) != key:
            return  # the form changed meanwhile: the next Save looks again
        if not found:
            self._write(result)
            return
        self._show_duplicates(result.candidate.term, found)
        self._acknowledged = key
        self.ui.saveButton.setText(self.tr("Save &anyway"))

    def _show_duplicates(self, term: str, found: Sequence[Duplicate]) -> None:
        self.ui.duplicatesLabel.setText(self.tr("This person may already be entered. Check the records below; to save all the same, press Save anyway."))
        self.ui.duplicatesList.clear()
        for duplicate in found:
            self.ui.duplicatesList.addItem(self._duplicate_text(duplicate, term))
        self.ui.duplicatesBox.show()

    def _duplicate_text(self, d: Duplicate, term: str) -> str:
        state = state_label(d.state, self._lang)
        if d.reason == "same_name_birth":
            return _fill_in(self.tr("Same name and date of birth: %1 (%2), born %3, round %4, %5."),
                            d.name, d.id_number, d.birth_date.isoformat(), d.term, state)
        if d.term != term:
            return _fill_in(self.tr("Same ID number: %1 (%2), round %3, %4."), d.name, d.id_number, d.term, state)
        if is_sealed(d.state):
            return _fill_in(self.tr("Same ID number in this round, already sealed: %1 (%2), %3. It cannot be changed here; a correction needs a supervisor."),
                            d.name, d.id_number, state)
        return _fill_in(self.tr("Same ID number in this round: %1 (%2), %3. Saving updates that record."),
                        d.name, d.id_number, state)

    def _forget_duplicates(self) -> None:
        self._acknowledged = None
        self.ui.duplicatesBox.hide()
        self.ui.duplicatesList.clear()
        self.ui.saveButton.setText(self.tr("&Save"))

    def _write(self, result: ValidationResult) -> None:
        assert result.candidate is not None and result.id_number is not None
        entry = NewRecord(result.candidate, result.id_number.entered, RecordState.DRAFT)
        records, owner, name = self._ctx.records, self._owner, result.candidate.name
        self._set_busy(True)
        self._tasks.write(lambda: records.enter(entry, actor=owner, source="entry"),
                          lambda outcome: self._written(name, outcome), self._failed)

    def _written(self, name: str, outcome: object) -> None:
        assert isinstance(outcome, EntryOutcome)
        self._set_busy(False)
        if outcome.status == "sealed":
            self._message(outcome.problem.text(self._lang) if outcome.problem else "", _RED)
            return
        draft_id, drafts = self._draft_id, self._ctx.drafts
        self._clear()
        if draft_id is not None:  # then offer whatever else was kept
            self._tasks.write(lambda: drafts.discard(draft_id), lambda _r: self._offer_draft(), self._draft_failed)
        text = self.tr("Saved: %1") if outcome.status == "created" else self.tr("Saved: %1, in the record already held for this round")
        self._message(_fill_in(text, name), _GREEN)
        self.saved.emit(outcome.record_id)
        self.edits["name"].setFocus()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            self._message(exc.text(self._lang), _RED)
        else:
            log.error("data entry: unexpected error", exc_info=exc)
            self._message(self.tr("Saving failed; what you typed is kept as a draft. Try again."), _RED)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.saveButton.setEnabled(not busy and self._result is not None and self._result.ok)

    def _message(self, text: str, color: str) -> None:
        self.ui.messageLabel.setStyleSheet(f"color: {color};")
        self.ui.messageLabel.setText(text)
