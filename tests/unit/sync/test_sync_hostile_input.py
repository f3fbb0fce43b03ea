"""What a peer sends is read within bounds (issue 11): forged lengths in a batch file, deep or
oversized JSON in receipts, announce headers and registry answers are each a clean
``malformed``, never a MemoryError, OverflowError or RecursionError."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import httpx
import pytest
from unit.sync.sync_material import World, make_plain

from learncenter.domain.canonical import canonical
from learncenter.protocol.batch_file import MAGIC, read_batch_file, write_batch_file
from learncenter.protocol.envelope import SealedBatch, open_batch, record_part_name
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.receipt import load_receipt
from learncenter.sync.transport import RegistryLink, RetryPolicy
from learncenter.protocol.wire import announce_bytes, parse_announce_bytes
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION


def registry_answer(status: int, **options: object) -> httpx.Response:
    """An answer as a registry of this protocol gives it: naming the protocol (§0), whatever it holds."""
    return httpx.Response(status, headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, **options)  # type: ignore[arg-type]


U32, U64 = struct.Struct(">I"), struct.Struct(">Q")
DEEP = b"[" * 100_000 + b"]" * 100_000


def malformed(action: object) -> str:
    with pytest.raises(SyncError) as caught:
        action()  # type: ignore[operator]
    return caught.value.code


def frame_offsets(sealed: SealedBatch) -> list[tuple[int, struct.Struct]]:
    """Where each length field of the batch file of ``sealed`` is, and its width."""
    offsets, position = [], len(MAGIC)
    for part in (canonical(sealed.header), sealed.manifest, *sealed.records):
        offsets.append((position, U32))
        position += U32.size + len(part)
    for chunks in sealed.blobs:
        offsets.append((position, U64))
        position += U64.size + sum(len(chunk) for chunk in chunks)
    return offsets


def test_a_length_with_the_high_bit_set_is_malformed(world: World, tmp_path: Path) -> None:
    sealed = world.seal()
    path = tmp_path / "batch.lcb"
    write_batch_file(path, sealed)
    whole = path.read_bytes()
    offsets = frame_offsets(sealed)
    assert len(offsets) == 2 + len(sealed.records) + len(sealed.blobs)
    for offset, width in offsets:
        top = (1 << (8 * width.size)) - 1
        for length in (1 << (8 * width.size - 1), top, top >> 1,
                       len(whole) - offset - width.size + 1):  # one byte past the end
            forged = bytearray(whole)
            width.pack_into(forged, offset, length)
            path.write_bytes(forged)
            assert malformed(lambda: read_batch_file(path)) == "malformed", (offset, length)


def test_a_batch_file_header_too_deep_or_with_a_huge_number_is_malformed(
        tmp_path: Path) -> None:
    path = tmp_path / "batch.lcb"
    huge = b'{"parts":{"records":[]},"sequence":' + b"9" * 40 + b"}"
    for header in (DEEP, huge):
        path.write_bytes(MAGIC + U32.pack(len(header)) + header + U32.pack(0))
        assert malformed(lambda: read_batch_file(path)) == "malformed"


@pytest.mark.parametrize("content", [
    DEEP,
    b'{"results": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"batch_id": "b1", "sequence": 1' + b"0" * 25 + b"}",
    b'{"batch_id": "b1", "sequence": 1e400}',
    b'{"batch_id": "b1", "sequence": NaN}',
    b'{"batch_id": "b1"}' + b" " * (17 << 20),  # more than any receipt may be
], ids=["deep", "deep results", "25 digits", "1e400", "NaN", "17 MiB"])
def test_a_receipt_out_of_bounds_is_malformed(content: bytes) -> None:
    assert malformed(lambda: load_receipt(content)) == "malformed"


def test_an_announce_with_a_deep_header_is_malformed(world: World) -> None:
    good = announce_bytes(world.seal())
    assert parse_announce_bytes(good).header["sequence"] == 42
    manifest = b"\x00" * 32
    for header in (DEEP, b'{"sequence": ' + b"7" * 30 + b"}"):
        body = U32.pack(len(header)) + header + U32.pack(len(manifest)) + manifest
        assert malformed(lambda: parse_announce_bytes(body)) == "malformed"


def test_a_registry_answer_too_deep_is_malformed_for_the_center() -> None:
    answers = iter([DEEP, b'{"changes": [], "more": false, "next_cursor": 1' + b"0" * 30 + b"}"])
    transport = httpx.MockTransport(lambda request: registry_answer(200, content=next(answers)))
    link = RegistryLink("http://registry.test", center_id="11001",
                        key=SigningKeyPair.generate().private, retry=RetryPolicy(max_attempts=1),
                        sleep=lambda _seconds: None, rng=random.Random(1), transport=transport)
    with link:
        assert malformed(lambda: link.changes(None)) == "malformed"
        assert malformed(lambda: link.changes(None)) == "malformed"


def test_a_deep_error_answer_is_still_a_clean_refusal() -> None:
    transport = httpx.MockTransport(lambda request: registry_answer(400, content=DEEP))
    link = RegistryLink("http://registry.test", center_id="11001",
                        key=SigningKeyPair.generate().private, retry=RetryPolicy(max_attempts=1),
                        sleep=lambda _seconds: None, rng=random.Random(1), transport=transport)
    with link:
        assert malformed(lambda: link.changes(None)) == "malformed"


def test_a_record_version_beyond_32_bits_is_malformed(world: World) -> None:
    """The registry keeps versions in an INTEGER column (32 bits on PostgreSQL): such a batch
    is refused by the shape check of sealing and opening, before any database sees it."""
    plain = make_plain([{"candidate": {"name": "张三"}}], [(b"photo", "image/jpeg")])
    entry = plain.manifest["records"][0]
    payload = plain.records.pop(record_part_name(entry["record_id"], 1))
    for version, accepted in (((1 << 31) - 1, True), (1 << 31, False), (1 << 62, False)):
        entry["version"] = version
        plain.records = {record_part_name(entry["record_id"], version): payload}
        if accepted:
            sealed = world.seal(plain)
            assert open_batch(sealed, registry_private=world.registry.private,
                              center_public=world.center.public).records == plain.records
        else:
            assert malformed(lambda: world.seal(plain)) == "malformed"
