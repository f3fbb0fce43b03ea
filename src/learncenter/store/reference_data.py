"""Reading and writing the reference data the registry sends down; never commits.

Majors, exam sessions, profiles and number blocks arrive by down-sync (protocol §8) and are kept
as the registry sent them, with its version, so that other parts of the center (sessions,
notices) read one table instead of knowing about the sync protocol.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.store import settings
from learncenter.store.sync_models import ReferenceData

ENROLLED_NUMBER_BLOCK = "sync.number_block"  # settings: the block given at enrollment, as JSON


def get(session: Session, kind: str, key: str) -> ReferenceData | None:
    return session.get(ReferenceData, (kind, key))


def all_of(session: Session, kind: str) -> list[ReferenceData]:
    """Every item of one kind, by key."""
    return list(session.scalars(select(ReferenceData).where(ReferenceData.kind == kind)
                                .order_by(ReferenceData.key)))


def put(session: Session, kind: str, key: str, version: int, data: dict[str, Any], now: datetime) -> bool:
    """Store an item unless a newer or equal version is already kept; True if it was stored."""
    row = get(session, kind, key)
    if row is None:
        session.add(ReferenceData(kind=kind, key=key, version=version, data=data, updated_at=now))
        return True
    if row.version >= version:
        return False
    row.version, row.data, row.updated_at = version, data, now
    return True


def is_number_block(data: object) -> bool:
    """``{"first", "last"}`` whole numbers with 0 < first <= last (protocol §3)."""
    if not isinstance(data, dict):
        return False
    first, last = data.get("first"), data.get("last")
    return (isinstance(first, int) and isinstance(last, int) and not isinstance(first, bool)
            and not isinstance(last, bool) and 0 < first <= last)


def number_block(session: Session) -> tuple[int, int] | None:
    """The center's block of notice numbers (first, last): the newest one the registry sent
    down, or else the one given at enrollment; None before enrollment."""
    rows = all_of(session, "number_block")
    if rows:
        newest = max(rows, key=lambda row: row.version)
        return int(newest.data["first"]), int(newest.data["last"])
    stored = settings.get(session, ENROLLED_NUMBER_BLOCK)
    if not stored:
        return None
    block = json.loads(stored)
    return int(block["first"]), int(block["last"])
