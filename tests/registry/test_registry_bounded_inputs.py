"""No input takes the registry down (issue 11): bodies are refused while they stream, a caller
who cannot sign is never read a large body, JSON is bounded, cursors are checked, and a padded
batch file is refused. Run against the real server on loopback, its memory read from /proc."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from registry.conftest import enroll
from registry.material import record
from registry.server import Server

from learncenter.registry.service import Registry
from learncenter.protocol.batch_file import read_batch_file, write_batch_file
from learncenter.protocol.errors import SyncError
from learncenter.protocol.wire import auth_header
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}  # what every center sends

GIB = 1 << 30
PIECE = 1 << 20
GROWTH_ALLOWED = 100 << 20  # the server's peak resident memory may grow by this much at most
SOCKET_BUFFERS = 32 << 20  # what the loopback's socket buffers take in before a refusal arrives


def peak_rss(server: Server) -> int:
    """The server process's high-water resident memory (VmHWM), in bytes."""
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


class Flood:
    """A 1 GiB body as a generator (sent chunked, with no Content-Length), counting what left."""

    def __init__(self, total: int = GIB) -> None:
        self.total, self.sent = total, 0

    def __iter__(self) -> Iterator[bytes]:
        piece = b"[" * PIECE
        while self.sent < self.total:
            self.sent += len(piece)
            yield piece


def flood(server: Server, method: str, path: str, **headers: str) -> tuple[httpx.Response, Flood]:
    body = Flood()
    baseline = peak_rss(server)
    response = httpx.request(method, server.url + path, content=iter(body), headers=headers,
                             timeout=120)
    growth = peak_rss(server) - baseline
    assert growth < GROWTH_ALLOWED, f"the server grew by {growth >> 20} MiB"
    assert body.sent < body.total, "the whole body was read before the refusal"
    return response, body


def test_an_unauthenticated_gigabyte_is_refused_while_it_streams(server: Server) -> None:
    assert httpx.get(server.url + "/v1/health").status_code == 200
    response, body = flood(server, "POST", "/v1/enroll")
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert response.json()["message_zh"] and response.json()["message_en"]
    assert body.sent < SOCKET_BUFFERS
    assert httpx.get(server.url + "/v1/health").status_code == 200  # still serving


@pytest.mark.parametrize("path", ["/v1/batches", "/v1/batches/b1/pack",
                                  "/v1/batches/b1/blobs/" + "a" * 64])
def test_a_caller_who_cannot_sign_is_not_read_a_large_body(server: Server,
                                                            path: str) -> None:
    method = "POST" if path == "/v1/batches" else "PUT"
    response, _ = flood(server, method, path)
    assert response.status_code == 401 and response.json()["code"] == "bad_signature"
    forged, _ = flood(server, method, path, Authorization=(
        "LC-Ed25519 center_id=11001, key_id=kid, ts=2026-01-01T00:00:00Z, sig=AAAA"))
    assert forged.status_code == 401 and forged.json()["code"] == "unknown_key"


def test_a_signed_header_does_not_buy_an_unbounded_body(server: Server,
                                                        registry: Registry) -> None:
    center = enroll(registry, "11001")
    path = "/v1/batches/b1/pack"
    header = auth_header(center_id="11001", key=center.key.private, method="PUT", path=path,
                         body=b"whatever the signer claims")
    response, body = flood(server, "PUT", path, Authorization=header)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert body.sent < registry.limits.max_piece + SOCKET_BUFFERS


def test_deeply_nested_json_is_malformed_not_a_crash(server: Server) -> None:
    for body in (b"[" * 60_000, b"[" * 30_000 + b"]" * 30_000,
                 b'{"code": 1' + b"0" * 30 + b"}", b'{"code": 1e999}', b'{"code": NaN}'):
        response = httpx.post(server.url + "/v1/enroll", content=body,
                              headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (body[:40], response.status_code)
        assert response.json()["code"] == "malformed"


def test_a_nonsense_cursor_is_malformed_not_a_crash(server: Server, registry: Registry) -> None:
    center = enroll(registry, "11001")
    for cursor in ("c" + "9" * 20, f"c{1 << 31}", "c²", "c١٢", "c-1", "x1", "c"):
        path = f"/v1/changes?cursor={cursor}"
        encoded = httpx.URL(server.url + path).raw_path.decode("ascii")
        response = httpx.get(server.url + path, headers={**PROTOCOL, "Authorization": auth_header(
            center_id="11001", key=center.key.private, method="GET", path=encoded, body=b"")})
        assert response.status_code == 400, (cursor, response.status_code)
        assert response.json()["code"] == "malformed"
    good = f"/v1/changes?cursor=c{(1 << 31) - 1}"  # the largest seq the column holds
    response = httpx.get(server.url + good, headers={**PROTOCOL, "Authorization": auth_header(
        center_id="11001", key=center.key.private, method="GET", path=good, body=b"")})
    assert response.status_code == 200 and response.json()["changes"] == []


def test_a_padded_batch_file_is_refused_and_nothing_is_filed(registry: Registry,
                                                             tmp_path: Path) -> None:
    center = enroll(registry, "11001")
    path = tmp_path / "batch.lcb"
    sealed = center.seal([record(1), record(2)], registry.keys.encryption.public)
    write_batch_file(path, sealed)
    whole = path.read_bytes()
    last = b"".join(sealed.blobs[-1])
    for padding in (struct.pack(">Q", 16) + bytes(16), struct.pack(">Q", len(last)) + last):
        path.write_bytes(whole + padding)
        padded = read_batch_file(path)  # framing alone cannot tell: the manifest is encrypted
        assert len(padded.blobs) == len(sealed.blobs) + 1
        with pytest.raises(SyncError) as refused:
            registry.import_batch(padded)
        assert refused.value.code == "malformed"
    assert registry.stats()["records"] == 0
    path.write_bytes(whole)
    receipt = registry.import_batch(read_batch_file(path))
    assert [result["status"] for result in receipt["results"]] == ["accepted", "accepted"]
