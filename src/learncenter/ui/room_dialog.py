"""Adding or changing one exam room: venue, code, name, seats, seats per row, seats kept free.

The dialog only gathers values; the service checks them with the same rules as a session file
and the page shows its sentence if something is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from learncenter.services.exam_definitions import RoomSpec, VenueSpec


class RoomDialog(QDialog):
    def __init__(self, venues: Sequence[VenueSpec], *, venue_code: str | None = None, room: RoomSpec | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        form = QFormLayout(self)
        form.addRow(self.tr("Venue:"), self.venue_combo)
        form.addRow(self.tr("Room code:"), self.code_edit)
        form.addRow(self.tr("Room name:"), self.name_edit)
        form.addRow(self.tr("Seats:"), self.capacity_spin)
        form.addRow(self.tr("Seats per row:"), self.columns_spin)
        form.addRow(self.tr("Seats kept free:"), self.kept_free_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def venue_code(self) -> str:
        return str(self.venue_combo.currentData() or "")

    def room(self) -> RoomSpec:
        code = self.code_edit.text().strip()
        return RoomSpec(code, self.name_edit.text().strip() or code, self.capacity_spin.value(),
                        self.columns_spin.value() or None, self.kept_free_spin.value())
