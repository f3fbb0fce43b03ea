"""Batches on removable media (protocol §9): export them to files, import the receipt back.

The batch file format holds one batch, so several waiting batches are written as one file each:
a single batch goes to exactly the file named; several go beside it, named
``<stem>-<sequence><suffix>`` (``batch-0007.lcb``), so the registry imports them in the order
they must commit. Every batch still without a verified receipt is written, the ones already
exported included: importing one twice at the registry only returns its receipt again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import authorize
from learncenter.store.database import Database
from learncenter.protocol.batch_file import write_batch_file
from learncenter.sync.batch_states import mark_sending
from learncenter.sync.batching import sealed_batch
from learncenter.sync.engine import SyncEngine
from learncenter.protocol.peer_json import RECEIPT_LIMITS
from learncenter.protocol.receipt import load_receipt
from learncenter.sync.receipts import ReceiptOutcome, apply_receipt


def batch_file_names(target: Path, sequences: list[int]) -> list[Path]:
    """Where each batch goes: ``target`` itself for one, numbered files beside it for several."""
    if len(sequences) == 1:
        return [target]
    return [target.with_name(f"{target.stem}-{sequence:04d}{target.suffix}") for sequence in sequences]


def export_batches(db: Database, engine: SyncEngine, target: Path, *, actor: SignedIn,
                   now: datetime | None = None) -> list[Path]:
    """Build batches of what is pending, write every unanswered batch; the files written."""
    by = authorize(db, actor, Permission.SYNC)
    engine.build()
    batches = engine.uncommitted()
    paths = batch_file_names(target, [sequence for _, sequence in batches]) if batches else []
    for (batch_id, _), path in zip(batches, paths, strict=True):
        write_batch_file(path, sealed_batch(db, batch_id))
        mark_sending(db, batch_id, actor=by, now=now or datetime.now(UTC), how="export")
    return paths


def import_receipt_file(db: Database, path: Path, *, actor: SignedIn, now: datetime | None = None) -> ReceiptOutcome:
    """Verify a receipt file from the registry exactly like an online receipt, then apply it.

    At most one byte more than a receipt may hold is read: a huge file is refused by
    :func:`load_receipt` without being read whole."""
    by = authorize(db, actor, Permission.SYNC)
    with path.open("rb") as source:
        data = source.read(RECEIPT_LIMITS.max_bytes + 1)
    return apply_receipt(db, load_receipt(data), actor=by, now=now or datetime.now(UTC))
