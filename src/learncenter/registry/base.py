"""What every part of the registry's service shares: its limits, the verified caller, the
database session, and the few lookups several parts make (a center locked for writing, a
batch of the caller's own, a change published for down-sync).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.keys import RegistryKeys
from learncenter.registry.store import Batch, Center, Change, session_factory
from learncenter.registry.updates import UpdateShelf
from learncenter.registry.vault import DataKey, change_place, is_sealed
from learncenter.protocol.errors import UNKNOWN_BATCH, UNKNOWN_KEY, SyncError
from learncenter.registry.objects import ObjectStore, pack_name


@dataclass(frozen=True)
class Limits:
    """What one batch may hold (protocol §7 ``too_large``; open point §12)."""

    max_records: int = 2000
    max_bytes: int = 2 << 30
    max_piece: int = 8 << 20  # bytes of one PUT


@dataclass(frozen=True)
class Caller:
    """A center whose request signature verified, with the key it used."""

    center_id: str
    key_id: str
    public: Ed25519PublicKey


class RegistryBase:
    """One registry: its database and its keys."""

    def __init__(self, engine: Engine, keys: RegistryKeys, *, limits: Limits = Limits(),
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.keys = keys
        self.limits = limits
        self._now = now
        self._sessions = session_factory(engine)
        self._requests_seen = 0
        # told of each batch filed (its receipt, the seconds it took): the HTTP app counts them
        self.on_filed: Callable[[dict[str, Any], float], None] | None = None
        # told that a batch was received and waits to be filed: serve wakes its filer (registry.filer)
        self.on_received: Callable[[], None] | None = None
        self.updates: UpdateShelf | None = None  # the data folder's updates/ (registry.updates), once opened
        # photos' and scans' bytes (registry.objects); None: kept in the database rows, as before
        self.objects: ObjectStore | None = None

    def _keep_object(self, name: str, sealed: bytes) -> bytes | None:
        """Store an object's sealed bytes; what its database row keeps (None when the store has them)."""
        if self.objects is None:
            return sealed
        self.objects.put(name, sealed)
        return None

    def _keep_pack(self, sealed: list[bytes]) -> list[dict[str, Any]]:
        """Store a batch's sealed photos as one pack (:func:`~learncenter.registry.objects.pack_name`),
        in one write; for each photo, what its row keeps: where in the pack its bytes are, or the
        bytes themselves when this registry has no store."""
        if self.objects is None:
            return [{"data": data, "pack": None, "pack_offset": None, "pack_length": None} for data in sealed]
        if not sealed:
            return []
        pack = b"".join(sealed)
        digest = hashlib.sha256(pack).hexdigest()
        self.objects.put(pack_name(digest), pack)
        places, offset = [], 0
        for data in sealed:
            places.append({"data": None, "pack": digest, "pack_offset": offset, "pack_length": len(data)})
            offset += len(data)
        return places

    def _object(self, name: str, held: bytes | None) -> bytes:
        """An object's sealed bytes: its row's (written before a store was configured) or the store's."""
        if held is not None:
            return held
        if self.objects is None:
            raise LookupError(f"{name} is in an object store this registry was not given")
        return self.objects.get(name)

    def _session(self) -> Session:
        session: Session = self._sessions()
        return session

    def _add_change(self, session: Session, center_id: str | None, kind: str, key: str,
                    data: Mapping[str, Any]) -> bool:
        """Publish ``data`` under (kind, key) unless it is the last version already; the key
        is stored keyed-hashed and sealed with the data (a pre-registration's key holds an
        ID number)."""
        text = canonical(dict(data)).decode()
        lookup = change_lookup(self.keys.data, kind, key)
        last = session.scalars(
            select(Change).where(Change.kind == kind, Change.key == lookup,
                                 Change.center_id.is_(None) if center_id is None
                                 else Change.center_id == center_id)
            .order_by(Change.version.desc()).limit(1)).first()
        if last is not None and canonical(self._change_content(last)[1]).decode() == text:
            return False
        version = (last.version + 1) if last else 1
        sealed = self.keys.data.seal_text(canonical({"key": key, "data": dict(data)}).decode(),
                                          change_place(kind, lookup, version, center_id))
        session.add(Change(center_id=center_id, kind=kind, key=lookup, version=version,
                           data=sealed, created_at=self._now()))
        session.flush()
        return True

    def _change_content(self, row: Change) -> tuple[str, Any]:
        """(key, data) of a published change as the centers receive them."""
        if not is_sealed(row.data):  # published before the registry sealed its data
            return row.key, json.loads(row.data)
        content = json.loads(self.keys.data.open_text(
            row.data, change_place(row.kind, row.key, row.version, row.center_id)))
        return str(content["key"]), content["data"]

    @staticmethod
    def _lock_center(session: Session, center_id: str) -> Center:
        center = session.scalars(select(Center).where(Center.center_id == center_id)
                                 .with_for_update()).first()
        if center is None:
            raise SyncError(UNKNOWN_KEY)
        return center

    @staticmethod
    def _own_batch(session: Session, center_id: str, batch_id: str, *,
                   lock: bool = False) -> Batch:
        stmt = select(Batch).where(Batch.batch_id == batch_id)
        batch = session.scalars(stmt.with_for_update() if lock else stmt).first()
        if batch is None or batch.center_id != center_id:
            raise SyncError(UNKNOWN_BATCH)
        return batch


def change_lookup(vault: DataKey, kind: str, key: str) -> str:
    """The stored key of a published change: a keyed hash of its kind and key."""
    return vault.lookup(f"{kind}\n{key}")
