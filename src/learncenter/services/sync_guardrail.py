"""The sync guardrail: how long the oldest sealed record has waited for the registry.

A sealed record (confirmed, refused or corrected) "waits" from the moment it entered the
outbox until the registry's verified receipt answers it: sent but unanswered still counts, as
a batch on a USB stick that never reached the registry helps nobody. Past the profile's warning
limit the clerk is told; past the blocking limit new confirmations are refused until the
center syncs or exports, so the registry's picture of the term never falls further behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.sync_limits import GuardLevel, SyncLimits
from learncenter.store.models import OutboxItem
from learncenter.store.sync_models import UNANSWERED_STATES

SYNC_WARNING = define(
    "sync.guard_warning",
    zh="有 {count} 条已封存的记录等待上报已 {days} 天（提醒阈值 {warn} 天）：请尽快同步（learncenter sync run）"
       "或导出批次文件（learncenter sync export）。超过 {block} 天将不能再确认新的考生。",
    en="{count} sealed records have waited {days} days for the registry (warning after {warn}): sync "
       "(learncenter sync run) or export a batch file (learncenter sync export) soon. After {block} days "
       "no new candidate can be confirmed.",
)
SYNC_BLOCKED = define(
    "sync.guard_blocked",
    zh="已封存的记录等待上报已 {days} 天，超过 {block} 天的上限：在同步（learncenter sync run）或导出批次文件"
       "（learncenter sync export）并导入回执之前，不能确认新的考生。",
    en="Sealed records have waited {days} days for the registry, more than the limit of {block}: no new "
       "candidate can be confirmed until the center syncs (learncenter sync run) or exports a batch file "
       "(learncenter sync export) and imports the receipt.",
)


@dataclass(frozen=True)
class SyncGuard:
    level: GuardLevel
    waited_days: float | None  # of the oldest unanswered sealed record; None when none waits
    waiting: int  # unanswered sealed records
    limits: SyncLimits

    def problem(self) -> Problem | None:
        """What to tell the clerk at this level (None when all is well)."""
        days = f"{self.waited_days:.1f}" if self.waited_days is not None else "0"
        params = {"days": days, "count": self.waiting, "warn": self.limits.warn_days,
                  "block": self.limits.block_days}
        if self.level is GuardLevel.BLOCK:
            return Problem(SYNC_BLOCKED, None, params)
        if self.level is GuardLevel.WARN:
            return Problem(SYNC_WARNING, None, params)
        return None


def sync_guard(session: Session, limits: SyncLimits, now: datetime) -> SyncGuard:
    """The guard now (``now`` naive UTC, like the stored times)."""
    oldest, waiting = session.execute(
        select(func.min(OutboxItem.created_at), func.count())
        .where(OutboxItem.state.in_(UNANSWERED_STATES))).one()
    waited = (now - oldest).total_seconds() / 86400 if oldest is not None else None
    return SyncGuard(limits.level(waited), waited, int(waiting or 0), limits)


def refuse_if_blocked(session: Session, limits: SyncLimits, now: datetime) -> None:
    """Raise the blocking message when the guard is past its longer limit."""
    guard = sync_guard(session, limits, now)
    problem = guard.problem()
    if guard.level is GuardLevel.BLOCK and problem is not None:
        raise DomainError(problem)
