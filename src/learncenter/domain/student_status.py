"""A student's status (学籍状态) as an explicit state machine, driven by DOMAIN §7's change codes.

An admitted candidate reports and is registered (报到注册), gives up (放弃), has the admission
retained (14 保留入学资格) or cancelled (16 取消入学资格); a registered student goes on leave
(11 休学) and comes back (12 复学), is suspended (13 停学), withdraws (31 退学), is expelled
(42 开除学籍), graduates (毕业, or 61 提前毕业), completes without graduating (62 结业) or leaves
early (63 肄业). Changes inside 在籍 (23 转专业, 06 延长年限 …) keep the status and change fields.

The table below is the only place that says which change a status allows: the center's services
refuse a request it does not allow, the registry refuses to approve one, and the Students page
offers only what it allows. A status with no way out (毕业, 退学 …) is final.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from learncenter.domain.codes import STATUS_CHANGES, Label, label_params
from learncenter.domain.messages import DomainError, Problem, define


class StudentStatus(enum.StrEnum):
    ADMITTED = "admitted"  # 已录取，未报到
    ADMISSION_RETAINED = "admission_retained"  # 保留入学资格
    GAVE_UP = "gave_up"  # 放弃入学资格
    ADMISSION_CANCELLED = "admission_cancelled"  # 取消入学资格
    ENROLLED = "enrolled"  # 在籍
    ABROAD = "abroad"  # 在籍，公派留学
    ON_LEAVE = "on_leave"  # 休学
    SUSPENDED = "suspended"  # 停学
    RETAINED = "retained"  # 保留学籍
    WITHDRAWN = "withdrawn"  # 退学
    EXPELLED = "expelled"  # 开除学籍
    DECEASED = "deceased"  # 死亡
    CANCELLED = "cancelled"  # 取消学籍（注销）
    TRANSFERRED_OUT = "transferred_out"  # 转学（转出）
    GRADUATED = "graduated"  # 毕业
    COMPLETED = "completed"  # 结业
    LEFT_EARLY = "left_early"  # 肄业


class Event(enum.StrEnum):
    """What happens to a status that is not one of DOMAIN §7's change codes."""

    REPORT = "report"  # 报到注册
    GIVE_UP = "give_up"  # 放弃入学资格
    GRADUATE = "graduate"  # 毕业 (when the registry registers the certificate)


_S = StudentStatus
IN_SCHOOL: frozenset[StudentStatus] = frozenset({_S.ENROLLED, _S.ABROAD, _S.ON_LEAVE, _S.SUSPENDED, _S.RETAINED})
NOT_REPORTED: frozenset[StudentStatus] = frozenset({_S.ADMITTED, _S.ADMISSION_RETAINED})
# A student holds a status (one per person and study period) while in one of these.
HOLDING: frozenset[StudentStatus] = NOT_REPORTED | IN_SCHOOL
# Changes that only rewrite fields of an enrolled student's status.
_IN_PLACE = ("02", "03", "04", "05", "06", "07", "23", "24", "25", "26", "27", "28", "29", "99")

TRANSITIONS: Mapping[str, tuple[frozenset[StudentStatus], StudentStatus | None]] = {
    Event.REPORT.value: (frozenset({_S.ADMITTED}), _S.ENROLLED),
    Event.GIVE_UP.value: (NOT_REPORTED, _S.GAVE_UP),
    Event.GRADUATE.value: (frozenset({_S.ENROLLED}), _S.GRADUATED),
    "01": (frozenset({_S.ENROLLED}), _S.ABROAD),
    "08": (frozenset({_S.ABROAD}), _S.ENROLLED),
    **{code: (frozenset({_S.ENROLLED}), None) for code in _IN_PLACE},
    "11": (frozenset({_S.ENROLLED}), _S.ON_LEAVE),
    "12": (frozenset({_S.ON_LEAVE}), _S.ENROLLED),
    "13": (frozenset({_S.ENROLLED}), _S.SUSPENDED),
    "14": (frozenset({_S.ADMITTED}), _S.ADMISSION_RETAINED),
    "15": (frozenset({_S.ADMISSION_RETAINED}), _S.ADMITTED),
    "16": (NOT_REPORTED, _S.ADMISSION_CANCELLED),
    "17": (frozenset({_S.SUSPENDED, _S.RETAINED}), _S.ENROLLED),
    "18": (IN_SCHOOL, _S.CANCELLED),
    "19": (frozenset({_S.ENROLLED}), _S.RETAINED),
    "21": (frozenset({_S.ENROLLED}), _S.TRANSFERRED_OUT),
    "22": (frozenset({_S.ADMITTED}), _S.ENROLLED),  # registered here on transfer from another school
    "31": (IN_SCHOOL, _S.WITHDRAWN),
    "42": (IN_SCHOOL, _S.EXPELLED),
    "51": (HOLDING, _S.DECEASED),
    "61": (frozenset({_S.ENROLLED}), _S.GRADUATED),
    "62": (frozenset({_S.ENROLLED}), _S.COMPLETED),
    "63": (IN_SCHOOL, _S.LEFT_EARLY),
}
assert set(TRANSITIONS) >= set(STATUS_CHANGES.codes()), "every change code of DOMAIN §7 has a rule"

