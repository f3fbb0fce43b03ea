"""The clerk's Returned records page: what the registry sent back, and why.

A returned record stays sealed; the way forward is a supervisor-approved correction
(:meth:`RecordService.correct`), which writes a new version to the outbox in the same
transaction, so it goes out in the next batch naming the version it replaces. Once corrected,
the returned version is no longer the current one and leaves this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from learncenter.domain.lifecycle import RecordState
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store.database import Database
from learncenter.store.models import OutboxItem, Record
from learncenter.store.sync_models import ITEM_RETURNED


@dataclass(frozen=True)
class ReturnedRecord:
    record_id: str
    version: int
    name: str
    id_number: str
    term: str
    major_name: str
    code: str  # the registry's rejection code (protocol §6)
    reason_zh: str
    reason_en: str
    returned_at: datetime | None

    def reason(self, lang: str = "zh") -> str:
        return (self.reason_en if lang == "en" else self.reason_zh) or self.reason_zh or self.reason_en


def returned_records(db: Database, *, actor: SignedIn) -> list[ReturnedRecord]:
    """Current versions the registry returned, most recently returned first."""
    with db.session() as session:
        require(session, actor, Permission.RETURNED)
        rows = session.execute(
            select(Record.id, Record.version, Record.name, Record.id_number, Record.term, Record.major_name,
                   OutboxItem.return_code, OutboxItem.return_reason_zh, OutboxItem.return_reason_en,
                   OutboxItem.answered_at)
            .join(OutboxItem, (OutboxItem.record_id == Record.id)
                  & (OutboxItem.record_version == Record.version))
            .where(Record.is_current.is_(True), Record.state == RecordState.RETURNED.value,
                   OutboxItem.state == ITEM_RETURNED)
            .order_by(OutboxItem.answered_at.desc(), Record.name))
        return [ReturnedRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], r[9]) for r in rows]
