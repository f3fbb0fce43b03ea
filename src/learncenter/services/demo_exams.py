"""The demo's exam session: venues, rooms and seats, so notices can be printed right after `demo`.

Defined through the same JSON reader an administrator's file goes through, and seated through
``ExamService.assign`` like any session, so the demo shows the real path.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from learncenter.domain.roles import SignedIn
from learncenter.domain.seating import SeatingPlan
from learncenter.services.exam_definitions import parse_session
from learncenter.services.exams import SEATED_STATES, ExamService
from learncenter.store.database import Database
from learncenter.store.models import Record

FIXED_SEATS = 30 + 24 - 2  # the first two rooms; the third grows with the number of candidates


def demo_session_json(*, term: str, today: date, candidates: int) -> dict[str, object]:
    """Two subjects on the Saturday and Sunday about six weeks ahead; three rooms of different sizes."""
    saturday = today + timedelta(days=42 + (5 - today.weekday()) % 7)
    third = max(20, -(-(candidates - FIXED_SEATS) // 10) * 10)
    return {
        "code": f"{saturday.year}A-01", "name": f"{saturday.year}年{term[-1]}季网络教育入学考试",
        "exam_category": "网络教育入学测试", "term": term,
        "subjects": [
            {"subject": "大学语文", "day": saturday.isoformat(), "start": "09:00", "end": "11:00"},
            {"subject": "高等数学", "day": saturday.isoformat(), "start": "14:00", "end": "16:00"},
            {"subject": "大学英语", "day": (saturday + timedelta(days=1)).isoformat(), "start": "09:00", "end": "11:00"},
        ],
        "venues": [{
            "code": "JJ01", "name": "九江学院考点（演示）", "address": "江西省九江市濂溪区前进东路 551 号",
            "rooms": [
                {"code": "A101", "name": "A 栋 101", "capacity": 30},
                {"code": "A102", "name": "A 栋 102", "capacity": 24, "layout_columns": 6, "seats_kept_free": 2},
                {"code": "B201", "name": "B 栋 201", "capacity": third},
            ],
        }],
    }


def create_demo_session(db: Database, exams: ExamService, *, today: date,
                        actor: SignedIn) -> tuple[str, SeatingPlan] | None:
    """Define the demo session for the term most confirmed candidates applied for, and seat them."""
    with db.session() as session:
        terms = Counter(session.scalars(select(Record.term).where(
            Record.is_current.is_(True), Record.state.in_([s.value for s in SEATED_STATES]))).all())
    if not terms:
        return None
    term, count = max(terms.items(), key=lambda item: (item[1], item[0]))
    spec = parse_session(demo_session_json(term=term, today=today, candidates=count))
    exams.save_session(spec, actor=actor)
    return spec.code, exams.assign(spec.code, preview=False, actor=actor)
