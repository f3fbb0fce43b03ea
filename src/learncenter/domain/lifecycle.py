"""The lifecycle of an application record, as an explicit state machine (ARCHITECTURE.md).

Which actions a record allows decides what the clerk's screen offers and what the services may
write, and once a record is confirmed or refused it is evidence: it never changes in place, a
correction is a new version naming the one it replaces. Keeping the transitions in one table
lets the UI, the services and the registry agree without repeating the rules.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from learncenter.domain.codes import Label, label_params
from learncenter.domain.messages import DomainError, Problem, define


class RecordState(enum.StrEnum):
    PRE_REGISTERED = "pre_registered"  # received from the registry
    DRAFT = "draft"  # entered at this center
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # the candidate has checked in on site
    CONFIRMED = "confirmed"
    REFUSED = "refused"  # refused on site, with a reason
    SUBMITTED = "submitted"  # sent to the registry
    ACCEPTED = "accepted"
    RETURNED = "returned"  # rejected by the registry, with a reason
    WITHDRAWN = "withdrawn"  # returned, then withdrawn here with a reason instead of being sent again


class Action(enum.StrEnum):
    CHECK_IN = "check_in"
    CONFIRM = "confirm"
    REFUSE = "refuse"
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"
    WITHDRAW = "withdraw"


_S, _A = RecordState, Action
TRANSITIONS: Mapping[tuple[RecordState, Action], RecordState] = {
    (_S.PRE_REGISTERED, _A.CHECK_IN): _S.AWAITING_CONFIRMATION,
    (_S.DRAFT, _A.CHECK_IN): _S.AWAITING_CONFIRMATION,
    (_S.AWAITING_CONFIRMATION, _A.CONFIRM): _S.CONFIRMED,
    (_S.AWAITING_CONFIRMATION, _A.REFUSE): _S.REFUSED,
    (_S.CONFIRMED, _A.SUBMIT): _S.SUBMITTED,
    (_S.REFUSED, _A.SUBMIT): _S.SUBMITTED,
    (_S.SUBMITTED, _A.ACCEPT): _S.ACCEPTED,
    (_S.SUBMITTED, _A.RETURN): _S.RETURNED,
    (_S.RETURNED, _A.WITHDRAW): _S.WITHDRAWN,
}

SEALED_STATES: frozenset[RecordState] = frozenset(
    {_S.CONFIRMED, _S.REFUSED, _S.SUBMITTED, _S.ACCEPTED, _S.RETURNED, _S.WITHDRAWN}
)

STATE_LABELS: Mapping[RecordState, Label] = {
    _S.PRE_REGISTERED: Label("已预报名", "pre-registered"),
    _S.DRAFT: Label("草稿", "draft"),
    _S.AWAITING_CONFIRMATION: Label("待确认", "awaiting confirmation"),
    _S.CONFIRMED: Label("已确认", "confirmed"),
    _S.REFUSED: Label("现场未通过", "refused on site"),
    _S.SUBMITTED: Label("已上报", "submitted"),
    _S.ACCEPTED: Label("已接收", "accepted"),
    _S.RETURNED: Label("已退回", "returned"),
    _S.WITHDRAWN: Label("已撤回", "withdrawn"),
}

ACTION_LABELS: Mapping[Action, Label] = {
    _A.CHECK_IN: Label("现场签到", "check in"),
    _A.CONFIRM: Label("确认", "confirm"),
    _A.REFUSE: Label("不予确认", "refuse"),
    _A.SUBMIT: Label("上报", "submit"),
    _A.ACCEPT: Label("接收", "accept"),
    _A.RETURN: Label("退回", "return"),
    _A.WITHDRAW: Label("撤回", "withdraw"),
}

define(
    "lifecycle.illegal",
    zh="记录当前状态为“{state_zh}”，不能执行“{action_zh}”。",
    en="The record is {state_en}; it cannot be given the action \"{action_en}\".",
)


class IllegalTransition(DomainError):
    """An action the record's state does not allow."""

    def __init__(self, state: RecordState, action: Action) -> None:
        self.state = state
        self.action = action
        super().__init__(Problem(
            "lifecycle.illegal", None,
            {"state": state.value, "action": action.value,
             **label_params("state", STATE_LABELS[state]), **label_params("action", ACTION_LABELS[action])},
        ))


def next_state(state: RecordState, action: Action) -> RecordState:
    """The state after ``action``; IllegalTransition when the state does not allow it."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise IllegalTransition(state, action) from None


def allowed_actions(state: RecordState) -> tuple[Action, ...]:
    """The actions the record allows now, in the order of the Action enum (for menus)."""
    return tuple(action for action in Action if (state, action) in TRANSITIONS)


def is_sealed(state: RecordState) -> bool:
    """True once the record is evidence: its content never changes in place again."""
    return state in SEALED_STATES


def state_label(state: RecordState, lang: str = "zh") -> str:
    return STATE_LABELS[state].text(lang)


def action_label(action: Action, lang: str = "zh") -> str:
    return ACTION_LABELS[action].text(lang)
