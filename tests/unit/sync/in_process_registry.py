"""A registry in the test process, made only of the real protocol code.

It opens every batch with :func:`open_batch` (all signatures and hashes checked) and answers
with a receipt from :func:`build_receipt`, signed with its own real key; down-sync pages are
signed the same way. It is not a mock of the center's code: the center's engine, receipts and
down-sync run for real against it, and it refuses what a real registry refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.protocol.envelope import OpenedBatch, SealedBatch, open_batch
from learncenter.protocol.errors import BAD_CODE, SEQUENCE_GAP, UNKNOWN_KEY, UNKNOWN_MATERIAL, SyncError
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair, b64url, ed25519_public, public_raw
from learncenter.protocol.receipt import build_receipt, utc_text
from learncenter.protocol.signing import sign_object
from actors import sign_in_as

CENTER_ID = "11001"
CODE = "ABCDE-FGHIJ"
URL = "http://127.0.0.1:9/"
COMMITTED_AT = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@dataclass
class InProcessRegistry:
    sign: SigningKeyPair = field(default_factory=SigningKeyPair.generate)
    enc: EncryptionKeyPair = field(default_factory=EncryptionKeyPair.generate)
    center_public: Ed25519PublicKey | None = None
    revoked: list[bytes] = field(default_factory=list)
    receipts: dict[str, dict[str, Any]] = field(default_factory=dict)
    opened: list[OpenedBatch] = field(default_factory=list)
    last_sequence: int = 0
    reject: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # record_id -> code, zh, en
    down: list[dict[str, Any]] = field(default_factory=list)  # changes without seq
    fail_upload: Callable[[SealedBatch], None] | None = None
    connected: tuple[str, str] | None = None
    page_size: int = 500
    materials: dict[str, bytes] = field(default_factory=dict)  # SHA-256 -> a submitted photo or scan
    update: dict[str, Any] | None = None  # the signed update manifest it publishes, if any

    # -- §3 -------------------------------------------------------------------------------

    def enroll(self, url: str, *, code: str, center_public: bytes, device_name: str,
               client_version: str, timeout: float = 30.0) -> dict[str, Any]:
        if code != CODE:
            raise SyncError(BAD_CODE)
        if self.center_public is not None:
            self.revoked.append(public_raw(self.center_public))
        self.center_public = ed25519_public(center_public)
        return sign_object(self.sign.private, {
            "center_id": CENTER_ID, "center_name": "九江学习中心",
            "registry_signing_key": b64url(self.sign.public_raw),
            "registry_encryption_key": b64url(self.enc.public_raw),
            "number_block": {"first": 260000001, "last": 260099999},
            "signed_at": utc_text(COMMITTED_AT)})

    # -- §5, §6 ---------------------------------------------------------------------------

    def upload(self, sealed: SealedBatch, *, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
        if self.fail_upload is not None:
            self.fail_upload(sealed)
        batch_id = sealed.header.get("batch_id")
        if isinstance(batch_id, str) and batch_id in self.receipts:
            return self.receipts[batch_id]  # a retry of a committed batch
        if self.center_public is None:
            raise SyncError(UNKNOWN_KEY)
        opened = open_batch(sealed, registry_private=self.enc.private, center_public=self.center_public,
                            expected_center_id=CENTER_ID)
        if opened.header["sequence"] != self.last_sequence + 1:
            raise SyncError(SEQUENCE_GAP)
        return self.commit(opened)

    def commit(self, opened: OpenedBatch) -> dict[str, Any]:
        results = []
        for record in opened.manifest["records"]:
            result: dict[str, Any] = {"record_id": record["record_id"], "version": record["version"],
                                      "status": "accepted"}
            if record["record_id"] in self.reject:
                code, zh, en = self.reject[record["record_id"]]
                result.update(status="rejected", code=code, reason_zh=zh, reason_en=en)
            results.append(result)
        receipt = build_receipt(registry_key=self.sign.private, batch_id=opened.header["batch_id"],
                                center_id=CENTER_ID, sequence=opened.header["sequence"],
                                manifest_hash=opened.manifest_hash, results=results,
                                committed_at=COMMITTED_AT)
        self.opened.append(opened)
        self.last_sequence = opened.header["sequence"]
        self.receipts[opened.header["batch_id"]] = receipt
        return receipt

    def receipt(self, batch_id: str, *, wait: float = 0) -> dict[str, Any]:
        return self.receipts[batch_id]  # filed at commit: never waits

    def connect(self, url: str, *, center_id: str, key: Any) -> InProcessRegistry:
        """Stands where ``RegistryLink(url, center_id=..., key=...)`` stands in the CLI."""
        self.connected = (url, center_id)
        return self

    def close(self) -> None:
        pass

    # -- §8 -------------------------------------------------------------------------------

    def update_manifest(self) -> dict[str, Any] | None:
        return self.update  # a test signs one with self.sign.private (sync.update_manifest)

    def material(self, sha256: str) -> bytes:
        if sha256 not in self.materials:
            raise SyncError(UNKNOWN_MATERIAL)
        return self.materials[sha256]

    def changes(self, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        start, size = int(cursor or 0), min(limit, self.page_size)
        page = [{"seq": start + i + 1, **change} for i, change in enumerate(self.down[start:start + size])]
        end = start + len(page)
        return sign_object(self.sign.private, {
            "format": "learncenter-changes/1", "center_id": CENTER_ID, "cursor": cursor,
            "changes": page, "next_cursor": str(end), "more": end < len(self.down)})


TERMS = ("2026春", "2026秋", "2027春", "2027秋", "2028春")


def confirmed_record(ctx: AppContext, term: str, *, scan: bytes | None = None) -> str:
    """A record entered with a photo (and a scan), ID card checked, then confirmed."""
    record_id = ctx.records.enter(new_record(photo=jpeg(), term=term), actor=sign_in_as(ctx.users, "tester")).record_id
    if scan is not None:
        ctx.records.attach_document(record_id, "diploma", scan, actor=sign_in_as(ctx.users, "tester"), media_type="application/pdf")
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "tester"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "tester"))
    return record_id
