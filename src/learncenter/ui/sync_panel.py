"""Sync in the workstation: a status indicator, "Sync now" with progress and cancel, automatic
sync when the registry becomes reachable, files for removable media, enrollment, and replacing
the device key with the registry's agreement.

Everything that touches the network or the database runs off the GUI thread. A sync run goes
to the tasks' network lane, not the writer: it writes in short transactions behind the
database's write gate and waits on the registry outside them, so a clerk's seal never waits for
an upload, and never meets the run's transactions in SQLite. The indicator says
online / offline / syncing, when the last sync was, how many sealed records wait, and turns red
with the guardrail's sentence when they have waited too long (the service itself refuses new
confirmations past the limit). Automatic sync is quiet: it never opens a dialog; its problems
are shown in the indicator's tooltip and at the next "Sync now".
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QWidget,
)

from learncenter import __version__
from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError
from learncenter.domain.sync_limits import GuardLevel
from learncenter.sync.batch_states import problem_text
from learncenter.sync.center import ConnectForRotation, center_engine, open_link, rotate_with_registry
from learncenter.sync.engine import SyncEngine, SyncReport, SyncStatus
from learncenter.sync.enrollment import Enrollment, enroll
from learncenter.sync.link import EnrollSender
from learncenter.sync.media_file import export_batches, import_receipt_file
from learncenter.sync.rotation import Rotation
from learncenter.ui import file_dialogs, palette_colors
from learncenter.ui.prompts import EnrollDialog, ask_yes_no, tell
from learncenter.ui.jobs import Job, JobControl, JobProgressDialog
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
CHECK_INTERVAL_MS = 60_000  # how often the registry's reachability is looked at


class SyncPanel(QObject):
    """Owns the indicator and the sync actions of one main window."""

    synced = Signal(object)  # SyncReport: records may have been accepted or returned
    status_shown = Signal(object)  # SyncStatus, after each refresh

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, parent: QWidget,
                 reachable: Callable[[str], bool] | None = None,
                 check_interval_ms: int = CHECK_INTERVAL_MS, refresh_now: bool = True) -> None:
        """``refresh_now=False``: the first status is read when the owner calls :meth:`refresh`
        (the main window does once its first page is up, so the two do not compete)."""
        super().__init__(parent)
        self._ctx, self._tasks, self._actor, self._parent = ctx, tasks, actor, parent
        self._reachable = reachable or _is_reachable
        self._engine: SyncEngine = center_engine(ctx.db, actor=actor, data_dir=ctx.data_dir.root,
                                                 eligibility_version=ctx.profile.version)
        self.status: SyncStatus | None = None
        self.online: bool | None = None  # None: not looked yet (or not enrolled)
        self.running = False
        self._job: Job[SyncReport] | None = None
        self.dialog: JobProgressDialog | None = None  # the progress window of a sync asked for
        self.indicator = QLabel()
        self.timer = QTimer(self, interval=check_interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        if refresh_now:
            self.refresh()

    def _notify(self, title: str, text: str) -> None:
        tell(self._parent, title, text)

    # -- status -------------------------------------------------------------------------------

    def refresh(self) -> None:
        engine = self._engine
        self._tasks.work(engine.status, self._show_status, self._status_failed)

    def _show_status(self, status: object) -> None:
        assert isinstance(status, SyncStatus)
        self.status = status
        self._paint()
        self.status_shown.emit(status)

    def _paint(self, syncing: str = "") -> None:
        status = self.status
        if status is None:
            return
        waiting = sum(status.items.get(state, 0) for state in ("pending", "batched", "sending", "error"))
        if not status.enrolled:
            state, color = self.tr("not enrolled"), palette_colors.muted(self.indicator)
        elif syncing or self.running:
            state, color = self.tr("syncing") + (f" {syncing}" if syncing else ""), palette_colors.success(self.indicator)
        elif self.online:
            state, color = self.tr("online"), palette_colors.success(self.indicator)
        else:
            state, color = self.tr("offline"), palette_colors.muted(self.indicator)
        when = (status.last_sync.astimezone().strftime("%m-%d %H:%M") if status.last_sync
                else self.tr("never"))
        text = self.tr("Registry: %1 · last sync %2 · waiting %3").replace("%1", state).replace(
            "%2", when).replace("%3", str(waiting))
        tooltip = []
        if status.guard is not GuardLevel.OK:
            color = palette_colors.error(self.indicator)
            if status.guard_problem is not None:
                tooltip.append(status.guard_problem.text(self._ctx.lang))
        if status.items.get("error"):
            tooltip.append(self.tr("%n record(s) could not be sent:", "", status.items["error"]))
            tooltip += [f"{name}（{mask_id_number(id_number)}）：{problem_text(problem, self._ctx.lang)}"
                        for name, id_number, problem in status.errors]
        self.indicator.setText(text)
        self.indicator.setStyleSheet(f"color: {color};")
        self.indicator.setToolTip("\n".join(tooltip))

    def _status_failed(self, exc: Exception) -> None:
        log.error("sync status could not be read", exc_info=exc)

    # -- automatic sync -----------------------------------------------------------------------

    def check(self) -> None:
        """Look whether the registry answers; sync on our own when it does and records wait."""
        status = self.status
        if self.running or status is None or not status.enrolled:
            return
        url, reachable = status.registry_url, self._reachable
        self._tasks.work(lambda: reachable(url), self._looked, lambda exc: self._looked(False))

    def _looked(self, answer: object) -> None:
        was, self.online = self.online, bool(answer)
        self._paint()
        status = self.status
        waiting = status is not None and any(
            status.items.get(state, 0) for state in ("pending", "batched", "sending"))
        if self.online and (waiting or not was):
            self.run(quiet=True)

    # -- sync now -----------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.status is not None and not self.status.enrolled:
            self._notify(self.tr("Sync"), self.tr(
                "This workstation is not enrolled with a registry yet. An administrator enrolls it once "
                "(Sync ▸ Enroll with the registry…) with the address and the one-time code from the "
                "registry's administrator. Meanwhile, sealed records are kept safely here."))
            return
        self.run(quiet=False)

    def run(self, *, quiet: bool) -> None:
        if self.running:
            return
        self.running = True
        db, actor, engine = self._ctx.db, self._actor, self._engine

        def work(control: JobControl) -> SyncReport:
            link = open_link(db, actor=actor)
            try:
                return engine.run(link, progress=lambda stage, done, total: control.report(done, total, stage),
                                  cancelled=control.cancelled)
            finally:
                link.close()

        job = Job(work, self)
        self._job = job
        if not quiet:
            self.dialog = JobProgressDialog(self.tr("Sync"), self._parent)
            self.dialog.watch(job, busy=self.tr("Sending sealed records to the registry…"),
                              stopping=self.tr("Stopping after the current batch; what was sent is kept…"))
        job.progress.connect(self._moved)
        self._paint()
        job.start(self._tasks.network, lambda report: self._done(report, quiet),
                  lambda exc: self._sync_failed(exc, quiet))

    def cancel(self) -> None:
        """Stop the sync run after the batch being sent (Cancel of its window does the same)."""
        if self._job is not None:
            self._job.cancel()

    def _moved(self, done: int, total: int, _stage: str) -> None:
        self._paint(f"{done}/{total}")

    def _done(self, report: SyncReport, quiet: bool) -> None:
        self._finish()
        self.online = True
        self.synced.emit(report)
        self.refresh()
        if quiet:
            return
        lines = [self.tr("Batches sent: %1; records accepted: %2, returned: %3; updates received: %4.")
                 .replace("%1", str(report.committed)).replace("%2", str(report.accepted))
                 .replace("%3", str(report.returned)).replace("%4", str(report.changes))]
        if report.returned:
            lines.append(self.tr("Returned records are listed on the Returned records page with the registry's reason."))
        if report.conflicts:
            lines.append(self.tr("%n update(s) from the registry were not applied because the record has local changes.", "", report.conflicts))
        if report.materials:
            lines.append(self.tr("%n photo(s) and scan(s) the candidates submitted online were fetched; the "
                                 "confirmation page offers them.", "", report.materials))
        if report.cancelled:
            lines.append(self.tr("Cancelled; what was sent is kept and the next sync continues."))
        lines += [problem.text(self._ctx.lang) for problem in report.problems]
        self._notify(self.tr("Sync"), "\n\n".join(lines))

    def _sync_failed(self, exc: Exception, quiet: bool) -> None:
        self._finish()
        self._failed(exc, quiet)

    def _failed(self, exc: Exception, quiet: bool) -> None:
        """A sync run, a file, enrolling or a key replacement failed: say why (in the tooltip when quiet)."""
        if isinstance(exc, DomainError):
            self.online = exc.problem.code not in ("sync.unreachable", "sync.unavailable")
            text = exc.text(self._ctx.lang)
        else:
            log.error("sync failed", exc_info=exc)
            text = self.tr("Sync stopped because of an unexpected error; nothing was lost, and the next sync continues. The details are in the log.")
        self.refresh()
        if quiet:
            self.indicator.setToolTip(text)
        else:
            self._notify(self.tr("Sync"), text)

    def _finish(self) -> None:
        self.running = False
        self._job = None
        self.dialog = None  # it closes itself when the job ends

    # -- removable media ------------------------------------------------------------------------

    def export_file(self) -> QFileDialog:
        """Ask where to write the batches waiting to be sent (a removable disk, usually)."""
        return file_dialogs.save_file(self._parent, self.tr("Write batches to a file"),
                                      [self.tr("Batch files (*.lcb)")], self.write_batches,
                                      suggested="learncenter-batch.lcb")

    def write_batches(self, path: Path) -> None:
        db, engine, actor, target = self._ctx.db, self._engine, self._actor, path
        # both build or apply batches in the database: the single writer runs them
        self._tasks.write(lambda: export_batches(db, engine, target, actor=actor), self._exported,
                         lambda exc: self._failed(exc, False))

    def _exported(self, paths: object) -> None:
        assert isinstance(paths, list)
        self.refresh()
        if not paths:
            text = self.tr("No sealed record waits to be sent; no file was written.")
        else:
            text = self.tr("Written: %1\n\nTake the file(s) to the registry; bring back its receipt file and import it here.").replace(
                "%1", "\n".join(str(p) for p in paths))
        self._notify(self.tr("Sync"), text)

    def import_receipt(self) -> QFileDialog:
        """Ask for the receipt file the registry gave for batches carried to it."""
        return file_dialogs.open_file(self._parent, self.tr("Import a receipt file"),
                                      [self.tr("Receipt files (*.json *.receipt)"), self.tr("All files (*)")],
                                      self.read_receipt)

    def read_receipt(self, path: Path) -> None:
        db, actor, source = self._ctx.db, self._actor, path
        self._tasks.write(lambda: import_receipt_file(db, source, actor=actor), self._receipt_done,
                         lambda exc: self._failed(exc, False))

    def _receipt_done(self, outcome: object) -> None:
        self.refresh()
        accepted, returned = getattr(outcome, "accepted", 0), getattr(outcome, "returned", 0)
        self.synced.emit(outcome)
        self._notify(self.tr("Sync"), self.tr(
            "Receipt verified: %1 record(s) accepted, %2 returned.").replace("%1", str(accepted)).replace(
            "%2", str(returned)))

    # -- enrollment -----------------------------------------------------------------------------

    def enroll_dialog(self) -> EnrollDialog:
        dialog = EnrollDialog(self._parent)
        dialog.answered.connect(lambda answer: self.enroll(*answer))
        dialog.open()
        return dialog

    def enroll(self, url: str, code: str, *, send: EnrollSender | None = None) -> None:
        db, actor = self._ctx.db, self._actor

        def work() -> Enrollment:
            from learncenter.sync.transport import enroll as http_enroll
            sender: EnrollSender = send or http_enroll
            return enroll(db, sender, url=url, code=code, device_name=socket.gethostname(),
                          client_version=__version__, actor=actor)

        self._tasks.network(work, self._enrolled, lambda exc: self._failed(exc, False))

    def _enrolled(self, result: object) -> None:
        assert isinstance(result, Enrollment)
        self.refresh()
        self._notify(self.tr("Enroll with the registry"), self.tr(
            "Enrolled as learning center %1 (%2).\n\nCompare this registry key id with the one the registry's administrator reads out: %3\nIf it differs, do not sync and call the administrator.").replace(
            "%1", result.center_id).replace("%2", result.center_name).replace("%3", result.registry_key_id))


    # -- device key -----------------------------------------------------------------------------

    def rotate_dialog(self) -> None:
        """Ask, then replace the device key (administrators; the registry must be reachable)."""
        if self.status is not None and not self.status.enrolled:
            self.sync_now()  # says what enrolling means
            return
        ask_yes_no(self._parent, self.tr("Replace the device key"), self.tr(
            "A new device key is made on this computer and the registry is asked to take it; only when the registry agrees does it sign the batches and admission notices from then on. Notices already printed keep verifying with the old key.\n\nBatches already sent must have their receipts first. Replace the key now?"),
            self.rotate)

    def rotate(self, *, connect: ConnectForRotation | None = None) -> None:
        db, actor = self._ctx.db, self._actor

        def work() -> Rotation:
            return rotate_with_registry(db, actor=actor, connect=connect)

        self._tasks.network(work, self._rotated, lambda exc: self._failed(exc, False))

    def _rotated(self, result: object) -> None:
        assert isinstance(result, Rotation)
        self.refresh()
        text = self.tr("The registry took the new device key %1; it replaces %2. Give exam sites the new public keys (learncenter notice-keys export).").replace(
            "%1", result.new_key_id).replace("%2", result.old_key_id)
        if result.batches_released:
            text += "\n\n" + self.tr("%n batch(es) not yet sent were sealed again with the new key.", "",
                                      result.batches_released)
        self._notify(self.tr("Replace the device key"), text)


def _is_reachable(url: str) -> bool:
    from learncenter.sync.transport import is_reachable
    return bool(is_reachable(url))
