"""Students in the columns of CHSI's upload templates, with their photos in a zip (issue 14).

Two templates: ``status`` (新生学籍电子注册: one row per registered student) and ``certificates``
(学历电子注册: one row per registered certificate). Codes are written as the templates want them
(GB 3304 ethnicity and GB/T 4762 political status by code, gender 男/女). The photos are named by
ID number (``<ID number>.jpg``), 480×640 JPEG as the confirmation desk or the graduation photo
kept them; a student without one is counted, not silently left out.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType, certificate_level
from learncenter.domain.codes import gender_label, learning_form_label
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.student_status import HOLDING, StudentStatus
from learncenter.services.authorization import require
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.store.student_models import Certificate, Student

STATUS_HEADERS = ("考生号", "身份证号", "姓名", "性别", "出生日期", "政治面貌", "民族", "学校代码", "专业代码", "专业名称",
                  "学制", "层次", "学习形式", "入学日期", "学号", "预计毕业日期", "学籍状态")
CERTIFICATE_HEADERS = ("身份证号", "姓名", "性别", "出生日期", "学校代码", "学校名称", "专业代码", "专业名称", "辅修专业",
                       "层次", "学制", "学习形式", "入学日期", "毕业日期", "毕（结）业", "证书编号", "学号")
TEMPLATES = ("status", "certificates")


@dataclass(frozen=True)
class StudentExport:
    rows: int
    photos: int
    without_photo: int


def export_students(db: Database, sheet: Path, *, template: str, actor: SignedIn, school_code: str,
                    school_name: str, photos: Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> StudentExport:
    """The sheet in CHSI's template, and with ``photos`` the zip of their photos;
    ``progress(photos written, photos)`` as the zip fills (each photo is read from the store)."""
    from learncenter.services.sheets import write_sheet  # openpyxl: with the first export

    with db.session() as session, session.begin():
        name = require(session, actor, Permission.EXPORT)
        if template == "certificates":
            pairs = session.execute(select(Student, Certificate).join(Certificate, Certificate.student_id == Student.id)
                                    .order_by(Certificate.number)).all()
            rows = [_certificate_row(s, c, school_code, school_name) for s, c in pairs]
            chosen = [(s, s.graduation_photo_sha256) for s, _c in pairs]
            headers = CERTIFICATE_HEADERS
        else:
            students = session.scalars(select(Student).where(
                Student.status.in_([s.value for s in HOLDING - {StudentStatus.ADMITTED, StudentStatus.ADMISSION_RETAINED}]))
                .order_by(Student.student_no)).all()
            rows = [_status_row(s, school_code) for s in students]
            photos_of = {row[0]: row[1] for row in session.execute(select(Record.id, Record.photo_sha256).where(
                Record.id.in_([s.record_id for s in students if s.record_id])))}
            chosen = [(s, (photos_of.get(s.record_id) if s.record_id else None) or s.graduation_photo_sha256)
                      for s in students]
            headers = STATUS_HEADERS
        AuditTrail(session).append(actor=name, action="student.export", entity="students", entity_id=template,
                                   details={"rows": len(rows), "file": sheet.name})
    written = write_sheet(sheet, headers, rows)
    stored = without = 0
    if photos is not None:
        stored, without = _zip_photos(db, photos, chosen, progress)
    return StudentExport(written, stored, without)


def _status_row(s: Student, school_code: str) -> list[object]:
    return [s.candidate_no, s.id_number, s.name, gender_label(s.gender) or "", s.birth_date.isoformat(),
            s.political_status, s.ethnicity, school_code, s.major_code, s.major_name, s.programme_length,
            certificate_level(s.level), learning_form_label(s.learning_form) or s.learning_form,
            s.enrolment_date.isoformat(), s.student_no or "", s.expected_graduation.isoformat(), "在籍"]


def _certificate_row(s: Student, c: Certificate, school_code: str, school_name: str) -> list[object]:
    fields = dict(c.fields)
    return [s.id_number, fields.get("name", s.name), gender_label(str(fields.get("gender", s.gender))) or "",
            fields.get("birth_date", s.birth_date.isoformat()), fields.get("school_code", school_code),
            fields.get("school_name_zh", school_name), fields.get("major_code", s.major_code),
            fields.get("major_name", s.major_name), fields.get("minor", ""), certificate_level(s.level),
            fields.get("programme_length", s.programme_length),
            learning_form_label(s.learning_form) or s.learning_form, fields.get("enrolment_date", ""),
            fields.get("graduation_date", c.issue_date.isoformat()),
            CERTIFICATE_TYPE_LABELS[CertificateType(c.certificate_type)].zh, c.number, s.student_no or ""]


def _zip_photos(db: Database, target: Path, chosen: list[tuple[Student, str | None]],
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """The photos named by ID number, written beside ``target`` and moved into place once whole."""
    unique = list(_unique(chosen))
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    stored = without = 0
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_STORED) as archive:
            for done, (student, sha256) in enumerate(unique, start=1):
                if sha256 is None:
                    without += 1
                else:
                    archive.writestr(f"{student.id_number}.jpg", db.blobs.get(sha256))
                    stored += 1
                if progress is not None:
                    progress(done, len(unique))
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)
    return stored, without


def _unique(chosen: list[tuple[Student, str | None]]) -> Iterator[tuple[Student, str | None]]:
    seen: set[str] = set()
    for student, sha256 in chosen:
        if student.id_number not in seen:
            seen.add(student.id_number)
            yield student, sha256
