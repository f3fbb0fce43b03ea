"""Seat assignment (issue 5): capacity overflow, late confirmations, re-runs and determinism."""

from __future__ import annotations

import math
import random
import re
import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learncenter.domain.candidate import Level
from learncenter.domain.messages import _CATALOGUE, DomainError
from learncenter.domain.seating import (
    OVER_CAPACITY,
    SEAT_LOST,
    Assignment,
    Room,
    SeatCandidate,
    SeatingPlan,
    SeatRules,
    assign_seats,
)

NO_SPREAD = SeatRules(spread_learning_groups=False)


def people(count: int, start: int = 1, *, level: Level = Level.HIGH_TO_BACHELOR, major: str = "080901",
           group: str = "") -> list[SeatCandidate]:
    return [SeatCandidate(f"c{n:04d}", level, major, group, f"R{n:06d}") for n in range(start, start + count)]


def rooms(*capacities: int) -> list[Room]:
    return [Room(f"R{i}", f"Room {i}", capacity) for i, capacity in enumerate(capacities, start=1)]


def seats_by_room(plan: SeatingPlan) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for a in plan.assignments:
        result.setdefault(a.room_id, []).append(a.record_id)
    return result


def check_invariants(plan: SeatingPlan, candidates: list[SeatCandidate], halls: list[Room]) -> None:
    usable = {r.room_id: set(r.usable_labels()) for r in halls}
    places = [(a.room_id, a.seat) for a in plan.assignments]
    assert len(places) == len(set(places)), "a seat is used twice"
    assert all(seat in usable[room] for room, seat in places), "a seat kept free or missing was used"
    seated = [a.record_id for a in plan.assignments]
    assert sorted(seated + list(plan.unseated)) == sorted(c.record_id for c in candidates)
    assert len(plan.unseated) == max(0, len(candidates) - sum(r.usable_seats for r in halls))


# --- basic fill -------------------------------------------------------------------------------


def test_fills_the_first_room_before_the_second_in_candidate_order() -> None:
    plan = assign_seats(people(5), rooms(3, 3), rules=NO_SPREAD)
    assert plan.assignments == (
        Assignment("c0001", "R1", "01"),
        Assignment("c0002", "R1", "02"),
        Assignment("c0003", "R1", "03"),
        Assignment("c0004", "R2", "01"),
        Assignment("c0005", "R2", "02"),
    )
    assert plan.unseated == () and plan.problems == ()
    assert plan.free_seats() == {"R1": 0, "R2": 1}


def test_rooms_are_filled_in_natural_order_of_their_ids() -> None:
    halls = [Room("R10", "ten", 1), Room("R2", "two", 1), Room("R1", "one", 1)]
    plan = assign_seats(people(3), halls)
    assert [a.room_id for a in plan.assignments] == ["R1", "R2", "R10"]
    assert [r.room_id for r in plan.rooms] == ["R1", "R2", "R10"]


def test_group_by_level_and_major_keeps_blocks_contiguous() -> None:
    mixed = [
        *people(3, 1, level=Level.JUNIOR_COLLEGE_TO_BACHELOR, major="120203"),
        *people(3, 4, level=Level.HIGH_TO_JUNIOR_COLLEGE, major="630302"),
        *people(2, 7, level=Level.HIGH_TO_JUNIOR_COLLEGE, major="510201"),
    ]
    plan = assign_seats(mixed, rooms(4, 4))
    order = [a.record_id for a in plan.assignments]
    # 高起专 before 专升本 (Level order), majors in code order, then registration number
    assert order == ["c0007", "c0008", "c0004", "c0005", "c0006", "c0001", "c0002", "c0003"]
    ungrouped = assign_seats(mixed, rooms(4, 4), rules=SeatRules(group_by_level_and_major=False))
    assert [a.record_id for a in ungrouped.assignments] == [f"c{n:04d}" for n in range(1, 9)]


# --- capacity overflow ------------------------------------------------------------------------


def test_overflow_leaves_the_last_candidates_unseated_and_says_how_many_seats_are_missing() -> None:
    plan = assign_seats(people(7), rooms(3, 2))
    assert plan.unseated == ("c0006", "c0007")
    assert len(plan.assignments) == 5
    [problem] = plan.problems
    assert problem.code == OVER_CAPACITY
    assert problem.params == {"unseated": 2, "missing": 2}
    assert "还差 2 个座位：请增加考场或座位后重新编排" in problem.text("zh")
    assert "2 名考生没有座位" in problem.text("zh")
    assert "2 candidates have no seat, 2 seats are missing" in problem.text("en")


