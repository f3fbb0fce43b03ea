"""Faults between client and registry, and a registry killed mid-commit: exactly once anyway."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from registry.server import Server
from registry.faultproxy import FaultProxy, storm
from registry.material import CenterSide, filed, record
from sqlalchemy import select

from learncenter.registry.keys import RegistryKeys
from learncenter.registry.service import Caller, Registry
from learncenter.registry.store import RegistryRecord
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.receipt import verify_receipt
from learncenter.sync.transport import RegistryLink, RetryPolicy
from learncenter.protocol.wire import announce_body, auth_header, blob_stream, content_range
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}  # what every center sends

STORMY = RetryPolicy(base=0.01, cap=0.1, max_attempts=60)


def enrolled(registry: Registry, center_id: str) -> CenterSide:
    from registry.conftest import enroll

    return enroll(registry, center_id)


def records_by_version(registry: Registry) -> Counter[tuple[str, int]]:
    with registry._session() as session:
        return Counter(session.execute(select(RegistryRecord.record_id,
                                              RegistryRecord.version)).all())


@pytest.fixture
def proxy(server: Server) -> Iterator[FaultProxy]:
    faulty = FaultProxy(server.port, storm(seed=20261123, calm=0.4), delay=0.05)
    faulty.start()
    yield faulty
    faulty.stop()


def test_storm_of_faults_gives_every_record_exactly_once(
        server: Server, proxy: FaultProxy, registry: Registry, keys: RegistryKeys) -> None:
    centers = [enrolled(registry, f"1100{n}") for n in range(1, 4)]
    sent: list[tuple[str, int]] = []
    receipts = []
    failures: list[BaseException] = []

    def run(center: CenterSide, base: int) -> None:
        try:
            with RegistryLink(proxy.url, center_id=center.center_id, key=center.key.private,
                              retry=STORMY, pack_piece_size=128 << 10) as link:
                for batch in range(3):
                    big = bytes([batch]) * 700_000  # several pieces of the pack: cuts mid-blob
                    items = [record(base + batch * 10 + n, photo=big if n == 0 else None)
                             for n in range(4)]
                    sealed = center.seal(items, keys.encryption.public)
                    receipt = filed(link, link.upload(sealed))
                    verify_receipt(receipt, registry_public=keys.signing.public,
                                   manifest_hash=sealed.manifest_hash or "")
                    receipts.append(receipt)
                    sent.extend((item.record_id, item.version) for item in items)
        except BaseException as error:  # reported below, with the others
            failures.append(error)

    threads = [threading.Thread(target=run, args=(center, 1000 * n))
               for n, center in enumerate(centers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    faults = {action: n for action, n in proxy.actions.items() if action != "pass"}
    assert set(faults) == {"delay", "error500", "drop_request", "drop_response", "duplicate"}
    assert records_by_version(registry) == Counter(sent)  # each exactly once
    assert all(r["status"] == "accepted" for receipt in receipts for r in receipt["results"])
    assert registry.stats()["batches_committed"] == 9


def prepare(registry: Registry, center: CenterSide, sealed: SealedBatch) -> None:
    """Announce and send the blobs directly, so that only the commit goes over HTTP."""
    who = Caller(center.center_id, center.key.key_id, center.key.public)
    state, _ = registry.announce(who, announce_body(sealed))
    for missing in state["missing"]:
        stream = blob_stream(sealed.blobs[missing["index"]])
        registry.put_blob(who, sealed.header["batch_id"], missing["sha256"],
                          content_range(0, len(stream), len(stream)), stream)


def http_commit(url: str, center: CenterSide, batch_id: str) -> int:
    path = f"/v1/batches/{batch_id}/commit"
    try:
        return httpx.post(url + path, timeout=60, headers={**PROTOCOL, "Authorization": auth_header(
            center_id=center.center_id, key=center.key.private, method="POST", path=path,
            body=b"")}).status_code
    except httpx.HTTPError:
        return 0


def test_registry_killed_mid_commit_then_retry_gets_the_receipt(
        server: Server, registry: Registry, keys: RegistryKeys) -> None:
    size = 1500
    # how long a commit of this size takes here, to aim the kill at its middle
    warm = enrolled(registry, "11009")
    warm_batch = warm.seal([record(10_000 + n, photo=b"") for n in range(size)],
                           keys.encryption.public)
    prepare(registry, warm, warm_batch)
    began = time.monotonic()
    assert http_commit(server.url, warm, warm_batch.header["batch_id"]) == 200
    duration = time.monotonic() - began

    center = enrolled(registry, "11001")
    items = [record(n, photo=b"") for n in range(size)]
    sealed = center.seal(items, keys.encryption.public)
    prepare(registry, center, sealed)
    answers: list[int] = []
    worker = threading.Thread(target=lambda: answers.append(
        http_commit(server.url, center, sealed.header["batch_id"])))
    worker.start()
    time.sleep(duration / 2)
    server.kill()
    worker.join()
    applied = Counter(key for key in records_by_version(registry).elements()
                      if key in {(item.record_id, 1) for item in items})
    assert sum(applied.values()) in (0, size)  # all of the batch or none of it

    server.start()
    with RegistryLink(server.url, center_id="11001", key=center.key.private,
                      retry=RetryPolicy(base=0.01, cap=0.05, max_attempts=5)) as link:
        receipt = filed(link, link.upload(sealed))
        assert link.receipt(sealed.header["batch_id"]) == receipt
    verify_receipt(receipt, registry_public=keys.signing.public,
                   manifest_hash=sealed.manifest_hash or "")
    assert [r["status"] for r in receipt["results"]] == ["accepted"] * size
    mine = {(item.record_id, 1) for item in items}
    assert Counter(k for k in records_by_version(registry).elements() if k in mine) == \
        Counter(mine)
