"""A confirmation window for the dashboard's tests: candidates sealed on several days through
the same services a clerk uses, each day's clock its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from actors import sign_in_as
from candidates import gather_evidence, jpeg, new_record
from conftest import TODAY
from exam_fixtures import id_number, session_spec
from learncenter.context import AppContext
from learncenter.domain.refusal_reasons import Refusal, RefusalReason

LOCAL_OFFSET = 480  # minutes: Beijing time


@dataclass(frozen=True)
class Sealing:
    at: datetime  # UTC
    level: str = "高起专"
    major: tuple[str, str] = ("530302", "大数据与会计")
    refusal: Refusal | None = None
    captures: int = 1


# 2026-02-26 and -27 in Beijing; the third is 2026-02-27 20:30 UTC = 02-28 04:30 in Beijing.
WINDOW = (
    Sealing(datetime(2026, 2, 26, 1, 0, tzinfo=UTC)),
    Sealing(datetime(2026, 2, 26, 2, 0, tzinfo=UTC), level="高起本", major=("510201", "计算机应用技术"), captures=3),
    Sealing(datetime(2026, 2, 27, 20, 30, tzinfo=UTC), refusal=Refusal(RefusalReason.NOT_IN_PERSON)),
    Sealing(datetime(2026, 2, 28, 3, 0, tzinfo=UTC), major=("510201", "计算机应用技术")),
    Sealing(datetime(2026, 2, 28, 4, 0, tzinfo=UTC),
            refusal=Refusal(RefusalReason.ID_MISMATCH, "证件照片与本人明显不符"), captures=2),
    Sealing(datetime(2026, 3, 1, 1, 0, tzinfo=UTC), refusal=Refusal(RefusalReason.OTHER, "本人要求撤销报名")),
)


def seal_window(ctx: AppContext, window: tuple[Sealing, ...] = WINDOW, *, first_serial: int = 100) -> list[str]:
    """Enter, photograph, check and seal (confirm or refuse) each sealing on its own clock."""
    ids = []
    for n, sealing in enumerate(window):
        day_ctx = AppContext.build(ctx.db, clock=lambda at=sealing.at: at, today=lambda: TODAY)
        clerk = sign_in_as(day_ctx.users, "clerk1")
        code, name = sealing.major
        record_id = day_ctx.records.enter(
            new_record(photo=jpeg(), id_number=id_number(first_serial + n), level=sealing.level, major_code=code,
                       major_name=name, registration_no=f"26{first_serial + n:08d}"),
            actor=sign_in_as(day_ctx.users, "tester")).record_id
        for _ in range(sealing.captures):
            day_ctx.records.record_photo_attempt(record_id, jpeg(), actor=clerk)
        gather_evidence(day_ctx.records, record_id, actor=clerk)
        if sealing.refusal is None:
            day_ctx.records.confirm(record_id, actor=clerk)
        else:
            day_ctx.records.refuse(record_id, actor=clerk, reason=sealing.refusal.record_text())
        ids.append(record_id)
    return ids


def seat_and_print(ctx: AppContext) -> None:
    """The sample exam session, its confirmed candidates seated and their notices printed."""
    admin = sign_in_as(ctx.users, "admin")
    ctx.exams.save_session(session_spec(), actor=admin)
    ctx.exams.assign("2026A-01", preview=False, actor=admin)
    ctx.exams.record_printed_notices("2026A-01", actor=admin)
