"""What the staff console shows (issue 15), read in a few grouped queries however many centers
there are: each center's last contact, client version, batches waiting and entries returned; the
active keys; the figures of each day.

Words as the console uses them:

* **waiting**: announced batches not yet filed (``batches.state`` ``open``: their photos perhaps
  still coming; ``received``: complete, in the filing queue) and the entries they hold; beside
  them, the student-status requests waiting for a reviewer.
* **returned**: entries a commit filed as rejected (an invalid record, a conflicting version, a
  person confirmed at another center first, a status change not allowed): what the center's
  Returned records page lists after its next sync.
* **last seen**: the latest of the center's last signed request (any key, kept to the minute) and
  its last announced batch.

A day is a day of China Standard Time (UTC+8, no summer time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.registry.console_accounts import ConsoleAccounts
from learncenter.registry.console_store import Staff
from learncenter.registry.filing import aware
from learncenter.registry.store import Batch, Center, CenterKey
from learncenter.registry.student_store import WAITING, RegistryStudentEvent

CHINA = timezone(timedelta(hours=8))
MAX_DAYS = 366

define("console.date_bad", zh="“{field}”一栏的“{value}”不是日期：请写成 2026-12-04 这样。",
       en="\"{value}\" in the field \"{field}\" is not a date: write it like 2026-12-04.")
define("console.range_bad", zh="起始日期 {first} 晚于结束日期 {last}：请对调。",
       en="The first day {first} is after the last day {last}: swap them.")
define("console.range_long", zh="一次最多看 {limit} 天：请缩短日期范围。",
       en="At most {limit} days at once: shorten the range.")


@dataclass(frozen=True)
class CenterRow:
    center_id: str
    name: str
    last_seen: datetime | None
    client_version: str
    active_key: bool
    batches_waiting: int
    entries_waiting: int
    requests_waiting: int  # student-status requests waiting for a reviewer
    batches_committed: int
    accepted: int
    returned: int


@dataclass(frozen=True)
class KeyRow:
    key_id: str
    center_id: str
    center_name: str
    device_name: str
    client_version: str
    created_at: datetime
    last_seen: datetime | None


@dataclass(frozen=True)
class DayRow:
    day: date
    batches_received: int = 0
    entries_received: int = 0
    batches_committed: int = 0
    accepted: int = 0
    returned: int = 0


def day_range(first: str, last: str, today: date) -> tuple[date, date]:
    """The days between the fields ``from`` and ``to`` (both inclusive); the last 14 days when empty."""
    def parse(value: str, field: str, default: date) -> date:
        if not value.strip():
            return default
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(Problem("console.date_bad", field, {"field": field, "value": value[:20]})) from None
    end = parse(last, "to", today)
    start = parse(first, "from", end - timedelta(days=13))
    if start > end:
        raise DomainError(Problem("console.range_bad", "from", {"first": start, "last": end}))
    if (end - start).days >= MAX_DAYS:
        raise DomainError(Problem("console.range_long", "from", {"limit": MAX_DAYS}))
    return start, end


def _local_day(session: Session, column: Any) -> Any:
    """The China Standard Time day of a stored UTC moment, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(literal_column("INTERVAL '+08:00'"), column))
    return func.date(column, "+8 hours")  # SQLite keeps UTC moments as text


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _utc(day: date) -> datetime:
    """The start of a China Standard Time day, in UTC (as stored)."""
    return datetime.combine(day, time(), CHINA).astimezone(timezone.utc)


