"""Sealing and opening a batch (protocol §4): round trip, and every forgery refused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit.sync.sync_material import World, make_plain

from learncenter.store.audit import canonical
from learncenter.protocol import encryption
from learncenter.protocol.envelope import MANIFEST_PART, SealedBatch, open_batch
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair, from_b64url, key_id
from learncenter.protocol.signing import sign_object


def open_(world: World, sealed: SealedBatch, **overrides: Any) -> Any:
    keys = {"registry_private": world.registry.private, "center_public": world.center.public}
    return open_batch(sealed, **(keys | overrides))


def refused(code: str, action: Callable[[], object]) -> SyncError:
    with pytest.raises(SyncError) as caught:
        action()
    assert caught.value.code == code
    return caught.value


def test_round_trip_returns_every_record_and_blob(world: World) -> None:
    sealed = world.seal()
    assert [len(chunks) for chunks in sealed.blobs] == [1, 3, 1]

    opened = open_(world, sealed)

    assert opened.records == world.plain.records
    assert opened.blobs == world.plain.blobs
    assert opened.manifest_hash == sealed.manifest_hash
    assert opened.manifest["key_id"] == world.center.key_id
    assert opened.manifest["records"] == world.plain.manifest["records"]
    assert opened.header["registry_key_id"] == world.registry.key_id


def test_header_holds_no_personal_data(world: World) -> None:
    header = canonical(world.seal().header).decode()
    for record in world.plain.manifest["records"]:
        assert record["record_id"] not in header and record["content_hash"] not in header
    assert "张三" not in header and "11010519491231002X" not in header


def encrypted_parts(sealed: SealedBatch) -> Iterator[tuple[str, Callable[[bytes], SealedBatch]]]:
    """Every ciphertext of the batch with a way to put a changed copy back."""
    yield "manifest", lambda data: dataclasses.replace(sealed, manifest=data)
    for index in range(len(sealed.records)):
        def put_record(data: bytes, index: int = index) -> SealedBatch:
            records = list(sealed.records)
            records[index] = data
            return dataclasses.replace(sealed, records=tuple(records))
        yield f"record {index}", put_record
    for blob, chunks in enumerate(sealed.blobs):
        for chunk in range(len(chunks)):
            def put_chunk(data: bytes, blob: int = blob, chunk: int = chunk) -> SealedBatch:
                blobs = [list(chunks) for chunks in sealed.blobs]
                blobs[blob][chunk] = data
                return dataclasses.replace(sealed, blobs=tuple(tuple(c) for c in blobs))
            yield f"blob {blob} chunk {chunk}", put_chunk


def current(sealed: SealedBatch, name: str) -> bytes:
    if name == "manifest":
        return sealed.manifest
    if name.startswith("record"):
        return sealed.records[int(name.split()[1])]
    _, blob, _, chunk = name.split()
    return sealed.blobs[int(blob)][int(chunk)]


def test_a_flipped_byte_in_any_encrypted_part_is_refused(world: World) -> None:
    sealed = world.seal()
    for name, put in encrypted_parts(sealed):
        data = current(sealed, name)
        for position in {0, len(data) // 2, len(data) - 1}:
            changed = bytearray(data)
            changed[position] ^= 0x01
            with pytest.raises(SyncError) as caught:
                open_(world, put(bytes(changed)))
            assert caught.value.code == "decrypt_failed", (name, position)


@pytest.mark.parametrize("field,value", [
    ("sequence", 43), ("center_id", "11002"), ("batch_id", "00000000-0000-4000-8000-000000000000"),
    ("registry_key_id", "0" * 16),
])
def test_a_changed_header_field_is_a_bad_signature(world: World, field: str, value: Any) -> None:
    sealed = world.seal()
    header = dict(sealed.header, **{field: value})
    refused("bad_signature", lambda: open_(world, dataclasses.replace(sealed, header=header)))


def test_a_changed_part_nonce_is_a_bad_signature(world: World) -> None:
    sealed = world.seal()
    header = json.loads(canonical(sealed.header))
    header["parts"]["records"][0]["nonce"] = header["parts"]["records"][1]["nonce"]
    refused("bad_signature", lambda: open_(world, dataclasses.replace(sealed, header=header)))


def test_batch_of_another_center_key_is_a_bad_signature(world: World) -> None:
    other = SigningKeyPair.generate()
    refused("bad_signature", lambda: open_(world, world.seal(), center_public=other.public))


def resign_manifest(world: World, sealed: SealedBatch, signer: SigningKeyPair,
                    *, keep_key_id: bool) -> SealedBatch:
    """The manifest re-signed by ``signer`` and re-encrypted in place (the header stays valid)."""
    header, batch_id = sealed.header, sealed.header["batch_id"]
    content_key = encryption.unwrap_key(from_b64url(header["ephemeral_key"]),
                                        from_b64url(header["wrapped_key"]),
                                        world.registry.private, batch_id)
    nonce = from_b64url(header["parts"]["manifest"]["nonce"])
    manifest = json.loads(encryption.open_part(content_key, batch_id, MANIFEST_PART, nonce,
                                               sealed.manifest))
    body = {name: value for name, value in manifest.items() if name not in ("key_id", "signature")}
    body["records"][0]["kind"] = "corrected"  # as long as "confirmed": same size
    forged = sign_object(signer.private, body)
    if keep_key_id:
        forged["key_id"] = world.center.key_id
    plain = canonical(forged)
    ciphertext = AESGCM(content_key).encrypt(nonce, plain, encryption.part_aad(batch_id,
                                                                                MANIFEST_PART))
    assert len(ciphertext) == len(sealed.manifest)
    return dataclasses.replace(sealed, manifest=ciphertext)


@pytest.mark.parametrize("keep_key_id", [False, True])
def test_manifest_resigned_with_another_center_key_is_a_bad_signature(
        world: World, keep_key_id: bool) -> None:
    forged = resign_manifest(world, world.seal(), SigningKeyPair.generate(),
                             keep_key_id=keep_key_id)
    refused("bad_signature", lambda: open_(world, forged))


def test_resigning_with_the_center_key_itself_still_opens(world: World) -> None:
    """Guards the test above: the forgery fails for the key, not for the re-encryption."""
    resigned = resign_manifest(world, world.seal(), world.center, keep_key_id=False)
    assert open_(world, resigned).manifest["records"][0]["kind"] == "corrected"


def test_opened_with_another_registry_key_is_decrypt_failed(world: World) -> None:
    other = EncryptionKeyPair.generate()
    refused("decrypt_failed", lambda: open_(world, world.seal(), registry_private=other.private))


def test_a_record_part_swapped_between_two_batches_is_refused(world: World) -> None:
    first, second = world.seal(), world.seal()
    swapped = dataclasses.replace(first, records=(second.records[0],) + first.records[1:])
    refused("decrypt_failed", lambda: open_(world, swapped))
    moved = dataclasses.replace(first, records=(first.records[1], first.records[0])
                                + first.records[2:])
    with pytest.raises(SyncError):  # same batch, other place: bound by the part name
        open_(world, moved)


def test_missing_or_extra_parts_are_malformed(world: World) -> None:
    sealed = world.seal()
    refused("malformed", lambda: open_(world, dataclasses.replace(sealed, blobs=sealed.blobs[:-1])))
    refused("malformed", lambda: open_(world, dataclasses.replace(
        sealed, blobs=sealed.blobs[:1] + (sealed.blobs[1][:-1],) + sealed.blobs[2:])))
    refused("malformed", lambda: open_(world, dataclasses.replace(
        sealed, records=sealed.records[:-1])))


def test_a_payload_that_does_not_match_its_hash_is_refused(world: World) -> None:
    """Only the key holder could do this; the manifest still decides what is accepted."""
    sealed = world.seal()
    header, batch_id = sealed.header, sealed.header["batch_id"]
    content_key = encryption.unwrap_key(from_b64url(header["ephemeral_key"]),
                                        from_b64url(header["wrapped_key"]),
                                        world.registry.private, batch_id)
    part = header["parts"]["records"][0]
    plain = bytearray(encryption.open_part(content_key, batch_id, "record/0",
                                           from_b64url(part["nonce"]), sealed.records[0]))
    plain[-2] ^= 0x01
    ciphertext = AESGCM(content_key).encrypt(from_b64url(part["nonce"]), bytes(plain),
                                             encryption.part_aad(batch_id, "record/0"))
    changed = dataclasses.replace(sealed, records=(ciphertext,) + sealed.records[1:])
    refused("hash_mismatch", lambda: open_(world, changed))


def test_a_blob_the_registry_holds_is_not_sent_read_or_returned_but_its_size_must_agree(world: World) -> None:
    sealed = world.seal()
    entries = world.plain.manifest["blobs"]
    held = {entries[1]["sha256"]: entries[1]["size"]}  # filed from an earlier batch
    without = dataclasses.replace(sealed, blobs=sealed.blobs[:1] + ((),) + sealed.blobs[2:])
    opened = open_(world, without, held_blobs=held)
    assert set(opened.blobs) == {entries[0]["sha256"], entries[2]["sha256"]}  # the caller has the other
    assert opened.records == world.plain.records
    # a manifest naming the held hash with another size is not the blob held
    refused("hash_mismatch", lambda: open_(world, without, held_blobs={entries[1]["sha256"]: entries[1]["size"] + 1}))
    # a blob not sent and not held is missing
    refused("malformed", lambda: open_(world, without, held_blobs={}))


def test_seal_refuses_a_manifest_that_does_not_match_the_data(world: World) -> None:
    world.plain.manifest["records"][0]["content_hash"] = "0" * 64
    refused("hash_mismatch", world.seal)


def test_a_batch_claiming_another_center_is_wrong_center(world: World) -> None:
    refused("wrong_center", lambda: open_(world, world.seal(center_id="11002"),
                                          expected_center_id="11001"))


def test_key_id_is_the_start_of_the_public_key_hash(world: World) -> None:
    assert world.center.key_id == hashlib.sha256(world.center.public_raw).hexdigest()[:16]
    assert key_id(world.registry.public) == world.registry.key_id


CENTER = SigningKeyPair.generate()
REGISTRY = EncryptionKeyPair.generate()
payloads = st.lists(st.dictionaries(st.text(max_size=8), st.text() | st.integers() | st.none(),
                                    max_size=4), max_size=4)
blobs = st.lists(st.binary(max_size=2048), max_size=3, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads=payloads, blobs=blobs, sequence=st.integers(0, 2**53))
def test_any_payload_round_trips(payloads: list[dict[str, Any]], blobs: list[bytes],
                                 sequence: int) -> None:
    world = World(CENTER, CENTER, REGISTRY,
                  make_plain(payloads, [(data, "application/octet-stream") for data in blobs]))
    sealed = world.seal(sequence=sequence)
    opened = open_(world, sealed)
    assert opened.records == world.plain.records
    assert opened.blobs == world.plain.blobs
    assert opened.header["sequence"] == sequence
