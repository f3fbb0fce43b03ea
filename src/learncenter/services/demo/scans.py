"""Drawn stand-ins for the scans a clerk takes at the desk, for demo records.

A demo record is confirmed through the same service a clerk uses, and sealing needs the evidence
the level requires (``domain.evidence``): both sides of the ID card and, for 专升本, the diploma
and the CHSI record form. These are plain drawn cards marked 样例 / SAMPLE — no real document —
made once per run and shared by every demo record (the blob store keeps one copy).
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

from learncenter.domain.evidence import Evidence
from learncenter.domain.roles import SignedIn
from learncenter.services.records import RecordService

DEMO_CHSI_CODE = "DEMO0000SAMPLE00"  # 16 characters [A-Z0-9], as a CHSI online verification code

_KINDS = {Evidence.ID_FRONT: ("id_front", (236, 242, 250)), Evidence.ID_BACK: ("id_back", (246, 240, 226)),
          Evidence.PASSPORT_PAGE: ("passport_photo_page", (240, 236, 250)),
          Evidence.DIPLOMA: ("diploma", (250, 246, 236)), Evidence.CHSI_SCAN: ("chsi_form", (255, 255, 255))}


@lru_cache(maxsize=8)
def sample_scan(kind: str, background: tuple[int, int, int]) -> bytes:
    """A 428×270 card-sized JPEG with a frame, a few ruled lines and the word SAMPLE."""
    image = Image.new("RGB", (428, 270), background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((6, 6, 421, 263), radius=14, outline=(120, 130, 150), width=3)
    for y in range(70, 240, 34):
        draw.line((150, y, 400, y), fill=(170, 175, 190), width=2)
    draw.rectangle((24, 60, 130, 200), outline=(150, 150, 160), width=2)
    draw.text((160, 24), f"SAMPLE {kind}", fill=(200, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def attach_sample_evidence(records: RecordService, record_id: str, *, actor: SignedIn) -> None:
    """Give a demo record what its level needs before sealing (the photo is already there)."""
    missing = records.missing_evidence(record_id)
    scans = [(_KINDS[item][0], sample_scan(*_KINDS[item]), "image/jpeg") for item in missing if item in _KINDS]
    for item in missing:
        if item in _KINDS and scans:  # all scans in one transaction, where the first one comes
            records.attach_documents(record_id, scans, actor=actor)
            scans = []
        elif item is Evidence.CHSI_NUMBER:
            records.record_chsi_evidence(record_id, chsi_code=DEMO_CHSI_CODE, cert_report_no="", actor=actor)
        elif item is Evidence.ID_CARD_CHECKED:
            records.mark_id_card_checked(record_id, actor=actor)
