"""Long work with progress and cancel: an import, a session's notices, a sync run.

A :class:`Job` wraps a function that runs off the GUI thread (on the lane of ``Tasks`` the caller
names: the writer, the network lane or the general pool). The function gets a
:class:`JobControl`: it reports how far it is (done, total, a short text) and asks whether it was
cancelled between its steps (a chunk of rows, a notice, a batch), so what it leaves behind is
always whole steps. Progress travels as a signal of the job, which lives on the GUI thread, so Qt
queues it there; the function never touches a widget.

:class:`JobProgress` is the one way the workstation shows a job: a progress bar, a line of text
and a Cancel button, wherever the page has them (the import page's Designer form, the exams
page's notices box, or :class:`JobProgressDialog` for a sync run started from the menu).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

T = TypeVar("T")
Lane = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]
Describe = Callable[[int, int, str], str]


class _JobSignals(QObject):
    progress = Signal(int, int, str)  # done, total (0: unknown), text
    finished = Signal(object)  # the function's result, on the GUI thread
    failed = Signal(object)  # the exception it raised, on the GUI thread


class JobControl:
    """What the job's function holds: report progress, look whether it should stop."""

    def __init__(self, signals: _JobSignals, cancel: threading.Event) -> None:
        self._signals, self._cancel = signals, cancel

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """``total`` 0 means not known (the bar shows that it is busy)."""
        self._signals.progress.emit(done, total, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Job(Generic[T]):
    """One run of ``work``; start it once. ``finished``/``failed`` and the callbacks given to
    :meth:`start` arrive on the GUI thread; a cancelled run finishes normally with what its
    function returns (it says in its result that it was cancelled)."""

    def __init__(self, work: Callable[[JobControl], T], parent: QObject | None = None) -> None:
        self._signals = _JobSignals(parent)
        self.progress, self.finished, self.failed = (self._signals.progress, self._signals.finished,
                                                     self._signals.failed)
        self._work = work
        self._cancel = threading.Event()
        self.running = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def start(self, lane: Lane, done: Callable[[T], None], failed: Callable[[Exception], None]) -> None:
        """Run on ``lane`` (``tasks.write``, ``tasks.network`` or ``tasks.work``)."""
        control = JobControl(self._signals, self._cancel)
        self.running = True

        def finish(result: Any) -> None:  # what ``work`` returned, so a T
            self.running = False
            done(result)
            self.finished.emit(result)
            self._signals.deleteLater()

        def fail(exc: Exception) -> None:
            self.running = False
            failed(exc)
            self.failed.emit(exc)
            self._signals.deleteLater()

        lane(lambda: self._work(control), finish, fail)


class JobProgress(QObject):
    """Shows the job being run on a bar, a label and a Cancel button that the page already has.

    ``describe`` turns (done, total, text) into the label's line (default: the job's own text,
    or the label left as it is); ``stopping`` is what the label says once Cancel was pressed.
    """

    def __init__(self, bar: QProgressBar, label: QLabel, cancel_button: QPushButton, *,
                 hide_bar_when_idle: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar, self.label, self.cancel_button = bar, label, cancel_button
        self._hide_bar = hide_bar_when_idle
        self._job: Job[Any] | None = None
        self._stopping = ""
        self._describe: Describe | None = None
        self.total = 0  # a total known from elsewhere (rows counted apart), used while the job says 0
        cancel_button.clicked.connect(self.cancel)
        self._idle()

    def watch(self, job: Job[T], *, busy: str, stopping: str, describe: Describe | None = None) -> None:
        self._job = job
        self._stopping, self._describe = stopping, describe
        job.progress.connect(self._moved)
        job.finished.connect(lambda _result: self._ended(job))
        job.failed.connect(lambda _exc: self._ended(job))
        self.bar.setRange(0, self.total)  # 0..0 is "busy" until a total is known
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.label.setText(busy)
        self.cancel_button.setEnabled(True)

    def set_total(self, total: int) -> None:
        self.total = total
        if self._job is not None:
            self.bar.setRange(0, max(total, self.bar.value()))

    def cancel(self) -> None:
        job = self._job
        if job is None or job.cancel_requested:
            return
        job.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(self._stopping)

    def _moved(self, done: int, total: int, text: str) -> None:
        job = self._job
        if job is None:
            return
        total = total or self.total
        self.bar.setRange(0, max(total, done) if total else 0)
        self.bar.setValue(done)
        if job.cancel_requested:
            return
        line = self._describe(done, total, text) if self._describe is not None else text
        if line:
            self.label.setText(line)

    def _ended(self, job: Job[T]) -> None:
        if self._job is job:
            self._job = None
            self.total = 0
            self._idle()

    def _idle(self) -> None:
        self.cancel_button.setEnabled(False)
        if self._hide_bar:
            self.bar.setVisible(False)


class JobProgressDialog(QDialog):
    """A window-modal progress window with Cancel, for a job started from a menu."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self.label = QLabel()
        self.label.setWordWrap(True)
        bar = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(bar)
        layout.addLayout(row)
        self.progress = JobProgress(bar, self.label, self.cancel_button, parent=self)

    def reject(self) -> None:
        """Esc or the window's close button cancel the job; the window closes when it ends."""
        self.progress.cancel()

    def watch(self, job: Job[T], *, busy: str, stopping: str, describe: Describe | None = None) -> None:
        self.progress.watch(job, busy=busy, stopping=stopping, describe=describe)
        job.finished.connect(lambda _result: self._close())
        job.failed.connect(lambda _exc: self._close())
        self.open()

    def _close(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.deleteLater()
