"""Certificate verification (issue 14): anyone with a certificate number or its verification code
learns what the registry registered — never the holder's ID number.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from learncenter.domain.candidate import PriorEducation
from learncenter.domain.certificate import certificate_level, parse_certificate_number
from learncenter.domain.certificate_registration import normalise_verification_code
from learncenter.domain.messages import DomainError
from learncenter.registry.base import Caller
from learncenter.registry.reviewers import ReviewerAccounts
from learncenter.registry.student_filing import person_of
from learncenter.registry.student_store import RegisteredCertificate, RegistryStudent
from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.signing import sign_object

CHECK_FORMAT = "learncenter-certificate-check/1"

ANSWERED_FIELDS = ("name", "gender", "birth_date", "enrolment_date", "graduation_date", "major_code", "major_name",
                   "minor", "level", "programme_length", "learning_form", "certificate_type", "school_code",
                   "school_name_zh", "school_name_en")
_NUMBER = re.compile(r"[0-9]{17,18}")


def query_kind(text: str) -> tuple[str, str] | None:
    """("number", digits) or ("code", normalised code) for what a person typed; None when it is neither."""
    cleaned = re.sub(r"[\s\-]+", "", text or "").upper()
    if _NUMBER.fullmatch(cleaned):
        return "number", cleaned
    try:
        return "code", normalise_verification_code(cleaned)
    except DomainError:
        return None


class CertificateVerification(ReviewerAccounts):
    def verify_certificate(self, text: str) -> dict[str, Any]:
        """{"result": "registered" | "revoked" | "unknown" | "malformed", ...the registered fields}."""
        kind = query_kind(text)
        if kind is None:
            return {"result": "malformed"}
        column = RegisteredCertificate.number if kind[0] == "number" else RegisteredCertificate.verification_code
        with self._session() as session:
            row = session.scalars(select(RegisteredCertificate).where(column == kind[1])).first()
            if row is None:
                return {"result": "unknown"}
            if row.revoked:
                return {"result": "revoked", "number": row.number}
            fields = self._fields(row)
        answer = {name: fields.get(name) for name in ANSWERED_FIELDS if fields.get(name) not in (None, "")}
        return {"result": "registered", "number": row.number, "issue_date": row.issue_date.isoformat(),
                "lost": row.lost, **answer}

    def check_certificate(self, caller: Caller, body: object) -> dict[str, Any]:
        """For a center's diploma check of a 专升本 candidate: whether this registry registered the
        certificate, for the same person (by ID number), at the declared level and date. Signed, so
        the center keeps the answer as evidence; it never carries the registered person's data."""
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("number", "id_number")):
            raise SyncError(MALFORMED)
        number = re.sub(r"[\s\-]+", "", str(body["number"]))[:32]
        answer: dict[str, Any] = {"format": CHECK_FORMAT, "center_id": caller.center_id, "number": number,
                                  "found": False, "checked_at": self._now().isoformat()}
        with self._session() as session:
            row = session.scalars(select(RegisteredCertificate).where(RegisteredCertificate.number == number)).first()
            if row is not None and not row.revoked:
                student = session.get(RegistryStudent, row.student_uid)
                fields = self._fields(row)
                declared = body.get("prior_education")
                level = certificate_level(parse_certificate_number(number))
                graduation = body.get("graduation_date")
                answer.update({
                    "found": True, "lost": row.lost,
                    "same_person": student is not None
                    and student.person == person_of(self.keys.data, str(body["id_number"]).upper()),
                    "level_agrees": None if declared not in {p.value for p in PriorEducation}
                    else level == PriorEducation(str(declared)),
                    "date_agrees": None if not isinstance(graduation, str) or not graduation
                    else graduation == fields.get("graduation_date"),
                })
        return sign_object(self.keys.signing.private, answer)
