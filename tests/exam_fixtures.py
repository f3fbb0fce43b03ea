"""Exam sessions and confirmed candidates for the exam tests, made through the real services."""

from __future__ import annotations

from typing import Any

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.services.exam_definitions import SessionSpec, parse_session
from actors import sign_in_as

TERM = "2026春"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(serial: int, birth: str = "19910101") -> str:
    """A valid ID number (GB 11643) with sequence ``serial``; males and females alternate."""
    body = f"360426{birth}{serial:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def session_json(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "2026A-01", "name": "2026年春季入学考试", "exam_category": "网络教育入学测试", "term": TERM,
        "subjects": [{"subject": "语文", "day": "2026-04-18", "start": "09:00", "end": "11:00"},
                     {"subject": "数学", "day": "2026-04-19", "start": "14:00", "end": "16:00"}],
        "venues": [{"code": "V1", "name": "第一考点", "address": "九江市浔阳区学院路 1 号",
                    "rooms": [{"code": "R1", "name": "101 教室", "capacity": 4},
                              {"code": "R2", "name": "102 教室", "capacity": 3, "layout_columns": 2}]}],
    }
    data.update(overrides)
    return data


def session_spec(**overrides: Any) -> SessionSpec:
    return parse_session(session_json(**overrides))


def confirmed(ctx: AppContext, serials: range | list[int], *, photo: bool = True,
              names: list[str] | None = None) -> list[str]:
    """Confirm one candidate per serial, the way a clerk does; return their record IDs."""
    ids = []
    for index, serial in enumerate(serials):
        named = {"name": names[index]} if names else {}
        record_id = ctx.records.enter(new_record(photo=jpeg(), id_number=id_number(serial),
                                                 registration_no=f"26{serial:08d}", **named), actor=sign_in_as(ctx.users, "tester")).record_id
        gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
        ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
        ids.append(record_id)
    return ids


def accepted_without_photo(ctx: AppContext, serial: int) -> str:
    """A record the registry sent down already accepted but without its photo."""
    entry = new_record(RecordState.ACCEPTED, id_number=id_number(serial), registration_no=f"26{serial:08d}")
    return ctx.records.enter(entry, actor=sign_in_as(ctx.users, "sync"), source="registry").record_id
