"""The proof of qualification (学历证明书) for a student whose certificate the registry marked lost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from learncenter.documents.certificate_proof import proof_data, proof_text, render_proof
from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType, certificate_level
from learncenter.domain.codes import gender_label
from learncenter.domain.messages import DomainError, Problem
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store import settings
from learncenter.store.database import Database
from learncenter.store.student_models import Certificate


def proof_pdf(db: Database, student_id: str, *, actor: SignedIn, printed_at: datetime | None = None) -> bytes:
    """The proof page; DomainError while the registry has not marked the certificate lost."""
    with db.session() as session:
        require(session, actor, Permission.STUDENTS)
        certificate = session.scalars(select(Certificate).where(Certificate.student_id == student_id)).first()
        if certificate is None or not certificate.lost or not certificate.proof:
            raise DomainError(Problem("documents.proof_missing", "certificate"))
        center = settings.get(session, settings.CENTER_NAME) or ""
        fields, proof = dict(certificate.fields), dict(certificate.proof)
        number, code = certificate.number, certificate.verification_code
        kind = CertificateType(certificate.certificate_type)
    words = {"gender": gender_label(str(fields.get("gender", ""))) or "",
             "level": certificate_level(fields.get("level", "")),
             "certificate_type": CERTIFICATE_TYPE_LABELS[kind].zh}
    data = proof_data(fields, number=number, code=code, lost=str(proof.get("lost", "")), center=center, words=words)
    return render_proof(data, proof_text(proof), printed_at=printed_at)
