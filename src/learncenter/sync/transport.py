"""The client side of the registry's HTTP protocol (``docs/protocol.md`` §3, §5, §8, §10).

Links from learning centers are slow and break: a county office on a mobile connection, a
power cut in the middle of an upload. So an upload is announce → the registry's list of missing
blobs → each missing blob's stream in pieces, resuming at the offset the registry reports →
commit, and every step is retried with exponential backoff and full jitter. Every step is safe
to repeat: the registry answers a repeated announce with the batch's state, a repeated piece
with the offset it already has, and a repeated commit with the stored receipt. Answers are
returned unverified; the sync engine checks them against the pinned registry key.
"""

from __future__ import annotations

import hashlib
import re
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter import __version__
from learncenter.domain.canonical import canonical
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.errors import (
    BLOBS_MISSING,
    CODES,
    HASH_MISMATCH,
    MALFORMED,
    OFFSET_MISMATCH,
    REPLAYED,
    UNAVAILABLE,
    UNREACHABLE,
    UNSUPPORTED_PROTOCOL,
    SyncError,
)
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, protocol_spoken
from learncenter.protocol.keys import b64url, key_id, public_raw
from learncenter.protocol.signing import sign_object
from learncenter.sync.link import UploadCancelled
from learncenter.protocol.peer_json import peer_json, peer_object
from learncenter.protocol.update_manifest import VERSION_HEADER
from learncenter.protocol.wire import (
    ANNOUNCE_MEDIA_TYPE,
    RESPOND_ASYNC,
    announce_bytes,
    auth_header,
    blob_stream,
    content_range,
)

