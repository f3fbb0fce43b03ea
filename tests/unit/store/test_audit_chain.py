"""The audit log is append-only and hash-chained; a direct SQL edit is detected and named."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from candidates import new_record
from learncenter.context import AppContext
from learncenter.store.audit import verify
from actors import sign_in_as


def _fill(ctx: AppContext) -> None:
    ids = ["360426199101010071", "11010519491231002X", "120103198806018241", "440524188001010014"]
    ctx.records.enter_many([new_record(id_number=i) for i in ids[:3]], actor=sign_in_as(ctx.users, "tester"), source="entry")
    ctx.records.enter(new_record(id_number="44011320141005001X", name="李四"), actor=sign_in_as(ctx.users, "tester"))


def test_chain_verifies_after_ordinary_work(ctx: AppContext) -> None:
    _fill(ctx)
    with ctx.db.session() as session:
        result = verify(session)
    # the device key made with the database, the administrator and "tester" added, four records
    assert result.ok and result.checked == 7


def test_update_and_delete_are_refused_by_the_database(ctx: AppContext) -> None:
    _fill(ctx)
    with ctx.db.engine.begin() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"))
    with ctx.db.engine.begin() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))


def _tamper(ctx: AppContext, sql: str) -> None:
    """What someone with the key and a SQL shell could do: drop the guard, then edit."""
    with ctx.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text(sql))


def test_edited_entry_is_named_as_the_first_broken_one(ctx: AppContext) -> None:
    _fill(ctx)
    _tamper(ctx, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
    with ctx.db.session() as session:
        result = verify(session)
    assert (result.ok, result.first_broken, result.reason, result.checked) == (False, 3, "hash", 2)


def test_rehashed_edit_still_breaks_the_link_to_the_next_entry(ctx: AppContext) -> None:
    _fill(ctx)
    with ctx.db.session() as session:
        from learncenter.store.audit import _entry_hash
        from learncenter.store.models import AuditEntry

        entry = session.get(AuditEntry, 2)
        assert entry is not None
        fields = {n: getattr(entry, n) for n in ("seq", "at", "actor", "action", "entity", "entity_id",
                                                 "before_digest", "after_digest", "details", "prev_hash")}
        fields["actor"] = "nobody"
        forged = _entry_hash(fields)
    _tamper(ctx, f"UPDATE audit_log SET actor = 'nobody', hash = '{forged}' WHERE seq = 2")
    with ctx.db.session() as session:
        result = verify(session)
    assert (result.first_broken, result.reason) == (3, "link")


def test_deleted_entry_is_a_gap(ctx: AppContext) -> None:
    _fill(ctx)
    _tamper(ctx, "DELETE FROM audit_log WHERE seq = 2")
    with ctx.db.session() as session:
        result = verify(session)
    assert (result.first_broken, result.reason) == (2, "gap")
