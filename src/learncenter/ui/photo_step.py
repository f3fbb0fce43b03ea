"""The confirmation page's standard photo: a capture (camera or file) through the desk's checks, a
failed capture shown and said not kept, and a supervisor accepting it.

The page owns the widgets (its form lays them out) and the candidate; this step is told which
record is on screen and says when the record changed (a photo kept, an attempt counted) or a step
failed. An answer that arrives after the page moved on to someone else is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QWidget

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.media.photo_result import PhotoResult
from learncenter.services.confirmation import ConfirmationDesk
from learncenter.ui import prompts
from learncenter.ui.tasks import Tasks

#: open the camera (or a file) over the page, and hand the picture to the callable if one is taken
AskImage = Callable[[QWidget, str, Callable[[bytes], None]], object]


class PhotoStep(QObject):
    def __init__(self, page: QWidget, desk: ConfirmationDesk, tasks: Tasks, *, actor: SignedIn, lang: str,
                 ask_image: AskImage, view: QLabel, checks: QListWidget, accept: QPushButton, attempts: QLabel,
                 on_screen: Callable[[], str | None], changed: Callable[[object], None],
                 failed: Callable[[Exception], None]) -> None:
        super().__init__(page)
        self._page, self._desk, self._tasks, self._actor, self._lang = page, desk, tasks, actor, lang
        self._ask_image, self._on_screen, self._changed, self._failed = ask_image, on_screen, changed, failed
        self.view, self.checks, self.accept, self.attempts = view, checks, accept, attempts
        self.attempt: PhotoResult | None = None  # the last capture of the record on screen, kept or not
        self.checks.setWordWrap(True)  # a check's sentence is read whole, not scrolled sideways
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.accept.clicked.connect(self._supervisor_accepts)

    def forget(self) -> None:
        """Nothing of the previous person stays."""
        self.attempt = None
        self.view.clear()
        self.view.setText(self.tr("No photo"))
        self.checks.clear()
        self.accept.hide()
        self.attempts.clear()

    def show(self, kept: bytes | None, attempts: int) -> None:
        """The record's photo, or the failed capture the clerk retakes (or a supervisor may accept)."""
        failed = self.attempt if self.attempt is not None and not self.attempt.passed else None
        shown = failed.jpeg if failed is not None and failed.jpeg is not None else kept
        if shown:
            pixmap = QPixmap()
            pixmap.loadFromData(shown)
            self.view.setPixmap(pixmap.scaled(self.view.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
        else:
            self.view.setText(self.tr("No photo"))
        self.attempts.setText(self.tr("Attempts: %n", "", attempts))
        self.accept.setVisible(failed is not None and failed.jpeg is not None)

    def take(self) -> None:
        record_id = self._on_screen()
        if record_id is not None:
            self._ask_image(self._page, self.tr("Standard photo"), lambda data: self.taken(record_id, data))

    def taken(self, record_id: str, data: bytes) -> None:
        """A picture of the candidate of ``record_id`` (captured, or the one they submitted online)."""
        if self._on_screen() != record_id:
            return
        self._tasks.work(lambda: self._desk.process_photo(data), lambda result: self._processed(record_id, result),
                         lambda exc: self._unreadable(record_id, exc))

    def _processed(self, record_id: str, result: object) -> None:
        assert isinstance(result, PhotoResult)
        if self._on_screen() != record_id:
            return
        self.attempt = result
        self.checks.clear()
        self.checks.addItems(["✗ " + text for text in self._failures(result)])
        if result.passed:
            self.checks.addItem("✓ " + self.tr("All checks passed."))
        elif result.jpeg is not None:
            self.checks.addItem(self._not_kept())
        actor = self._actor
        self._tasks.write(lambda: self._desk.keep_photo(record_id, result, actor=actor), self._changed, self._failed)

    def _unreadable(self, record_id: str, exc: Exception) -> None:
        self._failed(exc)
        if self._on_screen() == record_id and isinstance(exc, DomainError):  # a file that is no photo: still a try
            self.checks.clear()
            self.checks.addItem("✗ " + exc.text(self._lang))

    def _supervisor_accepts(self) -> None:
        record_id, result = self._on_screen(), self.attempt
        if record_id is None or result is None:
            return
        dialog = prompts.SupervisorDialog(self._page, title=self.tr("Supervisor accepts this photo"), photo=result.jpeg,
                                          problems=self._failures(result))
        dialog.answered.connect(lambda answer: self._supervisor_answered(record_id, result, answer))
        dialog.open()

    def _supervisor_answered(self, record_id: str, result: PhotoResult, answer: object) -> None:
        assert isinstance(answer, tuple)
        name, password = answer
        actor = self._actor
        self._tasks.write(
            lambda: self._desk.keep_photo(record_id, result, actor=actor, supervisor=name, supervisor_password=password),
            self._accepted, self._failed)

    def _failures(self, result: PhotoResult) -> tuple[str, ...]:
        """What each failed check says, in the page's language."""
        return tuple(problem.text(self._lang) for problem in result.problems)

    def _not_kept(self) -> str:
        return self.tr("The picture shown is this attempt: it is not kept.")

    def _accepted(self, kept: object) -> None:
        self.attempt = None
        for item in self.checks.findItems(self._not_kept(), Qt.MatchFlag.MatchExactly):  # it is kept now
            self.checks.takeItem(self.checks.row(item))
        self.checks.addItem("✓ " + self.tr("Accepted by the supervisor."))
        self._changed(kept)
