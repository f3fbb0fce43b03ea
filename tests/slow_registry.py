"""A real registry process behind a slow network, and a desk with records ready to seal: what
the tests of a sync run beside the clerk's seals share."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from candidates import gather_evidence, jpeg, new_record
from registry.faultproxy import FaultProxy
from registry.server import Server, enroll_code, sqlite_registry

from learncenter import __version__
from learncenter.context import AppContext
from learncenter.domain.idnumber import check_character
from learncenter.domain.roles import Role, SignedIn
from learncenter.sync.enrollment import enroll
from learncenter.sync.transport import enroll as http_enroll
from actors import sign_in_as

CENTER_ID = "11001"


@dataclass
class SlowNetwork:
    """Every request waits ``delay`` seconds on the way to the registry; when each arrived is kept."""

    delay: float
    arrivals: list[tuple[float, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def plan(self, _number: int, _method: str, path: str) -> str:
        with self._lock:
            self.arrivals.append((time.monotonic(), path))
        return "delay"

    def in_flight(self, start: float, end: float, prefix: str = "/v1/batches") -> bool:
        """Whether a request to ``prefix`` was held on the network from before ``start`` until
        after ``end``."""
        with self._lock:
            return any(at < start and end < at + self.delay
                       for at, path in self.arrivals if path.startswith(prefix))


@contextmanager
def slow_registry(folder: Path, delay: float) -> Iterator[tuple[Server, FaultProxy, SlowNetwork]]:
    """``learncenter-registry serve`` on 127.0.0.1, reached through a proxy that delays."""
    network = SlowNetwork(delay)
    with sqlite_registry(folder) as server:
        proxy = FaultProxy(server.port, network.plan, delay=delay)
        proxy.start()
        try:
            yield server, proxy, network
        finally:
            proxy.stop()


def enroll_through(ctx: AppContext, server: Server, proxy: FaultProxy) -> None:
    """Enroll the center at the proxy's address, so that every later request goes through it."""
    enroll(ctx.db, http_enroll, url=proxy.url, code=enroll_code(server, CENTER_ID),
           device_name="desk-1", client_version=__version__, actor=sign_in_as(ctx.users, "admin"))


def id_numbers(count: int) -> list[str]:
    """Valid, distinct ID numbers of men born 1991-01-01 in 德安县."""
    firsts = [f"36042619910101{2 * n + 101:03d}" for n in range(count)]
    return [first + check_character(first) for first in firsts]


def ready_to_seal(ctx: AppContext, count: int, *, actor: SignedIn) -> list[str]:
    """Records entered with a photo (by a data-entry person) and the evidence gathered by
    ``actor``: one ``confirm`` from sealed."""
    record_ids = []
    entry = sign_in_as(ctx.users, "entry", Role.DATA_ENTRY)
    for id_number in id_numbers(count):
        record_id = ctx.records.enter(new_record(photo=jpeg(), id_number=id_number), actor=entry).record_id
        gather_evidence(ctx.records, record_id, actor=actor)
        record_ids.append(record_id)
    return record_ids


def registry_records(server: Server) -> dict[str, int]:
    """How many times the registry holds each record id (read from its own database file)."""
    path = server.db_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as conn:
        return {record_id: count for record_id, count in
                conn.execute("SELECT record_id, count(*) FROM records GROUP BY record_id")}


def registry_batches(server: Server) -> int:
    path = server.db_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as conn:
        (count,) = conn.execute("SELECT count(*) FROM batches WHERE state = 'committed'").fetchone()
    return int(count)
