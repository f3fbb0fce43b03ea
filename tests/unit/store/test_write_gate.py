"""The write gate: one write transaction at a time in the process, on a real encrypted file."""

from __future__ import annotations

import threading
import time

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.store import settings
from learncenter.store.engine import connect
from learncenter.store.models import Setting
from learncenter.store.write_gate import NestedWrite


def _put(ctx: AppContext, key: str, value: str) -> None:
    with ctx.db.session() as session, session.begin():
        settings.put(session, key, value)


def test_a_second_write_transaction_waits_for_the_first_to_end(ctx: AppContext) -> None:
    order: list[str] = []
    inside = threading.Event()
    go_on = threading.Event()

    def first() -> None:
        with ctx.db.session() as session, session.begin():
            settings.put(session, "first", "1")
            inside.set()
            go_on.wait(10)
            order.append("first commits")

    def second() -> None:
        _put(ctx, "second", "2")
        order.append("second committed")

    one = threading.Thread(target=first)
    one.start()
    assert inside.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.3)
    assert order == [] and two.is_alive()  # waiting for the gate, not failing on SQLite's lock
    with ctx.db.session() as session:  # a read does not wait
        assert settings.get(session, "first") == ""
    go_on.set()
    one.join(10)
    two.join(10)
    assert order == ["first commits", "second committed"]
    assert not ctx.db.write_gate.held


def test_a_write_transaction_holds_sqlites_write_lock_from_its_start(ctx: AppContext) -> None:
    """BEGIN IMMEDIATE: another process cannot slip a write in before the first statement."""
    other = connect(ctx.db.path, ctx.db._key)
    other.execute("PRAGMA busy_timeout = 0")
    try:
        with ctx.db.session() as session, session.begin():
            with pytest.raises(sqlcipher.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once it ended
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_failed_transaction_lets_go_of_the_gate(ctx: AppContext) -> None:
    with pytest.raises(ZeroDivisionError), ctx.db.session() as session, session.begin():
        settings.put(session, "lost", "1")
        _ = 1 / 0
    assert not ctx.db.write_gate.held
    _put(ctx, "kept", "1")
    with ctx.db.session() as session:
        assert settings.get(session, "lost") == "" and settings.get(session, "kept") == "1"


def test_a_write_inside_a_write_in_one_thread_is_refused_at_once(ctx: AppContext) -> None:
    started = time.monotonic()
    with ctx.db.session() as session, session.begin():
        settings.put(session, "outer", "1")
        with pytest.raises(NestedWrite):
            _put(ctx, "inner", "1")
    assert time.monotonic() - started < 2  # not a wait for SQLite's busy timeout
    with ctx.db.session() as session:
        assert session.scalars(select(Setting.key).where(Setting.key.in_(["outer", "inner"]))).all() == ["outer"]
    assert not ctx.db.write_gate.held
