"""One sync run: build batches, send each, apply the verified receipts, then down-sync.

The engine holds no connection of its own: it is given a :class:`~learncenter.sync.link.Link`
(HTTP, or an in-process registry in tests) and trusts nothing it answers until the pinned keys
verify it. A batch that fails is remembered with its reason and the run goes on with the
next one; a record the registry rejects is returned to the clerk without holding back the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from learncenter.domain.messages import Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.sync_limits import GuardLevel, SyncLimits
from learncenter.services.authorization import require
from learncenter.services.sync_guardrail import sync_guard
from learncenter.store import device_key
from learncenter.store.database import Database
from learncenter.store.models import OutboxItem, Record
from learncenter.store.sync_models import BATCH_COMMITTED, ITEM_ERROR, SyncBatch, SyncConflict
from learncenter.sync import pins
from learncenter.sync.batch_states import mark_failed, mark_sending
from learncenter.sync.batching import (
    DEFAULT_MAX_RECORDS,
    BatchSigner,
    build_batches,
    sealed_batch,
    uncommitted_batches,
)
from learncenter.sync.downsync import apply_page
from learncenter.sync.materials import fetch_materials
from learncenter.protocol.errors import UNKNOWN_BATCH, UNREACHABLE, SyncError
from learncenter.protocol.wire import RECEIVED
from learncenter.sync.link import Link, UploadCancelled
from learncenter.sync.receipt_collector import ReceiptCollector
from learncenter.sync.receipts import apply_receipt
from learncenter.sync.reference_changes import ProfileInUse, make_current, profiles_in_use, waiting
from learncenter.sync.workstation_updates import WorkstationUpdates

RECEIPT_PATIENCE = 120.0  # seconds of waiting for the registry to file a batch, without progress, before asking next run

define("sync.filing_pending",
       zh="登记机构已收到 {count} 个批次，正在归档，回执尚未返回；下次同步时会自动取回，记录不会丢失。",
       en="The registry received {count} batches and is still filing them; their receipts are fetched at the "
          "next sync, and nothing is lost.")

ERRORS_SHOWN = 20  # records in error named by the status (the count covers them all)
Progress = Callable[[str, int, int], None]  # (stage, done, total): "upload" bytes, "batches", "changes"


@dataclass
class SyncReport:
    built: int = 0  # batches built in this run
    committed: int = 0  # batches whose receipt verified and was applied
    accepted: int = 0
    returned: int = 0
    changes: int = 0  # down-sync changes applied (a rejected session or profile is still counted)
    conflicts: int = 0  # down-sync changes kept for the clerk instead
    materials: int = 0  # photos and scans submitted online, fetched in this run
    problems: list[Problem] = field(default_factory=list)  # per batch, page, session or profile that failed
    cancelled: bool = False
    update: str | None = None  # a newer version the registry announced (sync.workstation_updates)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    center_id: str
    center_name: str
    registry_url: str
    registry_key_id: str
    items: Mapping[str, int]  # outbox items per §11 state
    open_batches: int
    conflicts: int  # down-sync conflicts not settled yet
    waited_days: float | None  # oldest unanswered sealed record
    guard: GuardLevel
    guard_problem: Problem | None
    last_sync: datetime | None
    profiles: tuple[ProfileInUse, ...] = ()  # eligibility and photo: registry's, local or shipped
    errors: tuple[tuple[str, str, str], ...] = ()  # (name, ID number, stored problem) of items in error


class SyncEngine:
    def __init__(self, db: Database, *, actor: SignedIn, limits: SyncLimits,
                 profile_versions: Mapping[str, str],
                 clock: Callable[[], datetime] | None = None,
                 max_records: int = DEFAULT_MAX_RECORDS, data_dir: Path | None = None) -> None:
        """``data_dir``: where profiles the registry sends are written (``profiles/``); without
        it they are only kept in the database. The actor must be allowed to sync when building or
        running (checked then, against the users as they are at that moment)."""
        self._db, self._signed_in, self._limits = db, actor, limits
        self._actor = actor.name
        self._data_dir = data_dir
        self._profile_versions = dict(profile_versions)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._max_records = max_records
        self.receipt_patience = RECEIPT_PATIENCE
        self._report_lock = threading.Lock()

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # -- building ------------------------------------------------------------------------

    def build(self) -> int:
        """Put every pending outbox item into stored batches; the number of batches built."""
        with self._db.session() as session:
            require(session, self._signed_in, Permission.SYNC)
            pinned = pins.require(session)
        signer = BatchSigner(pinned.center_id, device_key.current_key(self._db),
                             pinned.encryption_public, self._profile_versions)
        return len(build_batches(self._db, signer, actor=self._actor, now=self._now(),
                                 max_records=self._max_records))

    def uncommitted(self) -> list[tuple[str, int]]:
        """(batch id, sequence) of every batch without a verified receipt, in sequence order."""
        with self._db.session() as session:
            return [(b.batch_id, b.sequence) for b in uncommitted_batches(session)]

    # -- the run -------------------------------------------------------------------------

    def run(self, link: Link, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> SyncReport:
        report = SyncReport()
        is_cancelled = cancelled or (lambda: False)
        self._learn_update(link, report)  # first: a workstation refused as too old still learns what to install
        report.built = self.build()
        batches = self.uncommitted()
        # the receipts are applied on a thread of their own while the next batches upload
        collector = ReceiptCollector(link, self._apply_to(report), self._fail_to(report),
                                     patience=self.receipt_patience, cancelled=is_cancelled)
        try:
            for done, (batch_id, sequence) in enumerate(batches):
                if is_cancelled():
                    report.cancelled = True
                    break
                if progress is not None:
                    progress("batches", done, len(batches))
                if self._send(link, batch_id, report, progress, is_cancelled):
                    collector.add(batch_id)
                if report.cancelled:
                    break
        except BaseException:
            collector.abandon()
            raise
        filing = collector.finish()
        if report.cancelled:
            return report
        if progress is not None:
            progress("batches", len(batches), len(batches))
        if filing:  # still being filed: the next run asks again, nothing is lost
            report.problems.append(Problem("sync.filing_pending", params={"count": len(filing)}))
        if is_cancelled():
            report.cancelled = True
            return report
        self._down(link, report, is_cancelled)
        if not report.cancelled:
            fetched, problems = fetch_materials(self._db, link, now=self._now, cancelled=is_cancelled)
            report.materials += fetched
            report.problems.extend(problems)
            report.cancelled = is_cancelled()
        if not report.cancelled:
            with self._db.session() as session, session.begin():
                pins.set_last_sync(session, self._now())
        return report

    def _learn_update(self, link: Link, report: SyncReport) -> None:
        try:
            manifest = WorkstationUpdates(self._db).accept(link.update_manifest())
        except SyncError as error:
            if error.code != UNKNOWN_BATCH:  # a registry older than updates answers "not found": nothing to learn
                report.problems.append(error.problem)  # a manifest that does not verify is said, never kept
            return
        report.update = manifest.version if manifest is not None else None

    def _send(self, link: Link, batch_id: str, report: SyncReport, progress: Progress | None,
              cancelled: Callable[[], bool]) -> bool:
        """Upload a batch and apply its receipt; True when the registry received it and files it
        later (its receipt is collected by the run's ReceiptCollector)."""
        sealed = sealed_batch(self._db, batch_id)
        mark_sending(self._db, batch_id, actor=self._actor, now=self._now(), how="upload")
        upload_progress = None if progress is None else (lambda sent, total: progress("upload", sent, total))
        try:
            answer = link.upload(sealed, progress=upload_progress, cancelled=cancelled)
        except UploadCancelled:
            report.cancelled = True  # the batch stays "sending"; the next run resumes it
            return False
        except (OSError, SyncError) as error:
            self._failed(batch_id, error, report)
            return False
        if answer.get("state") == RECEIVED:
            return True
        self._apply(batch_id, answer, report)
        return False

    def _apply(self, batch_id: str, receipt: dict[str, Any], report: SyncReport) -> None:
        try:
            outcome = apply_receipt(self._db, receipt, actor=self._actor, now=self._now())
        except SyncError as error:
            self._failed(batch_id, error, report)
            return
        with self._report_lock:  # the run's thread and the receipt collector's both count
            report.committed += 1
            report.accepted += outcome.accepted
            report.returned += outcome.returned

    def _apply_to(self, report: SyncReport) -> Callable[[str, dict[str, Any]], None]:
        return lambda batch_id, receipt: self._apply(batch_id, receipt, report)

    def _fail_to(self, report: SyncReport) -> Callable[[str, OSError | SyncError], None]:
        return lambda batch_id, error: self._failed(batch_id, error, report)

    def _failed(self, batch_id: str, error: OSError | SyncError, report: SyncReport) -> None:
        # an OSError: a link that lets a network failure through unwrapped
        failure = error if isinstance(error, SyncError) else SyncError(UNREACHABLE, detail=str(error))
        mark_failed(self._db, batch_id, failure)
        with self._report_lock:
            report.problems.append(failure.problem)

    def _down(self, link: Link, report: SyncReport, cancelled: Callable[[], bool]) -> None:
        self._make_current(report)  # what an earlier run stored but was stopped before taking
        while not cancelled():
            with self._db.session() as session:
                cursor = pins.cursor(session)
            try:
                page = link.changes(cursor)
                outcome = apply_page(self._db, page, asked=cursor, actor=self._actor, now=self._now())
            except SyncError as error:
                report.problems.append(error.problem)
                return
            report.changes += outcome.applied
            report.conflicts += outcome.conflicts
            self._make_current(report)
            if not outcome.more:
                return
        report.cancelled = True

    def _make_current(self, report: SyncReport) -> None:
        report.problems.extend(make_current(self._db, waiting(self._db), actor=self._actor,
                                            data_dir=self._data_dir, now=self._now()))

    # -- status --------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        with self._db.session() as session:
            pinned = pins.read(session)
            items = {row[0]: int(row[1]) for row in
                     session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state))}
            guard = sync_guard(session, self._limits, self._now().replace(tzinfo=None))
            open_batches = int(session.scalar(select(func.count()).select_from(SyncBatch)
                                              .where(SyncBatch.state != BATCH_COMMITTED)) or 0)
            errors = tuple((name, id_number, problem) for name, id_number, problem in session.execute(
                select(Record.name, Record.id_number, OutboxItem.last_error)
                .join(Record, Record.id == OutboxItem.record_id)
                .where(OutboxItem.state == ITEM_ERROR).order_by(OutboxItem.id).limit(ERRORS_SHOWN)))
            conflicts = int(session.scalar(select(func.count()).select_from(SyncConflict)
                                           .where(SyncConflict.resolved_at.is_(None))) or 0)
            last = pins.last_sync(session)
        return SyncStatus(
            enrolled=pinned is not None, center_id=pinned.center_id if pinned else "",
            center_name=pinned.center_name if pinned else "",
            registry_url=pinned.registry_url if pinned else "",
            registry_key_id=pinned.signing_key_id if pinned else "",
            items=items, open_batches=open_batches, conflicts=conflicts, waited_days=guard.waited_days, guard=guard.level,
            guard_problem=guard.problem(), last_sync=last, errors=errors,
            profiles=tuple(profiles_in_use(self._db, self._data_dir, self._profile_versions)))
