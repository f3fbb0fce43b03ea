"""Receiving and filing as two steps (issue 15): the filing queue, its order, its refusals, and
exactly-once filing when a filer process is killed in the middle of a batch."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from registry.conftest import enroll
from registry.material import CenterSide, filed, record
from registry.server import Server
from registry.test_registry_http import enrolled, link
from registry.test_registry_service import caller, count, put_streams, statuses
from sqlalchemy import select

from learncenter.registry.keys import load_keys
from learncenter.registry.service import Registry
from learncenter.registry.store import Batch, Receipt, RegistryRecord, make_engine
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.errors import SyncError
from learncenter.protocol.receipt import verify_receipt
from learncenter.protocol.wire import announce_body


def deliver(registry: Registry, center: CenterSide, sealed: SealedBatch) -> dict[str, Any]:
    """announce, every missing stream, then the commit request's first step only (received)."""
    return registry.receive(put_streams(registry, center, sealed), sealed.header["batch_id"])


def state_of(registry: Registry, batch_id: str) -> str:
    with registry._session() as session:
        return str(session.get(Batch, batch_id).state)  # type: ignore[union-attr]


def test_a_center_sends_its_next_batch_while_the_last_waits_to_be_filed(registry: Registry) -> None:
    center, other = enroll(registry, "11001"), enroll(registry, "11002")
    who = caller(center)
    first = center.seal([record(1), record(2)], registry.keys.encryption.public)
    second = center.seal([record(3)], registry.keys.encryption.public)
    elsewhere = other.seal([record(11)], registry.keys.encryption.public)
    assert deliver(registry, center, first) == {"batch_id": first.header["batch_id"], "state": "received"}
    # the next batch follows the received one: announced, sent and received before any filing
    assert deliver(registry, center, second)["state"] == "received"
    assert deliver(registry, other, elsewhere)["state"] == "received"
    assert registry.receipt(who, first.header["batch_id"])["state"] == "received"
    assert count(registry, RegistryRecord) == 0 and registry.batches_waiting() == 3
    # a gap is refused at announce, as before: the center's next is 3
    gap = center.seal([record(4)], registry.keys.encryption.public, sequence=5)
    with pytest.raises(SyncError) as refused:
        registry.announce(who, announce_body(gap))
    assert refused.value.code == "sequence_gap" and refused.value.problem.params["expected"] == 3
    # filed oldest first, each center's in order
    filed = [registry.file_next(), registry.file_next(), registry.file_next(), registry.file_next()]
    assert filed == [first.header["batch_id"], second.header["batch_id"], elsewhere.header["batch_id"], None]
    receipt = registry.receipt(who, first.header["batch_id"])
    verify_receipt(receipt, registry_public=registry.keys.signing.public, manifest_hash=first.manifest_hash or "")
    assert statuses(receipt) == ["accepted", "accepted"]
    assert registry.receive(who, first.header["batch_id"]) == receipt  # a repeated commit: the same receipt
    assert count(registry, RegistryRecord) == 4 and registry.batches_waiting() == 0


class _StoreLettingACenterIn:
    """The registry's own object store; while a filing keeps its batch's photos there, another
    center delivers a batch of its own on another thread (as a request does), and whether that was
    answered within 5 s is noted."""

    def __init__(self, store: Any, meanwhile: Any) -> None:
        self.store, self.meanwhile, self.answered = store, meanwhile, []

    def put(self, name: str, data: bytes) -> None:
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            center = threading.Thread(target=lambda: self.answered.append(meanwhile()), daemon=True)
            center.start()
            center.join(5)
        self.store.put(name, data)

    def get(self, name: str) -> bytes:
        return bytes(self.store.get(name))

    def get_range(self, name: str, offset: int, length: int) -> bytes:
        return bytes(self.store.get_range(name, offset, length))

    def healthy(self) -> bool:
        return bool(self.store.healthy())


def test_a_batch_being_filed_leaves_the_database_to_the_uploads(registry: Registry) -> None:
    """Filing opens, checks and stores a batch before its transaction writes: on SQLite, whose one
    writer is the whole database, the centers' uploads are not held up by it."""
    center, other = enroll(registry, "11001"), enroll(registry, "11002")
    first = center.seal([record(1), record(2)], registry.keys.encryption.public)
    elsewhere = other.seal([record(11)], registry.keys.encryption.public)
    deliver(registry, center, first)
    store = _StoreLettingACenterIn(registry.objects, lambda: deliver(registry, other, elsewhere)["state"])
    registry.objects = store
    assert registry.file_next() == first.header["batch_id"]
    assert store.answered == ["received"]  # received while the first batch was being filed
    assert registry.file_next() == elsewhere.header["batch_id"] and registry.file_next() is None
    assert count(registry, RegistryRecord) == 3


def test_a_batch_is_filed_only_after_the_one_before_it(registry: Registry) -> None:
    center = enroll(registry, "11001")
    first = center.seal([record(1)], registry.keys.encryption.public)
    second = center.seal([record(2)], registry.keys.encryption.public)
    deliver(registry, center, first)
    deliver(registry, center, second)
    # a filer that passes over the first (it failed on it lately) must not file the second before it
    assert registry.file_next(passing={first.header["batch_id"]}) is None
    assert state_of(registry, second.header["batch_id"]) == "received"
    # a commit that files in its own thread files the earlier one first
    receipt = registry.commit(caller(center), second.header["batch_id"])
    assert receipt["batch_id"] == second.header["batch_id"]
    assert state_of(registry, first.header["batch_id"]) == "committed"


