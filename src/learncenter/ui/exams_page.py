"""The administrator's exam page: sessions, rooms and free seats, seat assignment with a preview,
admission notices (one PDF, or one file per candidate), the rooms' sign-in sheets and door lists,
each with progress and cancel, preview and printing of the notices PDF, and the exam-site keys.

Seating is shown before it is saved: "Preview" runs the same service call as "Save" (which rolls
back), so the table the administrator checks is what saving writes. The notices are rendered by
the documents package on the general pool (:class:`PaperRun`); the page only hears progress
through a queued signal and can cancel between notices or rooms, so the window stays responsive.
Each notices run is noted with the service, which from then on guards the rooms those notices
name (:class:`RoomActions` asks first or says why not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError
from learncenter.domain.seating import SeatingPlan, SeatRules
from learncenter.services import exam_notices
from learncenter.services.exam_definitions import SessionSpec, parse_session
from learncenter.services.exams import PlanRow, RoomStatus
from learncenter.ui import file_dialogs
from learncenter.ui.jobs import Job, JobProgress
from learncenter.ui.paper_run import PapersResult, paper_job
from learncenter.ui.printing import PreviewDialog, PrintFailed, print_pdf, saved_printer
from learncenter.ui.room_dialog import RoomActions, RoomDialog
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks


class ExamsPage(QWidget):
    changed = Signal()  # seats were saved or a session defined

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._actor = ctx, tasks, actor
        self._settings = settings
        self._plan: SeatingPlan | None = None
        self._spec: SessionSpec | None = None
        self._rooms: list[RoomStatus] = []
        self._run: Job[PapersResult] | None = None
        self.pdf_path: Path | None = None

        self.session_combo = QComboBox()
        self.session_combo.setMinimumWidth(320)
        self.define_button = QPushButton(self.tr("&Define from file…"))
        self.keys_button = QPushButton(self.tr("Export &keys for exam sites…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Exam session:")))
        top.addWidget(self.session_combo, 1)
        top.addWidget(self.define_button)
        top.addWidget(self.keys_button)
        self.session_info = QLabel()
        self.session_info.setWordWrap(True)

        self.rooms_table = read_only_table([self.tr("Venue"), self.tr("Room"), self.tr("Room name"), self.tr("Seats"),
                                   self.tr("Kept free"), self.tr("Seated"), self.tr("Free"),
                                   self.tr("Notices printed")])
        self.add_room_button = QPushButton(self.tr("&Add room…"))
        self.change_room_button = QPushButton(self.tr("Chan&ge room…"))
        self.remove_room_button = QPushButton(self.tr("Re&move room"))
        rooms_box = QGroupBox(self.tr("Rooms"))
        rooms_layout = QVBoxLayout(rooms_box)
        rooms_layout.addWidget(self.rooms_table)
        room_buttons = QHBoxLayout()
        for button in (self.add_room_button, self.change_room_button, self.remove_room_button):
            room_buttons.addWidget(button)
        room_buttons.addStretch(1)
        rooms_layout.addLayout(room_buttons)

        self.group_check = QCheckBox(self.tr("Group by level and major"))
        self.order_check = QCheckBox(self.tr("Fill rooms in order (otherwise balance them)"))
        self.spread_check = QCheckBox(self.tr("Seat members of a learning group apart"))
        for check in (self.group_check, self.order_check, self.spread_check):
            check.setChecked(True)
        self.keep_free_spin = QSpinBox()
        self.keep_free_spin.setRange(-1, 500)
        self.keep_free_spin.setSpecialValueText(self.tr("as set for each room"))
        self.keep_free_spin.setValue(-1)
        self.preview_button = QPushButton(self.tr("&Preview assignment"))
        self.save_button = QPushButton(self.tr("&Save assignment"))
        self.save_button.setEnabled(False)
        rules_box = QGroupBox(self.tr("Seat assignment"))
        grid = QGridLayout(rules_box)
        grid.addWidget(self.group_check, 0, 0)
        grid.addWidget(self.order_check, 1, 0)
        grid.addWidget(self.spread_check, 2, 0)
        grid.addWidget(QLabel(self.tr("Seats kept free per room:")), 3, 0)
        grid.addWidget(self.keep_free_spin, 3, 1)
        grid.addWidget(self.preview_button, 4, 0)
        grid.addWidget(self.save_button, 4, 1)

        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_table = read_only_table([self.tr("Name"), self.tr("ID number"), self.tr("Level"), self.tr("Major"),
                                  self.tr("Room"), self.tr("Seat"), self.tr("Status"), self.tr("Notice number")])

        self.notices_button = QPushButton(self.tr("&Notices to PDF…"))
        self.notice_files_button = QPushButton(self.tr("One &file per candidate…"))
        self.room_lists_button = QPushButton(self.tr("Room &lists…"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.pdf_preview_button = QPushButton(self.tr("Pre&view"))
        self.print_button = QPushButton(self.tr("P&rint…"))
        for button in (self.pdf_preview_button, self.print_button):
            button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)
        notices_box = QGroupBox(self.tr("Admission notices"))
        notices_layout = QVBoxLayout(notices_box)
        row = QHBoxLayout()
        for button in (self.notices_button, self.cancel_button, self.pdf_preview_button, self.print_button):
            row.addWidget(button)
        row.addWidget(self.progress_bar, 1)
        notices_layout.addLayout(row)
        folders = QHBoxLayout()
        folders.addWidget(self.notice_files_button)
        folders.addWidget(self.room_lists_button)
        folders.addStretch(1)
        notices_layout.addLayout(folders)
        notices_layout.addWidget(self.notices_label)
        self.papers_progress = JobProgress(self.progress_bar, self.notices_label, self.cancel_button, parent=self)

        side = QVBoxLayout()
        side.addWidget(rules_box)
        side.addWidget(notices_box)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(rooms_box, 3)
        middle.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.session_info)
        layout.addLayout(middle, 2)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.plan_table, 3)

        self.room_actions = RoomActions(self, ctx.exams, tasks, actor=actor, lang=ctx.lang)
        self.room_actions.changed.connect(self._rooms_changed)
        self.room_actions.failed.connect(self._failed)
        self.session_combo.currentIndexChanged.connect(lambda _i: self._session_changed())
        self.define_button.clicked.connect(self._choose_definition)
        self.keys_button.clicked.connect(self._choose_keys_file)
        self.add_room_button.clicked.connect(lambda: self.edit_room(None))
        self.change_room_button.clicked.connect(lambda: self.edit_room(self.selected_room()))
        self.remove_room_button.clicked.connect(self.remove_selected_room)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        self.notices_button.clicked.connect(self._choose_notices_file)
        self.notice_files_button.clicked.connect(lambda: self._choose_folder("files"))
        self.room_lists_button.clicked.connect(lambda: self._choose_folder("rooms"))
        self.pdf_preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(lambda: self.print_notices())
        self.refresh()

    # -- sessions and rooms ---------------------------------------------------------------

    @property
    def session_code(self) -> str | None:
        code = self.session_combo.currentData()
        return str(code) if code else None

    def refresh(self) -> None:
        self._tasks.work(self._ctx.exams.sessions, self._show_sessions, self._failed)

    def _show_sessions(self, summaries: object) -> None:
        current = self.session_code
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for s in summaries:  # type: ignore[attr-defined]
            self.session_combo.addItem(f"{s.code}  {s.name}", s.code)
        index = self.session_combo.findData(current) if current else 0
        self.session_combo.setCurrentIndex(max(index, 0))
        self.session_combo.blockSignals(False)
        if not self.session_code:
            self.session_info.setText(self.tr("No exam session yet. Sessions come with synchronisation, or "
                                              "define one from a file."))
        self._session_changed()

    def _session_changed(self) -> None:
        self._plan = None
        self.save_button.setEnabled(False)
        self.plan_table.setRowCount(0)
        self.plan_label.clear()
        code = self.session_code
        for widget in (self.preview_button, self.notices_button, self.notice_files_button, self.room_lists_button,
                       self.add_room_button, self.change_room_button, self.remove_room_button):
            widget.setEnabled(code is not None)
        if code is None:
            self._spec, self._rooms = None, []
            self.rooms_table.setRowCount(0)
            return
        self._load_rooms(code)

    def _load_rooms(self, code: str) -> None:
        exams = self._ctx.exams
        self._tasks.work(lambda: (exams.session_spec(code), exams.rooms(code)), self._show_rooms, self._failed)

    def _show_rooms(self, result: object) -> None:
        spec, rooms = cast(tuple[SessionSpec, list[RoomStatus]], result)
        if spec.code != self.session_code:
            return  # another session was chosen meanwhile
        subjects = "; ".join(f"{s.subject} {s.day:%Y-%m-%d} {s.start:%H:%M}-{s.end:%H:%M}" for s in spec.subjects)
        free = sum(r.free for r in rooms)
        self.session_info.setText(self.tr("%1 · term %2 · %3 · %4 free seats").replace("%1", spec.exam_category)
                                  .replace("%2", spec.term).replace("%3", subjects).replace("%4", str(free)))
        self._spec, self._rooms = spec, rooms
        fill_table(self.rooms_table, [(r.venue_name, r.code, r.name, r.capacity, r.seats_kept_free, r.seated, r.free,
                                       r.notices_printed) for r in rooms])

    def selected_room(self) -> RoomStatus | None:
        row = self.rooms_table.currentRow()
        return self._rooms[row] if 0 <= row < len(self._rooms) else None

    def edit_room(self, room: RoomStatus | None) -> RoomDialog | None:
        """Open the room dialog (``room`` None: a new room); saving happens when it is accepted."""
        code = self.session_code
        return None if code is None or self._spec is None else self.room_actions.edit(code, self._spec, room)

    def remove_selected_room(self) -> None:
        code = self.session_code
        if code is not None:
            self.room_actions.remove(code, self.selected_room())

    def _rooms_changed(self) -> None:
        self._session_changed()
        self.changed.emit()

    def _choose_definition(self) -> QFileDialog:
        return file_dialogs.open_file(self, self.tr("Exam session file"), [self.tr("JSON files (*.json)")],
                                      self.define_from_file)

    def define_from_file(self, path: Path) -> None:
        exams, actor = self._ctx.exams, self._actor

        def define() -> str:
            spec = parse_session(json.loads(path.read_text(encoding="utf-8-sig")))
            return exams.save_session(spec, actor=actor).code

        self._tasks.write(define, self._defined, self._failed)

    def _defined(self, code: object) -> None:
        self.refresh()
        index = self.session_combo.findData(code)
        if index >= 0:
            self.session_combo.setCurrentIndex(index)
        self.changed.emit()

    # -- seat assignment ------------------------------------------------------------------

    def rules(self) -> SeatRules:
        return SeatRules(self.group_check.isChecked(), self.order_check.isChecked(), self.spread_check.isChecked())

    def _keep_free(self) -> int | None:
        value = self.keep_free_spin.value()
        return None if value < 0 else value

    def preview(self) -> None:
        code = self.session_code
        if code is None:
            return
        exams, rules, keep_free, actor = self._ctx.exams, self.rules(), self._keep_free(), self._actor

        def plan() -> tuple[SeatingPlan, list[PlanRow]]:
            result = exams.assign(code, rules, preview=True, keep_free=keep_free, actor=actor)
            return result, exams.plan_rows(code, result)

        self._tasks.write(plan, self._show_plan, self._failed)

    def _show_plan(self, result: object) -> None:
        plan, rows = cast(tuple[SeatingPlan, list[PlanRow]], result)
        self._plan = plan
        status = {"new": self.tr("new"), "kept": self.tr("kept"), "moved": self.tr("moved")}
        fill_table(self.plan_table, [(r.name, mask_id_number(r.id_number), r.level, r.major_name, r.room, r.seat, status[r.status],
                                 r.notice_number) for r in rows])
        new = sum(1 for r in rows if r.status == "new")
        text = self.tr("Preview, not saved: %1 to seat, %2 keep their seats.").replace("%1", str(new)) \
            .replace("%2", str(len(rows) - new))
        problems = " ".join(p.text(self._ctx.lang) for p in plan.problems)
        self.plan_label.setText(text + (" " + problems if problems else ""))
        self.save_button.setEnabled(True)

    def save(self) -> None:
        code = self.session_code
        if code is None or self._plan is None:
            return
        exams, rules, keep_free, actor = self._ctx.exams, self.rules(), self._keep_free(), self._actor
        self.save_button.setEnabled(False)
        self._tasks.write(lambda: exams.assign(code, rules, preview=False, actor=actor, keep_free=keep_free),
                          self._saved, self._failed)

    def _saved(self, plan: object) -> None:
        seated = len(plan.assignments)  # type: ignore[attr-defined]
        self._session_changed()
        self.plan_label.setText(self.tr("Saved: %1 candidates have a room and seat.").replace("%1", str(seated)))
        self.refresh()
        self.changed.emit()

    # -- notices --------------------------------------------------------------------------

    def _choose_notices_file(self) -> QFileDialog | None:
        code = self.session_code
        if code is None:
            return None
        return file_dialogs.save_file(self, self.tr("Save admission notices"), [self.tr("PDF files (*.pdf)")],
                                      self.write_notices, suggested=f"{code}.pdf")

    def _choose_folder(self, kind: str) -> QFileDialog:
        title = self.tr("Folder for one notice file per candidate") if kind == "files" else \
            self.tr("Folder for the sign-in sheets and door lists")
        return file_dialogs.choose_folder(self, title, lambda folder: self.write_papers(folder, kind))

    def write_notices(self, out: Path) -> None:
        """All notices of the session in one PDF at ``out`` (then preview and print)."""
        self.write_papers(out, "pdf")

    def write_notice_files(self, folder: Path) -> None:
        """One notice PDF per candidate in ``folder``, named by notice number."""
        self.write_papers(folder, "files")

    def write_room_lists(self, folder: Path) -> None:
        """Each room's sign-in sheet and door list in ``folder``."""
        self.write_papers(folder, "rooms")

    def write_papers(self, out: Path, kind: str) -> None:
        code = self.session_code
        if code is None or self._run is not None:
            return
        self._run = job = paper_job(self._ctx, code, out, actor=self._actor, kind=kind, parent=self)
        if kind == "pdf":
            self.pdf_path = None
        rooms = kind == "rooms"
        self.papers_progress.watch(
            job, busy=self.tr("Writing room lists…") if rooms else self.tr("Writing notices…"),
            stopping=self.tr("Stopping after the current room…") if rooms else self.tr("Stopping after the current notice…"))
        self._set_running(True)
        job.start(self._tasks.work, lambda result: self._papers_done(code, kind, out, result), self._notices_failed)

    def cancel(self) -> None:
        """Stop after the notice (or room) being written; see the result for what was kept."""
        self.papers_progress.cancel()

    def _set_running(self, running: bool) -> None:
        for button in (self.notices_button, self.notice_files_button, self.room_lists_button):
            button.setEnabled(not running)
        self.preview_button.setEnabled(not running)

    def _papers_done(self, code: str, kind: str, out: Path, result: PapersResult) -> None:
        self._run = None
        self._set_running(False)
        run, refused = result
        parts = []
        if run is not None and run.cancelled:
            parts.append(self.tr("Cancelled; no file was written. Start again for the complete set.") if kind != "pdf"
                         else self.tr("Cancelled after %1 notices; write the notices again for the complete "
                                      "file.").replace("%1", str(run.written)))
        elif run is not None and kind == "rooms":
            parts.append(self.tr("Sign-in sheets and door lists of %1 rooms written to %2:").replace(
                "%1", str(len(run.rooms))).replace("%2", str(out)))
            parts.extend(self.tr("%1 (%2): %3 candidates, %4 and %5").replace("%1", r.room).replace("%2", r.venue)
                         .replace("%3", str(r.candidates)).replace("%4", r.sign_in.name).replace("%5", r.door.name)
                         for r in run.rooms)
        elif run is not None:
            if kind == "pdf":
                self.pdf_path = out
            if run.written:
                self._note_printed(code, kind)
            parts.append(self.tr("%1 notices written to %2.").replace("%1", str(run.written)).replace("%2", str(out)))
        if refused:
            names = "、".join(f"{r.name}（{mask_id_number(r.id_number)}）" for r in refused)
            parts.append(self.tr("No notice for %1 candidates without a standard photo: %2. Capture their photos "
                                 "first.").replace("%1", str(len(refused))).replace("%2", names))
        self.notices_label.setText("\n".join(parts) if kind == "rooms" else " ".join(parts))
        for button in (self.pdf_preview_button, self.print_button):
            button.setEnabled(self.pdf_path is not None)

    def _note_printed(self, code: str, kind: str) -> None:
        """Tell the service which rooms' notices are out, so it guards those rooms from now on."""
        exams, actor = self._ctx.exams, self._actor
        self._tasks.write(lambda: exams.record_printed_notices(code, actor=actor, kind=kind),
                          lambda _rooms: self._load_rooms(code), self._failed)

    def _notices_failed(self, exc: Exception) -> None:
        self._run = None
        self._set_running(False)
        self._failed(exc)

    def show_preview(self) -> PreviewDialog | None:
        if self.pdf_path is None:
            return None
        dialog = PreviewDialog(self.pdf_path, self._printer_name(), tasks=self._tasks, parent=self)
        dialog.setWindowTitle(self.tr("Admission notices"))
        dialog.open()
        return dialog

    def print_notices(self, printer: QPrinter | None = None) -> None:
        """Print the notices PDF on a printer chosen in the print dialog (``printer``: already chosen)."""
        if self.pdf_path is None:
            return
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            chooser = QPrintDialog(printer, self)
            if chooser.exec() != QPrintDialog.DialogCode.Accepted:
                return
        try:
            print_pdf(self.pdf_path, printer.printerName(), parent=self, tasks=self._tasks, printer=printer,
                      done=lambda: self.notices_label.setText(self.tr("Sent to the printer.")),
                      failed=self.notices_label.setText)
        except PrintFailed as exc:
            self.notices_label.setText(str(exc))

    def _printer_name(self) -> str | None:
        return saved_printer(self._settings if self._settings is not None else QSettings())

    # -- keys -----------------------------------------------------------------------------

    def _choose_keys_file(self) -> QFileDialog:
        return file_dialogs.save_file(self, self.tr("Export keys for exam sites"), [self.tr("JSON files (*.json)")],
                                      self.export_keys, suggested="notice-keys.json")

    def export_keys(self, out: Path) -> None:
        db = self._ctx.db

        def export() -> int:
            from learncenter.documents import notice_qr as qr
            keys = exam_notices.exam_site_keys(db)
            out.write_bytes(qr.keys_file_bytes(keys))
            return len(keys)

        self._tasks.write(export, lambda count: self.notices_label.setText(
            self.tr("%1 public keys written to %2: give this file to the exam sites.")
            .replace("%1", str(count)).replace("%2", str(out))), self._failed)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            text = exc.text(self._ctx.lang)
        elif isinstance(exc, json.JSONDecodeError):
            text = self.tr("The file is not valid JSON (line %1).").replace("%1", str(exc.lineno))
        elif isinstance(exc, OSError):
            text = self.tr("The file cannot be used: %1").replace("%1", exc.strerror or str(exc))
        else:
            text = self.tr("The work stopped unexpectedly (%1); nothing already saved is affected. Try again, "
                           "and tell support if it happens again.").replace("%1", type(exc).__name__)
        self.plan_label.setText(text)
