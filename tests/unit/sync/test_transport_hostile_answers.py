"""A hostile or broken registry's answers: refused as malformed, never read whole, never a crash."""

from __future__ import annotations

import random
from collections.abc import Iterator

import httpx
import pytest

from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.sync.transport import MAX_ANSWER, RegistryLink
from learncenter.protocol.wire import blob_stream
from unit.sync.sync_material import World
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION


def registry_answer(status: int, **options: object) -> httpx.Response:
    """An answer as a registry of this protocol gives it: naming the protocol (§0), whatever it holds."""
    return httpx.Response(status, headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, **options)  # type: ignore[arg-type]


MIB = 1 << 20


def _link(handle: httpx.MockTransport) -> RegistryLink:
    return RegistryLink("http://registry.test", center_id="11001", key=SigningKeyPair.generate().private,
                        sleep=lambda _s: None, rng=random.Random(1), transport=handle)


def test_an_endless_answer_is_refused_while_it_streams() -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for _ in range(1024):  # a gigabyte, if anyone read it all
            sent.append(MIB)
            yield b"[" + b" " * (MIB - 1)

    link = _link(httpx.MockTransport(lambda request: registry_answer(200, content=endless())))
    with pytest.raises(SyncError) as refused:
        link.changes(None)
    assert refused.value.code == MALFORMED and refused.value.problem.params.get("reason") == "answer_too_large"
    assert sum(sent) <= MAX_ANSWER + 2 * MIB  # it stopped reading at the bound


@pytest.mark.parametrize("missing", [
    [{"index": "0", "total": 5, "offset": 0, "sha256": "0" * 64}],  # an index that is not a number
    [{"index": 99, "total": 5, "offset": 0, "sha256": "0" * 64}],  # a stream the batch does not have
    [{"index": 0}],  # fields left out
    [{"index": 0, "total": 10 ** 30, "offset": -1, "sha256": "x"}],
    ["not an entry"],
], ids=["text index", "unknown stream", "fields missing", "absurd numbers", "not a dict"])
def test_a_malformed_announce_answer_is_refused(world: World, missing: list[object]) -> None:
    sealed = world.seal()
    link = _link(httpx.MockTransport(lambda request: registry_answer(200, json={"missing": missing})))
    with pytest.raises(SyncError) as refused:
        link.upload(sealed)
    assert refused.value.code == MALFORMED


@pytest.mark.parametrize("offset", ["lots", -1, 10 ** 12, None, True])
def test_a_nonsense_upload_offset_is_refused(world: World, offset: object) -> None:
    sealed = world.seal()
    stream = blob_stream(sealed.blobs[0])
    answers = iter([
        registry_answer(200, json={"missing": [{"index": 0, "total": len(stream), "offset": 0, "sha256": "a" * 64}]}),
        registry_answer(200, json={"offset": offset}),  # the answer to the first piece
    ])
    link = _link(httpx.MockTransport(lambda request: next(answers)))
    with pytest.raises(SyncError) as refused:
        link.upload(sealed)
    assert refused.value.code == MALFORMED