def test_no_rooms_at_all_is_an_overflow_not_a_crash() -> None:
    plan = assign_seats(people(3), [])
    assert plan.assignments == () and len(plan.unseated) == 3
    assert [p.code for p in plan.problems] == [OVER_CAPACITY]


def test_late_confirmation_beyond_capacity_never_bumps_someone_already_seated() -> None:
    first = assign_seats(people(4, 10), rooms(4))
    # the newcomer sorts first, but the room is full: the newcomer waits, nobody moves
    again = assign_seats([*people(4, 10), *people(1, 1)], rooms(4), existing=first.by_record_id())
    assert again.assignments == first.assignments
    assert again.unseated == ("c0001",)


# --- seats kept free and layout -----------------------------------------------------------------


def test_seats_kept_free_are_never_used() -> None:
    halls = [Room("A", "A", 10, seats_kept_free=2), Room("B", "B", 5, seats_kept_free=5)]
    plan = assign_seats(people(12), halls)
    assert {a.seat for a in plan.assignments if a.room_id == "A"} == {f"{n:02d}" for n in range(1, 9)}
    assert not any(a.room_id == "B" for a in plan.assignments)
    assert len(plan.unseated) == 4
    assert plan.free_seats() == {"A": 0, "B": 0}


def test_a_seat_that_becomes_kept_free_is_given_up_and_reported() -> None:
    first = assign_seats(people(8), [Room("A", "A", 12)])
    halls = [Room("A", "A", 12, seats_kept_free=5), Room("B", "B", 5)]
    again = assign_seats(people(8), halls, existing=first.by_record_id())
    check_invariants(again, people(8), halls)
    assert all(again.by_record_id()[k] == v for k, v in first.by_record_id().items() if k != "c0008")
    assert again.by_record_id()["c0008"] == Assignment("c0008", "B", "01")
    [lost] = again.problems
    assert lost.code == SEAT_LOST
    assert lost.params["count"] == 1 and lost.params["record_ids"] == ("c0008",)
    assert "重新打印" in lost.text("zh") and "reprint" in lost.text("en")


def test_seat_labels() -> None:
    assert Room("A", "A", 12).usable_labels()[:3] == ("01", "02", "03")
    assert Room("A", "A", 120).seat_label(0) == "001"
    grid = Room("A", "A", 12, layout_columns=4)
    assert grid.usable_labels() == tuple(f"{r}-{c:02d}" for r in (1, 2, 3) for c in (1, 2, 3, 4))
    plan = assign_seats(people(6), [grid])
    assert [a.seat for a in plan.assignments] == ["1-01", "1-02", "1-03", "1-04", "2-01", "2-02"]


def test_assignments_sort_by_seat_even_with_many_seats() -> None:
    plan = assign_seats(people(105), [Room("A", "A", 120)])
    assert [a.seat for a in plan.assignments] == [f"{n:03d}" for n in range(1, 106)]


# --- late confirmations, withdrawals, re-runs -------------------------------------------------


def test_late_confirmations_keep_every_existing_seat_and_fill_free_ones() -> None:
    halls = rooms(30, 30, 30)
    first = assign_seats(people(50, 11), halls)
    # the 10 late ones have lower registration numbers, so a fresh plan would seat them first
    everyone = [*people(10, 1), *people(50, 11)]
    again = assign_seats(everyone, halls, existing=first.by_record_id())
    before, after = first.by_record_id(), again.by_record_id()
    assert all(after[record_id] == seat for record_id, seat in before.items())
    taken = {(a.room_id, a.seat) for a in first.assignments}
    late = [after[f"c{n:04d}"] for n in range(1, 11)]
    assert all((a.room_id, a.seat) not in taken for a in late)
    assert {a.room_id for a in late} == {"R2"}  # R2 had 10 free seats; R3 stays empty
    assert again.unseated == () and again.problems == ()
    check_invariants(again, everyone, halls)


def test_a_withdrawn_candidate_releases_the_seat_and_only_a_new_candidate_takes_it() -> None:
    halls = rooms(10, 10)
    first = assign_seats(people(15), halls)
    withdrawn = first.by_record_id()["c0003"]
    remaining = [c for c in people(15) if c.record_id != "c0003"]
    after_withdrawal = assign_seats(remaining, halls, existing=first.by_record_id())
    assert "c0003" not in after_withdrawal.by_record_id()
    assert all(after_withdrawal.by_record_id()[k] == v for k, v in first.by_record_id().items() if k != "c0003")
    assert after_withdrawal.free_seats() == {"R1": 1, "R2": 5}

    newcomer = people(1, 99)
    later = assign_seats([*remaining, *newcomer], halls, existing=after_withdrawal.by_record_id())
    assert later.by_record_id()["c0099"] == Assignment("c0099", withdrawn.room_id, withdrawn.seat)
    assert all(later.by_record_id()[k] == v for k, v in after_withdrawal.by_record_id().items())


