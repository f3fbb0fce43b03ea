"""Fuzzing the parsers of what a peer sends (issue 11): batch files, receipts and announce
bodies, seeded from valid samples and mutated (bytes flipped, cut, inserted, length fields
forged, values swapped for arbitrary or deeply nested JSON). Whatever comes in, the parser and
the checks that follow it end in a :class:`SyncError` or a result, never another exception.
"""

from __future__ import annotations

import json
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit.sync.sync_material import World, make_plain

from learncenter.domain.canonical import canonical
from learncenter.protocol.batch_file import MAGIC, read_batch_file, write_batch_file
from learncenter.protocol.envelope import SealedBatch, open_announced, open_batch
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair
from learncenter.protocol.peer_json import peer_json
from learncenter.protocol.receipt import build_receipt, load_receipt, receipt_bytes, verify_receipt
from learncenter.protocol.wire import (
    announce_body,
    announce_bytes,
    parse_announce,
    parse_announce_bytes,
)

FUZZ = settings(max_examples=600, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BOUNDARIES = (0, 1, 15, 16, 17, (1 << 20) + 16, (1 << 31) - 1, 1 << 31, (1 << 32) - 1,
              1 << 32, (1 << 63) - 1, 1 << 63, (1 << 64) - 1)
MANIFEST_HASH = "ab" * 32
SWAPPED = "\u2063swapped"  # stands in for the replacement until it is spelled out as text


class Sample:
    """One small sealed batch and the keys to open it, made once for every fuzz test."""

    def __init__(self) -> None:
        self.world = World(SigningKeyPair.generate(), SigningKeyPair.generate(),
                           EncryptionKeyPair.generate(),
                           make_plain([{"candidate": {"name": "张三"}, "verdict": "eligible"},
                                       {"candidate": {"name": "李四"}, "verdict": "refused"}],
                                      [(b"\xff\xd8 photo" * 40, "image/jpeg"),
                                       (b"", "image/jpeg")]))
        self.sealed = self.world.seal(batch_id=str(uuid.uuid4()))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "batch.lcb"
            write_batch_file(path, self.sealed)
            self.batch_file = path.read_bytes()
        self.announce = announce_bytes(self.sealed)
        self.receipt = build_receipt(
            registry_key=self.world.registry_sign.private, batch_id="b1", center_id="11001",
            sequence=42, manifest_hash=MANIFEST_HASH, committed_at=datetime(2026, 11, 23, tzinfo=UTC),
            results=[{"record_id": "r1", "version": 2, "status": "accepted"},
                     {"record_id": "r2", "version": 1, "status": "rejected",
                      "code": "duplicate_person", "reason_zh": "重复", "reason_en": "duplicate"}])

    def length_fields(self, with_magic: bool) -> list[tuple[int, int]]:
        """(offset, width) of every length prefix in the file (or announce) framing."""
        fields, position = [], len(MAGIC) if with_magic else 0
        for part in (canonical(self.sealed.header), self.sealed.manifest, *self.sealed.records):
            fields.append((position, 4))
            position += 4 + len(part)
        if with_magic:
            for chunks in self.sealed.blobs:
                fields.append((position, 8))
                position += 8 + sum(len(chunk) for chunk in chunks)
        return fields


SAMPLE = Sample()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, fields: list[tuple[int, int]]) -> bytes:
    """``seed`` with one to four mutations, length fields and boundaries favoured."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "cut", "insert", "delete", "append", "length",
                                    "length"]))
        where = draw(st.integers(0, max(0, len(data) - 1)))
        if how == "flip" and data:
            data[where] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del data[where:]
        elif how == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif how == "delete":
            del data[where:where + draw(st.integers(1, 64))]
        elif how == "append":
            data += draw(st.binary(max_size=64) | st.just(struct.pack(">Q", 16) + bytes(16)))
        elif how == "length" and fields:
            offset, width = draw(st.sampled_from(fields))
            value = draw(st.sampled_from(BOUNDARIES) | st.integers(0, (1 << (8 * width)) - 1))
            if offset + width <= len(data):
                data[offset:offset + width] = (value % (1 << (8 * width))).to_bytes(width, "big")
    return bytes(data)


def swap_in(document: Any, replacement: Any, path: list[int]) -> Any:
    """``document`` with the value at a pseudo-random place (chosen by ``path``) replaced."""
    if not path or not isinstance(document, (dict, list)) or not document:
        return replacement
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = keys[path[0] % len(keys)]
    copy: Any = dict(document) if isinstance(document, dict) else list(document)
    copy[key] = swap_in(copy[key], replacement, path[1:])
    return copy


@st.composite
def json_mutated(draw: st.DrawFn, document: dict[str, Any]) -> bytes:
    """``document`` with a value swapped for arbitrary JSON, maybe wrapped deep, maybe
    spelled with a huge number; then maybe mutated as bytes."""
    depth = draw(st.sampled_from([0, 0, 1, 31, 33, 5000]))
    replacement = (b"[" * depth + json.dumps(draw(json_values)).encode() + b"]" * depth)
    path = draw(st.lists(st.integers(0, 50), max_size=4))
    encoded = json.dumps(swap_in(document, SWAPPED, path), ensure_ascii=False).encode()
    encoded = encoded.replace(json.dumps(SWAPPED, ensure_ascii=False).encode(), replacement)
    if draw(st.booleans()):
        encoded = encoded.replace(b"42", b"4" + b"2" * draw(st.integers(1, 40)), 1)
    if draw(st.booleans()):
        encoded = draw(mutated(encoded, []))
    return encoded


def clean(action: Callable[[], object]) -> None:
    """Run a parse-and-check; a refusal is fine, anything but a SyncError is a bug."""
    try:
        action()
    except SyncError:
        pass


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def test_the_samples_are_valid(folder: Path) -> None:
    """The seeds open cleanly, so a refusal of a mutant is the mutation's doing."""
    path = folder / "sample.lcb"
    path.write_bytes(SAMPLE.batch_file)
    keys = {"registry_private": SAMPLE.world.registry.private,
            "center_public": SAMPLE.world.center.public}
    assert open_batch(read_batch_file(path), **keys).records == SAMPLE.world.plain.records
    announced = parse_announce_bytes(SAMPLE.announce)
    open_announced(SealedBatch(announced.header, announced.manifest, announced.records, ()),
                   **keys)
    verify_receipt(load_receipt(receipt_bytes(SAMPLE.receipt)),
                   registry_public=SAMPLE.world.registry_sign.public, manifest_hash=MANIFEST_HASH)


