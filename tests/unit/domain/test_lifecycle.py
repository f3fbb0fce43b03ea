from __future__ import annotations

import pytest

from learncenter.domain.lifecycle import (
    TRANSITIONS,
    Action,
    IllegalTransition,
    RecordState,
    allowed_actions,
    is_sealed,
    next_state,
)
from learncenter.domain.messages import DomainError

S, A = RecordState, Action

LEGAL = [
    (S.PRE_REGISTERED, A.CHECK_IN, S.AWAITING_CONFIRMATION),
    (S.DRAFT, A.CHECK_IN, S.AWAITING_CONFIRMATION),
    (S.AWAITING_CONFIRMATION, A.CONFIRM, S.CONFIRMED),
    (S.AWAITING_CONFIRMATION, A.REFUSE, S.REFUSED),
    (S.CONFIRMED, A.SUBMIT, S.SUBMITTED),
    (S.REFUSED, A.SUBMIT, S.SUBMITTED),
    (S.SUBMITTED, A.ACCEPT, S.ACCEPTED),
    (S.SUBMITTED, A.RETURN, S.RETURNED),
    (S.RETURNED, A.WITHDRAW, S.WITHDRAWN),
]


@pytest.mark.parametrize("state, action, after", LEGAL)
def test_legal_transitions(state: RecordState, action: Action, after: RecordState) -> None:
    assert next_state(state, action) is after
    assert action in allowed_actions(state)


def test_the_table_holds_exactly_the_legal_transitions() -> None:
    assert dict(TRANSITIONS) == {(s, a): t for s, a, t in LEGAL}


@pytest.mark.parametrize(
    "state, action",
    [(s, a) for s in RecordState for a in Action if (s, a) not in {(x, y) for x, y, _ in LEGAL}],
)
def test_illegal_transitions(state: RecordState, action: Action) -> None:
    with pytest.raises(IllegalTransition) as error:
        next_state(state, action)
    assert isinstance(error.value, DomainError)
    assert error.value.problem.code == "lifecycle.illegal"
    assert (error.value.state, error.value.action) == (state, action)
    assert error.value.problem.params["state"] == state.value
    assert error.value.problem.params["action"] == action.value


def test_message_names_state_and_action() -> None:
    with pytest.raises(IllegalTransition) as error:
        next_state(S.CONFIRMED, A.CONFIRM)
    assert error.value.text("zh") == "记录当前状态为“已确认”，不能执行“确认”。"
    assert "confirmed" in error.value.text("en")


def test_sealed_states() -> None:
    assert {s for s in RecordState if is_sealed(s)} == {S.CONFIRMED, S.REFUSED, S.SUBMITTED, S.ACCEPTED, S.RETURNED,
                                                          S.WITHDRAWN}


def test_allowed_actions() -> None:
    assert allowed_actions(S.AWAITING_CONFIRMATION) == (A.CONFIRM, A.REFUSE)
    assert allowed_actions(S.ACCEPTED) == ()
    # a correction is a new version, not a change in place; withdrawing only ends the record's way
    assert allowed_actions(S.RETURNED) == (A.WITHDRAW,)
    assert allowed_actions(S.WITHDRAWN) == ()
