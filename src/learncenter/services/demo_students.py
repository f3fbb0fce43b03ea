"""Students for the demo database (issue 14): several years of them, through the real services.

Admitted, registered and registered for their years like at a center; a few with changes (休学
then 复学, 转专业, 退学), one request still waiting for the registry, the oldest year graduated with
registered certificates, one of them reported lost. What the registry would decide is applied as
its decisions are (``apply_decisions``), named as the demo's registry in the audit log.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from learncenter.domain.certificate_registration import (
    CertificateType, build_certificate_number, verification_code_from,
)
from learncenter.domain.codes import parse_gender, parse_level
from learncenter.domain.roles import SignedIn
from learncenter.domain.student_rules import StudentProfile
from learncenter.domain.student_status import StudentStatus
from learncenter.domain.validation import parse_date
from learncenter.services.demo.people import generate_rows
from learncenter.services.demo.portraits import portrait_pool
from learncenter.services.student_decisions import Decision, RegisteredCertificate, apply_decisions
from learncenter.services.student_reads import student_detail
from learncenter.services.students import Admission, StudentService
from learncenter.store.database import Database

DEMO_REGISTRY = "演示登记机构（DEMO）"
REVIEWER = "演示审核员"


def _intakes(today: date) -> list[date]:
    """Four intakes, the oldest long enough ago to have graduated (2.5 years)."""
    spring = date(today.year, 3, 1) if today.month >= 3 else date(today.year - 1, 3, 1)
    return [date(spring.year - 3, 3, 1), date(spring.year - 2, 9, 1), date(spring.year - 1, 3, 1), spring]


def create_demo_students(db: Database, profile: StudentProfile, *, seed: int, today: date, actor: SignedIn,
                         count: int = 32) -> int:
    """``count`` made-up students; they are not sent to any registry (``sends=False``)."""
    students = StudentService(db, profile, sends=False)
    rng = random.Random(seed + 14)
    rows = [r for r in generate_rows(count * 3, seed=seed + 14, today=today)
            if len(str(r["id_number"])) == 18 and str(r["id_number"])[:-1].isdigit()][:count]
    intakes = _intakes(today)
    admissions = []
    for index, row in enumerate(rows):
        enrolled = intakes[index % len(intakes)]
        admissions.append(Admission(
            term=f"{enrolled.year}{'春' if enrolled.month < 7 else '秋'}", id_number=str(row["id_number"]),
            level=parse_level(row["level"]), major_code=str(row["major_code"]), major_name=str(row["major_name"]),
            programme_length="2.5", enrolment_date=enrolled, name=str(row["name"]),
            gender=parse_gender(row["gender"]).value, birth_date=parse_date(row["birth_date"], "birth_date")))
    ids = students.record_admissions(admissions, actor=actor).admitted
    by_intake: dict[date, list[str]] = {}
    for student_id, admission in zip(ids, admissions, strict=False):
        by_intake.setdefault(admission.enrolment_date, []).append(student_id)
    newest = by_intake.get(intakes[-1], [])
    if len(newest) >= 2:  # one gave up, one has not reported yet
        students.decide_admission(newest[-1], "give_up", reason="本人放弃入学", on=intakes[-1], actor=actor)
        not_reported = {newest[-2]}
    else:
        not_reported = set()
    reported = [s for s in ids if s not in not_reported and s != (newest[-1] if len(newest) >= 2 else None)]
    for student_id in reported:
        detail = student_detail(db, student_id, actor=actor)
        students.report(student_id, on=detail.student["enrolment_date"] + timedelta(days=rng.randrange(1, 10)),
                        actor=actor)
    year = students.profile.academic_year_of(today)
    for academic_year in range(year - 3, year + 1):
        students.year_register(reported, academic_year, actor=actor,
                               on=students.profile.academic_year_start(academic_year) + timedelta(days=14))

    def approve(event_id: int, on: date, certificate: RegisteredCertificate | None = None) -> None:
        apply_decisions(db, [Decision(event_id, True, REVIEWER, datetime.combine(on, datetime.min.time(), UTC),
                                      "同意", certificate)], registry=DEMO_REGISTRY)

    middle = by_intake.get(intakes[1], [])
    recent = by_intake.get(intakes[2], [])
    if len(middle) >= 3:
        leave = students.request_change(middle[0], "11", reason="工作外派一年", effective=intakes[1] + timedelta(days=200),
                                        actor=actor)
        approve(leave, intakes[1] + timedelta(days=210))
        back = students.request_change(middle[0], "12", reason="外派结束", effective=intakes[1] + timedelta(days=560),
                                       actor=actor)
        approve(back, intakes[1] + timedelta(days=565))
        move = students.request_change(middle[1], "23", reason="工作岗位调整", effective=intakes[1] + timedelta(days=120),
                                       details={"major_code": "530301", "major_name": "财务管理"}, actor=actor)
        approve(move, intakes[1] + timedelta(days=130))
        leave = students.request_change(middle[2], "31", reason="本人申请退学", effective=intakes[1] + timedelta(days=300),
                                        actor=actor)
        approve(leave, intakes[1] + timedelta(days=305))
    if recent:
        students.request_change(recent[0], "11", reason="身体原因", effective=today, actor=actor)  # still waiting

    graduates = [s for s in by_intake.get(intakes[0], []) if s in reported]
    pool = portrait_pool(4, seed=seed + 14)  # even: male, odd: female
    serial = rng.randrange(100, 900)  # this center's certificates are a run of the school's year
    for student_id in graduates:
        detail = student_detail(db, student_id, actor=actor)
        if detail.status != StudentStatus.ENROLLED:
            continue
        on = detail.student["expected_graduation"]
        photo = pool[2 * (serial % 2) + (detail.student["gender"] == "2")]
        request = students.request_graduation(student_id, graduation_date=on, photo=photo,
                                              certificate_type=CertificateType.GRADUATION, actor=actor)
        serial += 1
        number = build_certificate_number(students.profile.school_code, on, parse_level(detail.student["level"]),
                                          serial)
        fields = {name: detail.student[name].isoformat() if isinstance(detail.student[name], date)
                  else detail.student[name] for name in ("name", "gender", "birth_date", "enrolment_date", "major_code",
                                                         "major_name", "level", "programme_length")}
        fields.update({"graduation_date": on.isoformat(), "certificate_type": "graduation",
                       "school_code": students.profile.school_code,
                       "school_name_zh": students.profile.school_name.zh,
                       "school_name_en": students.profile.school_name.en})
        code = verification_code_from(bytes(rng.randrange(256) for _ in range(10)))
        approve(request, on, RegisteredCertificate(number, CertificateType.GRADUATION, on, code, fields))
    if graduates:
        lost = students.request_lost_certificate(graduates[0], reason="搬家时遗失毕业证书", on=today - timedelta(days=20),
                                                 actor=actor)
        approve(lost, today - timedelta(days=10))
    return len(ids)