@FUZZ
@given(data=st.data())
def test_batch_file_reader_refuses_cleanly(folder: Path, data: st.DataObject) -> None:
    content = data.draw(mutated(SAMPLE.batch_file, SAMPLE.length_fields(with_magic=True))
                        | json_header_file())
    path = folder / "fuzz.lcb"
    path.write_bytes(content)
    clean(lambda: open_batch(read_batch_file(path), registry_private=SAMPLE.world.registry.private,
                             center_public=SAMPLE.world.center.public))


@st.composite
def json_header_file(draw: st.DrawFn, magic: bytes = MAGIC) -> bytes:
    """A batch file (or, without magic, an announce body) whose header is mutated JSON and
    whose framing stays right."""
    header = draw(json_mutated(SAMPLE.sealed.header))
    seed = SAMPLE.batch_file if magic else SAMPLE.announce
    rest = seed[len(magic) + 4 + len(canonical(SAMPLE.sealed.header)):]
    return magic + struct.pack(">I", len(header)) + header + rest


@FUZZ
@given(content=json_mutated(SAMPLE.receipt) | mutated(receipt_bytes(SAMPLE.receipt), []))
def test_receipt_parser_refuses_cleanly(content: bytes) -> None:
    clean(lambda: verify_receipt(load_receipt(content),
                                 registry_public=SAMPLE.world.registry_sign.public,
                                 manifest_hash=MANIFEST_HASH))


def open_announce(body: object) -> None:
    announced = parse_announce(body)
    open_announced(SealedBatch(announced.header, announced.manifest, announced.records, ()),
                   registry_private=SAMPLE.world.registry.private,
                   center_public=SAMPLE.world.center.public)


@FUZZ
@given(content=mutated(SAMPLE.announce, SAMPLE.length_fields(with_magic=False))
       | json_header_file(magic=b""))
def test_binary_announce_parser_refuses_cleanly(content: bytes) -> None:
    clean(lambda: open_announce(parse_announce_bytes(content)))


@FUZZ
@given(content=json_mutated(announce_body(SAMPLE.sealed)))
def test_json_announce_parser_refuses_cleanly(content: bytes) -> None:
    clean(lambda: open_announce(peer_json(content)))
