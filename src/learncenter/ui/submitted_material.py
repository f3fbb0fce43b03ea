"""What the candidate submitted online, on the confirmation page (issue 13): the submitted photo
beside the live one with "Use this photo", and the list of scans with "Keep the submitted scans".

The photo goes through the page's own photo path (the desk's checks); kept scans are handed back
to the page as if scanned (it reloads and reads the card). The submitted photo is read from the
blob store once per candidate shown, not at every refresh of the page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from learncenter.domain.roles import SignedIn
from learncenter.services.confirmation import Candidate, ConfirmationDesk
from learncenter.ui.seal_summary import document_name
from learncenter.ui.tasks import Tasks


class SubmittedMaterial(QObject):
    def __init__(self, desk: ConfirmationDesk, tasks: Tasks, *, actor: SignedIn, lang: str,
                 photo_row: QBoxLayout, card_box: QBoxLayout, after: QWidget,
                 use_photo: Callable[[str, bytes], None], scans_kept: Callable[[str], None],
                 failed: Callable[[Exception], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk, self._tasks, self._actor, self._lang = desk, tasks, actor, lang
        self._use_photo, self._scans_kept, self._failed = use_photo, scans_kept, failed
        self._candidate: Candidate | None = None
        self._photo_for: str | None = None  # the record whose submitted photo is on screen
        self.photo = QLabel()
        self.photo.setFixedSize(90, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setToolTip(self.tr("The photo the candidate submitted online"))
        self.use_photo = QPushButton(self.tr("Use this photo"))
        self.use_photo.setToolTip(self.tr("Use the photo the candidate submitted online: it goes through "
                                          "the same checks as one taken here."))
        self.use_photo.setFixedWidth(110)
        column = QVBoxLayout()  # between the live photo and its checks
        column.addWidget(self.photo)
        column.addWidget(self.use_photo)
        column.addStretch(1)
        photo_row.insertLayout(1, column)
        self.note = QLabel()  # what else came, and keeping it, with the card
        self.note.setWordWrap(True)
        self.keep_scans = QPushButton(self.tr("Keep the submitted scans"))
        card_box.insertWidget(card_box.indexOf(after) + 1, self.note)
        card_box.insertWidget(card_box.indexOf(self.note) + 1, self.keep_scans)
        self.use_photo.clicked.connect(self._use_submitted_photo)
        self.keep_scans.clicked.connect(self._keep_submitted_scans)
        self.forget()

    def forget(self) -> None:
        self._candidate, self._photo_for = None, None
        self.photo.clear()
        for widget in (self.note, self.photo, self.use_photo, self.keep_scans):
            widget.hide()

    def show(self, c: Candidate) -> None:
        """What was submitted online: the photo beside the live one, and what the scans are."""
        self._candidate = c
        scans = [kind for kind in c.submitted if kind != "photo"]
        names = ([self.tr("photo")] if "photo" in c.submitted else []) + [document_name(kind) for kind in scans]
        separator = ", " if self._lang == "en" else "、"
        self.note.setText(self.tr("Submitted online: %1").replace("%1", separator.join(names)) if names else "")
        self.note.setVisible(bool(names))
        self.photo.setVisible("photo" in c.submitted)
        self.use_photo.setVisible("photo" in c.submitted and not c.sealed)
        self.keep_scans.setVisible(any(kind not in c.documents for kind in scans) and not c.sealed)
        if "photo" in c.submitted and self._photo_for != c.record_id:
            self._photo_for = record_id = c.record_id
            desk, actor = self._desk, self._actor
            self._tasks.work(lambda: desk.submitted(record_id, "photo", actor=actor),
                             lambda data: self._photo_shown(record_id, data), lambda _exc: None)

    def _photo_shown(self, record_id: str, data: object) -> None:
        if self._photo_for != record_id or not isinstance(data, bytes):
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.photo.setPixmap(pixmap.scaled(self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def _use_submitted_photo(self) -> None:
        """The photo submitted online goes through the same checks as one taken here."""
        if self._candidate is None:
            return
        desk, actor, record_id = self._desk, self._actor, self._candidate.record_id
        self._tasks.work(lambda: desk.submitted(record_id, "photo", actor=actor),
                         lambda data: self._use_photo(record_id, data) if isinstance(data, bytes) else None,
                         self._failed)

    def _keep_submitted_scans(self) -> None:
        if self._candidate is None:
            return
        desk, actor, record_id = self._desk, self._actor, self._candidate.record_id
        self._tasks.write(lambda: desk.keep_submitted_scans(record_id, actor=actor),
                          lambda _kept: self._scans_kept(record_id), self._failed)
