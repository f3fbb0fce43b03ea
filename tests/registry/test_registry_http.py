"""The registry as a real server (``learncenter-registry serve``) driven by the client transport."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from registry.server import Server
from registry.material import CenterSide, filed, record

from learncenter.registry.keys import RegistryKeys
from learncenter.registry.service import Registry
from learncenter.protocol.batch_file import write_batch_file
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair, ed25519_public, from_b64url
from learncenter.protocol.receipt import load_receipt, verify_receipt
from learncenter.protocol.signing import verify_object
from learncenter.sync.transport import RegistryLink, RetryPolicy, enroll, is_reachable
from learncenter.protocol.wire import auth_header
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}  # what every center sends

FAST = RetryPolicy(base=0.01, cap=0.05, max_attempts=4)


def enrolled(server: Server, registry: Registry, center_id: str) -> CenterSide:
    center = CenterSide(center_id)
    code = registry.enroll_code(center_id)
    answer = enroll(server.url, code=code, center_public=center.key.public_raw,
                    device_name="pc-1", client_version="0.1.0")
    signing = ed25519_public(from_b64url(answer["registry_signing_key"]))
    assert verify_object(answer, signing)["center_id"] == center_id
    return center


def link(server: Server, center: CenterSide, **options: Any) -> RegistryLink:
    return RegistryLink(server.url, center_id=center.center_id, key=center.key.private,
                        retry=options.pop("retry", FAST), **options)


def test_enroll_upload_receipt_and_changes(server: Server, registry: Registry) -> None:
    assert is_reachable(server.url) and not is_reachable("http://127.0.0.1:9")
    center = enrolled(server, registry, "11001")
    with pytest.raises(SyncError) as reused:
        enroll(server.url, code="ZZZZZ-ZZZZZ", center_public=center.key.public_raw,
               device_name="x", client_version="0")
    assert reused.value.code == "bad_code"
    big = bytes(range(256)) * 5000  # more than one piece of the upload
    sealed = center.seal([record(1, photo=big), record(2)], registry.keys.encryption.public)
    seen: list[tuple[int, int]] = []
    with link(server, center) as registry_link:
        receipt = filed(registry_link, registry_link.upload(sealed, progress=lambda done, total: seen.append(
            (done, total))))
        verify_receipt(receipt, registry_public=registry.keys.signing.public,
                       manifest_hash=sealed.manifest_hash or "")
        assert [r["status"] for r in receipt["results"]] == ["accepted", "accepted"]
        assert seen[-1][0] == seen[-1][1] > len(big)
        assert registry_link.receipt(sealed.header["batch_id"]) == receipt
        assert filed(registry_link, registry_link.upload(sealed)) == receipt  # the same batch again
        assert registry_link.body_bytes_sent < 1.2 * len(big) * 2
        page = registry_link.changes(None)
        assert page["changes"][0]["kind"] == "number_block"
        verify_object(page, registry.keys.signing.public)


def test_small_photos_travel_in_one_pack(server: Server, registry: Registry) -> None:
    center = enrolled(server, registry, "11001")
    items = [record(n) for n in range(30)]  # one small photo each
    sealed = center.seal(items, registry.keys.encryption.public)
    with link(server, center) as registry_link:
        answer = registry_link.upload(sealed)
        assert registry_link.requests == 3  # announce, one PUT of the pack, commit (received)
        receipt = filed(registry_link, answer)  # asked for until filed
        assert [r["status"] for r in receipt["results"]] == ["accepted"] * 30
    assert registry.stats()["blobs"] == len(sealed.blobs) > 1


def test_replayed_request_and_revoked_key(server: Server, registry: Registry) -> None:
    center = enrolled(server, registry, "11001")
    header = auth_header(center_id="11001", key=center.key.private, method="GET",
                         path="/v1/changes", body=b"")
    first = httpx.get(f"{server.url}/v1/changes", headers={"Authorization": header, **PROTOCOL})
    second = httpx.get(f"{server.url}/v1/changes", headers={"Authorization": header, **PROTOCOL})
    assert first.status_code == 200
    assert second.status_code == 409 and second.json()["code"] == "replayed"
    assert second.json()["message_zh"] and second.json()["message_en"]
    wrong = httpx.get(f"{server.url}/v1/changes", headers={**PROTOCOL, "Authorization": auth_header(
        center_id="11002", key=center.key.private, method="GET", path="/v1/changes", body=b"")})
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_center"
    stale = httpx.get(f"{server.url}/v1/changes", headers={**PROTOCOL, "Authorization": auth_header(
        center_id="11001", key=center.key.private, method="GET", path="/v1/changes", body=b"",
        now=datetime.now(UTC) - timedelta(minutes=11))})
    assert stale.status_code == 401 and stale.json()["code"] == "clock_skew"
    stranger = httpx.get(f"{server.url}/v1/changes", headers={**PROTOCOL, "Authorization": auth_header(
        center_id="11001", key=SigningKeyPair.generate().private, method="GET",
        path="/v1/changes", body=b"")})
    assert stranger.status_code == 401 and stranger.json()["code"] == "unknown_key"
    subprocess.run(server.command("revoke", "11001"), check=True, capture_output=True)
    with link(server, center) as registry_link, pytest.raises(SyncError) as revoked:
        registry_link.upload(center.seal([record(1)], registry.keys.encryption.public))
    assert revoked.value.code == "revoked_key"
    assert registry.stats()["records"] == 0


def test_rotation_then_old_key_refused(server: Server, registry: Registry) -> None:
    center = enrolled(server, registry, "11001")
    new = SigningKeyPair.generate()
    with link(server, center) as registry_link:
        answer = registry_link.rotate_key(new.private)
        assert verify_object(answer, registry.keys.signing.public)["new_key_id"] == new.key_id
        old_link = link(server, center)
        with pytest.raises(SyncError) as old:
            old_link.changes(None)
        assert old.value.code == "revoked_key"
        old_link.close()
        center.key = new
        receipt = filed(registry_link, registry_link.upload(center.seal([record(1)], registry.keys.encryption.public)))
        assert receipt["results"][0]["status"] == "accepted"


def test_import_file_gives_the_same_result_as_http(server: Server, registry: Registry,
                                                   keys: RegistryKeys, tmp_path: Path) -> None:
    over_http, by_file = enrolled(server, registry, "11001"), enrolled(server, registry, "11002")
    items = [record(1), record(2, kind="refused"), record(3, major_code="1")]
    twins = [record(n, kind=item.kind, major_code=item.payload["candidate"]["major_code"])
             for n, item in zip((11, 12, 13), items)]
    with link(server, over_http) as registry_link:
        http_receipt = filed(registry_link, registry_link.upload(over_http.seal(items, keys.encryption.public)))
    sealed = by_file.seal(twins, keys.encryption.public)
    path = tmp_path / "batch.lcbatch"
    write_batch_file(path, sealed)
    receipt_path = tmp_path / "receipt.json"
    done = subprocess.run(server.command("import", str(path), "--receipt-out",
                                         str(receipt_path)), capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # one record returned: something to look at
    file_receipt = verify_receipt(load_receipt(receipt_path.read_bytes()),
                                  registry_public=keys.signing.public,
                                  manifest_hash=sealed.manifest_hash or "")

    def outcome(receipt: dict[str, Any]) -> list[tuple[str, str | None]]:
        return [(r["status"], r.get("code")) for r in receipt["results"]]

    assert outcome(file_receipt) == outcome(http_receipt) == [
        ("accepted", None), ("accepted", None), ("rejected", "invalid_record")]
    again = subprocess.run(server.command("import", str(path), "--receipt-out",
                                          str(tmp_path / "again.json")), capture_output=True)
    assert again.returncode == 1
    assert load_receipt((tmp_path / "again.json").read_bytes()) == file_receipt
    # a byte flipped in the photo of a new batch file: refused, nothing applied
    write_batch_file(path, by_file.seal([record(21)], keys.encryption.public))
    data = bytearray(path.read_bytes())
    data[-20] ^= 1
    path.write_bytes(bytes(data))
    tampered = subprocess.run(server.command("import", str(path)), capture_output=True,
                              text=True)
    assert tampered.returncode == 2 and "decrypt_failed" in tampered.stderr
    stats = subprocess.run(server.command("stats", "--json"), capture_output=True, text=True, check=True)
    assert json.loads(stats.stdout)["records"] == 4 and registry.stats()["records"] == 4


def test_both_ends_name_the_protocol_and_the_registry_refuses_another(server: Server, registry: Registry) -> None:
    """Protocol §0: every answer names version 2; a signed request without it (a draft client) or
    with another is refused after its signature is checked, and an enrollment the same way."""
    health = httpx.get(f"{server.url}/v1/health")
    assert health.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
    center = enrolled(server, registry, "11001")
    base = datetime.now(UTC)  # one base: two requests a second apart must not fall in the same second
    for seconds, said in enumerate(({}, {PROTOCOL_HEADER: "1"}, {PROTOCOL_HEADER: "3"})):
        answer = httpx.get(f"{server.url}/v1/changes", headers={**said, "Authorization": auth_header(
            center_id="11001", key=center.key.private, method="GET", path="/v1/changes", body=b"",
            now=base - timedelta(seconds=seconds))})  # not a replay of the one before
        assert answer.status_code == 400 and answer.json()["code"] == "unsupported_protocol", said
        assert answer.json()["details"] == {"ours": PROTOCOL_VERSION, "theirs": said.get(PROTOCOL_HEADER, "1")}
        assert answer.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
    forged = httpx.get(f"{server.url}/v1/changes", headers={PROTOCOL_HEADER: "3", "Authorization": auth_header(
        center_id="11001", key=SigningKeyPair.generate().private, method="GET", path="/v1/changes", body=b"")})
    assert forged.status_code == 401  # the signature first: a stranger learns nothing of the protocol
    update = httpx.get(f"{server.url}/v1/updates/manifest", headers={PROTOCOL_HEADER: "1", "Authorization": auth_header(
        center_id="11001", key=center.key.private, method="GET", path="/v1/updates/manifest", body=b"")})
    assert update.status_code == 200 and update.json() == {"manifest": None}  # the way to a new version stays open
    code = registry.enroll_code("11002")
    old = httpx.post(f"{server.url}/v1/enroll", headers={"Content-Type": "application/json"},
                     json={"code": code, "center_public_key": "x", "device_name": "desk"})
    assert old.status_code == 400 and old.json()["code"] == "unsupported_protocol"
