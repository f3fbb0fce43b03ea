"""The student-status state machine: every change code has a rule, and no sequence of changes
reaches a status the table does not allow."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from learncenter.domain.codes import STATUS_CHANGES
from learncenter.domain.messages import DomainError
from learncenter.domain.student_status import (
    HOLDING, IN_SCHOOL, TRANSITIONS, Event, IllegalStatusChange, StudentStatus, allowed_changes, is_final,
    next_status, replay,
)

EVENTS = sorted(TRANSITIONS)


def test_a_whole_life_reads_as_a_timeline() -> None:
    steps = replay([Event.REPORT, "11", "12", "23", Event.GRADUATE])
    assert [s.after for s in steps] == [StudentStatus.ENROLLED, StudentStatus.ON_LEAVE, StudentStatus.ENROLLED,
                                        StudentStatus.ENROLLED, StudentStatus.GRADUATED]
    assert is_final(StudentStatus.GRADUATED)


def test_a_student_on_leave_cannot_graduate_and_the_message_says_what_is_needed() -> None:
    with pytest.raises(IllegalStatusChange) as caught:
        next_status(StudentStatus.ON_LEAVE, Event.GRADUATE)
    assert "休学" in caught.value.text("zh") and "在籍" in caught.value.text("zh")
    assert "on leave" in caught.value.text("en")


def test_an_unknown_code_is_refused_by_name() -> None:
    with pytest.raises(DomainError) as caught:
        next_status(StudentStatus.ENROLLED, "77")
    assert "77" in caught.value.text("zh")


def test_admission_stage_changes_only_before_reporting() -> None:
    assert next_status(StudentStatus.ADMITTED, "14") == StudentStatus.ADMISSION_RETAINED
    assert next_status(StudentStatus.ADMISSION_RETAINED, "15") == StudentStatus.ADMITTED
    with pytest.raises(IllegalStatusChange):
        next_status(StudentStatus.ENROLLED, "16")
    assert "11" not in allowed_changes(StudentStatus.ADMITTED)
    assert set(allowed_changes(StudentStatus.ON_LEAVE)) == {"12", "18", "31", "42", "51", "63"}


def test_every_code_of_domain_7_has_a_rule() -> None:
    assert set(STATUS_CHANGES.codes()) <= set(TRANSITIONS)


@given(st.lists(st.sampled_from(EVENTS), max_size=30))
def test_no_sequence_of_events_reaches_an_illegal_state(events: list[str]) -> None:
    status = StudentStatus.ADMITTED
    for event in events:
        allowed_from, to = TRANSITIONS[event]
        try:
            after = next_status(status, event)
        except IllegalStatusChange:
            assert status not in allowed_from
            continue
        assert status in allowed_from
        assert after == (status if to is None else to)
        # a final status never changes again; a status in school only came from one that holds one
        assert status in HOLDING
        if after in IN_SCHOOL:
            assert status in HOLDING
        status = after
    if is_final(status):
        assert all(status not in TRANSITIONS[e][0] for e in EVENTS)
