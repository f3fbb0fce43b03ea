"""A large page cache while a bulk load writes; the default again once it is over."""

from __future__ import annotations

from learncenter.store.bulk_cache import BULK_CACHE_KIB
from learncenter.store.database import create_database
from learncenter.store.engine import PAGE_CACHE_KIB
from learncenter.store.layout import DataDir


def _cache_kib(db: object) -> int:
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        return -int(conn.exec_driver_sql("PRAGMA cache_size").scalar())


def test_bulk_writing_enlarges_the_cache_and_gives_it_back(data_dir: DataDir) -> None:
    db, _ = create_database(data_dir, demo=True)
    try:
        normal = _cache_kib(db)
        assert normal == PAGE_CACHE_KIB < BULK_CACHE_KIB
        with db.bulk_writing():
            assert _cache_kib(db) == BULK_CACHE_KIB
            with db.session() as session, session.begin():  # what a writer's transaction gets
                size = -int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())
            assert size == BULK_CACHE_KIB
        assert _cache_kib(db) == normal
        for _ in range(6):  # every pooled connection, whichever comes next
            assert _cache_kib(db) == normal
    finally:
        db.close()


def test_every_connection_of_a_day_keeps_a_small_page_cache(data_dir: DataDir) -> None:
    """SQLCipher's build gives each connection 8 MB of cache and the pool keeps up to eight: the
    workstation asks for SQLite's own 2 MB each (issue 12: the day's memory)."""
    db, _ = create_database(data_dir, demo=True)
    try:
        connections = [db.engine.connect() for _ in range(8)]
        try:
            assert [-int(conn.exec_driver_sql("PRAGMA cache_size").scalar()) for conn in connections] == [2000] * 8
        finally:
            for conn in connections:
                conn.close()
    finally:
        db.close()


def _synchronous(db: object) -> int:
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.exec_driver_sql("PRAGMA synchronous").scalar())


def test_only_the_demo_commits_without_waiting_for_the_disk(data_dir: DataDir) -> None:
    db, _ = create_database(data_dir, demo=True)
    try:
        full, normal = 2, 1
        assert _synchronous(db) == full
        with db.bulk_writing():  # an import: as durable as any write
            assert _synchronous(db) == full
        with db.bulk_writing(durable=False):
            assert _synchronous(db) == normal
        for _ in range(6):
            assert _synchronous(db) == full
    finally:
        db.close()
