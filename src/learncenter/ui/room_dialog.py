"""Adding, changing and removing one exam room: the dialog (venue, code, name, seats, seats per row,
seats kept free) and the questions and refusals around it.

The dialog gathers values; the service checks them with the same rules as a session file and
guards the rooms candidates hold paper for. The dialog itself only refuses a new room's code the
session already uses (so what was typed is not lost), in the service's own words. Every question
is a real message box opened with ``open()``; its answer, never a nested loop, continues the work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from learncenter.domain.roles import SignedIn
from learncenter.domain.messages import DomainError
from learncenter.services.exam_definitions import RoomSpec, SessionSpec, VenueSpec, room_code_taken
from learncenter.services.exam_room_guards import removal_refused
from learncenter.services.exams import ExamService, RoomStatus
from learncenter.ui.prompts import ask_yes_no, tell
from learncenter.ui.tasks import Tasks


class RoomDialog(QDialog):
    def __init__(self, venues: Sequence[VenueSpec], *, venue_code: str | None = None, room: RoomSpec | None = None,
                 taken: Callable[[str], str | None] | None = None, parent: QWidget | None = None) -> None:
        """``taken``: why a code cannot be used (None: it can); OK keeps the dialog open while it says why."""
        super().__init__(parent)
        self._taken = taken
        self.setWindowTitle(self.tr("Change room") if room else self.tr("Add room"))
        self.venue_combo = QComboBox()
        for venue in venues:
            self.venue_combo.addItem(f"{venue.code}  {venue.name}", venue.code)
        if venue_code is not None:
            self.venue_combo.setCurrentIndex(max(0, self.venue_combo.findData(venue_code)))
        self.code_edit = QLineEdit(room.code if room else "")
        self.code_edit.setMaxLength(32)
        self.code_edit.setReadOnly(room is not None)  # seats and notices name the room by its code
        self.name_edit = QLineEdit(room.name if room else "")
        self.name_edit.setMaxLength(100)
        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(1, 2000)
        self.capacity_spin.setValue(room.capacity if room else 30)
        self.columns_spin = QSpinBox()
        self.columns_spin.setRange(0, 100)
        self.columns_spin.setSpecialValueText(self.tr("no layout (seats numbered 01, 02, …)"))
        self.columns_spin.setValue(room.layout_columns or 0 if room else 0)
        self.kept_free_spin = QSpinBox()
        self.kept_free_spin.setRange(0, 2000)
        self.kept_free_spin.setValue(room.seats_kept_free if room else 0)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Venue:"), self.venue_combo)
        form.addRow(self.tr("Room code:"), self.code_edit)
        form.addRow(self.tr("Room name:"), self.name_edit)
        form.addRow(self.tr("Seats:"), self.capacity_spin)
        form.addRow(self.tr("Seats per row:"), self.columns_spin)
        form.addRow(self.tr("Seats kept free:"), self.kept_free_spin)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        refusal = self._taken(self.room().code) if self._taken is not None else None
        if refusal:
            self.message.setText(refusal)
            self.code_edit.setFocus()
            self.code_edit.selectAll()
            return
        super().accept()

    def venue_code(self) -> str:
        return str(self.venue_combo.currentData() or "")

    def room(self) -> RoomSpec:
        code = self.code_edit.text().strip()
        return RoomSpec(code, self.name_edit.text().strip() or code, self.capacity_spin.value(),
                        self.columns_spin.value() or None, self.kept_free_spin.value())


class RoomActions(QObject):
    """A page's add, change and remove room: the dialog, the question first, the service, the refusal.

    Questions and refusals are message boxes on ``page``; ``changed`` says a room was written,
    ``failed`` hands on an error that is not a refusal.
    """

    changed = Signal()
    failed = Signal(object)

    def __init__(self, page: QWidget, exams: ExamService, tasks: Tasks, *, actor: SignedIn, lang: str) -> None:
        super().__init__(page)
        self._page, self._exams, self._tasks, self._actor, self._lang = page, exams, tasks, actor, lang

    def edit(self, code: str, spec: SessionSpec, room: RoomStatus | None) -> RoomDialog | None:
        """Open the room dialog (``room`` None: a new room); the room is written when it is accepted."""
        if not spec.venues:
            return None
        before = None if room is None else RoomSpec(room.code, room.name, room.capacity, room.layout_columns,
                                                    room.seats_kept_free)

        def taken(room_code: str) -> str | None:
            problem = room_code_taken(spec, room_code)
            return problem.text(self._lang) if problem is not None else None

        dialog = RoomDialog(spec.venues, venue_code=room.venue_code if room else None, room=before,
                            taken=taken if room is None else None, parent=self._page)
        dialog.accepted.connect(lambda: self._entered(code, room, dialog.venue_code(), dialog.room()))
        dialog.open()
        return dialog

    def _entered(self, code: str, room: RoomStatus | None, venue_code: str, entered: RoomSpec) -> None:
        exams, actor = self._exams, self._actor
        if room is None:
            self._write(lambda: exams.add_room(code, venue_code, entered, actor=actor))
            return
        unchanged = (room.venue_code, RoomSpec(room.code, room.name, room.capacity, room.layout_columns,
                                               room.seats_kept_free)) == (venue_code, entered)
        if not room.notices_printed or unchanged:
            self._write(lambda: exams.change_room(code, venue_code, entered, actor=actor))
            return
        ask_yes_no(self._page, self.tr("Change room"), self.tr(
            "%1 admission notices printed for room %2 show its old name, venue and seats, and candidates whose seat "
            "no longer fits are moved at the next seat assignment.\n\nChange the room anyway? Then reprint its "
            "notices.").replace("%1", str(room.notices_printed)).replace("%2", room.code),
            lambda: self._write(lambda: exams.change_room(code, venue_code, entered, actor=actor,
                                                          despite_printed=True)))

    def remove(self, code: str, room: RoomStatus | None) -> None:
        """Remove ``room`` after asking; one with seats given or notices printed is refused, saying why."""
        exams, actor = self._exams, self._actor
        if room is None:
            tell(self._page, self.tr("Remove room"), self.tr("Select the room to remove in the table first."))
            return
        refused = removal_refused(room.code, room.seated, room.notices_printed)
        if refused is not None:
            tell(self._page, self.tr("Room not removed"), refused.text(self._lang))
            return
        ask_yes_no(self._page, self.tr("Remove room"), self.tr(
            "Remove room %1 (%2) from this exam session? Nobody is seated there and no notice names it.")
            .replace("%1", room.code).replace("%2", room.name),
            lambda: self._write(lambda: exams.remove_room(code, room.code, actor=actor)))

    def _write(self, change: Callable[[], object]) -> None:
        self._tasks.write(change, lambda _spec: self.changed.emit(), self._refused)

    def _refused(self, exc: Exception) -> None:
        """The service's refusal in a message box (the dialog that asked is closed); other errors go on."""
        if isinstance(exc, DomainError):
            tell(self._page, self.tr("Rooms"), exc.text(self._lang))
        else:
            self.failed.emit(exc)