# Changes the center decides itself (the admission stage); every other one is requested at the
# center and takes effect when the registry approves it.
DECIDED_AT_CENTER: frozenset[str] = frozenset({Event.REPORT, Event.GIVE_UP, "14", "15", "16"})

STATUS_LABELS: Mapping[StudentStatus, Label] = {
    _S.ADMITTED: Label("已录取未报到", "admitted, not reported"),
    _S.ADMISSION_RETAINED: Label("保留入学资格", "admission retained"),
    _S.GAVE_UP: Label("放弃入学资格", "gave up admission"),
    _S.ADMISSION_CANCELLED: Label("取消入学资格", "admission cancelled"),
    _S.ENROLLED: Label("在籍", "enrolled"),
    _S.ABROAD: Label("在籍（公派留学）", "enrolled (studying abroad)"),
    _S.ON_LEAVE: Label("休学", "on leave"),
    _S.SUSPENDED: Label("停学", "suspended"),
    _S.RETAINED: Label("保留学籍", "status retained"),
    _S.WITHDRAWN: Label("退学", "withdrawn"),
    _S.EXPELLED: Label("开除学籍", "expelled"),
    _S.DECEASED: Label("死亡", "deceased"),
    _S.CANCELLED: Label("取消学籍", "status cancelled"),
    _S.TRANSFERRED_OUT: Label("转出", "transferred out"),
    _S.GRADUATED: Label("毕业", "graduated"),
    _S.COMPLETED: Label("结业", "completed without graduating"),
    _S.LEFT_EARLY: Label("肄业", "left before completing"),
}
EVENT_LABELS: Mapping[str, Label] = {
    Event.REPORT.value: Label("报到注册", "reported and registered"),
    Event.GIVE_UP.value: Label("放弃入学资格", "gave up admission"),
    Event.GRADUATE.value: Label("毕业", "graduation"),
}

define(
    "student.illegal_change",
    zh="学籍状态为“{status_zh}”，不能办理“{change_zh}”：只有{allowed_zh}时才可以。",
    en="The student's status is \"{status_en}\", so \"{change_en}\" is not possible: it needs {allowed_en}.",
)
define(
    "student.unknown_change",
    zh="异动类别“{code}”不是已知的学籍异动代码：请从列表中选择。",
    en="\"{code}\" is not a known status-change code: choose one from the list.",
)


def event_label(event: str) -> Label:
    if event in EVENT_LABELS:
        return EVENT_LABELS[event]
    if event in STATUS_CHANGES.labels:
        return STATUS_CHANGES.labels[event]
    raise DomainError(Problem("student.unknown_change", "change", {"code": event}))


def status_label(status: StudentStatus, lang: str = "zh") -> str:
    return STATUS_LABELS[status].text(lang)


class IllegalStatusChange(DomainError):
    """A change the student's status does not allow."""

    def __init__(self, status: StudentStatus, event: str) -> None:
        self.status = status
        self.event = event
        allowed = sorted(TRANSITIONS[event][0])
        super().__init__(Problem("student.illegal_change", "change", {
            "status": status.value, "change": event,
            **label_params("status", STATUS_LABELS[status]), **label_params("change", event_label(event)),
            "allowed_zh": "、".join(f"“{STATUS_LABELS[s].zh}”" for s in allowed),
            "allowed_en": " or ".join(f"\"{STATUS_LABELS[s].en}\"" for s in allowed),
        }))


def next_status(status: StudentStatus, event: str) -> StudentStatus:
    """The status after ``event`` (a change code or an :class:`Event`); IllegalStatusChange when the
    status does not allow it."""
    if event not in TRANSITIONS:
        raise DomainError(Problem("student.unknown_change", "change", {"code": event}))
    allowed_from, to = TRANSITIONS[event]
    if status not in allowed_from:
        raise IllegalStatusChange(status, event)
    return status if to is None else to


def allowed_changes(status: StudentStatus) -> tuple[str, ...]:
    """The change codes the status allows now, in code order (for the change-request dialog)."""
    return tuple(sorted(code for code in STATUS_CHANGES.codes() if status in TRANSITIONS[code][0]))


def is_final(status: StudentStatus) -> bool:
    return not any(status in allowed_from for allowed_from, _to in TRANSITIONS.values())


@dataclass(frozen=True)
class Transition:
    """One step of a timeline: the event and the statuses before and after it."""

    event: str
    before: StudentStatus
    after: StudentStatus


def replay(events: list[str], start: StudentStatus = StudentStatus.ADMITTED) -> list[Transition]:
    """The statuses a sequence of events passes through; IllegalStatusChange at the first that its
    status does not allow (the registry checks a batch of requests this way)."""
    steps: list[Transition] = []
    status = start
    for event in events:
        after = next_status(status, event)
        steps.append(Transition(event, status, after))
        status = after
    return steps
