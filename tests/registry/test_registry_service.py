"""The registry's logic (no HTTP): enrollment, announce, resume, commit, refusals, down-sync."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from registry.conftest import enroll
from registry.material import CenterSide, held_photo, record
from sqlalchemy import func, select

from learncenter.registry.service import Caller, Registry
from learncenter.registry.store import Batch, Blob, RegistryRecord
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair, b64url
from learncenter.protocol.receipt import verify_receipt
from learncenter.protocol.signing import verify_object
from learncenter.protocol.wire import (
    announce_body,
    announce_bytes,
    blob_stream,
    content_range,
    parse_announce_bytes,
)


def caller(center: CenterSide) -> Caller:
    return Caller(center.center_id, center.key.key_id, center.key.public)


def put_streams(registry: Registry, center: CenterSide, sealed: SealedBatch) -> Caller:
    """announce, send every missing stream whole; the caller it was sent as."""
    who = caller(center)
    state, _new = registry.announce(who, announce_body(sealed))
    for missing in state["missing"]:
        stream = blob_stream(sealed.blobs[missing["index"]])
        registry.put_blob(who, sealed.header["batch_id"], missing["sha256"],
                          content_range(missing["offset"], len(stream), len(stream)),
                          stream[missing["offset"]:])
    return who


def send(registry: Registry, center: CenterSide, sealed: SealedBatch) -> dict[str, Any]:
    """announce, send every missing stream whole, commit."""
    return registry.commit(put_streams(registry, center, sealed), sealed.header["batch_id"])


def count(registry: Registry, model: Any) -> int:
    with registry._session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def statuses(receipt: dict[str, Any]) -> list[str]:
    return [result.get("code", result["status"]) for result in receipt["results"]]


# -- enrollment ------------------------------------------------------------------------------


def test_enrollment_answer_is_signed_and_blocks_are_disjoint(registry: Registry) -> None:
    answers = []
    for center_id in ("11001", "11002"):
        center = CenterSide(center_id)
        code = registry.enroll_code(center_id, "北京学习中心")
        answer = registry.enroll({"code": code, "center_public_key": b64url(center.key.public_raw),
                                  "device_name": "pc-1", "client_version": "0.1.0"})
        body = verify_object(answer, registry.keys.signing.public)
        assert body["center_id"] == center_id
        assert body["registry_encryption_key"] == b64url(registry.keys.encryption.public_raw)
        answers.append(body["number_block"])
    first, second = answers
    assert first == {"first": 260000001, "last": 260099999}
    assert second["first"] > first["last"] and second["last"] - second["first"] == 99_998


def test_code_is_single_use_and_wrong_code_refused(registry: Registry) -> None:
    code = registry.enroll_code("11001")
    key = SigningKeyPair.generate()
    body = {"code": code.lower(), "center_public_key": b64url(key.public_raw)}
    registry.enroll(body)
    with pytest.raises(SyncError) as reused:
        registry.enroll({**body, "center_public_key": b64url(SigningKeyPair.generate().public_raw)})
    assert reused.value.code == "bad_code"
    with pytest.raises(SyncError) as wrong:
        registry.enroll({**body, "code": "AAAAA-BBBBB"})
    assert wrong.value.code == "bad_code"


def test_expired_code_refused(db_url: str, keys: Any) -> None:
    from learncenter.registry.store import create_schema, make_engine

    engine = make_engine(db_url)
    create_schema(engine)
    moment = [datetime(2026, 11, 1, tzinfo=UTC)]
    registry = Registry(engine, keys, now=lambda: moment[0])
    code = registry.enroll_code("11001")
    moment[0] += timedelta(hours=72, seconds=1)
    with pytest.raises(SyncError) as expired:
        registry.enroll({"code": code,
                         "center_public_key": b64url(SigningKeyPair.generate().public_raw)})
    assert expired.value.code == "bad_code"
    engine.dispose()


def test_re_enrollment_revokes_the_old_key(registry: Registry) -> None:
    center = enroll(registry, "11001")
    old = caller(center)
    renewed = enroll(registry, "11001", CenterSide("11001"))
    with pytest.raises(SyncError) as refused:
        registry.import_batch(center.seal([record(1)], registry.keys.encryption.public))
    assert refused.value.code == "revoked_key"
    assert send(registry, renewed, renewed.seal([record(1)], registry.keys.encryption.public))
    assert old.key_id != renewed.key.key_id


# -- upload and commit -----------------------------------------------------------------------


def test_announce_lists_missing_blobs_and_resume_continues_at_the_offset(
        registry: Registry) -> None:
    center = enroll(registry, "11001")
    big = bytes(range(256)) * 9000  # 2.3 MB: three chunks
    items = [record(1, photo=big), record(2)]
    sealed = center.seal(items, registry.keys.encryption.public)
    who, batch_id = caller(center), sealed.header["batch_id"]
    state, new = registry.announce(who, announce_body(sealed))
    assert new and state["state"] == "open"
    assert [(m["index"], m["offset"]) for m in state["missing"]] == [(0, 0), (1, 0)]
    stream = blob_stream(sealed.blobs[0])
    sha = state["missing"][0]["sha256"]
    assert registry.put_blob(who, batch_id, sha, content_range(0, 100_000, len(stream)),
                             stream[:100_000]) == 100_000
    # a cut: the client asks again and resumes at the registry's offset
    assert registry.blob_offset(who, batch_id, sha) == (100_000, len(stream))
    again, new = registry.announce(who, announce_body(sealed))
    assert not new and again["missing"][0]["offset"] == 100_000
    with pytest.raises(SyncError) as mismatch:
        registry.put_blob(who, batch_id, sha, content_range(0, 10, len(stream)), stream[:10])
    assert mismatch.value.code == "offset_mismatch"
    assert mismatch.value.problem.params["offset"] == 100_000
    with pytest.raises(SyncError) as early:
        registry.commit(who, batch_id)
    assert early.value.code == "blobs_missing"
    registry.put_blob(who, batch_id, sha, content_range(100_000, len(stream), len(stream)),
                      stream[100_000:])
    other = blob_stream(sealed.blobs[1])
    registry.put_blob(who, batch_id, state["missing"][1]["sha256"],
                      content_range(0, len(other), len(other)), other)
    receipt = registry.commit(who, batch_id)
    verify_receipt(receipt, registry_public=registry.keys.signing.public,
                   manifest_hash=sealed.manifest_hash or "")
    assert statuses(receipt) == ["accepted", "accepted"]
    with registry._session() as session:
        assert session.get(Blob, sha) is not None
    assert held_photo(registry, sha) == big  # sealed at rest


def test_commit_is_idempotent_and_held_blobs_are_not_asked_again(registry: Registry) -> None:
    center = enroll(registry, "11001")
    photo_record = record(1)
    sealed = center.seal([photo_record, record(2)], registry.keys.encryption.public)
    receipt = send(registry, center, sealed)
    assert registry.commit(caller(center), sealed.header["batch_id"]) == receipt
    assert registry.receipt(caller(center), sealed.header["batch_id"]) == receipt
    # the same batch announced again (a retry after a lost answer) is the committed batch
    state, new = registry.announce(caller(center), announce_body(sealed))
    total = sum(len(blob_stream(chunks)) for chunks in sealed.blobs)
    assert not new and state == {"batch_id": sealed.header["batch_id"], "state": "committed",
                                 "missing": [], "pack": {"blobs": [0, 1], "offset": total,
                                                         "total": total}}
    assert count(registry, RegistryRecord) == 2
    # a correction reuses the photo the registry already holds: nothing to send
    corrected = record(1, photo=photo_record.photo, record_id=photo_record.record_id,
                       version=2, kind="corrected", name="张三丰")
    second = center.seal([corrected], registry.keys.encryption.public)
    state, _ = registry.announce(caller(center), announce_body(second))
    assert state["missing"] == [] and state["pack"] == {"blobs": [], "offset": 0, "total": 0}
    assert statuses(registry.commit(caller(center), second.header["batch_id"])) == ["accepted"]


def test_conflict_and_same_version_again(registry: Registry) -> None:
    center = enroll(registry, "11001")
    first = record(1)
    send(registry, center, center.seal([first], registry.keys.encryption.public))
    same = record(1, record_id=first.record_id, photo=first.photo)
    same.payload = first.payload
    other = record(1, record_id=first.record_id, photo=first.photo, phone="13900139000")
    receipt = send(registry, center, center.seal([same], registry.keys.encryption.public))
    assert statuses(receipt) == ["accepted"]
    receipt = send(registry, center, center.seal([other], registry.keys.encryption.public))
    assert statuses(receipt) == ["conflict"]
    assert "不同内容" in receipt["results"][0]["reason_zh"]
    with registry._session() as session:
        stored = session.get(RegistryRecord, (first.record_id, 1))
        assert stored is not None
        assert stored.content_hash == hashlib.sha256(first.encoded).hexdigest()


def test_duplicate_person_across_centers_keeps_the_first(registry: Registry) -> None:
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    send(registry, north, north.seal([record(7)], registry.keys.encryption.public))
    receipt = send(registry, south, south.seal([record(7), record(8)],
                                               registry.keys.encryption.public))
    assert statuses(receipt) == ["duplicate_person", "accepted"]
    reason = receipt["results"][0]
    assert "11001" in reason["reason_zh"] and "11001" in reason["reason_en"]
    # a refusal of the same person elsewhere is no duplicate (nobody was confirmed twice)
    refusal = send(registry, south, south.seal([record(7, kind="refused")],
                                               registry.keys.encryption.public))
    assert statuses(refusal) == ["accepted"]


def test_invalid_record_is_rejected_and_the_others_accepted(registry: Registry) -> None:
    center = enroll(registry, "11001")
    bad = record(3, major_code="12", birth_date="2099-01-01")
    receipt = send(registry, center, center.seal([bad, record(4)],
                                                 registry.keys.encryption.public))
    assert statuses(receipt) == ["invalid_record", "accepted"]
    assert "major_code" in receipt["results"][0]["reason_en"]


# -- refusals: nothing applied ---------------------------------------------------------------


def refused(registry: Registry, action: Any) -> str:
    before = count(registry, RegistryRecord)
    with pytest.raises(SyncError) as error:
        action()
    assert count(registry, RegistryRecord) == before
    return error.value.code


def test_sequence_gap_and_replayed_batch(registry: Registry) -> None:
    center = enroll(registry, "11001")
    first = center.seal([record(1)], registry.keys.encryption.public)
    send(registry, center, first)
    gap = center.seal([record(2)], registry.keys.encryption.public, sequence=3)
    assert refused(registry, lambda: registry.announce(caller(center),
                                                       announce_body(gap))) == "sequence_gap"
    replay = center.seal([record(2)], registry.keys.encryption.public, sequence=1)
    assert refused(registry, lambda: registry.announce(caller(center),
                                                       announce_body(replay))) == "replayed"


def test_binary_announce_is_the_same_batch_as_the_json_one(registry: Registry) -> None:
    center = enroll(registry, "11001")
    sealed = center.seal([record(1), record(2)], registry.keys.encryption.public)
    who = caller(center)
    state, new = registry.announce(who, parse_announce_bytes(announce_bytes(sealed)))
    assert new and len(state["missing"]) == 2
    again, new = registry.announce(who, announce_body(sealed))  # the JSON form: a repeat
    assert not new and again == state
    body = announce_bytes(sealed)
    for broken in (body[:-1], body + b"\0", body[:3], b"", b"\0\0\0\2[]" + body[6:]):
        with pytest.raises(SyncError) as error:
            registry.announce(who, parse_announce_bytes(broken))
        assert error.value.code == "malformed"


def pack_of(sealed: SealedBatch, state: dict[str, Any]) -> bytes:
    return b"".join(blob_stream(sealed.blobs[index]) for index in state["pack"]["blobs"])


def test_pack_resumes_in_the_middle_of_a_blob(registry: Registry) -> None:
    center = enroll(registry, "11001")
    big = bytes(range(256)) * 9000  # 2.3 MB: three chunks
    sealed = center.seal([record(1), record(2, photo=big), record(3)],
                         registry.keys.encryption.public)
    who, batch_id = caller(center), sealed.header["batch_id"]
    state, _new = registry.announce(who, announce_body(sealed))
    pack = pack_of(sealed, state)
    first = len(blob_stream(sealed.blobs[0]))
    assert state["pack"] == {"blobs": [0, 1, 2], "offset": 0, "total": len(pack)}
    cut = first + 1_000_000  # across the first blob's end, into the middle of the second
    assert registry.put_pack(who, batch_id, content_range(0, cut, len(pack)), pack[:cut]) == cut
    # a cut: asked again, the registry holds exactly the prefix it received
    assert registry.pack_offset(who, batch_id) == (cut, len(pack))
    again, new = registry.announce(who, announce_body(sealed))
    assert not new and again["pack"]["offset"] == cut
    assert [(m["index"], m["offset"]) for m in again["missing"]] == [(1, 1_000_000), (2, 0)]
    with pytest.raises(SyncError) as mismatch:
        registry.put_pack(who, batch_id, content_range(0, 10, len(pack)), pack[:10])
    assert mismatch.value.code == "offset_mismatch" and mismatch.value.problem.params["offset"] == cut
    with pytest.raises(SyncError) as wrong_total:
        registry.put_pack(who, batch_id, content_range(cut, cut + 10, len(pack) + 1),
                          pack[cut:cut + 10])
    assert wrong_total.value.code == "malformed"
    with pytest.raises(SyncError) as early:
        registry.commit(who, batch_id)
    assert early.value.code == "blobs_missing"
    assert registry.put_pack(who, batch_id, content_range(cut, len(pack), len(pack)),
                             pack[cut:]) == len(pack)
    receipt = registry.commit(who, batch_id)
    assert statuses(receipt) == ["accepted"] * 3
    with registry._session() as session:
        assert session.get(Blob, hashlib.sha256(big).hexdigest()) is not None
    assert held_photo(registry, hashlib.sha256(big).hexdigest()) == big
    # idempotent: the pack of a committed batch answers its length, and nothing is applied twice
    assert registry.put_pack(who, batch_id, content_range(0, 10, len(pack)), pack[:10]) == len(pack)
    assert registry.pack_offset(who, batch_id) == (len(pack), len(pack))
    assert registry.commit(who, batch_id) == receipt
    assert count(registry, RegistryRecord) == 3


def test_pack_and_single_blob_puts_mix(registry: Registry) -> None:
    center = enroll(registry, "11001")
    sealed = center.seal([record(1), record(2)], registry.keys.encryption.public)
    who, batch_id = caller(center), sealed.header["batch_id"]
    state, _new = registry.announce(who, announce_body(sealed))
    first = blob_stream(sealed.blobs[0])
    registry.put_blob(who, batch_id, state["missing"][0]["sha256"],
                      content_range(0, len(first), len(first)), first)
    pack = pack_of(sealed, state)
    assert registry.pack_offset(who, batch_id) == (len(first), len(pack))
    registry.put_pack(who, batch_id, content_range(len(first), len(pack), len(pack)),
                      pack[len(first):])
    assert statuses(registry.commit(who, batch_id)) == ["accepted", "accepted"]


def test_tampered_pack_is_refused_and_an_honest_resend_completes(registry: Registry) -> None:
    center = enroll(registry, "11001")
    sealed = center.seal([record(1), record(2)], registry.keys.encryption.public)
    who, batch_id = caller(center), sealed.header["batch_id"]
    state, _new = registry.announce(who, announce_body(sealed))
    pack = pack_of(sealed, state)
    middle = len(pack) - 40  # inside the second blob
    tampered = pack[:middle] + bytes([pack[middle] ^ 1]) + pack[middle + 1:]
    registry.put_pack(who, batch_id, content_range(0, len(pack), len(pack)), tampered)
    assert refused(registry, lambda: registry.commit(who, batch_id)) == "decrypt_failed"
    assert count(registry, RegistryRecord) == 0 and count(registry, Blob) == 0
    assert registry.pack_offset(who, batch_id) == (0, len(pack))
    registry.put_pack(who, batch_id, content_range(0, len(pack), len(pack)), pack)
    assert statuses(registry.commit(who, batch_id)) == ["accepted", "accepted"]


def test_wrong_center_forged_manifest_and_flipped_bytes(registry: Registry) -> None:
    center, other = enroll(registry, "11001"), enroll(registry, "11002")
    public = registry.keys.encryption.public
    for_other = center.seal([record(1)], public, center_id="11002")
    assert refused(registry, lambda: registry.announce(caller(center), announce_body(
        for_other))) == "wrong_center"
    assert refused(registry, lambda: registry.import_batch(for_other)) == "wrong_center"
    # header by the center, manifest re-signed with another key
    mallory = SigningKeyPair.generate()
    resigned = center.seal([record(1)], public, sequence=1, key=mallory)
    assert refused(registry, lambda: registry.announce(caller(center), announce_body(
        resigned))) == "bad_signature"
    # a byte flipped in a record part, then in a blob stream
    good = center.seal([record(1)], public, sequence=1)
    records = list(good.records)
    records[0] = bytes([records[0][0] ^ 1]) + records[0][1:]
    flipped = SealedBatch(good.header, good.manifest, tuple(records), good.blobs)
    assert refused(registry, lambda: registry.announce(caller(center), announce_body(
        flipped))) == "decrypt_failed"
    chunks = list(good.blobs[0])
    chunks[0] = chunks[0][:10] + bytes([chunks[0][10] ^ 1]) + chunks[0][11:]
    tampered = SealedBatch(good.header, good.manifest, good.records, (tuple(chunks),))
    assert refused(registry, lambda: send(registry, center, tampered)) == "decrypt_failed"
    # the honest bytes of the same batch still go through afterwards
    assert statuses(send(registry, center, good)) == ["accepted"]
    assert other.center_id == "11002"


def test_revoked_key_refused(registry: Registry) -> None:
    center = enroll(registry, "11001")
    assert registry.revoke("11001") == 1
    assert refused(registry, lambda: registry.import_batch(
        center.seal([record(1)], registry.keys.encryption.public))) == "revoked_key"
    assert registry.revoke("99999") is None


def test_too_many_records(db_url: str, keys: Any) -> None:
    from learncenter.registry.service import Limits
    from learncenter.registry.store import create_schema, make_engine

    engine = make_engine(db_url)
    create_schema(engine)
    registry = Registry(engine, keys, limits=Limits(max_records=2))
    center = enroll(registry, "11001")
    sealed = center.seal([record(1), record(2), record(3)], keys.encryption.public)
    assert refused(registry, lambda: registry.import_batch(sealed)) == "too_large"
    engine.dispose()


# -- down-sync -------------------------------------------------------------------------------


def test_changes_are_signed_pages_for_the_center(registry: Registry) -> None:
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    items: list[tuple[str | None, str, str, dict[str, Any]]] = [
        (None, "major", f"5303{n:02d}", {"code": f"5303{n:02d}", "name": "会计", "level": "gqz"})
        for n in range(5)]
    items.append(("11002", "pre_registration", "2026秋/x", {"term": "2026秋"}))
    assert registry.publish(items) == 6
    assert registry.publish(items[:1]) == 0  # unchanged: not published again
    seen, cursor = [], None
    while True:
        page = registry.changes(caller(north), cursor, limit=2)
        body = verify_object(page, registry.keys.signing.public)
        assert body["format"] == "learncenter-changes/1" and body["cursor"] == cursor
        seen += [(change["kind"], change["key"]) for change in body["changes"]]
        cursor = body["next_cursor"]
        if not body["more"]:
            break
    assert seen[0] == ("number_block", "number_block")
    assert ("pre_registration", "2026秋/x") not in seen and len(seen) == 6
    south_page = registry.changes(caller(south), None, limit=500)
    assert ("pre_registration", "2026秋/x") in [(c["kind"], c["key"])
                                                for c in south_page["changes"]]
    with pytest.raises(SyncError):
        registry.changes(caller(north), "not-a-cursor")


def test_stats(registry: Registry) -> None:
    center = enroll(registry, "11001")
    send(registry, center, center.seal([record(1), record(2)], registry.keys.encryption.public))
    stats = registry.stats()
    assert stats["records"] == 2 and stats["batches_committed"] == 1 and stats["blobs"] == 2
    assert count(registry, Batch) == 1
