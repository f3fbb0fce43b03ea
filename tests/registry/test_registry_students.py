"""The registry's side of student status (issue 14), on SQLite and PostgreSQL: filing student
events with the state machine, the review queue, certificate registration by DOMAIN §4's rule,
verification by number or code, and the desk's online check of a prior certificate."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from registry.conftest import enroll
from registry.material import CenterSide, Record
from registry.test_registry_service import caller, send

from learncenter.domain.certificate import EducationType, parse_certificate_number
from learncenter.domain.messages import DomainError
from learncenter.registry.service import Registry
from learncenter.registry.verification_web import ClientLimiter
from learncenter.protocol.signing import verify_object

ZHAO = "360426199101010039"
QIAN = "360426199101010047"


def student(uid: str, id_number: str = ZHAO, name: str = "赵一", **extra: Any) -> dict[str, Any]:
    return {"id": uid, "id_number": id_number, "name": name, "gender": "1", "birth_date": "1991-01-01",
            "level": "gqz", "major_code": "530302", "major_name": "大数据与会计", "programme_length": "2.5",
            "enrolment_date": "2026-03-01", "student_no": "261010110001", "term": "2026春", **extra}


def event(snapshot: dict[str, Any], kind: str, code: str = "", **extra: Any) -> Record:
    uid = str(uuid.uuid4())
    body = {"uid": uid, "kind": kind, "code": code, "effective_date": extra.pop("on", "2026-09-01"),
            "reason": extra.pop("reason", ""), "details": extra.pop("details", {})}
    return Record(f"student-event:{uid}", 1, f"student.{kind}", {"student": snapshot, "event": body, "replaces": None},
                  None)


def statuses(receipt: dict[str, Any]) -> list[str]:
    return [r["status"] if r["status"] == "accepted" else r["code"] for r in receipt["results"]]


def test_events_are_filed_and_a_request_waits_for_the_reviewer(registry: Registry) -> None:
    center = enroll(registry, "11001")
    zhao = student(str(uuid.uuid4()))
    batch = [event(zhao, "admission"), event(zhao, "stage", "report"), event(zhao, "change", "11", reason="工作调动")]
    receipt = send(registry, center, center.seal(batch, registry.keys.encryption.public))
    assert statuses(receipt) == ["accepted", "accepted", "accepted"]
    (waiting,) = registry.waiting()
    assert (waiting.name, waiting.code, waiting.reason) == ("赵一", "11", "工作调动")
    again = send(registry, center, center.seal([batch[2]], registry.keys.encryption.public))
    assert statuses(again) == ["accepted"]  # the same event again: nothing twice
    decision = registry.decide(waiting.event_uid, approve=True, reviewer="王审核", reason="同意")
    assert decision["approved"] and registry.waiting() == []
    page = registry.changes(caller(center), None)
    sent = [c for c in page["changes"] if c["kind"] == "student_decision"]
    assert sent and sent[0]["data"]["event_uid"] == waiting.event_uid and sent[0]["data"]["decided_by"] == "王审核"
    illegal = send(registry, center, center.seal([event(zhao, "change", "23")], registry.keys.encryption.public))
    assert statuses(illegal) == ["student_illegal"]  # on leave now: no change of major
    assert "休学" in illegal["results"][0]["reason_zh"]


def test_a_person_holds_one_status_and_unknown_students_are_refused(registry: Registry) -> None:
    first, second = enroll(registry, "11001"), enroll(registry, "11002")
    send(registry, first, first.seal([event(student(str(uuid.uuid4())), "admission")], registry.keys.encryption.public))
    other = student(str(uuid.uuid4()))
    receipt = send(registry, second, second.seal([event(other, "admission"), event(student(str(uuid.uuid4()), QIAN),
                                                                                    "stage", "report")],
                                                 registry.keys.encryption.public))
    assert statuses(receipt) == ["student_duplicate", "student_unknown"]
    assert "11001" in receipt["results"][0]["reason_zh"]


def test_graduations_get_numbers_of_the_year_and_verify(registry: Registry) -> None:
    registry.set_school("10459", "示范大学网络教育学院", "Demonstration University")
    center = enroll(registry, "11001")
    numbers = []
    for id_number, name in ((ZHAO, "赵一"), (QIAN, "钱二")):
        snapshot = student(str(uuid.uuid4()), id_number, name)
        batch = [event(snapshot, "admission"), event(snapshot, "stage", "report"),
                 event(snapshot, "graduation", "graduate", on="2028-07-01",
                       details={"certificate_type": "graduation", "minor": ""})]
        assert statuses(send(registry, center, center.seal(batch, registry.keys.encryption.public))) == ["accepted"] * 3
        (waiting,) = registry.waiting()
        numbers.append(registry.decide(waiting.event_uid, approve=True, reviewer="王审核")["certificate"])
    assert [n["number"][-6:] for n in numbers] == ["000001", "000002"]
    parsed = parse_certificate_number(numbers[0]["number"])
    assert (parsed.school_code, parsed.education_type, parsed.year, parsed.level_code) == \
        ("10459", EducationType.ONLINE, 2028, "06")
    by_code = registry.verify_certificate(numbers[0]["verification_code"].lower())
    assert by_code["result"] == "registered" and by_code["name"] == "赵一" and "id_number" not in by_code
    assert registry.verify_certificate(numbers[1]["number"])["name"] == "钱二"
    assert registry.verify_certificate("ABCDEFGHJKLMNPQR")["result"] == "unknown"
    assert registry.verify_certificate("not a number")["result"] == "malformed"

    answer = registry.check_certificate(caller(center), {"number": numbers[0]["number"], "id_number": ZHAO,
                                                         "prior_education": "junior_college",
                                                         "graduation_date": "2028-07-01"})
    body = verify_object(answer, registry.keys.signing.public)
    assert body["found"] and body["same_person"] and body["level_agrees"] and body["date_agrees"]
    other = registry.check_certificate(caller(center), {"number": numbers[0]["number"], "id_number": QIAN,
                                                        "prior_education": "bachelor"})
    assert other["found"] and not other["same_person"] and other["level_agrees"] is False


def test_the_limiter_of_the_public_page() -> None:
    limiter = ClientLimiter(limit=2, window=60)
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a") and limiter.allow("b")


def test_a_rejection_needs_a_reason_and_a_decision_is_taken_once(registry: Registry) -> None:
    center = enroll(registry, "11001")
    snapshot = student(str(uuid.uuid4()))
    send(registry, center, center.seal([event(snapshot, "admission"), event(snapshot, "stage", "report"),
                                        event(snapshot, "change", "31", reason="本人申请")],
                                       registry.keys.encryption.public))
    (waiting,) = registry.waiting()
    with pytest.raises(DomainError):
        registry.decide(waiting.event_uid, approve=False, reviewer="王审核", reason=" ")
    registry.decide(waiting.event_uid, approve=False, reviewer="王审核", reason="缺少签字")
    with pytest.raises(DomainError):  # decided already
        registry.decide(waiting.event_uid, approve=True, reviewer="王审核")
