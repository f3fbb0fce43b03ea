"""SQLAlchemy engines over SQLCipher.

Each connection is keyed with the raw 256-bit key before anything else touches the file, then
put in WAL mode with ``synchronous=FULL``: a power cut may lose the transaction in flight, never
one that was reported committed. ``key=None`` opens the same library without encryption, which
the benchmarks use to measure what encryption costs.

Write transactions of this process never wait for one another here: the write gate
(``store.write_gate``) lines them up before they begin, and they begin IMMEDIATE. Another
process on the same file (``learncenter import`` or ``sync run`` while the workstation seals) is
waited for: BEGIN IMMEDIATE retries, under SQLite's busy timeout, until ``WRITE_WAIT_S`` have
passed, and then gives up with a sentence saying that another program is writing
(``DATABASE_BUSY``), never with the driver's "database is locked". A write transaction never
starts as a read and then upgrades: in WAL mode such an upgrade fails at once, without waiting,
whenever another process wrote in between.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from learncenter.store import bulk_cache
from learncenter.store.errors import DATABASE_BUSY, WRONG_KEY, store_error

BUSY_TIMEOUT_MS = 10_000  # any statement waits this long for a lock another process holds
WRITE_WAIT_S = 60.0  # a write transaction waits this long in all for another process's write to end
# Execution option of connections opened only to read (Database.read): no BEGIN is sent. It is
# our own flag rather than SQLAlchemy's AUTOCOMMIT isolation level, whose reset on return to the
# pool would switch the driver back to its implicit-transaction mode.
READ_ONLY = "learncenter_read_only"
# Execution option of the connection of a write transaction (store.write_gate): BEGIN IMMEDIATE,
# so the transaction holds SQLite's write lock from its first statement and never has to upgrade
# a read snapshot that another writer has made stale.
WRITE = "learncenter_write"
# Execution option beside WRITE: seconds to wait for another process's write, instead of
# WRITE_WAIT_S (0: do not wait; what is optional, like refreshing statistics, skips instead).
WRITE_WAIT = "learncenter_write_wait"


PAGE_CACHE_KIB = 2000
"""Each connection's page cache: SQLite's own default. SQLCipher's build doubles it (8,000 KiB), and
the pool keeps up to eight connections, each filling its cache as the day goes (a queue scrolled,
an import written): up to 64 MB of the workstation's memory for pages the OS caches anyway. Bulk
loads get a large one while they run (``store.bulk_cache``)."""


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` (the driver's, or SQLAlchemy's around it) is SQLite's "another connection
    holds the lock"."""
    original = getattr(exc, "orig", exc)
    return isinstance(original, sqlcipher.OperationalError) and str(original).startswith(
        ("database is locked", "database table is locked"))


def connect(path: Path, key: bytes | None) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False,
                             timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        if key is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        raise store_error(WRONG_KEY, path=str(path)) from exc
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return conn


def make_engine(path: Path, key: bytes | None) -> Engine:
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: connect(path, key),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        pool_use_lifo=True,  # the warmest connection first (store.bulk_cache)
        hide_parameters=True,  # an error's text never carries the statement's values (names, ID numbers)
    )
    bulk_cache.install(engine)

    # The driver runs in autocommit mode (isolation_level=None) so that SQLAlchemy, not the
    # driver, decides when a transaction begins; DDL and SAVEPOINTs then behave as written.
    # Connections opened for reading only (Database.read) skip BEGIN: in WAL mode each
    # statement already sees one consistent snapshot. Write transactions begin IMMEDIATE.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(WRITE):
            begin_immediate(conn.connection.driver_connection, path, options.get(WRITE_WAIT, WRITE_WAIT_S))
        elif not options.get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")

    return engine


def begin_immediate(driver: sqlcipher.Connection, path: Path, wait_s: float) -> None:
    """BEGIN IMMEDIATE, waiting up to ``wait_s`` in all for another process's write to end, then
    DATABASE_BUSY. Each try waits inside SQLite (its busy handler) at most what is left."""
    deadline = time.monotonic() + wait_s
    while True:
        left_ms = max(0, int((deadline - time.monotonic()) * 1000))
        driver.execute(f"PRAGMA busy_timeout = {min(left_ms, BUSY_TIMEOUT_MS)}")
        try:
            driver.execute("BEGIN IMMEDIATE")
            return
        except sqlcipher.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise store_error(DATABASE_BUSY, path=str(path), seconds=round(wait_s)) from exc
            time.sleep(0.01)
        finally:
            driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
