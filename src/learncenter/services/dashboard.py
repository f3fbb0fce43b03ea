"""How the confirmation window is going: the administrator's figures, read as counts.

The dashboard shows no person: every figure is a count over the records (store.figures), read
by someone allowed to see the center's figures (supervisors and administrators) in the session
that reads them. A period is a range of the workstation's local days; by default from the day
the first record was sealed (at most :data:`DEFAULT_DAYS` back) to today.

The figures are also written as a sheet (one row per figure and item, for a spreadsheet's
filters and pivot tables) and as the daily report (documents/daily_report.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from learncenter.domain.candidate import Level
from learncenter.domain.codes import level_label
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError, Problem, define, render
from learncenter.domain.permissions import Permission
from learncenter.domain.refusal_reasons import RefusalReason, label as reason_label, reason_of
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store import figures, settings
from learncenter.store.database import Database
from learncenter.store.figures import SessionSeats

DEFAULT_DAYS = 30  # the default period reaches back at most this far
MAX_DAYS = 366  # a longer period is refused: a chart of more days says nothing a person can read
TOP_MAJORS = 12  # the chart of majors shows the largest; the sheet has them all

PERIOD_REVERSED = define("dashboard.period_reversed", zh="统计时段的开始日期（{start}）晚于结束日期（{end}），请重新选择。",
                         en="The period starts ({start}) after it ends ({end}): choose the dates again.")
PERIOD_TOO_LONG = define("dashboard.period_too_long", zh="统计时段最长 {days} 天，请缩短时段。",
                         en="A period is at most {days} days long: choose a shorter one.")

# What the sheet and the report call each figure (their rows' first column).
for _code, _zh, _en in (
    ("day_confirmed", "每日确认人数", "Confirmed per day"),
    ("day_refused", "每日拒绝人数", "Refused per day"),
    ("level", "按层次确认人数", "Confirmed per level"),
    ("major", "按专业确认人数", "Confirmed per major"),
    ("refusal", "拒绝原因", "Refusals by reason"),
    ("photo", "照片", "Photos"),
    ("state", "记录状态（全部考生）", "Records by state (all candidates)"),
    ("seats", "考试座位", "Exam seats"),
    ("notices", "已打印准考证", "Admission notices printed"),
    ("photo_retaken", "重拍过的考生", "Candidates photographed more than once"),
    ("photo_retakes", "重拍次数", "Retakes"),
    ("photo_accepted", "主管批准的照片", "Photos a supervisor accepted"),
    ("sheet_figure", "统计项", "Figure"),
    ("sheet_item", "项目", "Item"),
    ("sheet_count", "数量", "Count"),
):
    define(f"dashboard.{_code}", zh=_zh, en=_en)

for _state, _zh, _en in (
    (RecordState.PRE_REGISTERED, "网上已报名", "Registered online"),
    (RecordState.DRAFT, "录入中", "Being entered"),
    (RecordState.AWAITING_CONFIRMATION, "待确认", "Awaiting confirmation"),
    (RecordState.CONFIRMED, "已确认，待上报", "Confirmed, not sent"),
    (RecordState.REFUSED, "已拒绝，待上报", "Refused, not sent"),
    (RecordState.SUBMITTED, "已上报，待答复", "Sent, waiting for the registry"),
    (RecordState.ACCEPTED, "总部已接收", "Accepted by the registry"),
    (RecordState.RETURNED, "总部退回", "Returned by the registry"),
    (RecordState.WITHDRAWN, "已撤回", "Withdrawn"),
):
    define(f"dashboard.state.{_state.value}", zh=_zh, en=_en)


def state_label(state: str, lang: str) -> str:
    return render(f"dashboard.state.{state}", lang=lang)


def local_offset_minutes() -> int:
    """The workstation's offset from UTC now, in minutes (China: +480, no daylight saving)."""
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


@dataclass(frozen=True)
class DayCount:
    day: date
    confirmed: int
    refused: int


@dataclass(frozen=True)
class ItemCount:
    """A level or a major: its code, its name and the records sealed in the period."""

    code: str
    name: str
    confirmed: int
    refused: int


@dataclass(frozen=True)
class PhotoFigures:
    sealed: int
    retaken: int
    retakes: int
    accepted: int


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    days: tuple[DayCount, ...]  # every day of the period, in order, empty days included
    levels: tuple[ItemCount, ...]  # in the code table's order
    majors: tuple[ItemCount, ...]  # most confirmed first
    refusals: tuple[tuple[RefusalReason, int], ...]  # in the refusal dialog's order, only those seen
    photos: PhotoFigures
    states: dict[str, int] = field(default_factory=dict)  # every current record, whatever the period
    sessions: tuple[SessionSeats, ...] = ()
    center: str = ""

    @property
    def confirmed(self) -> int:
        return sum(d.confirmed for d in self.days)

    @property
    def refused(self) -> int:
        return sum(d.refused for d in self.days)

    @property
    def candidates(self) -> int:
        return sum(self.states.values())


