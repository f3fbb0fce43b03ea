"""The revision chain is ordered; upgrade and downgrade round-trip; models match head; an
older database is backed up before it is upgraded at start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from actors import sign_in_as
from candidates import new_record
from learncenter.context import AppContext

from learncenter.store import migrate
from learncenter.store.database import create_database, open_database
from learncenter.store.engine import make_engine
from learncenter.store.layout import DataDir
from learncenter.store.models import Base

# year_month_day_<revision YYYYMMDD_NN>_<slug>.py, so that a listing sorts in chain order
FILE_NAME = re.compile(r"^(\d{4})_(\d{2})_(\d{2})_(\d{8}_\d{2})_[a-z0-9_]+\.py$")


def test_revision_files_are_date_prefixed_and_in_chain_order() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    chain = list(reversed(list(script.walk_revisions())))  # base first
    assert chain[0].down_revision is None and len(script.get_heads()) == 1
    files = sorted(p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py"))
    assert all(FILE_NAME.match(name) for name in files), files
    by_file = [FILE_NAME.match(name).group(4) for name in files]  # type: ignore[union-attr]
    assert by_file == [rev.revision for rev in chain]


def test_upgrade_downgrade_round_trip(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "round.db", b"\x01" * 32)
    migrate.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"records", "audit_log", "outbox", "blobs", "users", "settings"} <= tables
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_models_match_the_head_schema(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "compare.db", None)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_opening_an_old_database_backs_it_up_then_upgrades(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    db, _ = create_database(data_dir)
    migrate.downgrade(db.engine, "base")  # stands for a database written by an older release
    db.close()
    reopened = open_database(data_dir)
    assert reopened.upgraded_from == "empty" and reopened.backup_path is not None
    assert reopened.backup_path.exists() and reopened.backup_path.parent == data_dir.backups
    assert migrate.current_revision(reopened.engine) == migrate.head_revision()
    reopened.close()


GUARDS_01 = {"audit_log_no_update", "audit_log_no_delete", "records_sealed_no_update", "records_sealed_no_delete"}
GUARDS_HEAD = GUARDS_01 | {"record_documents_sealed_no_insert", "record_documents_sealed_no_update",
                           "record_documents_sealed_no_delete"}


def _triggers(engine: object) -> set[str]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return {name for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_guards_survive_every_step_of_a_round_trip(tmp_path: Path) -> None:
    """A batch-mode table rebuild drops triggers; each migration must put them back."""
    engine = make_engine(tmp_path / "guards.db", None)
    migrate.upgrade(engine)
    assert _triggers(engine) == GUARDS_HEAD
    migrate.downgrade(engine, "20261123_01")
    assert _triggers(engine) == GUARDS_01
    migrate.upgrade(engine)
    assert _triggers(engine) == GUARDS_HEAD
    with engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'records_sealed_no_update'").scalar_one()
    assert "NEW.photo_accepted_by IS NOT OLD.photo_accepted_by" in sql
    engine.dispose()


def test_name_keys_are_recomputed_for_every_version_sealed_ones_too(ctx: AppContext) -> None:
    """20261203_11: main keys read surnames as surnames, other keys go to record_name_keys; the
    sealed-version guard is lifted for that update only and comes back as it was."""
    actor = sign_in_as(ctx.users, "tester")
    people = [new_record(name="单田芳", id_number="110101198001011013"),
              new_record(name="李·明", id_number="11010119800101103X"),
              new_record(name="张三", id_number="360426199101010071")]
    ids = [o.record_id for o in ctx.records.enter_many(people, actor=actor, source="entry")]
    engine = ctx.db.engine
    migrate.downgrade(engine, "20261202_11")
    with engine.begin() as conn:  # as the older release wrote them, 单田芳 then sealed
        conn.exec_driver_sql("UPDATE records SET name_pinyin = 'dantianfang', name_initials = 'dtf'")
        conn.exec_driver_sql("UPDATE records SET sealed_at = '2026-03-01 09:00:00' WHERE id = ?", (ids[0],))
    guard_before = _guard_sql(engine)
    assert "record_name_keys" not in inspect(engine).get_table_names()

    migrate.upgrade(engine, "20261203_11")  # the later payment revision re-creates the guard
    with engine.connect() as conn:
        main = dict(conn.exec_driver_sql("SELECT name, name_pinyin || '/' || name_initials FROM records").fetchall())
        other = sorted(conn.exec_driver_sql("SELECT record_id, kind, key FROM record_name_keys").fetchall())
    assert main == {"单田芳": "shantianfang/stf", "李·明": "liming/lm", "张三": "zhangsan/zs"}
    assert other == sorted([(ids[0], "p", "dantianfang"), (ids[0], "i", "dtf"), (ids[1], "n", "李明")])
    assert _guard_sql(engine) == guard_before
    with pytest.raises(DBAPIError, match="sealed record version cannot change"), engine.begin() as conn:
        conn.exec_driver_sql("UPDATE records SET name_pinyin = 'x' WHERE id = ?", (ids[0],))

    migrate.downgrade(engine, "20261202_11")
    assert "record_name_keys" not in inspect(engine).get_table_names()
    assert _guard_sql(engine) == guard_before
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def _guard_sql(engine: object) -> str:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return str(conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'records_sealed_no_update'").scalar_one())
