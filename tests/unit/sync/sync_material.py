"""Batch material for the sync tests: real keys, payloads with personal data, real photos."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from learncenter.store.audit import canonical
from learncenter.protocol.envelope import SealedBatch, record_part_name, seal_batch
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair

NAME = "张三"
ID_NUMBER = "11010519491231002X"


@dataclass
class Plain:
    manifest: dict[str, Any]
    records: dict[str, bytes]
    blobs: dict[str, bytes]


def make_plain(payloads: list[dict[str, Any]], blobs: list[tuple[bytes, str]]) -> Plain:
    """A manifest listing every payload (each referring to all blobs) with correct hashes."""
    blob_map = {hashlib.sha256(data).hexdigest(): data for data, _ in blobs}
    entries = [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                "media_type": media_type} for data, media_type in blobs]
    records, parts = [], {}
    for payload in payloads:
        record_id, encoded = str(uuid.uuid4()), canonical(payload)
        records.append({"record_id": record_id, "version": 1, "replaces": None,
                        "kind": "confirmed", "content_hash": hashlib.sha256(encoded).hexdigest(),
                        "blobs": list(blob_map), "audit": ["a" * 64]})
        parts[record_part_name(record_id, 1)] = encoded
    manifest = {"created_at": "2026-11-23T08:00:00.000000Z",
                "profile_versions": {"eligibility": "default-2026.1"},
                "records": records, "blobs": entries}
    return Plain(manifest, parts, blob_map)


@dataclass
class World:
    center: SigningKeyPair
    registry_sign: SigningKeyPair
    registry: EncryptionKeyPair
    plain: Plain

    def seal(self, plain: Plain | None = None, *, batch_id: str | None = None,
             sequence: int = 42, center_id: str = "11001") -> SealedBatch:
        plain = plain or self.plain
        return seal_batch(plain.manifest, plain.records, plain.blobs,
                          center_key=self.center.private, registry_public=self.registry.public,
                          batch_id=batch_id or str(uuid.uuid4()), center_id=center_id,
                          sequence=sequence)