class Dashboard:
    def __init__(self, db: Database, *, today: Callable[[], date] = date.today,
                 offset_minutes: Callable[[], int] = local_offset_minutes) -> None:
        self._db, self._today, self._offset = db, today, offset_minutes
        self._major_names: dict[str, str] = {}  # read once: a major's name does not change in a window

    def default_period(self, *, actor: SignedIn) -> tuple[date, date]:
        """From the first day a record was sealed (at most DEFAULT_DAYS back) to today."""
        today = self._today()
        with self._db.session() as session:
            require(session, actor, Permission.FIGURES)
            first = figures.first_sealed_day(session, self._offset())
        earliest = today - timedelta(days=DEFAULT_DAYS - 1)
        start = earliest if first is None else min(today, max(first, earliest))
        return start, today

    def figures(self, start: date, end: date, *, actor: SignedIn) -> Figures:
        """The figures of the local days ``start`` to ``end`` (both included)."""
        if start > end:
            raise DomainError(Problem(PERIOD_REVERSED, "period", {"start": start.isoformat(), "end": end.isoformat()}))
        if (end - start).days + 1 > MAX_DAYS:
            raise DomainError(Problem(PERIOD_TOO_LONG, "period", {"days": MAX_DAYS}))
        offset = self._offset()
        with self._db.session() as session:
            require(session, actor, Permission.FIGURES)
            sealed = list(figures.sealed_groups(session, start, end, offset))
            refused = list(figures.refused_groups(session, start, end, offset))
            states = figures.state_counts(session)
            seats = figures.session_seats(session)
            center = settings.get(session, settings.CENTER_NAME) or ""
            majors = _split(sealed, refused, lambda key: key[2])
            unknown = sorted({code for code, _refused in majors} - self._major_names.keys())
            self._major_names.update(figures.major_names(session, unknown))
        days = _split(sealed, refused, lambda key: key[0])
        span = (start + timedelta(days=n) for n in range((end - start).days + 1))
        return Figures(start, end, tuple(DayCount(day, days[(day, False)], days[(day, True)]) for day in span),
                       _levels(_split(sealed, refused, lambda key: key[1])), _majors(majors, self._major_names),
                       _refusals(refused), _photos(sealed), states, tuple(seats), center)


Key = tuple[date, str, str]  # day, level, major code


def _split(sealed: list[figures.SealedGroup], refused: list[figures.RefusedGroup],
           by: Callable[[Key], Any]) -> Counter[tuple[Any, bool]]:
    """The sealed records counted by ``by`` of their (day, level, major), as (value, refused)."""
    counts: Counter[tuple[Any, bool]] = Counter()
    for s in sealed:
        counts[(by((s.day, s.level, s.major_code)), False)] += s.records
    for r in refused:
        value = by((r.day, r.level, r.major_code))
        counts[(value, False)] -= r.records
        counts[(value, True)] += r.records
    return counts


def _levels(counts: Counter[tuple[Any, bool]]) -> tuple[ItemCount, ...]:
    codes = [level.value for level in Level] + sorted({code for code, _r in counts} - {lv.value for lv in Level})
    return tuple(ItemCount(code, level_label(code) or code, counts[(code, False)], counts[(code, True)])
                 for code in codes)


def _majors(counts: Counter[tuple[Any, bool]], names: dict[str, str]) -> tuple[ItemCount, ...]:
    codes = {code for code, _refused in counts}
    items = [ItemCount(code, names.get(code) or code, counts[(code, False)], counts[(code, True)]) for code in codes]
    return tuple(sorted(items, key=lambda item: (-item.confirmed, -item.refused, item.code)))


def _refusals(refused: list[figures.RefusedGroup]) -> tuple[tuple[RefusalReason, int], ...]:
    counts: Counter[RefusalReason] = Counter()
    for group in refused:
        counts[reason_of(group.reason_text)] += group.records
    return tuple((reason, counts[reason]) for reason in RefusalReason if counts[reason])


def _photos(groups: list[figures.SealedGroup]) -> PhotoFigures:
    return PhotoFigures(sum(g.records for g in groups), sum(g.retaken for g in groups),
                        sum(g.retakes for g in groups), sum(g.photo_accepted for g in groups))


def photo_items(found: Figures, lang: str) -> list[tuple[str, int]]:
    """The photo figures as (label, count), for the sheet and the daily report."""
    return [(render(f"dashboard.{key}", lang=lang), value) for key, value in (
        ("photo_retaken", found.photos.retaken), ("photo_retakes", found.photos.retakes),
        ("photo_accepted", found.photos.accepted))]


def figure_rows(found: Figures, lang: str) -> list[tuple[str, str, int]]:
    """Every figure as (figure, item, count) rows, in the user's language."""
    def name(code: str) -> str:
        return render(f"dashboard.{code}", lang=lang)

    rows: list[tuple[str, str, int]] = []
    rows += [(name("day_confirmed"), d.day.isoformat(), d.confirmed) for d in found.days]
    rows += [(name("day_refused"), d.day.isoformat(), d.refused) for d in found.days]
    rows += [(name("level"), level_label(i.code, lang) or i.code, i.confirmed) for i in found.levels]
    rows += [(name("major"), f"{i.code} {i.name}", i.confirmed) for i in found.majors]
    rows += [(name("refusal"), reason_label(reason, lang), count) for reason, count in found.refusals]
    rows += [(name("photo"), label, value) for label, value in photo_items(found, lang)]
    rows += [(name("state"), state_label(state.value, lang), found.states.get(state.value, 0))
             for state in RecordState]
    for s in found.sessions:
        rows += [(name("seats"), f"{s.code} {s.name}", s.seated), (name("notices"), f"{s.code} {s.name}", s.notices_printed)]
    return rows


def write_figures_sheet(found: Figures, path: Path, lang: str) -> int:
    """The figures as a spreadsheet (.xlsx or .csv): a row per figure and item."""
    from learncenter.services.sheets.writer import write_sheet  # openpyxl: loaded when a sheet is written

    headers = [render(f"dashboard.{code}", lang=lang) for code in ("sheet_figure", "sheet_item", "sheet_count")]
    return write_sheet(path, headers, figure_rows(found, lang))
