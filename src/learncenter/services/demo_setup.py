"""Filling a demo database: generated candidates entered and confirmed through the real services.

Nothing here writes to the database directly: candidates go through the domain validator and
``RecordService.enter_prepared``, in a second process, like an import, and the confirmed ones through
``RecordService.confirm`` like a clerk, so the demo shows what the software really does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.services.demo.portraits import portrait_pool
from learncenter.services.demo.scans import attach_sample_evidence
from learncenter.services.demo_exams import create_demo_session
from learncenter.services.exams import ExamService
from learncenter.services.prepared_rows import Chunk, demo_messages
from learncenter.services.records import RecordService
from learncenter.services.row_pipeline import RowPipeline
from learncenter.services.users import Role, UserService
from learncenter.store import settings
from learncenter.store.database import Database

DEMO_USERS: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "admin-demo"),
    ("clerk", Role.CLERK, "clerk-demo"),
    ("supervisor", Role.SUPERVISOR, "supervisor-demo"),
    ("entry", Role.DATA_ENTRY, "entry-demo"),
)
DEMO_CENTER = "演示学习中心（DEMO）"
PORTRAITS = 100  # distinct demo photos; content addressing stores each once
# Candidates per transaction. Each commit writes every page the transaction touched (encrypted) to
# the log, and random ID numbers, record ids and pinyin keys touch index pages all over the file:
# 10,000 a commit writes each of them once where 2,000 wrote it up to five times (200,000 candidates:
# 54-57 s -> 33-39 s). The import keeps its smaller chunk, its unit of progress and cancelling.
CHUNK = 10_000
IN_PROCESS_BELOW = 10_000  # candidates: fewer are generated here, cheaper than starting a process (1-2.5 s)


@dataclass(frozen=True)
class DemoFilled:
    candidates: int
    confirmed: int
    skipped_confirmations: int  # candidates the rules did not let through unreviewed
    session_code: str | None = None  # the sample exam session, when anyone was confirmed
    seated: int = 0


def fill_demo(
    db: Database,
    records: RecordService,
    users: UserService,
    *,
    candidates: int,
    confirmed: int,
    seed: int,
    today: date,
    progress: Callable[[str, int, int], None] | None = None,
    exams: ExamService | None = None,
) -> DemoFilled:
    (admin_name, _, admin_password), *others = DEMO_USERS
    users.add_first_admin(admin_name, password=admin_password)
    admin = users.authenticate(admin_name, admin_password)
    for name, role, password in others:
        users.add(name, role, actor=admin, password=password, must_change=False)
    clerk = users.authenticate("clerk", "clerk-demo")
    with db.session() as session, session.begin():
        settings.put(session, settings.CENTER_NAME, DEMO_CENTER)
    pool = portrait_pool(max(2, min(PORTRAITS, candidates)), seed=seed)  # even: male, odd: female
    photos = records.store_photos(pool, actor=admin)
    ids: list[str] = []
    # Generated and checked in a second process while this one writes, as an import is.
    with records.bulk_loading(durable=False), RowPipeline(demo_messages, (candidates, seed, today, len(pool) // 2, CHUNK),
                                             in_process=candidates < IN_PROCESS_BELOW) as pipeline:
        for message in pipeline:
            if isinstance(message, Chunk) and message.rows:
                ids += [o.record_id for o in records.enter_prepared(
                    message.rows, actor=admin, source="demo", state=RecordState.PRE_REGISTERED, photos=photos)]
            if isinstance(message, Chunk) and progress:
                progress("enter", len(ids), candidates)
    done = skipped = 0
    for record_id in ids:
        if done >= confirmed:
            break
        try:
            attach_sample_evidence(records, record_id, actor=clerk)
            records.confirm(record_id, actor=clerk)
        except DomainError:
            skipped += 1
            continue
        done += 1
        if progress:
            progress("confirm", done, confirmed)
    db.optimize()  # the planner's statistics for a table that just grew from nothing
    made = create_demo_session(db, exams or ExamService(db), today=today, actor=admin)
    if made is None:
        return DemoFilled(len(ids), done, skipped)
    code, plan = made
    return DemoFilled(len(ids), done, skipped, code, len(plan.assignments))
