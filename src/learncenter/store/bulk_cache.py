"""A large page cache while a bulk load writes, the usual small one otherwise.

Entering many records inserts into the records table and its eight indexes at places spread over
the whole file (random record ids, ID numbers, pinyin keys); with SQLite's default 2 MB cache each
insert reads a page it evicted moments ago — decrypting it again, since every page of the file is
encrypted — and the load slows down as the file grows (a 200,000-candidate demo spent most of its
time there). While :func:`bulk_writing` is active, connections checked out of the engine's pool
get ``BULK_CACHE_KIB``; once it ends, each goes back to the default as it is next returned or
taken, which frees the pages. The engine's pool hands out the most recently used connection first
(``pool_use_lifo``), so a bulk load keeps writing through the one whose cache is warm.

Only the demo and large imports use it: the memory is the point, and a day's small work does not
need it. The demo, which fills a brand-new database with generated people, also asks for
``durable=False``: its connections then commit with ``synchronous=NORMAL`` (in WAL mode a power
cut may lose the last transactions, never the file's consistency) and checkpoint less often; an
import keeps ``synchronous=FULL`` like every other write.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

BULK_CACHE_KIB = 192 * 1024
_SIZE = "learncenter_cache_size"  # the cache_size this connection has now
_NORMAL = "learncenter_cache_normal"  # the one it was opened with (the library's default)
_RELAXED = "learncenter_relaxed"  # the connection commits with synchronous=NORMAL now
RELAXED_CHECKPOINT_PAGES = 20_000  # SQLite's default is 1,000

_bulk: dict[int, int] = {}  # id(engine) -> bulk loads running on it
_relaxed: dict[int, int] = {}  # id(engine) -> those of them that asked for durable=False
_lock = threading.Lock()


def install(engine: Engine) -> None:
    """Size each connection's cache as it is taken from the pool and as it goes back."""
    key = id(engine)

    def size(dbapi_connection: Any, record: Any) -> None:
        with _lock:
            bulk, relaxed = bool(_bulk.get(key)), bool(_relaxed.get(key))
        if record.info.get(_RELAXED, False) != relaxed:
            dbapi_connection.execute(f"PRAGMA synchronous = {'NORMAL' if relaxed else 'FULL'}")
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {RELAXED_CHECKPOINT_PAGES if relaxed else 1000}")
            record.info[_RELAXED] = relaxed
        if _NORMAL not in record.info:
            if not bulk:
                return  # never enlarged: nothing to do, not even a query
            normal = dbapi_connection.execute("PRAGMA cache_size").fetchone()[0]
            record.info[_NORMAL] = record.info[_SIZE] = int(normal)
        wanted = -BULK_CACHE_KIB if bulk else record.info[_NORMAL]
        if record.info[_SIZE] != wanted:
            dbapi_connection.execute(f"PRAGMA cache_size = {int(wanted)}")
            record.info[_SIZE] = wanted

    event.listen(engine, "checkout", lambda dbapi, record, _proxy: size(dbapi, record))
    event.listen(engine, "checkin", size)


@contextmanager
def bulk_writing(engine: Engine, *, durable: bool = True) -> Iterator[None]:
    key = id(engine)
    counters = (_bulk,) if durable else (_bulk, _relaxed)
    with _lock:
        for counter in counters:
            counter[key] = counter.get(key, 0) + 1
    try:
        yield
    finally:
        with _lock:
            for counter in counters:
                counter[key] -= 1
                if not counter[key]:
                    del counter[key]
