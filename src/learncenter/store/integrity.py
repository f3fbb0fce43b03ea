"""What ``learncenter db integrity`` checks beyond SQLite's own checks.

* The guard triggers (sealed versions and the audit log cannot change) exist and are exactly the
  ones the migrations make for the database's revision: someone with the database key could drop
  or weaken one, edit a sealed row, and put it back. The shipped set is read from a scratch
  database migrated to the same revision, so the check never drifts from the migrations.
* Every sealed version still holds what its seal recorded: the audit entry of the confirmation or
  correction carries a digest of the candidate's data at that instant (``store.audit``), which a
  row edited behind the trigger's back no longer matches.
* Blob files nothing refers to (``BlobStore.orphans``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, create_engine, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.store import migrate
from learncenter.store.audit import digest
from learncenter.store.database import Database
from learncenter.store.models import AuditEntry, Blob, Record
from learncenter.store.records import plain

SEALING_ACTIONS = ("record.confirm", "record.correct")  # their after_digest is the sealed content


@dataclass(frozen=True)
class GuardProblem:
    name: str
    kind: str  # "missing", "changed" (not the shipped definition) or "unexpected" (not shipped at all)


@dataclass(frozen=True)
class Findings:
    guards: tuple[GuardProblem, ...]
    altered: tuple[str, ...]  # ids of sealed versions that differ from their seal
    orphans: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return not (self.guards or self.altered or self.orphans)


def check(db: Database) -> Findings:
    with db.engine.connect() as conn:
        guards = guard_problems(conn)
    with db.session() as session:
        altered = altered_sealed_versions(session)
        referenced = list(session.scalars(select(Blob.sha256)))
    return Findings(tuple(guards), tuple(altered), tuple(db.blobs.orphans(referenced)))


def triggers(conn: Connection) -> dict[str, str]:
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    return {name: _normalised(sql or "") for name, sql in rows}


def shipped_triggers(revision: str | None) -> dict[str, str]:
    """The triggers the migrations make up to ``revision``, from an in-memory scratch database."""
    if revision is None:
        return {}
    scratch = create_engine("sqlite://", module=sqlcipher, poolclass=StaticPool)
    try:
        migrate.upgrade(scratch, revision)
        with scratch.connect() as conn:
            return triggers(conn)
    finally:
        scratch.dispose()


def guard_problems(conn: Connection) -> list[GuardProblem]:
    from alembic.runtime.migration import MigrationContext

    found = triggers(conn)
    shipped = shipped_triggers(MigrationContext.configure(conn).get_current_revision())
    problems = [GuardProblem(name, "missing") for name in sorted(shipped) if name not in found]
    problems += [GuardProblem(name, "changed") for name in sorted(shipped)
                 if name in found and found[name] != shipped[name]]
    problems += [GuardProblem(name, "unexpected") for name in sorted(found) if name not in shipped]
    return problems


def altered_sealed_versions(session: Session) -> list[str]:
    """Sealed versions whose candidate data no longer has the digest their seal recorded."""
    sealed_digest: dict[str, str] = {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.after_digest)
        .where(AuditEntry.action.in_(SEALING_ACTIONS), AuditEntry.after_digest.is_not(None))
        .order_by(AuditEntry.seq).execution_options(yield_per=5000))
    for entity_id, after in rows:
        if after is not None:
            sealed_digest[entity_id] = after
    columns = [getattr(Record, name) for name in CANDIDATE_FIELDS]
    altered = []
    versions = session.execute(select(Record.id, *columns).where(Record.sealed_at.is_not(None))
                               .order_by(Record.id).execution_options(yield_per=5000))
    for row in versions:
        expected = sealed_digest.get(row[0])
        if expected is not None and digest(plain(dict(zip(CANDIDATE_FIELDS, row[1:], strict=True)))) != expected:
            altered.append(row[0])
    return altered


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()
