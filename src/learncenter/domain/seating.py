"""Seat assignment for one exam session (issue 5): every confirmed candidate gets a room and seat.

The rules are pure so the clerk can preview a plan, re-run it and compare, and so tests can pin
them down without a database. Three promises shape the code:

* The same input gives the same plan, whatever order it arrives in. Rooms and candidates are
  sorted by stable keys first (natural order of IDs, so "R2" comes before "R10"); nothing depends
  on randomness or hash order.
* Late confirmations never move anyone. Admission notices with room and seat may already be
  printed, so an existing assignment is kept exactly while its candidate is still listed and its
  seat is still usable; new candidates only take seats that are free.
* A plan that does not fit says so (``seating.over_capacity``) instead of failing: the clerk
  needs to see how many seats are missing to add a room.

Seats kept free are the highest-numbered ones of a room, so the usable seats stay numbered from
01 without gaps and the spare seats are at the back, where latecomers and invigilators need them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from learncenter.domain.candidate import Level
from learncenter.domain.messages import DomainError, Problem, define

OVER_CAPACITY = define(
    "seating.over_capacity",
    zh="有 {unseated} 名考生没有座位，还差 {missing} 个座位：请增加考场或座位后重新编排",
    en="{unseated} candidates have no seat, {missing} seats are missing: add rooms or seats and assign again",
)
SEAT_LOST = define(
    "seating.seat_lost",
    zh="{count} 名考生原来的座位已不可用（考场已删除或座位改为预留），已重新编排：请重新打印他们的准考证",
    en="{count} candidates lost their seat (room removed or seat now kept free) and were seated again: "
    "reprint their admission notices",
)
DUPLICATE_ROOM = define(
    "seating.duplicate_room",
    zh="考场编号“{room_id}”重复：每个考场的编号必须不同",
    en="Room ID '{room_id}' is used more than once: every room needs its own ID",
)
DUPLICATE_CANDIDATE = define(
    "seating.duplicate_candidate",
    zh="考生记录“{record_id}”出现了不止一次：每名考生只能编排一个座位",
    en="Candidate record '{record_id}' is listed more than once: each candidate gets one seat",
)
NEGATIVE_CAPACITY = define(
    "seating.negative_capacity",
    zh="考场“{room_id}”的座位数 {capacity} 不能为负数",
    en="Room '{room_id}' cannot have a negative number of seats ({capacity})",
)
BAD_SEATS_KEPT_FREE = define(
    "seating.bad_seats_kept_free",
    zh="考场“{room_id}”预留空座 {seats_kept_free} 个，应在 0 到座位数 {capacity} 之间",
    en="Room '{room_id}' keeps {seats_kept_free} seats free; it must be between 0 and its {capacity} seats",
)
BAD_LAYOUT_COLUMNS = define(
    "seating.bad_layout_columns",
    zh="考场“{room_id}”每排座位数 {layout_columns} 必须是正整数",
    en="Room '{room_id}' must have a positive number of seats per row, not {layout_columns}",
)

_Key = tuple[tuple[int, str], ...]
_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


def _natural(text: str) -> _Key:
    """Sort key that orders digit runs by value; distinct strings never compare equal."""
    parts = re.split(r"(\d+)", text)
    return tuple((int(part), part) if i % 2 else (-1, part) for i, part in enumerate(parts))


def natural_key(text: str) -> _Key:
    """The order rooms and seats are listed in everywhere else too ("R2" before "R10")."""
    return _natural(text)


@dataclass(frozen=True)
class Room:
    room_id: str
    name: str
    capacity: int
    seats_kept_free: int = 0
    layout_columns: int | None = None  # seats per row; labels become "row-column" when set

    @property
    def usable_seats(self) -> int:
        return max(0, self.capacity - self.seats_kept_free)

    def seat_label(self, index: int) -> str:
        """Label of the 0-based seat ``index``; zero-padded so labels also sort as text."""
        if self.layout_columns:
            row, column = divmod(index, self.layout_columns)
            return f"{row + 1}-{column + 1:0{max(2, len(str(self.layout_columns)))}d}"
        return f"{index + 1:0{max(2, len(str(self.capacity)))}d}"

    def usable_labels(self) -> tuple[str, ...]:
        return tuple(self.seat_label(i) for i in range(self.usable_seats))

    def side_by_side(self, left: int, right: int) -> bool:
        """Whether seat ``left`` is directly beside seat ``right`` (same row, consecutive)."""
        if left < 0 or right != left + 1 or right >= self.usable_seats:
            return False
        return not self.layout_columns or right % self.layout_columns != 0


@dataclass(frozen=True)
class SeatCandidate:
    record_id: str
    level: Level
    major_code: str
    learning_group: str = ""  # "" means no group: never counts as a clash
    sort_key: str = ""  # e.g. the registration number; makes the order independent of input order


@dataclass(frozen=True)
class SeatRules:
    group_by_level_and_major: bool = True  # rooms hold contiguous level/major blocks (one paper per block)
    fill_rooms_in_order: bool = True  # False: deal candidates round-robin to the least occupied room
    spread_learning_groups: bool = True  # side-by-side seats avoid the same learning group


@dataclass(frozen=True)
class Assignment:
    record_id: str
    room_id: str
    seat: str


@dataclass(frozen=True)
class SeatingPlan:
    rooms: tuple[Room, ...]  # in fill order
    assignments: tuple[Assignment, ...]  # by room (fill order), then seat
    unseated: tuple[str, ...]  # record ids that did not fit, in candidate order
    problems: tuple[Problem, ...] = ()

    def free_seats(self) -> dict[str, int]:
        used = Counter(a.room_id for a in self.assignments)
        return {room.room_id: room.usable_seats - used[room.room_id] for room in self.rooms}

    def by_record_id(self) -> dict[str, Assignment]:
        """The plan in the shape ``assign_seats(existing=...)`` takes for the next run."""
        return {a.record_id: a for a in self.assignments}


_NOTHING_ASSIGNED: Mapping[str, Assignment] = MappingProxyType({})


def assign_seats(
    candidates: Iterable[SeatCandidate],
    rooms: Iterable[Room],
    *,
    rules: SeatRules = SeatRules(),
    existing: Mapping[str, Assignment] = _NOTHING_ASSIGNED,
) -> SeatingPlan:
    """Seat ``candidates`` in ``rooms``, keeping every still-valid seat of ``existing``.

    Existing seats of candidates no longer listed are released. Rooms are filled in natural
    order of their IDs. Raises :class:`DomainError` for input no plan can be made from.
    """
    people = sorted(candidates, key=lambda c: _candidate_key(c, rules.group_by_level_and_major))
    halls = sorted(rooms, key=lambda r: _natural(r.room_id))
    _validate(people, halls)

    listed = {c.record_id: c for c in people}
    index_of = {r.room_id: {label: i for i, label in enumerate(r.usable_labels())} for r in halls}
    seats: dict[str, dict[int, SeatCandidate]] = {r.room_id: {} for r in halls}
    lost: list[str] = []
    for record_id in sorted(existing, key=_natural):  # sorted: a double booking resolves the same way
        if record_id not in listed:
            continue  # withdrawn: the seat is released
        old = existing[record_id]
        index = index_of.get(old.room_id, {}).get(old.seat)
        if index is None or index in seats[old.room_id]:
            lost.append(record_id)
            continue
        seats[old.room_id][index] = listed[record_id]

    kept = {c.record_id for room_seats in seats.values() for c in room_seats.values()}
    newcomers = [c for c in people if c.record_id not in kept]
    quotas = _quotas(halls, seats, len(newcomers), rules.fill_rooms_in_order)
    start = 0
    for room in halls:
        batch = newcomers[start : start + quotas[room.room_id]]
        start += len(batch)
        _place(room, batch, seats[room.room_id], rules)
    unseated = tuple(c.record_id for c in newcomers[start:])

    problems: list[Problem] = []
    if lost:
        problems.append(Problem(SEAT_LOST, "seat", {"count": len(lost), "record_ids": tuple(lost)}))
    if unseated:
        problems.append(Problem(OVER_CAPACITY, "rooms", {"unseated": len(unseated), "missing": len(unseated)}))
    assignments = tuple(
        Assignment(seats[room.room_id][i].record_id, room.room_id, room.seat_label(i))
        for room in halls
        for i in sorted(seats[room.room_id])
    )
    return SeatingPlan(tuple(halls), assignments, unseated, tuple(problems))


def _candidate_key(candidate: SeatCandidate, by_level_and_major: bool) -> tuple[_Key, ...]:
    tail = (_natural(candidate.sort_key), _natural(candidate.record_id))
    if not by_level_and_major:
        return tail
    return (((_LEVEL_RANK[candidate.level], ""),), _natural(candidate.major_code), *tail)


def _validate(people: list[SeatCandidate], halls: list[Room]) -> None:
    problems: list[Problem] = []
    for room_id, count in Counter(r.room_id for r in halls).items():
        if count > 1:
            problems.append(Problem(DUPLICATE_ROOM, "room_id", {"room_id": room_id}))
    for record_id, count in Counter(c.record_id for c in people).items():
        if count > 1:
            problems.append(Problem(DUPLICATE_CANDIDATE, "record_id", {"record_id": record_id}))
    for room in halls:
        params = {"room_id": room.room_id, "capacity": room.capacity}
        if room.capacity < 0:
            problems.append(Problem(NEGATIVE_CAPACITY, "capacity", params))
        elif not 0 <= room.seats_kept_free <= room.capacity:
            problems.append(
                Problem(BAD_SEATS_KEPT_FREE, "seats_kept_free", {**params, "seats_kept_free": room.seats_kept_free})
            )
        if room.layout_columns is not None and room.layout_columns <= 0:
            problems.append(
                Problem(BAD_LAYOUT_COLUMNS, "layout_columns",
                        {"room_id": room.room_id, "layout_columns": room.layout_columns})
            )
    if problems:
        raise DomainError(*problems)


def _quotas(halls: list[Room], seats: dict[str, dict[int, SeatCandidate]], count: int, in_order: bool) -> dict[str, int]:
    """How many newcomers each room takes; they get contiguous slices, so level/major blocks stay whole."""
    free = {r.room_id: r.usable_seats - len(seats[r.room_id]) for r in halls}
    quota = dict.fromkeys(free, 0)
    if in_order:
        for room_id, room_free in free.items():
            quota[room_id] = min(room_free, count)
            count -= quota[room_id]
        return quota
    for _ in range(count):
        open_rooms = [room_id for room_id in free if quota[room_id] < free[room_id]]
        if not open_rooms:
            break
        # min() keeps the first of equals, so ties go to the earlier room: a round-robin deal
        target = min(open_rooms, key=lambda room_id: len(seats[room_id]) + quota[room_id])
        quota[target] += 1
    return quota


def _place(room: Room, batch: list[SeatCandidate], seats: dict[int, SeatCandidate], rules: SeatRules) -> None:
    """Put ``batch`` (in candidate order) into the free seats of ``room``, in seat order.

    With spreading, each seat takes from the current level/major block the candidate of the
    learning group with most candidates left that differs from the side-by-side neighbours
    (ties by group name, then candidate order). Guarantee: in a room filled from empty, within a
    block no two side-by-side seats share a learning group whenever no group holds more than half
    (rounded up) of the block's candidates; at block borders and beside kept seats it is best effort.
    """
    free = [i for i in range(room.usable_seats) if i not in seats][: len(batch)]
    if not rules.spread_learning_groups:
        seats.update(zip(free, batch))
        return
    blocks: list[list[SeatCandidate]] = []
    for candidate in batch:
        if not blocks or (rules.group_by_level_and_major and _block(blocks[-1][0]) != _block(candidate)):
            blocks.append([])
        blocks[-1].append(candidate)
    for index in free:
        block = next(b for b in blocks if b)
        avoid = {seats[n].learning_group for n in (index - 1, index + 1)
                 if n in seats and room.side_by_side(min(n, index), max(n, index))} - {""}
        left = Counter(c.learning_group for c in block)
        ranked = sorted(left, key=lambda group: (-left[group], _natural(group)))
        group = next((g for g in ranked if g not in avoid), ranked[0])
        chosen = next(c for c in block if c.learning_group == group)
        block.remove(chosen)
        seats[index] = chosen


def _block(candidate: SeatCandidate) -> tuple[Level, str]:
    return candidate.level, candidate.major_code
