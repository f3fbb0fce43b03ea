"""The desk's line on what the ID card's scans say, read offline, against the record (issue 13).

The reading takes a second or so, so it runs in the general pool; an answer that arrives after
the page moved on to someone else is dropped.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from learncenter.domain.card_text import NOT_READ
from learncenter.domain.roles import SignedIn
from learncenter.services.confirmation import CardCheck, ConfirmationDesk
from learncenter.ui import palette_colors
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class CardReadingLabel(QLabel):
    def __init__(self, desk: ConfirmationDesk, tasks: Tasks, *, actor: SignedIn, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._tasks, self._actor, self._lang = desk, tasks, actor, lang
        self._record_id: str | None = None  # the record the label speaks of
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def forget(self) -> None:
        self._record_id = None
        self.clear()

    def read(self, record_id: str) -> None:
        """Read the card's scans and show what differs from the record, field by field."""
        desk, actor = self._desk, self._actor
        self._record_id = record_id
        self.setStyleSheet("")
        self.setText(self.tr("Reading the card…"))
        self._tasks.work(lambda: desk.check_card(record_id, actor=actor),
                         lambda check: self._show(record_id, check), self._unread)

    def _show(self, record_id: str, check: object) -> None:
        if self._record_id != record_id:
            return  # the page moved on to someone else while the card was read
        if not isinstance(check, CardCheck):
            self.clear()
            return
        if not check.problems:
            self.setText("✓ " + self.tr("The card as read agrees with the record: name, ID number, "
                                        "birth date and gender."))
            self.setStyleSheet(f"color: {palette_colors.success(self)};")
            return
        lines = [("✗ " if p.code != NOT_READ else "? ") + p.text(self._lang) for p in check.problems]
        self.setText(self.tr("The card as read:") + "\n" + "\n".join(lines))
        serious = any(p.code != NOT_READ for p in check.problems)
        self.setStyleSheet(f"color: {palette_colors.error(self)};" if serious else "")

    def _unread(self, exc: Exception) -> None:
        log.error("reading the ID card failed", exc_info=exc)
        self.setStyleSheet("")
        self.setText(self.tr("The card could not be read here; compare it with the record by eye."))