def test_filing_refuses_bytes_that_do_not_decrypt_and_an_honest_resend_completes(registry: Registry) -> None:
    center = enroll(registry, "11001")
    who = caller(center)
    good = center.seal([record(1)], registry.keys.encryption.public)
    chunks = list(good.blobs[0])
    chunks[0] = chunks[0][:10] + bytes([chunks[0][10] ^ 1]) + chunks[0][11:]
    tampered = SealedBatch(good.header, good.manifest, good.records, (tuple(chunks),))
    assert deliver(registry, center, tampered)["state"] == "received"  # whole, not yet opened
    assert registry.file_next() == good.header["batch_id"]
    with pytest.raises(SyncError) as refused:
        registry.receipt(who, good.header["batch_id"])
    assert refused.value.code == "decrypt_failed"  # what the center hears when it asks
    assert state_of(registry, good.header["batch_id"]) == "open" and count(registry, RegistryRecord) == 0
    assert deliver(registry, center, good)["state"] == "received"  # the same batch, honest bytes
    assert registry.file_next() == good.header["batch_id"]
    assert statuses(registry.receipt(who, good.header["batch_id"])) == ["accepted"]


def test_a_refused_batch_opens_the_ones_after_it_so_that_nothing_is_stuck(registry: Registry) -> None:
    center = enroll(registry, "11001")
    who = caller(center)
    good = center.seal([record(1)], registry.keys.encryption.public)
    chunks = list(good.blobs[0])
    chunks[0] = chunks[0][:10] + bytes([chunks[0][10] ^ 1]) + chunks[0][11:]
    after = center.seal([record(2)], registry.keys.encryption.public)
    deliver(registry, center, SealedBatch(good.header, good.manifest, good.records, (tuple(chunks),)))
    deliver(registry, center, after)  # received behind the one that will not decrypt
    assert registry.file_next() == good.header["batch_id"]
    assert state_of(registry, after.header["batch_id"]) == "open"  # not left waiting for ever
    assert registry.file_next() is None
    assert deliver(registry, center, good)["state"] == "received"  # the honest bytes, then the next again
    assert deliver(registry, center, after)["state"] == "received"
    assert [registry.file_next(), registry.file_next()] == [good.header["batch_id"], after.header["batch_id"]]
    assert statuses(registry.receipt(who, after.header["batch_id"])) == ["accepted"]


def test_filers_skip_a_batch_another_filer_holds(registry: Registry) -> None:
    """PostgreSQL: a batch locked by one filer is skipped by the next, which takes another center's."""
    if registry.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite files one transaction at a time")
    center, other = enroll(registry, "11001"), enroll(registry, "11002")
    first = center.seal([record(1)], registry.keys.encryption.public)
    elsewhere = other.seal([record(11)], registry.keys.encryption.public)
    deliver(registry, center, first)
    deliver(registry, other, elsewhere)
    with registry._session() as holder, holder.begin():
        holder.scalars(select(Batch).where(Batch.batch_id == first.header["batch_id"]).with_for_update()).one()
        taken: list[str | None] = []
        thread = threading.Thread(target=lambda: taken.append(registry.file_next()))
        thread.start()
        thread.join(30)
        assert taken == [elsewhere.header["batch_id"]]  # not blocked behind the held one
    assert registry.file_next() == first.header["batch_id"]


def _filer(server: Server, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(server.command("filer", *options), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_a_filer_killed_mid_batch_leaves_it_to_be_filed_exactly_once(db_url: str, tmp_path: Path) -> None:
    """A real server that only receives (``--filers 0``), a center that commits four batches of 300
    records without waiting, a ``filer`` process killed (SIGKILL) while it files one of them; then
    another filer files what waits. Every batch is filed once, every record is held once and every
    receipt the center asks for verifies."""
    server = Server(tmp_path / "registry-data", db_url)
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start(options=("--filers", "0"))
    keys = load_keys(server.data_dir)
    engine = make_engine(db_url)
    local = Registry(engine, keys)  # the server's database, read from here
    try:
        center = enrolled(server, local, "11001")
        sealed = [center.seal([record(batch * 1000 + n) for n in range(300)], keys.encryption.public)
                  for batch in range(4)]
        with link(server, center) as registry_link:
            answers = [registry_link.upload(batch) for batch in sealed]
            assert [answer["state"] for answer in answers] == ["received"] * 4  # nobody files yet
            metrics = httpx.get(f"{server.url}/metrics", timeout=10).text
            assert "learncenter_registry_batches_waiting 4\n" in metrics, metrics  # the filing lag, watched
            filer = _filer(server)
            assert filer.stdout is not None
            started = ""
            deadline = time.monotonic() + 60
            while "filing batch" not in started and time.monotonic() < deadline:
                started = filer.stdout.readline()
            match = re.search(r"filing batch (\S+)", started)
            assert match, started
            os.kill(filer.pid, signal.SIGKILL)  # in the middle of that batch's transaction
            filer.wait(10)
            assert state_of(local, match.group(1)) == "received"  # nothing of it was kept
            drained = subprocess.run(server.command("filer", "--drain"), capture_output=True, text=True, timeout=300)
            assert drained.returncode == 0, drained.stdout + drained.stderr
            receipts = [filed(registry_link, answer) for answer in answers]
        for batch, receipt in zip(sealed, receipts, strict=True):
            verify_receipt(receipt, registry_public=keys.signing.public, manifest_hash=batch.manifest_hash or "")
            assert statuses(receipt) == ["accepted"] * 300
        with local._session() as session:
            assert len(list(session.scalars(select(Receipt.batch_id)))) == 4
            records = list(session.scalars(select(RegistryRecord.record_id)))
        assert len(records) == len(set(records)) == 1200
    finally:
        server.stop()
        engine.dispose()
