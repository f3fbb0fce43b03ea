"""Batches as a learning center would send them, for the registry's tests and benchmark.

Payloads have the shape of the center's outbox items (``RecordService._payload``: candidate
data as plain JSON, verdict, photo checks, who sealed and when), with valid ID numbers and
small real JPEG photos, sealed with :func:`learncenter.protocol.envelope.seal_batch`.
"""

from __future__ import annotations

import hashlib
import io
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from PIL import Image

from learncenter.domain.canonical import canonical
from learncenter.protocol.envelope import SealedBatch, record_part_name, seal_batch
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.wire import RECEIVED
from learncenter.sync.link import RECEIPT_WAIT

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(n: int, region: str = "360426") -> str:
    """The n-th distinct valid 18-character ID number (birth dates from 1970, sequence 0-999)."""
    birth = date(1970, 1, 1) + timedelta(days=n // 1000)
    body = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, _WEIGHTS))
    return body + _CHECK[total % 11]


def candidate(n: int, term: str = "2026秋", **overrides: Any) -> dict[str, Any]:
    """Candidate fields as the outbox holds them (``store.records.json_ready``)."""
    number = id_number(n)
    data: dict[str, Any] = {
        "term": term, "name": "张三", "gender": "1" if int(number[16]) % 2 else "2",
        "birth_date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}", "id_number": number,
        "level": "gqz", "major_code": "530302", "major_name": "大数据与会计", "ethnicity": "01",
        "political_status": "13", "learning_form": "online", "registration_no": "",
        "phone": "13800138000", "address": "江西省九江市德安县", "prior_education": "high_school",
        "prior_school": "", "prior_certificate_no": "", "prior_graduation_date": None,
        "chsi_code": "", "cert_report_no": "",
    }
    data.update(overrides)
    return data


def jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 32), (seed % 256, (seed // 256) % 256, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def payload(record_id: str, version: int, cand: dict[str, Any], photo_sha256: str | None,
            state: str = "confirmed", replaces: str | None = None) -> dict[str, Any]:
    return {
        "record_id": record_id, "version": version, "replaces": replaces, "state": state,
        "candidate": cand, "id_number_entered": cand["id_number"], "photo_sha256": photo_sha256,
        "photo_checks": {"face": "ok"}, "photo_accepted_by": "clerk1",
        "id_card_checked_by": "clerk1",
        "verdict": {"outcome": "eligible", "reasons": []},
        "refusal_reason": "" if state != "refused" else "材料不全",
        "correction_reason": "" if replaces is None else "更正姓名",
        "approved_by": None if replaces is None else "supervisor",
        "sealed_at": "2026-11-23T08:00:00+00:00", "sealed_by": "clerk1",
    }


@dataclass
class Record:
    """One record version to put in a batch."""

    record_id: str
    version: int
    kind: str
    payload: dict[str, Any]
    photo: bytes | None

    @property
    def encoded(self) -> bytes:
        return canonical(self.payload)


def record(n: int, *, kind: str = "confirmed", photo: bytes | None = None,
           record_id: str | None = None, version: int = 1, **overrides: Any) -> Record:
    record_id = record_id or str(uuid.uuid4())
    photo = photo if photo is not None else jpeg(n)
    sha = hashlib.sha256(photo).hexdigest()
    state = "refused" if kind == "refused" else "confirmed"
    return Record(record_id, version, kind,
                  payload(record_id, version, candidate(n, **overrides), sha, state), photo)


@dataclass
class CenterSide:
    """A learning center: its id, its device key and its next batch sequence."""

    center_id: str
    key: SigningKeyPair = field(default_factory=SigningKeyPair.generate)
    sequence: int = 0

    def seal(self, records: list[Record], registry_public: X25519PublicKey, *,
             sequence: int | None = None, batch_id: str | None = None,
             center_id: str | None = None, key: SigningKeyPair | None = None,
             extra: dict[str, Any] | None = None) -> SealedBatch:
        """A batch of ``records``; the sequence advances unless given; ``extra`` fields go
        into the manifest (an audit head)."""
        if sequence is None:
            self.sequence += 1
            sequence = self.sequence
        blobs = {}
        for item in records:
            if item.photo is not None:
                blobs[hashlib.sha256(item.photo).hexdigest()] = item.photo
        manifest = {
            "created_at": "2026-11-23T08:00:00.000000Z",
            "profile_versions": {"eligibility": "default-2026.1"},
            "records": [{"record_id": item.record_id, "version": item.version,
                         "replaces": item.payload["replaces"], "kind": item.kind,
                         "content_hash": hashlib.sha256(item.encoded).hexdigest(),
                         "blobs": ([hashlib.sha256(item.photo).hexdigest()]
                                   if item.photo is not None else []),
                         "audit": [hashlib.sha256(item.record_id.encode()).hexdigest()]}
                        for item in records],
            "blobs": [{"sha256": sha, "size": len(data), "media_type": "image/jpeg"}
                      for sha, data in blobs.items()],
            **(extra or {}),
        }
        parts = {record_part_name(item.record_id, item.version): item.encoded for item in records}
        return seal_batch(manifest, parts, blobs, center_key=(key or self.key).private,
                          registry_public=registry_public,
                          batch_id=batch_id or str(uuid.uuid4()),
                          center_id=center_id or self.center_id, sequence=sequence)


def held_photo(registry: Any, sha256: str) -> bytes:
    """A photo the registry filed, read as it stores it: its part of a pack in the object store (or
    the row of a registry without one), opened with the data key. Read straight from storage, for tests:
    the service itself hands photos to nobody."""
    from sqlalchemy import select

    from learncenter.registry.objects import blob_name, pack_name
    from learncenter.registry.store import Blob
    from learncenter.registry.vault import blob_place

    with registry._session() as session:
        row = session.scalars(select(Blob).where(Blob.sha256 == sha256)).one()
    if row.data is not None:  # a registry without a store
        sealed = row.data
    elif row.pack is not None:  # its part of its batch's pack
        sealed = registry.objects.get_range(pack_name(row.pack), row.pack_offset, row.pack_length)
    else:  # an object of its own, written before packs
        sealed = registry.objects.get(blob_name(sha256))
    assert not sealed.startswith(b"\xff\xd8"), "a photo stored in the clear"
    return bytes(registry.keys.data.open(sealed, blob_place(sha256)))


def filed(link: Any, answer: dict[str, Any], *, patience: float = 120.0) -> dict[str, Any]:
    """The receipt an upload's ``answer`` stands for: the answer itself, or, while the registry says
    it is filing the batch, asked for again (each ask waiting at the registry, as the engine's do)
    until filed."""
    began = time.monotonic()
    while answer.get("state") == RECEIVED:
        left = patience - (time.monotonic() - began)
        assert left > 0, f"batch {answer.get('batch_id')} not filed within {patience} s"
        answer = link.receipt(str(answer.get("batch_id")), wait=min(RECEIPT_WAIT, left))
    return answer
