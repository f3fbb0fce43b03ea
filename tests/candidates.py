"""Candidates for service tests, built through the real validator."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from PIL import Image

from learncenter.domain.lifecycle import RecordState
from learncenter.domain.validation import validate_candidate
from learncenter.services.demo.scans import attach_sample_evidence
from learncenter.services.record_entry import NewRecord
from learncenter.services.records import RecordService

TODAY = date(2026, 3, 1)


def raw_candidate(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "term": "2026春",
        "name": "张三",
        "id_number": "360426199101010071",
        "level": "高起专",
        "major_code": "530302",
        "major_name": "大数据与会计",
        "prior_education": "普通高中",
        "phone": "13800138000",
        "address": "江西省九江市德安县",
    }
    raw.update(overrides)
    return raw


def new_record(state: RecordState = RecordState.PRE_REGISTERED, photo: bytes | None = None,
               **overrides: Any) -> NewRecord:
    checked = validate_candidate(raw_candidate(**overrides), today=TODAY)
    assert checked.candidate is not None and checked.id_number is not None, checked.problems
    return NewRecord(checked.candidate, checked.id_number.entered, state, photo)


def jpeg(color: tuple[int, int, int] = (100, 197, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 64), color).save(buffer, "JPEG")
    return buffer.getvalue()


def gather_evidence(records: RecordService, record_id: str, *, actor: str) -> None:
    """What a clerk gathers at the desk before sealing: the card checked, both sides scanned and,
    where the level needs it, the diploma and the CHSI form scanned and the code typed in."""
    attach_sample_evidence(records, record_id, actor=actor)
