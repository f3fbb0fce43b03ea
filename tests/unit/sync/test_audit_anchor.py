"""The audit log anchored by signed heads: what someone with the database key (but not the device
key, which is in the keyring) can do to the log is caught, on a real center database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text
from unit.sync.in_process_registry import TERMS, InProcessRegistry, confirmed_record

from learncenter.context import AppContext
from learncenter.store import audit, device_key, settings
from learncenter.store.audit import _HASHED, _entry_hash
from learncenter.store.models import AuditEntry
from learncenter.sync.audit_anchor import HEAD_SETTING, check_audit, stored_head
from learncenter.protocol.audit_head import read_head
from learncenter.sync.engine import SyncEngine
from learncenter.protocol.keys import ed25519_public

LATER = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _without_guards(ctx: AppContext, *statements: str) -> None:
    """What someone with the key and a SQL shell does: drop the append-only triggers, edit."""
    with ctx.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def truncate(ctx: AppContext, keep: int) -> None:
    _without_guards(ctx, f"DELETE FROM audit_log WHERE seq > {keep}")


def rechain(ctx: AppContext, seq: int, actor: str) -> None:
    """Edit entry ``seq`` and recompute its hash and every later one with the chain's own
    algorithm, as an attacker with the database key would, so the chain verifies again."""
    with ctx.db.session() as session:
        rows = [dict(zip((*_HASHED, "hash"), row)) for row in session.execute(
            select(*[getattr(AuditEntry, name) for name in _HASHED], AuditEntry.hash)
            .where(AuditEntry.seq >= seq).order_by(AuditEntry.seq))]
    rows[0]["actor"] = actor
    prev = rows[0]["prev_hash"]
    updates = []
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = prev = _entry_hash(row)
        updates.append(f"UPDATE audit_log SET actor = '{row['actor']}', prev_hash = '{row['prev_hash']}', "
                       f"hash = '{row['hash']}' WHERE seq = {row['seq']}")
    _without_guards(ctx, *updates)


def _entries(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return audit.tip(session)[0]


def test_a_batch_carries_a_head_signed_over_the_log_before_its_own_entry(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    confirmed_record(center, TERMS[0])
    before = _entries(center)
    engine.run(registry)
    [opened] = registry.opened
    head = read_head(opened.manifest["audit_head"], registry.center_public)  # type: ignore[arg-type]
    with center.db.session() as session:
        assert head.count == before and head.hash == audit.hash_at(session, before)
        kept = stored_head(session)
    assert kept is not None and kept.same_point(head)


def test_a_truncated_log_is_caught_by_the_signed_head(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    confirmed_record(center, TERMS[0])
    engine.run(registry)
    with center.db.session() as session:
        head = stored_head(session)
    assert head is not None
    truncate(center, head.count - 3)
    with center.db.session() as session:
        assert audit.verify(session).ok  # the chain alone cannot tell
    report = check_audit(center.db, now=LATER)
    assert not report.ok and report.local is not None
    assert (report.local.problem, report.local.entries, report.local.head.count) == (
        "truncated", head.count - 3, head.count)
    assert report.anchored is None  # nothing is signed over a cut log


def test_a_rechained_log_is_caught_by_the_signed_head(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    record_id = confirmed_record(center, TERMS[0])
    engine.run(registry)
    with center.db.session() as session:
        sealed_by = session.scalars(select(AuditEntry.seq).where(AuditEntry.entity_id == record_id)
                                    .order_by(AuditEntry.seq)).all()
    rechain(center, sealed_by[0], actor="nobody")  # an entry the head vouches for
    with center.db.session() as session:
        assert audit.verify(session).ok  # every hash recomputed: the chain verifies again
    report = check_audit(center.db, now=LATER)
    assert not report.ok and report.local is not None and report.local.problem == "rechained"


def test_verify_signs_a_new_head_only_over_a_log_that_verifies(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    first = check_audit(center.db, now=LATER)
    assert first.ok and first.local is None and first.registry == "not_enrolled"
    assert first.anchored is not None and first.anchored.count == _entries(center)
    assert check_audit(center.db, now=LATER).anchored is None  # nothing new since
    confirmed_record(center, TERMS[0])
    grown = check_audit(center.db, now=LATER)
    assert grown.ok and grown.anchored is not None and grown.anchored.count == _entries(center)

    # An edited entry after the head: the head does not move past it.
    confirmed_record(center, TERMS[1])
    _without_guards(center, f"UPDATE audit_log SET actor = 'nobody' WHERE seq = {_entries(center)}")
    broken = check_audit(center.db, now=LATER)
    assert not broken.ok and broken.anchored is None
    with center.db.session() as session:
        kept = stored_head(session)
    assert kept is not None and kept.count == grown.anchored.count


def test_a_head_edited_in_the_database_does_not_verify(center: AppContext) -> None:
    assert check_audit(center.db, now=LATER).anchored is not None
    with center.db.session() as session, session.begin():
        settings.put(session, HEAD_SETTING, settings.get(session, HEAD_SETTING).replace('"count":', '"count":1'))
    report = check_audit(center.db, now=LATER)
    assert not report.ok and report.local_forged


def test_a_head_signed_before_a_key_rotation_still_verifies(center: AppContext) -> None:
    assert check_audit(center.db, now=LATER).anchored is not None
    new_key = device_key.rotate(center.db, actor="tester", reason="test")
    with center.db.session() as session:
        head = stored_head(session)
        keys = device_key.public_keys(session)
    assert head is not None and head.key_id == keys[0].key_id != keys[-1].key_id
    read_head(head.signed, ed25519_public(keys[0].public_raw))
    report = check_audit(center.db, now=LATER)
    assert report.ok and report.anchored is not None
    assert report.anchored.key_id == keys[-1].key_id == device_key.key_id_of(
        new_key.public_key().public_bytes_raw())
