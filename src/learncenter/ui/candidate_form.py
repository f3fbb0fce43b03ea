"""The candidate's application as a form: the one widget data entry and corrections share.

A record is typed, changed or corrected through the same fields, checked by the same rules as
it is typed, so a correction cannot slip past a check a new application must pass. Every problem
is shown next to the field it concerns, in the user's language, as soon as it can be known; a
field the user has not reached yet is listed as still to fill in rather than shown as wrong.
Which prior-diploma fields the chosen level needs is the eligibility profile's answer
(:func:`learncenter.domain.validation.level_needs`), never a rule of this widget.

The form keeps nothing and saves nothing: the page or dialog holding it decides what "save"
means (a draft record, an update, a supervised correction) and whether drafts are kept, from the
``edited`` and ``checked`` signals.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from learncenter.context import AppContext
from learncenter.domain import codes
from learncenter.domain.admission_types import ADMISSION_TYPES, ORDINARY
from learncenter.domain.exemptions import editable as editable_exemptions
from learncenter.domain.candidate import REQUIRED_FIELDS, Level
from learncenter.domain.certificate import STUDY_FORMS
from learncenter.domain.document_types import (
    DOCUMENT_TYPES,
    ID_CARD_OR_PERMIT,
    Document,
    DocumentType,
    record_must_carry,
)
from learncenter.domain.idnumber import IdNumber
from learncenter.domain.validation import (
    LEVEL_NEEDS,
    LEVEL_NEEDS_ONE_OF,
    LevelNeeds,
    ValidationResult,
    level_needs,
    validate_candidate,
)
from learncenter.services.majors import major_name
from learncenter.ui import palette_colors
from learncenter.ui.forms.ui_candidate_form import Ui_CandidateForm
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
#: The fields in the order of the form (and of its tab chain).
FIELDS = ("term", "name", "document_type", "id_number", "nationality", "gender", "birth_date", "ethnicity",
          "political_status", "phone", "address", "level", "major_code", "major_name", "learning_form",
          "registration_no", "admission_type", "exemptions", "prior_education", "prior_study_form", "prior_school",
          "prior_certificate_no", "prior_graduation_date", "chsi_code", "cert_report_no")
COMBO_TABLES: Mapping[str, codes.CodeTable] = {
    "gender": codes.GENDERS, "ethnicity": codes.ETHNICITIES, "political_status": codes.POLITICAL_STATUS,
    "level": codes.LEVELS, "learning_form": codes.LEARNING_FORMS, "prior_education": codes.PRIOR_EDUCATION,
    "admission_type": ADMISSION_TYPES, "document_type": DOCUMENT_TYPES, "prior_study_form": STUDY_FORMS,
}
COMBO_DEFAULTS: Mapping[str, str] = {"ethnicity": "01", "political_status": "13", "learning_form": "online"}
_CODE_FIRST = ("ethnicity", "political_status")  # "01 汉族": typing the code on the paper form picks the item
_DERIVABLE = ("birth_date", "gender")
_MARKED = tuple(f for f in REQUIRED_FIELDS if f not in _DERIVABLE)
_NOT_YET = ("validation.required", LEVEL_NEEDS, LEVEL_NEEDS_ONE_OF)  # listed, not shown, until reached
_DEBOUNCE_MS = 300


def _camel(field: str) -> str:
    first, *rest = field.split("_")
    return first + "".join(part.title() for part in rest)


def fill_in(template: str, *args: str) -> str:
    """Qt-style %1, %2 ... in one pass, so that a value containing "%2" stays as typed."""
    return re.sub(r"%(\d)", lambda m: args[int(m.group(1)) - 1], template)


def has_content(values: Mapping[str, str], *, ignoring: Iterable[str] = ()) -> bool:
    """Whether anything was typed or chosen beyond the lists' defaults."""
    skipped = set(ignoring)
    return any(value.strip() and value != COMBO_DEFAULTS.get(field)
               for field, value in values.items() if field not in skipped)


