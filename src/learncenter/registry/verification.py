"""Certificate verification (issue 14): anyone with a certificate number or its verification code
learns what the registry registered — never the holder's ID number.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from learncenter.domain.certificate_registration import normalise_verification_code
from learncenter.domain.messages import DomainError
from learncenter.registry.reviewers import ReviewerAccounts
from learncenter.registry.student_store import RegisteredCertificate

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
