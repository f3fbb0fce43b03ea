"""SQLAlchemy models of the local database.

A record row is one *version* of one application. Versions are never edited once sealed: a
correction inserts a new row naming the one it replaces, and only the newest version of an
application is ``is_current``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Record(Base):
    __tablename__ = "records"
    __table_args__ = (
        # One current version per application (term + person).
        Index(
            "uq_records_current_application",
            "term",
            "id_number",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_records_id_number", "id_number"),
        Index("ix_records_name", "name"),
        Index("ix_records_name_pinyin", "name_pinyin"),
        Index("ix_records_name_initials", "name_initials"),
        Index("ix_records_registration_no", "registration_no"),
        Index("ix_records_state_current", "state", "is_current"),  # the queue counts its list from it alone
        # The queue's pages in a state, already in order (store/queue.py): one per indexed order.
        Index("ix_records_queue_name", "state", "is_current", "name_pinyin", "id"),
        Index("ix_records_queue_id_number", "state", "is_current", "id_number", "id"),
        Index("ix_records_queue_registration_no", "state", "is_current", "registration_no", "id"),
        Index("ix_records_queue_birth_date", "state", "is_current", "birth_date", "name_pinyin", "id"),
        Index("ix_records_queue_major", "state", "is_current", "major_code", "name_pinyin", "id"),
        # The dashboard's figures of a period (store/figures.py), without reading the table.
        Index("ix_records_sealed", "sealed_at", "is_current", "level", "major_code", "photo_attempts",
              "photo_accepted_by"),
        Index("ix_records_refused", "sealed_at", "is_current", "level", "major_code", "refusal_reason",
              sqlite_where=text("refusal_reason != ''")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID made here
    version: Mapped[int] = mapped_column(Integer, default=1)
    replaces_id: Mapped[str | None] = mapped_column(ForeignKey("records.id"), default=None)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(16))  # entry | import | registry | demo | correction

    term: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    name_pinyin: Mapped[str] = mapped_column(String(300))
    name_initials: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18))
    id_number_entered: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(8))
    major_code: Mapped[str] = mapped_column(String(16))
    major_name: Mapped[str] = mapped_column(String(100))
    ethnicity: Mapped[str] = mapped_column(String(2))
    political_status: Mapped[str] = mapped_column(String(2))
    learning_form: Mapped[str] = mapped_column(String(24))
    registration_no: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    prior_education: Mapped[str | None] = mapped_column(String(32), default=None)
    prior_school: Mapped[str] = mapped_column(String(100), default="")
    prior_certificate_no: Mapped[str] = mapped_column(String(32), default="")
    prior_graduation_date: Mapped[date | None] = mapped_column(Date, default=None)
    chsi_code: Mapped[str] = mapped_column(String(32), default="")
    cert_report_no: Mapped[str] = mapped_column(String(16), default="")
    payment_state: Mapped[str | None] = mapped_column(String(12), default=None)  # None: unknown
    payment_date: Mapped[date | None] = mapped_column(Date, default=None)
    admission_type: Mapped[str | None] = mapped_column(String(24), default=None)  # None: ordinary
    exemptions: Mapped[str | None] = mapped_column(String(1000), default=None)  # domain.exemptions' text
    document_type: Mapped[str | None] = mapped_column(String(24), default=None)  # None: resident ID card or permit
    nationality: Mapped[str | None] = mapped_column(String(3), default=None)  # with another document only
    prior_study_form: Mapped[str | None] = mapped_column(String(1), default=None)  # None: not declared

    photo_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), default=None)
    photo_checks: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # failed checks
    photo_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # captures tried
    photo_accepted_by: Mapped[str | None] = mapped_column(String(64), default=None)  # supervisor override
    id_card_checked_by: Mapped[str | None] = mapped_column(String(64), default=None)
    evidence_override_by: Mapped[str | None] = mapped_column(String(64), default=None)  # supervisor
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    sealed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    sealed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    # Written with the name (store/records.apply_candidate; loaded only when a changed name replaces
    # them); search reads them in SQL.
    other_name_keys: Mapped[list[RecordNameKey]] = relationship(cascade="all, delete-orphan", lazy="select")


class RecordNameKey(Base):
    """Another key a record version's name is found by (store/name_keys.py): "p" full pinyin,
    "i" initials, "n" the name's text without its dots and spaces. Only names that have one get
    rows; search reads them through (kind, key) and joins the record by its primary key."""

    __tablename__ = "record_name_keys"
    __table_args__ = (Index("ix_record_name_keys_kind_key", "kind", "key"),)

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)


class Blob(Base):
    """A photo or scan; the bytes live encrypted in the blob folder, named by a keyed hash."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only, hash-chained: each entry's hash covers its content and the previous hash."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_id", "entity_id"),)  # a record's entries, for sync manifests

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before_digest: Mapped[str | None] = mapped_column(String(64))
    after_digest: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxItem(Base):
    """What must reach the registry, written in the same transaction as the change itself."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_created", "state", "created_at"),
                      Index("ix_outbox_record_id", "record_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"))
    record_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    return_code: Mapped[str | None] = mapped_column(String(32), default=None)  # the registry's, §6
    return_reason_zh: Mapped[str] = mapped_column(Text, default="", server_default="")
    return_reason_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RecordDocument(Base):
    """A scan or picture kept with a record: ID card sides, diploma, CHSI form, report."""

    __tablename__ = "record_documents"
    __table_args__ = (Index("ix_record_documents_record_id", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"))
    kind: Mapped[str] = mapped_column(String(24))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(64))


class Draft(Base):
    """A form being typed, saved as the user types so a crash loses at most one field."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_owner", "owner"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(ForeignKey("records.id"), default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)



# The exam and sync tables live in their own modules; importing them here registers them on
# Base.metadata, so Alembic's env.py and the schema test see every table through this module.
from learncenter.store import exam_models as _exam_models  # noqa: E402,F401  (after Base exists)
from learncenter.store import sync_models as _sync_models  # noqa: E402,F401
from learncenter.store import student_models as _student_models  # noqa: E402,F401
