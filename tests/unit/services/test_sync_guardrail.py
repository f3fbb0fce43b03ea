"""The sync guardrail: warn, then refuse new confirmations, when sealed records wait too long."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.sync_limits import GuardLevel, SyncLimits
from learncenter.services.profiles import load_sync_limits
from learncenter.services.sync_guardrail import sync_guard
from learncenter.store.database import Database
from learncenter.store.models import OutboxItem
from actors import sign_in_as

TERMS = ("2026春", "2026秋", "2027春")


def test_limits_come_from_the_profile_and_are_checked(tmp_path: Path) -> None:
    assert load_sync_limits() == SyncLimits(3, 7)
    assert SyncLimits.from_dict({"sync_warn_days": 2}) == SyncLimits(2, 7)
    for bad in ({"sync_warn_days": 0}, {"sync_warn_days": 5, "sync_block_days": 4}, {"sync_wran_days": 3},
                {"sync_block_days": "7"}):
        with pytest.raises(DomainError):
            SyncLimits.from_dict(bad)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "sync.json").write_text('{"sync_warn_days": 1, "sync_block_days": 2}')
    assert load_sync_limits(tmp_path) == SyncLimits(1, 2)
    limits = SyncLimits(3, 7)
    assert [limits.level(d) for d in (None, 0, 2.9, 3, 6.99, 7, 30)] == [
        GuardLevel.OK, GuardLevel.OK, GuardLevel.OK, GuardLevel.WARN, GuardLevel.WARN, GuardLevel.BLOCK,
        GuardLevel.BLOCK]


def _context_at(db: Database, moment: datetime) -> AppContext:
    return AppContext.build(db, clock=lambda: moment, today=lambda: date(2026, 3, 1))


def _ready(ctx: AppContext, term: str) -> str:
    record_id = ctx.records.enter(new_record(photo=jpeg(), term=term), actor=sign_in_as(ctx.users, "tester")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "tester"))
    return record_id


def test_confirmations_stop_after_the_blocking_limit(ctx: AppContext) -> None:
    start = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    ctx.records.confirm(_ready(ctx, TERMS[0]), actor=sign_in_as(ctx.users, "tester"))
    with ctx.db.session() as session:
        guard = sync_guard(session, SyncLimits(), (start + timedelta(days=4)).replace(tzinfo=None))
        assert guard.level is GuardLevel.WARN and guard.waiting == 1
        assert guard.problem() is not None and "sync export" in guard.problem().text("en")  # type: ignore[union-attr]

    later = _context_at(ctx.db, start + timedelta(days=4))
    later.records.confirm(_ready(later, TERMS[1]), actor=sign_in_as(ctx.users, "tester"))  # warned, not blocked

    blocked = _context_at(ctx.db, start + timedelta(days=7, minutes=1))
    record_id = _ready(blocked, TERMS[2])
    with pytest.raises(DomainError) as caught:
        blocked.records.confirm(record_id, actor=sign_in_as(ctx.users, "tester"))
    assert caught.value.problem.code == "sync.guard_blocked"
    assert "learncenter sync export" in caught.value.text("zh") and "不能确认新的考生" in caught.value.text("zh")

    with ctx.db.session() as session, session.begin():  # the registry answered: the guard lifts
        for item in session.query(OutboxItem):
            item.state = "accepted"
    assert blocked.records.confirm(record_id, actor=sign_in_as(ctx.users, "tester")).state.value == "confirmed"