def test_a_removed_room_reseats_its_candidates_and_keeps_everyone_else() -> None:
    first = assign_seats(people(15), rooms(10, 10, 10))
    halls = [r for r in rooms(10, 10, 10) if r.room_id != "R1"]
    again = assign_seats(people(15), halls, existing=first.by_record_id())
    assert all(again.by_record_id()[k] == v for k, v in first.by_record_id().items() if v.room_id == "R2")
    assert [p.params["count"] for p in again.problems if p.code == SEAT_LOST] == [10]
    check_invariants(again, people(15), halls)


def test_a_double_booked_existing_seat_is_kept_for_one_and_reassigned_for_the_other() -> None:
    existing = {"c0001": Assignment("c0001", "R1", "02"), "c0002": Assignment("c0002", "R1", "02")}
    plan = assign_seats(people(2), rooms(3), existing=existing)
    assert plan.by_record_id()["c0001"].seat == "02"
    assert plan.by_record_id()["c0002"].seat == "01"


def test_rerun_with_the_same_input_gives_the_same_plan() -> None:
    candidates = [*people(20, group="g1"), *people(17, 30, group="g2", major="120203")]
    halls = rooms(15, 15, 15)
    plan = assign_seats(candidates, halls)
    assert assign_seats(candidates, halls) == plan
    assert assign_seats(candidates, halls, existing=plan.by_record_id()) == plan


# --- spreading learning groups ----------------------------------------------------------------


def test_two_learning_groups_in_one_room_alternate() -> None:
    candidates = [*people(5, 1, group="班A"), *people(5, 6, group="班B")]
    plan = assign_seats(candidates, rooms(10))
    groups = {c.record_id: c.learning_group for c in candidates}
    sequence = [groups[a.record_id] for a in plan.assignments]
    assert sequence == ["班A", "班B"] * 5
    unspread = assign_seats(candidates, rooms(10), rules=NO_SPREAD)
    assert [groups[a.record_id] for a in unspread.assignments] == ["班A"] * 5 + ["班B"] * 5


def test_spreading_does_not_cross_a_row_end() -> None:
    grid = Room("A", "A", 4, layout_columns=2)
    assert not grid.side_by_side(1, 2) and grid.side_by_side(0, 1) and grid.side_by_side(2, 3)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=5), st.sampled_from([None, 3, 5]))
def test_no_side_by_side_seats_share_a_group_when_counts_allow(sizes: list[int], columns: int | None) -> None:
    total = sum(sizes)
    assume(max(sizes) <= math.ceil(total / 2))
    candidates: list[SeatCandidate] = []
    for g, size in enumerate(sizes):
        candidates += people(size, len(candidates) + 1, group=f"G{g}")
    room = Room("A", "A", total + 2, layout_columns=columns)
    plan = assign_seats(candidates, [room])
    groups = {c.record_id: c.learning_group for c in candidates}
    index = {label: i for i, label in enumerate(room.usable_labels())}
    placed = {index[a.seat]: groups[a.record_id] for a in plan.assignments}
    for i in range(total - 1):
        if room.side_by_side(i, i + 1):
            assert placed[i] != placed[i + 1], (sizes, columns, placed)


# --- balancing ------------------------------------------------------------------------------


def test_without_fill_in_order_rooms_are_balanced_and_blocks_stay_contiguous() -> None:
    rules = SeatRules(fill_rooms_in_order=False, spread_learning_groups=False)
    plan = assign_seats(people(10), rooms(10, 10, 10), rules=rules)
    assert {room: len(ids) for room, ids in seats_by_room(plan).items()} == {"R1": 4, "R2": 3, "R3": 3}
    assert [a.record_id for a in plan.assignments] == [f"c{n:04d}" for n in range(1, 11)]


def test_balancing_respects_small_rooms_and_existing_occupancy() -> None:
    rules = SeatRules(fill_rooms_in_order=False)
    halls = rooms(2, 10, 10)
    plan = assign_seats(people(12), halls, rules=rules)
    assert plan.free_seats() == {"R1": 0, "R2": 5, "R3": 5}
    later = assign_seats(people(16), halls, rules=rules, existing=plan.by_record_id())
    assert later.free_seats() == {"R1": 0, "R2": 3, "R3": 3}
    assert all(later.by_record_id()[k] == v for k, v in plan.by_record_id().items())


