"""Which data key sealed a registry database, and sealing one written before there was one.

The database records the id of the data key that sealed it (``registry_meta``). A command
opening the registry checks it first: the wrong key file is refused by name before any photo
fails to open, and a database still holding personal data in the clear (made by a registry
before this one) is refused until ``learncenter-registry encrypt-data`` has sealed it, since a
new record's keyed person hash would not meet the plain hashes of the old ones.

Sealing runs in one transaction (all of it or nothing) and then has the database rewrite its
files, so the plain values do not linger in free pages: SQLite ``VACUUM`` and a truncated
write-ahead log, PostgreSQL ``VACUUM FULL`` of the tables it touched (PostgreSQL's own
write-ahead log segments keep the old values until they are recycled; see docs/protocol.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.base import change_lookup
from learncenter.registry.filing import payload_place, person_digest
from learncenter.registry.store import Blob, Change, Person, Receipt, RegistryMeta, RegistryRecord, session_factory
from learncenter.registry.vault import DataKey, blob_place, change_place, is_sealed, receipt_place

DATA_KEY_ID = "data_key_id"
SEALED_TABLES = ("records", "persons", "blobs", "changes", "receipts")
_CHUNK = 500


class NotSealed(Exception):
    """The database holds personal data in the clear: run ``encrypt-data``."""


class WrongDataKey(Exception):
    """The database was sealed with another data key than the one given."""

    def __init__(self, expected: str, given: str) -> None:
        super().__init__(expected)
        self.expected, self.given = expected, given


@dataclass(frozen=True)
class Sealed:
    """How many values ``seal_database`` sealed, per table."""

    records: int = 0
    persons: int = 0
    blobs: int = 0
    changes: int = 0
    receipts: int = 0


def check_data_key(engine: Engine, vault: DataKey) -> None:
    """Before a command uses the registry: the database is sealed with ``vault`` (an empty one
    is marked as sealed with it now), else :class:`WrongDataKey` or :class:`NotSealed`."""
    with session_factory(engine)() as session, session.begin():
        marked = session.get(RegistryMeta, DATA_KEY_ID)
        if marked is not None:
            if marked.value != vault.key_id:
                raise WrongDataKey(marked.value, vault.key_id)
            return
        if _holds_data(session):
            raise NotSealed()
        session.add(RegistryMeta(name=DATA_KEY_ID, value=vault.key_id))


def seal_database(engine: Engine, vault: DataKey) -> Sealed:
    """Seal every value stored in the clear, mark the database, and rewrite its files; a
    database sealed already with ``vault`` is left as it is (nothing to do), with another key
    :class:`WrongDataKey`."""
    with session_factory(engine)() as session, session.begin():
        marked = session.get(RegistryMeta, DATA_KEY_ID)
        if marked is not None and marked.value != vault.key_id:
            raise WrongDataKey(marked.value, vault.key_id)
        if marked is not None:
            return Sealed()
        people = _seal_records(session, vault)
        result = Sealed(records=len(people.seen), persons=_rekey_persons(session, people.mapping),
                        blobs=_seal_blobs(session, vault), changes=_seal_changes(session, vault),
                        receipts=_seal_receipts(session, vault))
        session.add(RegistryMeta(name=DATA_KEY_ID, value=vault.key_id))
    _rewrite_files(engine)
    return result


def _holds_data(session: Session) -> bool:
    return any(session.scalar(select(func.count()).select_from(model)) for model in
               (RegistryRecord, Person, Blob, Change, Receipt))


def _chunks(session: Session, keys: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(keys), _CHUNK):
        yield keys[start:start + _CHUNK]


@dataclass
class _People:
    seen: list[tuple[str, int]]
    mapping: dict[str, str]  # plain person hash -> keyed one


def _seal_records(session: Session, vault: DataKey) -> _People:
    people = _People([], {})
    keys = session.execute(select(RegistryRecord.record_id, RegistryRecord.version)).all()
    for chunk in _chunks(session, keys):
        for row in session.scalars(select(RegistryRecord).where(
                RegistryRecord.record_id.in_({record_id for record_id, _v in chunk}))):
            if is_sealed(row.payload):
                continue
            if row.person is not None:
                candidate = json.loads(row.payload)["candidate"]
                keyed = person_digest(vault, str(candidate["term"]), str(candidate["id_number"]))
                people.mapping[row.person] = keyed
                row.person = keyed
            row.payload = vault.seal_text(row.payload, payload_place(row.record_id, row.version))
            people.seen.append((row.record_id, row.version))
        session.flush()
        session.expunge_all()
    return people


def _rekey_persons(session: Session, mapping: dict[str, str]) -> int:
    count = 0
    for plain, keyed in mapping.items():
        count += session.execute(update(Person).where(Person.person == plain)
                                 .values(person=keyed)).rowcount or 0  # type: ignore[attr-defined]
    return count


def _seal_blobs(session: Session, vault: DataKey) -> int:
    count = 0
    hashes = list(session.scalars(select(Blob.sha256)))
    for chunk in _chunks(session, hashes):
        for blob in session.scalars(select(Blob).where(Blob.sha256.in_(chunk))):
            if blob.data is not None and not is_sealed(blob.data):  # None: in the object store, sealed
                blob.data = vault.seal(blob.data, blob_place(blob.sha256))
                count += 1
        session.flush()
        session.expunge_all()
    return count


def _seal_changes(session: Session, vault: DataKey) -> int:
    count = 0
    seqs = list(session.scalars(select(Change.seq)))
    for chunk in _chunks(session, seqs):
        for change in session.scalars(select(Change).where(Change.seq.in_(chunk))):
            if is_sealed(change.data):
                continue
            lookup = change_lookup(vault, change.kind, change.key)
            content = canonical({"key": change.key, "data": json.loads(change.data)}).decode()
            change.data = vault.seal_text(content, change_place(change.kind, lookup, change.version,
                                                                change.center_id))
            change.key = lookup
            count += 1
        session.flush()
        session.expunge_all()
    return count


def _seal_receipts(session: Session, vault: DataKey) -> int:
    count = 0
    for receipt in session.scalars(select(Receipt)).all():
        if not is_sealed(receipt.body):
            receipt.body = vault.seal_text(receipt.body, receipt_place(receipt.batch_id))
            count += 1
    return count


def _rewrite_files(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM FULL {', '.join(SEALED_TABLES)}")
        return
    connection = engine.raw_connection()  # VACUUM runs outside a transaction (no BEGIN IMMEDIATE)
    try:
        cursor = connection.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        connection.close()