class ConsoleFigures(ConsoleAccounts):
    """The console's reads; each checks the acting account first."""

    def center_rows(self, staff: Staff) -> list[CenterRow]:
        with self._session() as session:
            self._require(session, staff)
            contact: dict[str, datetime] = {}  # a center's last signed request, any key
            newest: dict[str, tuple[datetime, str]] = {}  # its newest key: when made, the version said
            active: set[str] = set()
            for center_id, status, version, created, seen in session.execute(select(
                    CenterKey.center_id, CenterKey.status, CenterKey.client_version, CenterKey.created_at,
                    CenterKey.last_seen_at)):
                if seen is not None and (center_id not in contact or aware(seen) > contact[center_id]):
                    contact[center_id] = aware(seen)
                if center_id not in newest or aware(created) >= newest[center_id][0]:
                    newest[center_id] = (aware(created), version)
                if status == "active":
                    active.add(center_id)
            batches: dict[tuple[str, str], tuple[int, int, int, int, datetime | None]] = {}
            for center_id, state, count, received, accepted, rejected, latest in session.execute(select(
                    Batch.center_id, Batch.state, func.count(), func.sum(Batch.records_received),
                    func.sum(Batch.records_accepted), func.sum(Batch.records_rejected), func.max(Batch.created_at))
                    .group_by(Batch.center_id, Batch.state)):
                batches[(center_id, state)] = (int(count), int(received or 0), int(accepted or 0),
                                               int(rejected or 0), aware(latest) if latest is not None else None)
            requests = {center_id: int(count) for center_id, count in session.execute(
                select(RegistryStudentEvent.center_id, func.count()).where(RegistryStudentEvent.state == WAITING)
                .group_by(RegistryStudentEvent.center_id))}
            rows = []
            for center_id, name in session.execute(select(Center.center_id, Center.name).order_by(Center.center_id)):
                open_ = _summed(batches.get((center_id, "open")), batches.get((center_id, "received")))
                done = batches.get((center_id, "committed"), (0, 0, 0, 0, None))
                moments = [t for t in (contact.get(center_id), open_[4], done[4]) if t is not None]
                rows.append(CenterRow(
                    center_id, name, max(moments, default=None), newest.get(center_id, (None, ""))[1],
                    center_id in active, open_[0], open_[1], int(requests.get(center_id, 0)), done[0], done[2],
                    done[3]))
            return rows

    def active_keys(self, staff: Staff) -> list[KeyRow]:
        with self._session() as session:
            self._require(session, staff)
            return [KeyRow(key.key_id, key.center_id, name, key.device_name, key.client_version,
                           aware(key.created_at), aware(key.last_seen_at) if key.last_seen_at else None)
                    for key, name in session.execute(
                        select(CenterKey, Center.name).join(Center, Center.center_id == CenterKey.center_id)
                        .where(CenterKey.status == "active").order_by(CenterKey.center_id))]

    def daily_figures(self, staff: Staff, first: date, last: date) -> list[DayRow]:
        """Each day from ``first`` to ``last``: batches and entries received (announced), batches
        committed and their entries accepted and returned."""
        start, end = _utc(first), _utc(last + timedelta(days=1))
        with self._session() as session:
            self._require(session, staff)
            received_day = _local_day(session, Batch.created_at)
            received = {_as_date(day): (int(count), int(entries or 0)) for day, count, entries in session.execute(
                select(received_day, func.count(), func.sum(Batch.records_received))
                .where(Batch.created_at >= start, Batch.created_at < end).group_by(received_day))}
            committed_day = _local_day(session, Batch.committed_at)
            committed = {_as_date(day): (int(count), int(ok or 0), int(bad or 0)) for day, count, ok, bad in
                         session.execute(select(committed_day, func.count(), func.sum(Batch.records_accepted),
                                                func.sum(Batch.records_rejected))
                                         .where(Batch.committed_at >= start, Batch.committed_at < end)
                                         .group_by(committed_day))}
        days = []
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            got, filed = received.get(day, (0, 0)), committed.get(day, (0, 0, 0))
            days.append(DayRow(day, got[0], got[1], filed[0], filed[1], filed[2]))
        return days


def _summed(*groups: tuple[int, int, int, int, datetime | None] | None) -> tuple[int, int, int, int, datetime | None]:
    """Batch figures of several states as one (counts added, the latest moment)."""
    present = [group for group in groups if group is not None]
    moments = [group[4] for group in present if group[4] is not None]
    return (sum(g[0] for g in present), sum(g[1] for g in present), sum(g[2] for g in present),
            sum(g[3] for g in present), max(moments, default=None))