T = TypeVar("T")
PIECE_SIZE = 256 << 10  # bytes per PUT of one blob: a cut loses at most this much
PACK_PIECE_SIZE = 2 << 20  # bytes per PUT of the pack (§5): few requests, little lost to a cut
MAX_ANSWER = 32 << 20  # the largest answer read: a receipt of 2,000 results is ~2 MB, a page ~1 MB
UPDATES = "/v1/updates/"  # the routes every protocol keeps (§0, §15)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_RETRIED_STATUS = frozenset({408, 416, 429, 500, 502, 503, 504})
_RETRIED_CONFLICTS = frozenset({REPLAYED, OFFSET_MISMATCH})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter (protocol §5): the n-th wait is uniform in
    ``[0, min(cap, base·2ⁿ)]``; give up after ``max_attempts`` failures in a row or when
    ``max_elapsed`` seconds have passed since the step began."""

    base: float = 1.0
    cap: float = 300.0
    max_attempts: int = 8
    max_elapsed: float = 3600.0

    def delay(self, failures: int, rng: random.Random) -> float:
        return rng.uniform(0.0, min(self.cap, self.base * (2 ** max(0, failures - 1))))


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` is the registry's own hint, if any."""

    def __init__(self, reason: str, retry_after: float | None = None,
                 error: SyncError | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.error = error

    def final(self) -> SyncError:
        """What to raise when no retry is left: the registry's own error, else unreachable."""
        return self.error if self.error is not None else SyncError(UNREACHABLE, detail=self.reason)


class RegistryLink:
    """An authenticated link of one center to the registry."""

    def __init__(self, url: str, *, center_id: str, key: Ed25519PrivateKey,
                 timeout: float = 30.0, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None,
                 transport: httpx.BaseTransport | None = None,
                 pack_piece_size: int = PACK_PIECE_SIZE) -> None:
        """``rng`` draws the jitter; ``transport`` replaces the network (tests of the retry
        rules against a scripted registry); ``pack_piece_size`` is the bytes per PUT of the
        pack (smaller in tests, to cut a pack in the middle)."""
        self._client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout,
                                    transport=transport or _network())
        self._center_id = center_id
        self._key = key
        self._retry = retry
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._pack_piece_size = pack_piece_size
        self._last_ts: dict[tuple[str, str, str], datetime] = {}
        # a run uploads on one thread and asks for receipts on another (sync.receipt_collector)
        self._counting = threading.Lock()
        self.bytes_sent = 0  # request lines, headers and bodies, retries included
        self.body_bytes_sent = 0
        self.requests = 0

    # -- public --------------------------------------------------------------------------------

    def upload(self, sealed: SealedBatch, *,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
        """announce → PUT missing blob streams (resuming at the registry's offset, in pieces so
        a cut loses little) → commit; returns the (unverified) receipt dict, or the registry's
        answer that it received the batch and files it later (``state`` "received", §5)."""
        batch_id = str(sealed.header["batch_id"])
        body = announce_bytes(sealed)
        streams = [blob_stream(chunks) for chunks in sealed.blobs]
        for _round in range(3):
            state = self._retrying(lambda: self._json(self._send(
                "POST", "/v1/batches", body, expect=(200, 201),
                content_type=ANNOUNCE_MEDIA_TYPE)))
            missing = state.get("missing")
            if not isinstance(missing, list):
                raise SyncError(MALFORMED)
            packed, pack, pack_offset = _pack_of(state.get("pack"), streams)
            missing = [entry for entry in _checked_missing(missing, streams) if entry["index"] not in packed]
            total = len(pack) - pack_offset + sum(
                int(entry["total"]) - int(entry["offset"]) for entry in missing)
            done = 0
            sends = [(f"/v1/batches/{quote(batch_id)}/pack", pack, pack_offset,
                      self._pack_piece_size)]
            for entry in missing:
                stream = streams[int(entry["index"])]
                if len(stream) != int(entry["total"]):
                    raise SyncError(MALFORMED)
                sends.append((f"/v1/batches/{quote(batch_id)}/blobs/{entry['sha256']}", stream,
                              int(entry["offset"]), PIECE_SIZE))
            for path, stream, offset, piece_size in sends:
                while offset < len(stream):
                    if cancelled is not None and cancelled():
                        raise UploadCancelled(batch_id)
                    new_offset = self._put_piece(path, stream, offset, piece_size)
                    done += max(0, new_offset - offset)
                    offset = new_offset
                    if progress is not None:
                        progress(min(done, total), total)
            try:
                return self._retrying(lambda: self._json(self._send(
                    "POST", f"/v1/batches/{quote(batch_id)}/commit", b"", expect=(200, 202),
                    extra={"Prefer": RESPOND_ASYNC})))
            except SyncError as error:
                if error.code != BLOBS_MISSING:
                    raise
                # the registry lost what it had of a stream (it discards a stream that does not
                # decrypt): announce again to learn what to send
        raise SyncError(BLOBS_MISSING)

    def receipt(self, batch_id: str, *, wait: float = 0) -> dict[str, Any]:
        """The batch's (unverified) receipt, or the answer that it is still being filed; with
        ``wait``, the registry holds the answer up to that many seconds for the filing to end
        (``Prefer: wait=N``) instead of being asked again and again."""
        extra = {"Prefer": f"wait={max(1, int(wait))}"} if wait > 0 else None
        return self._retrying(lambda: self._json(self._send(
            "GET", f"/v1/batches/{quote(batch_id)}/receipt", b"", expect=(200, 202), extra=extra)))

    def changes(self, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        """One (unverified) page of down-sync changes after ``cursor``."""
        query = {"limit": str(limit)} | ({"cursor": cursor} if cursor is not None else {})
        path = "/v1/changes?" + urlencode(sorted(query.items()))
        return self._retrying(lambda: self._json(self._send("GET", path, b"")))

    def material(self, sha256: str) -> bytes:
        """A submitted photo or scan by its SHA-256 (unverified: the engine checks the hash)."""
        return self._retrying(lambda: self._send("GET", f"/v1/materials/{quote(sha256)}", b"").content)

    def audit_head(self, nonce: str) -> dict[str, Any]:
        """The registry's (unverified) signed answer naming this center's latest audit head."""
        path = "/v1/audit-head?" + urlencode({"nonce": nonce})
        return self._retrying(lambda: self._json(self._send("GET", path, b"")))

    def check_certificate(self, question: dict[str, Any]) -> dict[str, Any]:
        """The registry's (unverified) signed answer about a prior certificate (its number, the
        candidate's ID number, the declared prior education and graduation date)."""
        body = canonical(question)
        return self._retrying(lambda: self._json(self._send("POST", "/v1/certificates/check", body)))

    def update_manifest(self) -> dict[str, Any] | None:
        """The registry's (unverified) signed update manifest; None when it publishes none."""
        answer = self._retrying(lambda: self._json(self._send("GET", "/v1/updates/manifest", b"")))
        manifest = answer.get("manifest")
        return manifest if isinstance(manifest, dict) else None

    def download(self, sha256: str, target: Path, *, size: int,
                 progress: Callable[[int, int], None] | None = None) -> None:
        """The update package ``sha256`` streamed into ``target`` (replaced only when complete,
        its size and hash the manifest's); SyncError otherwise, ``target`` untouched. A cut or a
        busy registry is retried as every request is, from the start of the file."""
        path = f"/v1/updates/package/{quote(sha256)}"
        partial = target.with_name(target.name + ".part")

        def attempt() -> tuple[int, str]:
            now = self._timestamp("GET", path, EMPTY_SHA256)
            headers = {"Authorization": auth_header(center_id=self._center_id, key=self._key, method="GET",
                                                    path=path, body=b"", now=now, body_sha256=EMPTY_SHA256),
                       VERSION_HEADER: __version__, PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
            digest, received = hashlib.sha256(), 0
            with self._counting:
                self.requests += 1
            try:
                with self._client.stream("GET", path, headers=headers) as answer:
                    if answer.status_code != 200:
                        answer.read()
                        refusal = _error_of(answer)
                        if answer.status_code in _RETRIED_STATUS or (
                                answer.status_code == 409 and refusal is not None and refusal.code in _RETRIED_CONFLICTS):
                            raise _Transient(f"HTTP {answer.status_code}", _retry_after(answer), refusal)
                        raise refusal or SyncError(UNAVAILABLE if answer.status_code >= 500 else MALFORMED)
                    with open(partial, "wb") as sink:
                        for chunk in answer.iter_bytes(1 << 20):
                            received += len(chunk)
                            if received > size:
                                raise SyncError(HASH_MISMATCH)
                            digest.update(chunk)
                            sink.write(chunk)
                            if progress is not None:
                                progress(received, size)
            except httpx.TransportError as cut:
                raise _Transient(type(cut).__name__) from cut
            return received, digest.hexdigest()

        try:
            received, digest = self._retrying(attempt)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if received != size or digest != sha256:
            partial.unlink(missing_ok=True)
            raise SyncError(HASH_MISMATCH)
        partial.replace(target)

    def rotate_key(self, new_key: Ed25519PrivateKey) -> dict[str, Any]:
        """Ask the registry to replace this center's key (signed with the old one, §10); from
        the answer on, this link signs with ``new_key``."""
        body = canonical(sign_object(self._key, {
            "new_key": b64url(public_raw(new_key.public_key())),
            "old_key_id": key_id(self._key.public_key())}))
        answer = self._retrying(lambda: self._json(self._send("POST", "/v1/keys/rotate", body)))
        self._key = new_key
        return answer

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RegistryLink:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- steps ---------------------------------------------------------------------------------

    def _put_piece(self, path: str, stream: bytes, offset: int, piece_size: int) -> int:
        """Send the piece of a blob's stream or of the pack at ``offset`` to ``path``; the
        registry's new offset (after asking it again when a try was cut, since the registry
        may have kept that piece)."""
        position = {"offset": offset, "unsure": False}

        def attempt() -> int:
            if position["unsure"]:
                answer = self._send("HEAD", path, b"")
                position["offset"] = _offset(answer.headers.get("Upload-Offset", "0"), len(stream))
                position["unsure"] = False
                if position["offset"] >= len(stream):
                    return len(stream)
            start = int(position["offset"])
            piece = stream[start:start + piece_size]
            try:
                answer = self._send("PUT", path, piece, content_type="application/octet-stream",
                                    extra={"Content-Range": content_range(
                                        start, start + len(piece), len(stream))})
            except _Transient as transient:
                error = transient.error
                if error is not None and error.code == OFFSET_MISMATCH and isinstance(
                        error.problem.params.get("offset"), int):
                    return int(error.problem.params["offset"])
                position["unsure"] = True
                raise
            return _offset(self._json(answer).get("offset"), len(stream))

        return self._retrying(attempt)

    def _retrying(self, step: Callable[[], T]) -> T:
        failures, began = 0, time.monotonic()
        while True:
            try:
                return step()
            except _Transient as transient:
                failures += 1
                if failures >= self._retry.max_attempts or \
                        time.monotonic() - began > self._retry.max_elapsed:
                    raise transient.final() from None
                wait = self._retry.delay(failures, self._rng)
                if transient.retry_after is not None:
                    wait = max(wait, min(self._retry.cap, transient.retry_after))
                self._sleep(wait)

    def _send(self, method: str, path: str, body: bytes, *, expect: tuple[int, ...] = (200,),
              content_type: str = "application/json",
              extra: dict[str, str] | None = None) -> httpx.Response:
        """One signed request; a retryable failure is :class:`_Transient`, another is raised."""
        digest = hashlib.sha256(body).hexdigest()
        now = self._timestamp(method, path, digest)
        headers = {"Authorization": auth_header(center_id=self._center_id, key=self._key, method=method,
                                                path=path, body=body, now=now, body_sha256=digest),
                   VERSION_HEADER: __version__, PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if body or method in ("POST", "PUT"):
            headers["Content-Type"] = content_type
        headers.update(extra or {})
        return _exchange(self, self._client, method, path, body, headers, expect)

    def _timestamp(self, method: str, path: str, body_sha256: str) -> datetime:
        """Now, but never the same second as an identical earlier request: Ed25519 signatures
        are deterministic, and the registry would refuse the retry as a replay."""
        key = (method, path, body_sha256)
        with self._counting:
            now = datetime.now(UTC).replace(microsecond=0)
            last = self._last_ts.get(key)
            if last is not None and now <= last:
                now = last + timedelta(seconds=1)
            if len(self._last_ts) > 10_000:
                self._last_ts.clear()
            self._last_ts[key] = now
        return now

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        return peer_object(response.content)


def _pack_of(value: object, streams: list[bytes]) -> tuple[set[int], bytes, int]:
    """(manifest indices in the pack, the pack stream, the registry's pack offset) from the
    announce answer's ``pack`` (§5); an answer without one (an older registry) packs nothing."""
    if value is None:
        return set(), b"", 0
    if not (isinstance(value, dict) and isinstance(value.get("blobs"), list)
            and all(isinstance(index, int) and 0 <= index < len(streams)
                    for index in value["blobs"])):
        raise SyncError(MALFORMED)
    pack = b"".join(streams[index] for index in value["blobs"])
    if value.get("total") != len(pack) or not isinstance(value.get("total"), int):
        raise SyncError(MALFORMED)
    return set(value["blobs"]), pack, _offset(value.get("offset"), len(pack))


def _checked_missing(missing: list[Any], streams: list[bytes]) -> list[dict[str, Any]]:
    """The announce answer's ``missing`` entries, each a stream of this batch with its total and
    an offset within it; anything else is a malformed answer, never a KeyError or a crash."""
    checked = []
    for entry in missing:
        if not (isinstance(entry, dict) and isinstance(entry.get("index"), int)
                and 0 <= entry["index"] < len(streams) and entry.get("total") == len(streams[entry["index"]])
                and isinstance(entry.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])):
            raise SyncError(MALFORMED)
        checked.append({**entry, "offset": _offset(entry.get("offset"), entry["total"])})
    return checked


def _offset(value: object, total: int) -> int:
    """An offset the registry named: a whole number within the stream, else a malformed answer."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= total:
        raise SyncError(MALFORMED)
    return value


def _network() -> httpx.HTTPTransport:
    """Sockets with ``TCP_NODELAY``: a request leaves as a head and a body, and without it
    Nagle's algorithm holds the body until the registry's delayed ACK, 40 ms per request."""
    return httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])


def _exchange(link: RegistryLink | None, client: httpx.Client, method: str, path: str,
              body: bytes, headers: dict[str, str], expect: tuple[int, ...]) -> httpx.Response:
    request = client.build_request(method, path, content=body, headers=headers)
    if link is not None:
        with link._counting:
            link.requests += 1
            link.body_bytes_sent += len(body)
            link.bytes_sent += len(body) + len(method) + len(request.url.raw_path) + 12 + sum(
                len(name) + len(value) + 4 for name, value in request.headers.raw)
    try:
        response = _bounded(client.send(request, stream=True), request)
    except httpx.TransportError as cut:
        raise _Transient(type(cut).__name__) from cut
    if not path.startswith(UPDATES):
        _check_protocol(response, response.status_code in expect)
    if response.status_code in expect:
        return response
    refusal = _error_of(response)
    retry_after = _retry_after(response)
    if response.status_code in _RETRIED_STATUS or (
            response.status_code == 409 and refusal is not None
            and refusal.code in _RETRIED_CONFLICTS):
        raise _Transient(f"HTTP {response.status_code}", retry_after, refusal)
    raise refusal or SyncError(UNAVAILABLE if response.status_code >= 500 else MALFORMED)


def _check_protocol(response: httpx.Response, success: bool) -> None:
    """The registry names its protocol on every answer (§0): another one is refused at once; an
    answer without the name is refused when it claims success (a draft registry, or not a registry
    at all), and left to the usual handling otherwise (a front's 502 while the registry restarts).
    The update routes are not checked: an update is how two protocols meet again, and its manifest
    is verified with the pinned registry key whatever protocol carried it."""
    said = response.headers.get(PROTOCOL_HEADER)
    if (said is not None or success) and not protocol_spoken(said):
        raise SyncError(UNSUPPORTED_PROTOCOL, ours=PROTOCOL_VERSION, theirs=said or "1")


def _bounded(streamed: httpx.Response, request: httpx.Request) -> httpx.Response:
    """The answer, read up to :data:`MAX_ANSWER` bytes: a longer one (a hostile or broken
    registry) is refused while it streams, never held in memory whole."""
    try:
        content, size = [], 0
        for chunk in streamed.iter_bytes():  # decoded: a compressed bomb counts at its full size
            size += len(chunk)
            if size > MAX_ANSWER:
                raise SyncError(MALFORMED, reason="answer_too_large")
            content.append(chunk)
    finally:
        streamed.close()
    headers = [(name, value) for name, value in streamed.headers.items()
               if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
    return httpx.Response(streamed.status_code, headers=headers, content=b"".join(content), request=request)


def _error_of(response: httpx.Response) -> SyncError | None:
    """The §7 error an answer carries, if it is one."""
    try:
        body = peer_json(response.content)
    except SyncError:
        return None
    if not isinstance(body, dict) or body.get("code") not in CODES:
        return None
    details = body.get("details")
    params = {name: value for name, value in (details or {}).items()
              if isinstance(name, str) and name != "code"} if isinstance(details, dict) else {}
    return SyncError(str(body["code"]), **params)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def enroll(url: str, *, code: str, center_public: bytes, device_name: str,
           client_version: str, timeout: float = 30.0) -> dict[str, Any]:
    """Enroll with a one-time code (§3); the (unverified) signed answer of the registry."""
    body = canonical({"code": code, "center_public_key": b64url(center_public),
                      "device_name": device_name, "client_version": client_version})
    with httpx.Client(base_url=url.rstrip("/"), timeout=timeout, transport=_network()) as client:
        try:
            response = _exchange(None, client, "POST", "/v1/enroll", body,
                                 {"Content-Type": "application/json", PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, (200,))
        except _Transient as transient:
            raise transient.final() from None
        return RegistryLink._json(response)


def is_reachable(url: str, timeout: float = 3.0) -> bool:
    """Whether the registry answers its health check now (for the status bar, not a promise)."""
    try:
        response = httpx.get(url.rstrip("/") + "/v1/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


__all__ = ["PACK_PIECE_SIZE", "PIECE_SIZE", "RegistryLink", "RetryPolicy", "UploadCancelled", "enroll",
           "is_reachable"]