# --- validation -----------------------------------------------------------------------------


def test_bad_input_is_refused_with_every_problem_named() -> None:
    halls = [
        Room("A", "A", 10),
        Room("A", "A again", 10),
        Room("B", "B", -1),
        Room("C", "C", 5, seats_kept_free=6),
        Room("D", "D", 5, seats_kept_free=-1),
        Room("E", "E", 5, layout_columns=0),
    ]
    with pytest.raises(DomainError) as caught:
        assign_seats([*people(2), *people(1)], halls)
    codes = [p.code for p in caught.value.problems]
    assert codes == [
        "seating.duplicate_room",
        "seating.duplicate_candidate",
        "seating.negative_capacity",
        "seating.bad_seats_kept_free",
        "seating.bad_seats_kept_free",
        "seating.bad_layout_columns",
    ]
    assert "“A”" in caught.value.text("zh") and "'c0001'" in caught.value.text("en")
    assert "-1" in caught.value.problems[2].text("en")


def test_every_seating_message_has_both_languages_with_the_same_fields() -> None:
    codes = [code for code in _CATALOGUE if code.startswith("seating.")]
    assert len(codes) == 7
    for code in codes:
        zh, en = _CATALOGUE[code]["zh"], _CATALOGUE[code]["en"]
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en), code
        fields = [{n for _, n, _, _ in string.Formatter().parse(t) if n} for t in (zh, en)]
        assert fields[0] == fields[1], code


# --- determinism and invariants (hypothesis) ---------------------------------------------------

LEVELS = list(Level)


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[SeatCandidate], list[Room]]:
    count = draw(st.integers(0, 60))
    candidates = [
        SeatCandidate(
            f"c{n}",
            draw(st.sampled_from(LEVELS)),
            draw(st.sampled_from(["080901", "120203", "630302"])),
            draw(st.sampled_from(["", "g1", "g2", "g3"])),
            draw(st.sampled_from(["", f"R{n % 7}", f"R{n:05d}"])),  # sort keys may repeat or be empty
        )
        for n in range(count)
    ]
    halls = []
    for r in range(draw(st.integers(0, 5))):
        capacity = draw(st.integers(0, 25))
        halls.append(Room(f"room{r}", f"Room {r}", capacity, draw(st.integers(0, capacity)),
                          draw(st.sampled_from([None, 1, 4, 6]))))
    return candidates, halls


rule_sets = st.builds(SeatRules, st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=200, deadline=None)
@given(sessions(), rule_sets, st.randoms(use_true_random=False))
def test_shuffled_input_gives_the_identical_plan(session: tuple[list[SeatCandidate], list[Room]],
                                                 rules: SeatRules, rnd: random.Random) -> None:
    candidates, halls = session
    plan = assign_seats(candidates, halls, rules=rules)
    check_invariants(plan, candidates, halls)
    shuffled_people, shuffled_rooms = list(candidates), list(halls)
    rnd.shuffle(shuffled_people)
    rnd.shuffle(shuffled_rooms)
    assert assign_seats(shuffled_people, shuffled_rooms, rules=rules) == plan
    existing = dict(reversed(list(plan.by_record_id().items())))
    assert assign_seats(shuffled_people, shuffled_rooms, rules=rules, existing=existing) == plan


@settings(max_examples=200, deadline=None)
@given(sessions(), rule_sets, st.data())
def test_rerun_after_changes_keeps_every_valid_seat(session: tuple[list[SeatCandidate], list[Room]],
                                                   rules: SeatRules, data: st.DataObject) -> None:
    candidates, halls = session
    first_wave = [c for c in candidates if data.draw(st.booleans())]
    plan = assign_seats(first_wave, halls, rules=rules)
    stayed = [c for c in first_wave if data.draw(st.integers(0, 9)) > 0]  # about one in ten withdraws
    late = [c for c in candidates if c not in first_wave]
    again = assign_seats([*stayed, *late], halls, rules=rules, existing=plan.by_record_id())
    check_invariants(again, [*stayed, *late], halls)
    before, after = plan.by_record_id(), again.by_record_id()
    assert all(after[c.record_id] == before[c.record_id] for c in stayed if c.record_id in before)
    assert not any(p.code == SEAT_LOST for p in again.problems)