class CandidateForm(QWidget):
    edited = Signal()  # the user finished a field or chose from a list: a moment to keep a draft
    checked = Signal(object)  # ValidationResult, after every check of the form

    def __init__(self, ctx: AppContext, tasks: Tasks, *, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CandidateForm()
        self.ui.setupUi(self)
        self._ctx, self._tasks, self._today, self._lang = ctx, tasks, today, ctx.lang
        self.edits: dict[str, QLineEdit] = {}
        self.combos: dict[str, QComboBox] = {}
        self.errors: dict[str, QLabel] = {f: getattr(self.ui, _camel(f) + "Error") for f in FIELDS}
        self._captions: dict[str, tuple[QLabel, str]] = {}
        self._touched: set[str] = set()  # reached by the user: only these show "enter the ..." yet
        self._derived: set[str] = set()  # filled from the ID number, refilled when the number changes
        self._filling = False
        self._result: ValidationResult | None = None
        self._debounce = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.validate_now)
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

    def _fill_combo(self, field: str, combo: QComboBox) -> None:
        table = COMBO_TABLES[field]
        if field == "admission_type":
            combo.addItem(ORDINARY.text(self._lang), "")  # no special type: an ordinary admission
        elif field == "document_type":  # the resident ID card (a residence permit tells itself by its number)
            combo.addItem(ID_CARD_OR_PERMIT.text(self._lang), "")
            for code in table.codes()[2:]:  # the ID card and the permits share the first entry
                combo.addItem(table.label(code, self._lang) or code, code)
            return
        elif field not in COMBO_DEFAULTS:
            combo.addItem("", "")
        for code in table.codes():
            label = table.label(code, self._lang) or code
            combo.addItem(f"{code} {label}" if field in _CODE_FIRST else label, code)

    # -- reading and filling -------------------------------------------------------------------

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
                value = str(values.get(field) or "")
                if field == "exemptions":  # kept by codes; typed (and shown) in words
                    value = editable_exemptions(value, self._lang)
                edit.setText(value)
            for field, combo in self.combos.items():
                code = str(values.get(field) or COMBO_DEFAULTS.get(field, ""))
                combo.setCurrentIndex(max(combo.findData(code), 0))
        finally:
            self._filling = False

    def load(self, values: Mapping[str, object], *, reached: Iterable[str] | None = None) -> ValidationResult:
        """Start over with ``values``; ``reached`` (default: the fields that hold something) show
        their problems at once, the others are listed as still to fill in."""
        self.set_values(values)
        current = self.values()
        self._touched = set(reached) if reached is not None else {
            f for f, v in current.items() if v.strip() and v != COMBO_DEFAULTS.get(f)}
        self._derived = set()
        return self.validate_now()

    def reach_all(self) -> ValidationResult:
        """Show every problem where it is, as when the user tries to save, and go to the first."""
        self._touched.update(FIELDS)
        result = self.validate_now()
        first = next((f for f in FIELDS if any(p.field == f for p in result.problems)), None)
        if first is not None:
            (self.edits.get(first) or self.combos[first]).setFocus()
        return result

    @property
    def result(self) -> ValidationResult | None:
        """The last check's result."""
        return self._result

    # -- as the user types ------------------------------------------------------------------------

    def _changed(self, field: str, *, at_once: bool) -> None:
        if self._filling:  # the form fills itself only inside set_values: any other change is the user's
            return
        self._touched.add(field)
        self._derived.discard(field)
        if not at_once:
            self._debounce.start()
            return
        self.validate_now()
        self.edited.emit()

    def _field_finished(self, field: str) -> None:
        self._touched.add(field)
        if field == "major_code" and not self.edits["major_name"].text().strip():
            db, code = self._ctx.db, self.edits["major_code"].text()
            self._tasks.work(lambda: major_name(db, code), lambda name: self._offer_major_name(code, name),
                             lambda exc: log.warning("major name lookup failed", exc_info=exc))
        self.validate_now()
        self.edited.emit()

    def _offer_major_name(self, code: str, name: object) -> None:
        """The registry's name for the typed code, unless the user moved on or typed a name;
        it can still be changed."""
        if not name or self.edits["major_code"].text() != code or self.edits["major_name"].text().strip():
            return
        self.edits["major_name"].setText(str(name))
        self.validate_now()
        self.edited.emit()

    def validate_now(self) -> ValidationResult:
        """Check the form as it stands and show every problem next to its field."""
        self._debounce.stop()
        profile, today = self._ctx.profile, self._today()
        result = validate_candidate(self.values(), today=today, profile=profile)
        if result.id_number is not None and self._derive(result.id_number):
            result = validate_candidate(self.values(), today=today, profile=profile)
        self._result = result
        self._show_problems(result)
        self._mark_needed()
        self.checked.emit(result)
        return result

    def _derive(self, idn: IdNumber | Document) -> bool:
        """Fill the birth date and gender from the ID number where the user has not given them
        (another document: what its number tells, if anything)."""
        derived = {}
        if idn.birth_date is not None:
            derived["birth_date"] = idn.birth_date.isoformat()
        if idn.gender is not None:
            derived["gender"] = idn.gender.value
        current = self.values()
        changes = {f: v for f, v in derived.items() if (not current[f] or f in self._derived) and current[f] != v}
        if changes:
            self.set_values({**current, **changes})
        self._derived.update(f for f in derived if not current[f] or f in self._derived)
        return bool(changes)

    def _show_problems(self, result: ValidationResult) -> None:
        shown: dict[str, list[str]] = {}
        blocking: set[str] = set()
        waiting: list[str] = []  # fields needed that the user has not reached yet
        general: list[str] = []
        found = [(p, True) for p in result.problems] + [(p, False) for p in result.warnings]
        for problem, blocks in found:
            field = problem.field or ""
            if field not in self.errors:
                general.append(problem.text(self._lang))
            elif problem.code in _NOT_YET and field not in self._touched:
                waiting.append(codes.field_label(field, self._lang))
            else:
                shown.setdefault(field, []).append(problem.text(self._lang))
                if blocks:
                    blocking.add(field)
        for field, label in self.errors.items():
            label.setText("\n".join(shown.get(field, [])))
            color = palette_colors.error(self) if field in blocking else palette_colors.warning(self)
            label.setStyleSheet(f"color: {color};")
            label.setVisible(field in shown)
        if waiting:
            general.append(fill_in(self.tr("Still to fill in: %1"), ("、" if self._lang == "zh" else ", ").join(waiting)))
        self.ui.todoLabel.setText("\n".join(general))

    def _level_needs(self) -> tuple[str, LevelNeeds | None]:
        code = str(self.combos["level"].currentData() or "")
        rules = self._ctx.profile.levels.get(Level(code)) if code else None
        return code, level_needs(rules) if rules is not None else None

    def _document_needs(self) -> set[str]:
        """The holder's fields the chosen identity document does not tell, so the form must."""
        kind = str(self.combos["document_type"].currentData() or "")
        if not kind:
            return set()  # the resident ID card and the permits tell the birth date and gender
        return {str(field) for field in record_must_carry(DocumentType(kind))}

    def _mark_needed(self) -> None:
        """Mark what every application and the chosen level need, as the eligibility profile says."""
        code, needs = self._level_needs()
        needed = set(_MARKED) | (needs.fields if needs is not None else set()) | self._document_needs()
        for field, (caption, text) in self._captions.items():
            caption.setText(text + " *" if field in needed else text)
        if needs is None:
            hint = self.tr("Choose the level to see which of these it needs.")
        elif needs.one_of:
            hint = self.tr("%1 needs the fields marked *; of the CHSI verification code and the certification report number, one is enough.")
        else:
            hint = self.tr("%1 needs the fields marked *.")
        self.ui.priorHint.setText(fill_in(hint, codes.level_label(code, self._lang) or ""))
