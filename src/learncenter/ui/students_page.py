"""The Students page (issue 14): students filtered by grade, level, status and name or number; the
selected student's timeline; reporting, year registration for many at once, change requests,
graduation data and photo, a lost certificate — and what waits for the registry's decision.

Reads run in the general pool, writes through the desk's writer; every change goes through the
student services, which check who is acting and audit it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from learncenter.context import AppContext
from learncenter.domain.candidate import Level
from learncenter.domain.codes import level_label
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.domain.student_status import STATUS_LABELS, StudentStatus, is_final
from learncenter.services.student_reads import StudentDetail, StudentRow, hold_words, list_students, student_detail
from learncenter.services.students import YearOutcome
from learncenter.ui.candidate_form import fill_in
from learncenter.ui.file_dialogs import save_file
from learncenter.ui.prompts import ReasonDialog
from learncenter.ui.student_dialogs import ChangeAnswer, ChangeDialog, GraduationAnswer, GraduationDialog, YearDialog
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class StudentsPage(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._actor = ctx, tasks, actor
        self._rows: list[StudentRow] = []
        self._detail: StudentDetail | None = None
        self._said = ""  # what the last action did, shown once the list is read again
        lang = ctx.lang
        self.grade = QComboBox()
        self.grade.addItem(self.tr("All grades"), None)
        year = ctx.today().year
        for grade in range(year, year - 6, -1):
            self.grade.addItem(str(grade), grade)
        self.level = QComboBox()
        self.level.addItem(self.tr("All levels"), None)
        for level in Level:
            self.level.addItem(level_label(level, lang) or level.value, level.value)
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for status in StudentStatus:
            self.status.addItem(STATUS_LABELS[status].text(lang), status.value)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Name, student number or ID number"))
        self.text.returnPressed.connect(self.refresh)
        for combo in (self.grade, self.level, self.status):
            combo.currentIndexChanged.connect(self.refresh)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("&Grade"), self.grade), (self.tr("&Level"), self.level),
                              (self.tr("S&tatus"), self.status)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([
            self.tr("Student no."), self.tr("Name"), self.tr("ID number"), self.tr("Grade"), self.tr("Level"),
            self.tr("Major"), self.tr("Student status"), self.tr("Expected graduation")], stretch=5)
        self.table.itemSelectionChanged.connect(self._selected)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = read_only_table([self.tr("Date"), self.tr("What"), self.tr("State"), self.tr("Details"),
                                         self.tr("By")], stretch=3)
        self.report_button = QPushButton(self.tr("Re&port and register"))
        self.year_button = QPushButton(self.tr("&Year registration…"))
        self.change_button = QPushButton(self.tr("Status &change…"))
        self.graduate_button = QPushButton(self.tr("Gra&duation…"))
        self.lost_button = QPushButton(self.tr("Lost &certificate…"))
        self.proof_button = QPushButton(self.tr("Print &proof…"))
        self.proof_button.setToolTip(self.tr("The proof of qualification for a certificate the registry marked lost"))
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.report_button.clicked.connect(self.report_selected)
        self.year_button.clicked.connect(self.register_year)
        self.change_button.clicked.connect(self.request_change)
        self.graduate_button.clicked.connect(self.request_graduation)
        self.lost_button.clicked.connect(self.report_lost)
        self.proof_button.clicked.connect(self.print_proof)
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.report_button, self.year_button, self.change_button, self.graduate_button,
                       self.lost_button, self.proof_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.timeline, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._enable()
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        db, actor = self._ctx.db, self._actor
        grade, level, status = self.grade.currentData(), self.level.currentData(), self.status.currentData()
        text = self.text.text()
        self._tasks.work(lambda: list_students(db, actor=actor, grade=grade, level=level, text=text,
                                               status=StudentStatus(status) if status else None),
                         self._show, self._failed)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        chosen = self._current_ids()
        self._rows = rows
        lang = self._ctx.lang
        fill_table(self.table, [
            (r.student_no or "—", r.name, mask_id_number(r.id_number), r.grade, level_label(r.level, lang) or r.level,
             r.major_name, STATUS_LABELS[r.status].text(lang) + (self.tr(" (awaiting the registry)") if r.waiting else ""),
             r.expected_graduation.isoformat()) for r in rows])
        waiting = sum(1 for r in rows if r.waiting)
        self.summary.setText(self._said or (fill_in(
            self.tr("%1 student(s) shown; %2 with a request waiting for the registry."), str(len(rows)), str(waiting))
            if rows else self.tr("No student matches. Admissions arrive with the sync, or import an admission list with `learncenter students admit`.")))
        self._said = ""
        with QSignalBlocker(self.table):
            for index, row in enumerate(rows):
                if row.id in chosen:
                    self.table.selectRow(index)
            if rows and not self.table.selectedItems():
                self.table.selectRow(0)
        self._selected()  # the timeline of the student shown, read again

    def _current_ids(self) -> set[str]:
        return {self._rows[i].id for i in self._selected_rows()}

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectedIndexes() if 0 <= index.row() < len(self._rows)})

    def _selected(self) -> None:
        rows = self._selected_rows()
        self._enable()
        if len(rows) != 1:
            self._detail = None
            self.heading.setText(self.tr("%n student(s) selected.", "", len(rows)) if rows else "")
            fill_table(self.timeline, [])
            return
        db, actor, student_id = self._ctx.db, self._actor, self._rows[rows[0]].id
        self._tasks.work(lambda: student_detail(db, student_id, actor=actor), self._show_detail, self._failed)

    def _show_detail(self, detail: object) -> None:
        assert isinstance(detail, StudentDetail)
        self._detail = detail
        lang, s = self._ctx.lang, detail.student
        certificate = detail.certificate
        lines = [fill_in(self.tr("%1 — %2, %3 %4, length %5 years, enrolled %6, expected to graduate %7"),
                         s["name"], s["student_no"] or self.tr("no student number yet"),
                         level_label(s["level"], lang) or s["level"], s["major_name"], s["programme_length"],
                         s["enrolment_date"].isoformat(), s["expected_graduation"].isoformat())]
        if detail.years:
            lines.append(fill_in(self.tr("Academic years registered: %1"), "、".join(detail.years)))
        if certificate:
            lines.append(fill_in(self.tr("Certificate %1 (%2), issued %3, verification code %4"), certificate["number"],
                                 certificate["type"].text(lang), certificate["issue_date"].isoformat(),
                                 certificate["verification_code"])
                         + (self.tr(" — reported lost") if certificate["lost"] else ""))
        self.heading.setText("\n".join(lines))
        fill_table(self.timeline, [
            (e.on.isoformat(), e.title.text(lang), e.state.text(lang), _details(e.reason, e.details, e.decision_reason, lang),
             e.by + (f" / {e.decided_by}" if e.decided_by else "")) for e in detail.timeline], tooltips=True)
        self.timeline.scrollToBottom()
        self._enable()

    def _enable(self) -> None:
        rows = self._selected_rows()
        one = self._rows[rows[0]] if len(rows) == 1 else None
        self.report_button.setEnabled(bool(rows) and all(self._rows[i].status == StudentStatus.ADMITTED for i in rows))
        self.year_button.setEnabled(bool(rows))
        self.change_button.setEnabled(one is not None and not one.waiting and not is_final(one.status))
        self.graduate_button.setEnabled(one is not None and one.status == StudentStatus.ENROLLED and not one.waiting)
        detail = self._detail
        self.lost_button.setEnabled(one is not None and detail is not None and detail.certificate is not None
                                    and not detail.certificate["lost"] and not one.waiting)
        self.proof_button.setEnabled(one is not None and detail is not None and detail.certificate is not None
                                     and bool(detail.certificate["lost"]))

    # -- acting --------------------------------------------------------------------------------

    def report_selected(self) -> None:
        students, actor, today = self._ctx.students, self._actor, self._ctx.today()
        ids = [self._rows[i].id for i in self._selected_rows()]
        self._tasks.write(lambda: [students.report(i, on=today, actor=actor) for i in ids],
                          lambda numbers: self._done(fill_in(self.tr("Registered: %1"), "、".join(numbers))),
                          self._write_failed)

    def register_year(self) -> None:
        ids = [self._rows[i].id for i in self._selected_rows()]
        dialog = YearDialog(self, count=len(ids), current=self._ctx.students.profile.academic_year_of(self._ctx.today()))
        dialog.answered.connect(lambda year: self._register_year(ids, int(year)))
        dialog.open()

    def _register_year(self, ids: list[str], year: int) -> None:
        students, actor = self._ctx.students, self._actor
        self._tasks.write(lambda: students.year_register(ids, year, actor=actor), self._year_done, self._write_failed)

    def _year_done(self, outcome: object) -> None:
        assert isinstance(outcome, YearOutcome)
        names = {r.id: r.name for r in self._rows}
        held = "；".join(f"{names.get(i, '')}：{hold_words(why, self._ctx.lang)}" for i, why in outcome.held)
        text = fill_in(self.tr("Registered %1, already registered %2, not due %3."), str(len(outcome.registered)),
                       str(len(outcome.already)), str(len(outcome.not_due)))
        if held:
            text += " " + fill_in(self.tr("Not registered: %1"), held)
        self._done(text)

    def request_change(self) -> None:
        row = self._one()
        if row is None:
            return
        dialog = ChangeDialog(self, name=row.name, status=row.status, today=self._ctx.today(), lang=self._ctx.lang)
        dialog.answered.connect(lambda answer: self._change(row.id, answer))
        dialog.open()

    def _change(self, student_id: str, answer: ChangeAnswer) -> None:
        students, actor = self._ctx.students, self._actor
        if answer.decided_here:
            self._tasks.write(lambda: students.decide_admission(student_id, answer.code, reason=answer.reason,
                                                                on=answer.effective, actor=actor),
                              lambda _status: self._done(self.tr("Recorded.")), self._write_failed)
            return
        self._tasks.write(lambda: students.request_change(student_id, answer.code, reason=answer.reason,
                                                          effective=answer.effective, details=answer.details,
                                                          actor=actor),
                          lambda _id: self._done(self.tr("The request is recorded and goes to the registry with the next sync.")),
                          self._write_failed)

    def request_graduation(self) -> None:
        row = self._one()
        if row is None:
            return
        dialog = GraduationDialog(self, name=row.name, expected=row.expected_graduation, lang=self._ctx.lang)
        dialog.answered.connect(lambda answer: self._graduate(row.id, answer))
        dialog.open()

    def _graduate(self, student_id: str, answer: GraduationAnswer) -> None:
        students, actor = self._ctx.students, self._actor

        def photo(path: Path | None) -> bytes | None:
            return students.graduation_photo(path.read_bytes()) if path is not None else None

        def submit(jpeg: object) -> None:
            self._tasks.write(lambda: students.request_graduation(
                student_id, graduation_date=answer.graduation_date, certificate_type=answer.certificate_type,
                minor=answer.minor, photo=jpeg if isinstance(jpeg, bytes) else None, actor=actor),
                lambda _id: self._done(self.tr("The graduation data is recorded and goes to the registry with the next sync.")),
                self._write_failed)
        self._tasks.work(lambda: photo(answer.photo), submit, self._write_failed)

    def report_lost(self) -> None:
        row = self._one()
        if row is None:
            return
        dialog = ReasonDialog(self, title=self.tr("Lost certificate"), ok_text=self.tr("Record"),
                              question=fill_in(self.tr("Report the certificate of %1 as lost? The registry marks it, and the proof can then be printed."), row.name))
        dialog.answered.connect(lambda reason: self._lost(row.id, str(reason)))
        dialog.open()

    def _lost(self, student_id: str, reason: str) -> None:
        students, actor, today = self._ctx.students, self._actor, self._ctx.today()
        self._tasks.write(lambda: students.request_lost_certificate(student_id, reason=reason, on=today, actor=actor),
                          lambda _id: self._done(self.tr("The request is recorded and goes to the registry with the next sync.")),
                          self._write_failed)

    def print_proof(self) -> None:
        row = self._one()
        if row is None:
            return
        save_file(self, self.tr("Save the proof of qualification"), [self.tr("PDF files (*.pdf)")],
                  lambda path: self._write_proof(row.id, path), suggested=f"学历证明书-{row.student_no or row.name}.pdf")

    def _write_proof(self, student_id: str, path: Path) -> None:
        db, actor = self._ctx.db, self._actor

        def write() -> Path:
            from learncenter.documents.files import write_atomically
            from learncenter.services.certificate_proofs import proof_pdf  # reportlab: with the first proof

            write_atomically(proof_pdf(db, student_id, actor=actor), path)
            return path
        self._tasks.work(write, lambda done: self.summary.setText(fill_in(self.tr("The proof is saved as %1."), str(done))),
                         self._write_failed)

    def _one(self) -> StudentRow | None:
        rows = self._selected_rows()
        return self._rows[rows[0]] if len(rows) == 1 else None

    def _done(self, text: str) -> None:
        self._said = text
        self.refresh()
        self.changed.emit()

    def _write_failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self.summary.setText(exc.text(self._ctx.lang))
        else:
            log.error("students: could not write", exc_info=exc)
            self.summary.setText(self.tr("That could not be recorded; nothing was changed. Try again."))

    def _failed(self, exc: Exception) -> None:
        log.error("students: could not read", exc_info=exc)
        self.summary.setText(self.tr("The students could not be read; try Refresh."))

    @property
    def rows(self) -> list[StudentRow]:
        return self._rows


def _details(reason: str, details: dict[str, object], decision: str, lang: str) -> str:
    parts = [reason] if reason else []
    for key, value in details.items():
        if key == "returned" and isinstance(value, dict):
            parts.append(str(value.get(lang) or value.get("zh") or ""))
        elif hasattr(value, "text"):
            parts.append(value.text(lang))
        elif value and not isinstance(value, (dict, list)):
            parts.append(str(value))
    if decision and decision not in parts:
        parts.append(decision)
    return "；".join(p for p in parts if p)
