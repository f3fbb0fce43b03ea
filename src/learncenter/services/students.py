"""What the center records of a student's status (学籍): admissions, reporting, requests, years.

The center decides the admission stage itself (报到注册, 放弃, 保留/恢复/取消入学资格): those events
are ``done`` at once and change the student. Every other status change, a graduation, a lost
certificate and a correction of a registered certificate is *requested* here: the event waits
until the registry's decision comes down (:mod:`learncenter.services.student_decisions`), and
only an approval changes the student. Each write checks who is acting and is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.domain.candidate import Level
from learncenter.domain.canonical import digest
from learncenter.domain.certificate_registration import EVENT_OF, CertificateType, correction_changes
from learncenter.domain.codes import Label, label_params
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.photo_profile import PhotoProfiles
from learncenter.domain.roles import SignedIn
from learncenter.domain.student_rules import (
    StudentProfile, academic_year_label, expected_graduation, parse_programme_length, year_registration_due,
)
from learncenter.domain.student_status import (
    DECIDED_AT_CENTER, HOLDING, STATUS_LABELS, Event, StudentStatus, event_label, next_status,
)
from learncenter.media import in_helper
from learncenter.services import helper_process
from learncenter.services.authorization import require
from learncenter.services.record_entry import store_photo
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.store.student_models import (
    EVENT_DONE, EVENT_PENDING, SYNC_PENDING, WAITING, Certificate, Student, StudentEvent, YearRegistration,
)

KIND_ADMISSION = "admission"  # admitted (from the registry or a sheet)
KIND_STAGE = "stage"  # an admission-stage decision taken here
KIND_CHANGE = "change"  # a status change (DOMAIN §7 code), requested
KIND_ENTRY = "entry"  # a reward or punishment, a dated note
KIND_YEAR = "year"  # registered for an academic year (学年注册)
KIND_GRADUATION = "graduation"  # graduation data, requested: the registry registers the certificate
KIND_LOST = "lost"  # a lost certificate, requested
KIND_CORRECTION = "correction"  # a correction of a registered certificate, requested
ENTRY_KINDS = ("reward", "punishment")

# Fields an in-place change code must name, and what they rewrite on the student.
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    "23": ("major_code", "major_name"), "24": ("level", "major_code", "major_name"),
    "25": ("level", "major_code", "major_name"), "06": ("programme_length",),
}

define("student.not_found", zh="没有找到该学生。", en="No such student.")
define(
    "student.already_holds",
    zh="{name}（{id_number}）已有学籍：{term} {major_name}，学号 {student_no}，状态“{status_zh}”。同一学习阶段只能有一个学籍。",
    en="{name} ({id_number}) already holds a student status: {term} {major_name}, student number {student_no}, "
    "\"{status_en}\". One student status per study period.",
)
define(
    "student.no_record",
    zh="本中心没有 {term} 身份证号 {id_number} 的确认记录，录取数据须包含姓名、性别和出生日期。",
    en="This center has no confirmed application of {term} for ID number {id_number}: the admission must give the "
    "name, gender and birth date.",
)
define(
    "student.request_waiting",
    zh="该学生已有一项待审核的申请（{change_zh}，{requested_at} 提出）：请等总部审核后再提出新的申请。",
    en="The student already has a request waiting for the registry ({change_en}, made {requested_at}): wait for "
    "its decision before making another.",
)
define("student.reason_required", zh="请填写{what_zh}的原因。", en="Give the reason for {what_en}.")
define(
    "student.change_field_required",
    zh="“{change_zh}”须填写新的{field_zh}。",
    en="\"{change_en}\" needs the new {field_en}.",
)
define(
    "student.not_center_decision",
    zh="“{change_zh}”须报总部审核，请用“申请学籍异动”。",
    en="\"{change_en}\" is decided by the registry: request it as a status change.",
)
define(
    "student.no_certificate",
    zh="该学生还没有注册的学历证书。",
    en="The student has no registered certificate yet.",
)
define(
    "student.entry_kind",
    zh="“{value}”不是奖励或处分。",
    en="\"{value}\" is neither a reward nor a punishment.",
)

_FIELD_WORDS = {
    "major_code": ("专业代码", "major code"), "major_name": ("专业名称", "major name"),
    "level": ("层次", "level"), "programme_length": ("学制", "programme length"),
}


@dataclass(frozen=True)
class Admission:
    """One admitted candidate, as the registry (or a sheet) says. The personal fields are only needed
    when the center has no confirmed application of the term for the ID number."""

    term: str
    id_number: str
    level: Level
    major_code: str
    major_name: str
    programme_length: str
    enrolment_date: date
    candidate_no: str = ""
    admission_type: str | None = None
    name: str = ""
    gender: str = ""
    birth_date: date | None = None
    ethnicity: str = "01"
    political_status: str = "13"


@dataclass
class AdmissionOutcome:
    admitted: list[str] = field(default_factory=list)  # student ids
    unchanged: int = 0
    refused: list[tuple[Admission, DomainError]] = field(default_factory=list)


@dataclass
class YearOutcome:
    academic_year: int
    registered: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    not_due: list[str] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)  # (student id, why: student_reads.hold_words)


def _student(session: Session, student_id: str) -> Student:
    student = session.get(Student, student_id)
    if student is None:
        raise DomainError(Problem("student.not_found", "student"))
    return student


def _certificate_of(session: Session, student: Student) -> Certificate:
    certificate = session.scalars(select(Certificate).where(Certificate.student_id == student.id)).first()
    if certificate is None:
        raise DomainError(Problem("student.no_certificate", "certificate"))
    return certificate


def student_fields(student: Student) -> dict[str, Any]:
    """What the audit digests of a student."""
    return {k: getattr(student, k) for k in (
        "student_no", "name", "gender", "birth_date", "id_number", "level", "major_code", "major_name", "minor",
        "programme_length", "enrolment_date", "expected_graduation", "status", "hold")}


class StudentService:
    def __init__(self, db: Database, profile: StudentProfile, *, photo_profiles: PhotoProfiles | None = None,
                 clock: Callable[[], datetime] | None = None, sends: bool = True) -> None:
        """``sends``: what is recorded goes up to the registry (not the demo's made-up students)."""
        self._db = db
        self.profile = profile
        self.sends = sends
        self._photo_profiles = photo_profiles
        self._clock = clock or (lambda: datetime.now(UTC))

    def graduation_photo(self, data: bytes) -> bytes:
        """The standard graduation photo made from ``data`` (the graduation photo profile); a
        DomainError saying what to fix when the photo does not pass its checks."""
        assert self._photo_profiles is not None
        profile = self._photo_profiles.get(self.profile.graduation_photo_profile)
        result = helper_process.helper.run(in_helper.process_photo, data, profile, field="photo")  # OpenCV lives there
        if not result.passed or result.jpeg is None:
            raise DomainError(*result.problems)
        return result.jpeg

    def _now(self) -> datetime:
        return self._clock().replace(tzinfo=None)

    # --- admissions -----------------------------------------------------------------------------

    def record_admissions(self, admissions: Iterable[Admission], *, actor: SignedIn) -> AdmissionOutcome:
        """Admitted candidates (from an admissions office's list) become students with the status
        已录取, and go up to the registry with the next sync; a person who already holds a status
        is refused, naming it."""
        outcome = AdmissionOutcome()
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            audit = AuditTrail(session)
            for admission in admissions:
                try:
                    student = admit(session, audit, admission, self.profile, actor=name, now=self._now(),
                                    sync=self.sends)
                except DomainError as exc:
                    outcome.refused.append((admission, exc))
                    continue
                if student is None:
                    outcome.unchanged += 1
                else:
                    outcome.admitted.append(student.id)
        return outcome

    # --- decided here ---------------------------------------------------------------------------

    def report(self, student_id: str, *, on: date, actor: SignedIn) -> str:
        """报到注册: the admitted student reports and is registered; returns the student number."""
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            student = _student(session, student_id)
            before = StudentStatus(student.status)
            after = next_status(before, Event.REPORT)
            old = student_fields(student)
            student.student_no = self._next_student_no(session, student)
            student.status, student.updated_at = after.value, self._now()
            new_event(session, student, KIND_STAGE, Event.REPORT, EVENT_DONE, on, "",
                      {"student_no": student.student_no}, name, student.updated_at, before=before, after=after,
                      sync=self.sends)
            AuditTrail(session).append(actor=name, action="student.report", entity="student", entity_id=student.id,
                                       before=old, after=student_fields(student), at=student.updated_at)
            return student.student_no

    def _next_student_no(self, session: Session, student: Student) -> str:
        rule = self.profile.number_rule
        level = Level(student.level)
        prefix = rule.prefix(student.enrolment_date, self.profile.center_code, level)
        width = len(rule.number(student.enrolment_date, self.profile.center_code, level, 1))
        last = session.scalar(select(func.max(Student.student_no)).where(
            Student.student_no.like(prefix + "%"), func.length(Student.student_no) == width))
        serial = int(last[len(prefix):]) + 1 if last else 1
        return rule.number(student.enrolment_date, self.profile.center_code, level, serial)

    def decide_admission(self, student_id: str, code: str, *, reason: str, on: date, actor: SignedIn) -> StudentStatus:
        """放弃 (give_up), 14 保留入学资格, 15 恢复入学资格 or 16 取消入学资格, with its reason."""
        if code not in DECIDED_AT_CENTER or code == Event.REPORT:
            raise DomainError(Problem("student.not_center_decision", "change",
                                      label_params("change", event_label(code))))
        if not reason.strip():
            raise DomainError(Problem("student.reason_required", "reason", label_params("what", event_label(code))))
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            student = _student(session, student_id)
            before = StudentStatus(student.status)
            after = next_status(before, code)
            old = student_fields(student)
            student.status, student.updated_at = after.value, self._now()
            new_event(session, student, KIND_STAGE, code, EVENT_DONE, on, reason.strip(), {}, name,
                      student.updated_at, before=before, after=after, sync=self.sends)
            AuditTrail(session).append(actor=name, action="student.admission_decision", entity="student",
                                       entity_id=student.id, before=old, after=student_fields(student),
                                       details={"code": code}, at=student.updated_at)
            return after

    def year_register(self, student_ids: Sequence[str], academic_year: int, *, actor: SignedIn,
                      on: date | None = None) -> YearOutcome:
        """学年注册 for many students at once; those who cannot be registered are listed with why.
        ``on``: the day it is recorded as done (today unless given)."""
        outcome = YearOutcome(academic_year)
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            audit, now = AuditTrail(session), self._now()
            done = set(session.scalars(select(YearRegistration.student_id).where(
                YearRegistration.academic_year == academic_year, YearRegistration.student_id.in_(student_ids))))
            for student_id in student_ids:
                student = _student(session, student_id)
                if student_id in done:
                    outcome.already.append(student_id)
                elif not year_registration_due(self.profile, student.enrolment_date, student.expected_graduation,
                                               academic_year):
                    outcome.not_due.append(student_id)
                elif (why := _year_hold(student)) is not None:
                    outcome.held.append((student_id, why))
                else:
                    session.add(YearRegistration(student_id=student_id, academic_year=academic_year,
                                                 registered_at=now, registered_by=name))
                    new_event(session, student, KIND_YEAR, str(academic_year), EVENT_DONE, on or now.date(), "",
                              {"academic_year": academic_year_label(academic_year)}, name, now, sync=self.sends)
                    audit.append(actor=name, action="student.year_register", entity="student", entity_id=student_id,
                                 details={"academic_year": academic_year_label(academic_year)}, at=now)
                    outcome.registered.append(student_id)
        return outcome

    def set_hold(self, student_id: str, hold: str, *, actor: SignedIn) -> None:
        """A hold (e.g. unpaid fees) stops year registration until cleared with an empty text."""
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            student = _student(session, student_id)
            old = student_fields(student)
            student.hold, student.updated_at = hold.strip()[:200], self._now()
            AuditTrail(session).append(actor=name, action="student.hold", entity="student", entity_id=student.id,
                                       before=old, after=student_fields(student), at=student.updated_at)

    def add_entry(self, student_id: str, kind: str, *, on: date, title: str, text: str = "",
                  actor: SignedIn) -> None:
        """A reward or punishment, as a dated entry of the timeline."""
        if kind not in ENTRY_KINDS:
            raise DomainError(Problem("student.entry_kind", "kind", {"value": kind}))
        if not title.strip():
            raise DomainError(Problem("student.reason_required", "title", {"what_zh": "奖惩", "what_en": "the entry"}))
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            student = _student(session, student_id)
            now = self._now()
            event = new_event(session, student, KIND_ENTRY, kind, EVENT_DONE, on, text.strip(),
                              {"title": title.strip()}, name, now, sync=self.sends)
            AuditTrail(session).append(actor=name, action="student.entry", entity="student", entity_id=student.id,
                                       details={"event": event.id, "kind": kind}, at=now)

    # --- requested here, decided by the registry ----------------------------------------------------

    def request_change(self, student_id: str, code: str, *, reason: str, effective: date,
                       details: dict[str, str] | None = None, evidence: Sequence[bytes] = (),
                       actor: SignedIn) -> int:
        """A status change for the registry to decide; returns the request's id."""
        if code in DECIDED_AT_CENTER or code == Event.GRADUATE:
            raise DomainError(Problem("student.not_center_decision", "change",
                                      label_params("change", event_label(code))))
        details = {k: v.strip() for k, v in (details or {}).items() if v and v.strip()}
        for needed in CHANGE_FIELDS.get(code, ()):
            if needed not in details:
                zh, en = _FIELD_WORDS[needed]
                raise DomainError(Problem("student.change_field_required", needed,
                                          {**label_params("change", event_label(code)), "field_zh": zh,
                                           "field_en": en}))
        if "programme_length" in details:
            details["programme_length"] = str(parse_programme_length(details["programme_length"]))
        if "level" in details:
            details["level"] = Level(details["level"]).value
        return self._request(student_id, KIND_CHANGE, code, reason, effective, details, evidence, actor,
                             check=lambda _session, s: next_status(StudentStatus(s.status), code))

    def request_graduation(self, student_id: str, *, graduation_date: date, certificate_type: CertificateType,
                           minor: str = "", photo: bytes | None = None, actor: SignedIn) -> int:
        """The graduation data (and photo) the registry registers a certificate from."""
        details = {"certificate_type": certificate_type.value, "minor": minor.strip()}
        return self._request(student_id, KIND_GRADUATION, EVENT_OF[certificate_type], "", graduation_date, details,
                             [photo] if photo else [], actor,
                             check=lambda _session, s: next_status(StudentStatus(s.status), EVENT_OF[certificate_type]),
                             photo=photo)

    def request_lost_certificate(self, student_id: str, *, reason: str, on: date, actor: SignedIn) -> int:
        return self._request(student_id, KIND_LOST, "", reason, on, {}, [], actor, check=_certificate_of)

    def request_correction(self, student_id: str, changes: dict[str, Any], *, reason: str, on: date,
                           evidence: Sequence[bytes] = (), actor: SignedIn) -> int:
        """A correction of a registered certificate's fields, for the registry's reviewer."""
        def check(session: Session, student: Student) -> None:
            certificate = _certificate_of(session, student)
            changes.update(correction_changes(certificate.fields, changes))
        return self._request(student_id, KIND_CORRECTION, "", reason, on, {"changes": changes}, evidence, actor,
                             check=check)

    def _request(self, student_id: str, kind: str, code: str, reason: str, effective: date, details: dict[str, Any],
                 evidence: Sequence[bytes], actor: SignedIn, *, check: Callable[[Session, Student], object],
                 photo: bytes | None = None) -> int:
        if kind != KIND_GRADUATION and not reason.strip():
            raise DomainError(Problem("student.reason_required", "reason",
                                      label_params("what", event_label(code) if code else _KIND_WORDS[kind])))
        with self._db.session() as session, session.begin():
            name = require(session, actor, Permission.STUDENTS)
            student = _student(session, student_id)
            waiting = session.scalars(select(StudentEvent).where(
                StudentEvent.student_id == student_id, StudentEvent.state.in_(WAITING))).first()
            if waiting is not None:
                words = event_label(waiting.code) if waiting.code else _KIND_WORDS[waiting.kind]
                raise DomainError(Problem("student.request_waiting", "change", {
                    **label_params("change", words), "requested_at": waiting.requested_at.strftime("%Y-%m-%d")}))
            check(session, student)
            now = self._now()
            shas = [store_photo(session, self._db, data, now) for data in evidence]
            if photo is not None:
                student.graduation_photo_sha256 = shas[0]
            event = new_event(session, student, kind, code, EVENT_PENDING, effective, reason.strip(), details, name,
                              now, before=StudentStatus(student.status), evidence=shas, sync=self.sends)
            AuditTrail(session).append(actor=name, action=f"student.request_{kind}", entity="student",
                                       entity_id=student.id, details={"event": event.id, "code": code,
                                                                      "digest": digest(details)}, at=now)
            return event.id


_KIND_WORDS = {
    KIND_GRADUATION: event_label(Event.GRADUATE),
    KIND_LOST: Label("学历证书遗失", "lost certificate"),
    KIND_CORRECTION: Label("学历证书信息更正", "certificate correction"),
}


def _year_hold(student: Student) -> str | None:
    """Why the student cannot be registered for a year, as a code the reads put into words."""
    status = StudentStatus(student.status)
    if status != StudentStatus.ENROLLED:
        return f"status:{status.value}"
    if student.hold:
        return f"hold:{student.hold}"
    return None


def admit(session: Session, audit: AuditTrail, a: Admission, profile: StudentProfile, *, actor: str,
          now: datetime, sync: bool) -> Student | None:
    """The student an admission makes, or None when it is here already; DomainError when the
    person holds another status or, without a confirmed application here, the admission lacks
    the personal data. ``sync``: the admission event goes up with the next batch (so the registry
    learns the student's id here, whether it sent the admission or a sheet did)."""
    same = session.scalars(select(Student).where(Student.id_number == a.id_number)).all()
    if any(s.term == a.term and s.major_code == a.major_code for s in same):
        return None
    holding = [s for s in same if StudentStatus(s.status) in HOLDING]
    if holding:
        raise DomainError(already_holds(holding[0]))
    length = parse_programme_length(a.programme_length)
    record = session.scalars(select(Record).where(
        Record.term == a.term, Record.id_number == a.id_number, Record.is_current.is_(True),
        Record.state.in_([RecordState.CONFIRMED, RecordState.SUBMITTED, RecordState.ACCEPTED]))).first()
    if record is None and not (a.name and a.gender and a.birth_date):
        raise DomainError(Problem("student.no_record", "id_number", {"term": a.term, "id_number": a.id_number}))
    student = Student(
        id=str(uuid.uuid4()), record_id=record.id if record else None, term=a.term,
        candidate_no=a.candidate_no or (record.registration_no if record else ""),
        name=record.name if record else a.name, gender=record.gender if record else a.gender,
        birth_date=record.birth_date if record else a.birth_date, id_number=a.id_number,
        ethnicity=record.ethnicity if record else a.ethnicity,
        political_status=record.political_status if record else a.political_status,
        level=a.level.value, major_code=a.major_code, major_name=a.major_name, minor="",
        learning_form=profile.learning_form, programme_length=str(length),
        grade=a.enrolment_date.year, enrolment_date=a.enrolment_date,
        expected_graduation=expected_graduation(a.enrolment_date, length),
        admission_type=a.admission_type or (record.admission_type if record else None),
        prior_school=record.prior_school if record else "",
        prior_certificate_no=record.prior_certificate_no if record else "",
        status=StudentStatus.ADMITTED.value, hold="", created_at=now, updated_at=now)
    session.add(student)
    session.flush()
    new_event(session, student, KIND_ADMISSION, "", EVENT_DONE, a.enrolment_date, "", {}, actor, now,
              after=StudentStatus.ADMITTED, sync=sync)
    audit.append(actor=actor, action="student.admit", entity="student", entity_id=student.id,
                 after=student_fields(student), at=now)
    return student


def new_event(session: Session, student: Student, kind: str, code: str, state: str, on: date, reason: str,
              details: dict[str, Any], actor: str, now: datetime, *, before: StudentStatus | None = None,
              after: StudentStatus | None = None, evidence: list[str] | None = None,
              sync: bool = True) -> StudentEvent:
    """An event of the student's timeline; ``sync``: it goes up with the next batch."""
    event = StudentEvent(uid=str(uuid.uuid4()), student_id=student.id, kind=kind, code=str(code), state=state,
                         effective_date=on, reason=reason, details=details, evidence=evidence or [],
                         status_before=before.value if before else None,
                         status_after=after.value if after else None, requested_by=actor, requested_at=now,
                         decision_reason="", sync_state=SYNC_PENDING if sync else None)
    session.add(event)
    session.flush()
    return event


def already_holds(other: Student) -> Problem:
    from learncenter.domain.masking import mask_id_number

    return Problem("student.already_holds", "id_number", {
        "name": other.name, "id_number": mask_id_number(other.id_number), "term": other.term,
        "major_name": other.major_name, "student_no": other.student_no or "—",
        **label_params("status", STATUS_LABELS[StudentStatus(other.status)])})
