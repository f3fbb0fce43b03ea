"""The registry's own database: SQLAlchemy 2 models and the engine (SQLite or PostgreSQL).

The registry never shares the center's store (ARCHITECTURE: the registry is another program on
another machine). SQLite is the default so ``learncenter-registry init && serve`` runs anywhere;
PostgreSQL (``--db postgresql+psycopg://...``) is for real deployments with many centers
committing at once. The same models and the same tests serve both.

On SQLite every transaction starts with ``BEGIN IMMEDIATE``: writers queue for the one write
lock up front instead of failing half-way with "database is locked", which is what makes a
commit and its idempotence check one atomic step there. On PostgreSQL the same step takes a row
lock on the center (see :mod:`learncenter.registry.service`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


class Center(Base):
    """A learning center known to the registry, with its notice-number block."""

    __tablename__ = "centers"

    center_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)  # last committed batch
    block_first: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    block_last: Mapped[int | None] = mapped_column(BigInteger)


class EnrollCode(Base):
    """A one-time enrollment code, kept only as its hash (a leaked database enrolls nobody)."""

    __tablename__ = "enroll_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CenterKey(Base):
    """A center's Ed25519 public key; at most one ``active`` per center."""

    __tablename__ = "center_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10))  # active | revoked
    device_name: Mapped[str] = mapped_column(String(200), default="")
    client_version: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last signed request


class Batch(Base):
    """An announced batch: its signed header and ciphertexts as received, until committed."""

    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("center_id", "sequence", "state_committed"),
                      Index("ix_batches_filing", "state", "created_at"))  # the filing queue

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))  # open | received (waiting to be filed) | committed
    # 1 once committed, NULL while open: makes (center, sequence) unique among committed batches
    state_committed: Mapped[int | None] = mapped_column(Integer)
    header: Mapped[str] = mapped_column(Text)  # canonical JSON of the signed header
    # the sealed content (hundreds of KB for a batch of hundreds) is read only where it is opened:
    # a receipt's or an upload's question about the batch loads its small columns
    manifest: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_group="sealed")  # ciphertext
    # JSON list of b64url record ciphertexts
    records: Mapped[str] = mapped_column(Text, deferred=True, deferred_group="sealed")
    blobs: Mapped[str] = mapped_column(Text)  # JSON list of {sha256, size, media_type}
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    committed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # why filing put a received batch back open ({"code", "params"}), for its center's next question
    refusal: Mapped[str | None] = mapped_column(Text, nullable=True)
    # entries (records and student events) announced, and how the commit filed them (the console's figures)
    records_received: Mapped[int | None] = mapped_column(Integer)
    records_accepted: Mapped[int | None] = mapped_column(Integer)
    records_rejected: Mapped[int | None] = mapped_column(Integer)


class BatchStream(Base):
    """One received piece of a blob's encrypted stream in an open batch.

    Pieces are appended, never rewritten, so a resumed upload costs only the new bytes; the
    registry's offset for a blob is the end of its last piece.
    """

    __tablename__ = "batch_streams"

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.batch_id", ondelete="CASCADE"),
                                          primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    start: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    end: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Blob(Base):
    """A photo or scan (plaintext) from a committed batch, by hash; never sent twice."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    # sealed with the data key (vault); None when the bytes are in the object store (registry.objects)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # the pack (objects.pack_name) holding the sealed bytes, and where in it; None: the object
    # ``blobs/<sha256>`` of its own (written before packs), or ``data``
    pack: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pack_offset: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    pack_length: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Material(Base):
    """A photo or scan a candidate submitted online, published with the pre-registrations for the
    center that confirms them (issue 13); sealed with the data key like every blob."""

    __tablename__ = "materials"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    center_id: Mapped[str | None] = mapped_column(String(20), index=True)  # None: any center
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # None: in the object store
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegistryRecord(Base):
    """An accepted record version: the registry's copy of what the center sealed."""

    __tablename__ = "records"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"), index=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.batch_id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON as sealed, sealed again (vault)
    person: Mapped[str | None] = mapped_column(String(64), index=True)  # HMAC(term \n id_number)
    status: Mapped[str] = mapped_column(String(10))  # accepted
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Person(Base):
    """Which center first had a person (term + ID number) confirmed: the duplicate check."""

    __tablename__ = "persons"

    person: Mapped[str] = mapped_column(String(64), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"))
    record_id: Mapped[str] = mapped_column(String(36))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PersonAlias(Base):
    """Another key of a person the registry knows as one (issue 13): a candidate of Hong Kong who
    applied with a 回乡证 and later with a residence permit is one person, said so by the
    registry's administrator. ``alias`` and ``person`` are person digests (filing.person_digest);
    ``person`` is the digest the duplicate check files under."""

    __tablename__ = "person_aliases"

    alias: Mapped[str] = mapped_column(String(64), primary_key=True)
    person: Mapped[str] = mapped_column(String(64), index=True)
    noted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Receipt(Base):
    """The signed receipt of a committed batch, returned unchanged on every retry."""

    __tablename__ = "receipts"

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.batch_id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # sealed canonical JSON (its reasons may quote a value)


class AuditHeadRow(Base):
    """The highest signed head of a center's audit log received with its batches (protocol
    §4.4): never replaced by a lower one, handed back by ``GET /v1/audit-head``."""

    __tablename__ = "audit_heads"

    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON of the signed head
    batch_id: Mapped[str] = mapped_column(String(36))  # the batch that brought it
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegistryMeta(Base):
    """Facts about the database itself: which data key sealed it (``registry.data_at_rest``)."""

    __tablename__ = "registry_meta"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class SeenRequest(Base):
    """Request signatures seen within the replay window (protocol §5)."""

    __tablename__ = "seen_requests"

    signature_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Change(Base):
    """One down-sync change (protocol §8); ``center_id`` NULL means for every center."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_scope", "kind", "key", "center_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str | None] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))  # HMAC(kind \n key): a key may hold an ID number
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # sealed canonical JSON {"key", "data"} (vault)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE``."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                               **options)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below decide
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    options.setdefault("pool_size", 20)
    options.setdefault("max_overflow", 40)
    return create_engine(url, pool_recycle=1800, **options)


def create_schema(engine: Engine) -> None:
    """The schema brought to the newest revision (Alembic: ``learncenter.registry.migrate``)."""
    from learncenter.registry.migrate import upgrade

    upgrade(engine)


def drop_schema(engine: Engine) -> None:
    """For tests: an empty database again."""
    from sqlalchemy import text

    from learncenter.registry.migrate import VERSION_TABLE

    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))


def session_factory(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)


from learncenter.registry import student_store as _student_store  # noqa: E402,F401  (after Base exists)
from learncenter.registry import console_store as _console_store  # noqa: E402,F401
