"""The registry's schema under Alembic (issue 15), on SQLite and PostgreSQL: upgraded from nothing
it is what the models say, it goes down and up again, and a database made by create_all before
the migrations existed is adopted without losing a row."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from learncenter.registry import migrate
from learncenter.registry.store import Base, create_schema, drop_schema, make_engine


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_the_migrated_schema_is_what_the_models_say(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        create_schema(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": migrate.VERSION_TABLE,
                                                                   "compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_down_to_nothing_and_up_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        create_schema(engine)
        migrate.downgrade(engine, "base")
        assert _tables(db_url) <= {migrate.VERSION_TABLE}
        migrate.upgrade(engine)
        assert {"centers", "batches", "students", "certificates", "reviewers"} <= _tables(db_url)
    finally:
        engine.dispose()


def test_a_database_made_before_the_migrations_is_adopted(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        drop_schema(engine)
        older = [table for name, table in Base.metadata.tables.items()
                 if name not in ("students", "student_events", "certificates", "certificate_serials", "review_log",
                                 "reviewers")]
        Base.metadata.create_all(engine, tables=older)  # a registry of before issue 14, made by create_all
        with engine.begin() as connection:
            connection.execute(text("DROP INDEX ix_batches_filing"))  # what the later migrations add
            connection.execute(text("ALTER TABLE batches DROP COLUMN refusal"))
            connection.execute(text("INSERT INTO registry_meta (name, value) VALUES ('kept', 'yes')"))
        create_schema(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert {"students", "certificates", "reviewers"} <= _tables(db_url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM registry_meta WHERE name = 'kept'")).scalar() == "yes"
    finally:
        engine.dispose()


def test_going_below_photo_packs_is_refused_while_a_photo_is_in_one(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        create_schema(engine)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO blobs (sha256, size, media_type, pack, pack_offset, pack_length) "
                                    "VALUES (:sha, 3, 'image/jpeg', :pack, 0, 40)"),
                               {"sha": "a" * 64, "pack": "b" * 64})
        with pytest.raises(RuntimeError, match="packs"):
            migrate.downgrade(engine, "r20261204_c1")
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM blobs"))
        migrate.downgrade(engine, "r20261204_c1")
        with engine.connect() as connection:
            assert "pack" not in {column["name"] for column in inspect(connection).get_columns("blobs")}
    finally:
        engine.dispose()
