"""The dialogs of the Students page: a status change (or an admission-stage decision), the academic
year to register, the graduation data. Each is an ``AskDialog``: opened with ``open()``, answered
through its own fields, OK closing it only once the answer is complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from learncenter.domain.candidate import Level
from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType
from learncenter.domain.codes import level_label
from learncenter.domain.student_rules import academic_year_label
from learncenter.domain.student_status import (
    DECIDED_AT_CENTER, TRANSITIONS, StudentStatus, allowed_changes, event_label,
)
from learncenter.services.students import CHANGE_FIELDS
from learncenter.ui.date_fields import date_edit, day_of
from learncenter.ui.file_dialogs import open_file
from learncenter.ui.prompts import AskDialog


@dataclass(frozen=True)
class ChangeAnswer:
    code: str
    reason: str
    effective: date
    details: dict[str, str] = field(default_factory=dict)

    @property
    def decided_here(self) -> bool:
        return self.code in DECIDED_AT_CENTER


class ChangeDialog(AskDialog):
    """A status change to request (the registry decides), or, for an admitted student, an
    admission-stage decision the center takes itself."""

    def __init__(self, parent: QWidget, *, name: str, status: StudentStatus, today: date, lang: str) -> None:
        super().__init__(parent, self.tr("Student status change"))
        self.form.addRow(QLabel(self.tr("Student: %1").replace("%1", name)))
        self.change = QComboBox()
        stage: list[str] = [code for code in ("give_up", "14", "15", "16") if code in _allowed_stage(status)]
        for code in stage:
            self.change.addItem(self.tr("%1 (decided here)").replace("%1", event_label(code).text(lang)), code)
        for change in allowed_changes(status):
            if change not in DECIDED_AT_CENTER:
                self.change.addItem(f"{change} {event_label(change).text(lang)}", change)
        self.reason = QLineEdit()
        self.effective = date_edit(today)
        self.major_code, self.major_name, self.length = QLineEdit(), QLineEdit(), QLineEdit()
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level_label(level, lang) or level.value, level.value)
        self.form.addRow(self.tr("&Change"), self.change)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.form.addRow(self.tr("&Effective"), self.effective)
        self.form.addRow(self.tr("New major code"), self.major_code)
        self.form.addRow(self.tr("New major name"), self.major_name)
        self.form.addRow(self.tr("New level"), self.level)
        self.form.addRow(self.tr("New programme length (years)"), self.length)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form.addRow(self.note)
        self.finish_form()
        self.ok_button.setText(self.tr("Record"))
        self.change.currentIndexChanged.connect(self._fields)
        self._fields()
        self.change.setFocus()

    def _fields(self) -> None:
        code = str(self.change.currentData() or "")
        needed = CHANGE_FIELDS.get(code, ())
        for name, widget in (("major_code", self.major_code), ("major_name", self.major_name),
                             ("level", self.level), ("programme_length", self.length)):
            widget.setEnabled(name in needed)
        self.note.setText(self.tr("Recorded now.") if code in DECIDED_AT_CENTER else
                          self.tr("Sent to the registry with the next sync; the status changes once it approves."))

    def answer(self) -> ChangeAnswer | None:
        code = str(self.change.currentData() or "")
        if not code:
            self.message.setText(self.tr("This status allows no change."))
            return None
        if not self.reason.text().strip():
            self.message.setText(self.tr("Please give a reason."))
            self.reason.setFocus()
            return None
        values = {"major_code": self.major_code.text(), "major_name": self.major_name.text(),
                  "level": str(self.level.currentData()), "programme_length": self.length.text()}
        details = {name: values[name].strip() for name in CHANGE_FIELDS.get(code, ())}
        missing = [name for name, value in details.items() if not value]
        if missing:
            self.message.setText(self.tr("Fill in the new values this change needs."))
            return None
        return ChangeAnswer(code, self.reason.text().strip(), day_of(self.effective), details)


def _allowed_stage(status: StudentStatus) -> set[str]:
    return {code for code in ("give_up", "14", "15", "16") if status in TRANSITIONS[code][0]}


class YearDialog(AskDialog):
    """The academic year to register the selected students for."""

    def __init__(self, parent: QWidget, *, count: int, current: int) -> None:
        super().__init__(parent, self.tr("Academic year registration"))
        self.form.addRow(QLabel(self.tr("Register %n selected student(s) for:", "", count)))
        self.year = QComboBox()
        for year in range(current, current - 4, -1):
            self.year.addItem(academic_year_label(year), year)
        self.form.addRow(self.tr("&Academic year"), self.year)
        self.finish_form()
        self.ok_button.setText(self.tr("Register"))

    def answer(self) -> int | None:
        return int(self.year.currentData())


@dataclass(frozen=True)
class GraduationAnswer:
    graduation_date: date
    certificate_type: CertificateType
    minor: str
    photo: Path | None


class GraduationDialog(AskDialog):
    """The graduation data and photo the registry registers the certificate from."""

    def __init__(self, parent: QWidget, *, name: str, expected: date, lang: str) -> None:
        super().__init__(parent, self.tr("Graduation"))
        self.form.addRow(QLabel(self.tr("Student: %1").replace("%1", name)))
        self.graduation = date_edit(expected)
        self.kind = QComboBox()
        for kind in CertificateType:
            self.kind.addItem(CERTIFICATE_TYPE_LABELS[kind].text(lang), kind.value)
        self.minor = QLineEdit()
        self.photo = QLineEdit()
        self.photo.setPlaceholderText(self.tr("Graduation photo (JPEG or PNG), optional"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.photo, 1)
        row.addWidget(browse)
        self.form.addRow(self.tr("&Graduation date"), self.graduation)
        self.form.addRow(self.tr("Certificate &type"), self.kind)
        self.form.addRow(self.tr("&Minor"), self.minor)
        self.form.addRow(self.tr("&Photo"), row)
        self.finish_form()
        self.ok_button.setText(self.tr("Submit"))

    def _browse(self) -> None:
        open_file(self, self.tr("Graduation photo"), [self.tr("Photos (*.jpg *.jpeg *.png)")],
                  lambda path: self.photo.setText(str(path)))

    def answer(self) -> GraduationAnswer | None:
        text = self.photo.text().strip()
        photo = Path(text) if text else None
        if photo is not None and not photo.is_file():
            self.message.setText(self.tr("The photo file was not found."))
            return None
        return GraduationAnswer(day_of(self.graduation), CertificateType(str(self.kind.currentData())),
                                self.minor.text().strip(), photo)
