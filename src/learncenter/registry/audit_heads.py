"""The centers' audit heads (protocol §4.4): the highest signed head each center sent with its
batches, refused when lower (the center's log was cut) or different at the same count (it was
rewritten), and handed back to the center so ``learncenter audit verify`` can check its log
against a copy nobody at the center can roll back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.base import Caller, RegistryBase
from learncenter.registry.store import AuditHeadRow
from learncenter.protocol.audit_head import MANIFEST_FIELD, AuditHead, read_head, sign_answer
from learncenter.protocol.errors import AUDIT_ROLLBACK, MALFORMED, SyncError

NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def manifest_head(manifest: Mapping[str, Any], public: Ed25519PublicKey) -> AuditHead | None:
    """The head a verified manifest carries, checked with the key that signed the manifest;
    None for a batch without one (built before heads existed)."""
    signed = manifest.get(MANIFEST_FIELD)
    return None if signed is None else read_head(signed, public)


class AuditHeads(RegistryBase):
    """Keeping and answering the centers' audit heads."""

    def audit_head(self, caller: Caller, nonce: str) -> dict[str, Any]:
        """The caller's latest head (or null), signed with the nonce it asked with."""
        if not NONCE.fullmatch(nonce):
            raise SyncError(MALFORMED)
        with self._session() as session:
            row = session.get(AuditHeadRow, caller.center_id)
            head = json.loads(row.body) if row is not None else None
        return sign_answer(self.keys.signing.private, center_id=caller.center_id, nonce=nonce,
                           head=head)

    @staticmethod
    def _check_audit_head(session: Session, center_id: str, head: AuditHead | None) -> None:
        """Refuse a head behind the one held, or another at the same count."""
        if head is None:
            return
        held = session.get(AuditHeadRow, center_id)
        if held is not None and (held.count > head.count
                                 or (held.count == head.count and held.hash != head.hash)):
            raise SyncError(AUDIT_ROLLBACK, held=held.count, sent=head.count)

    def _keep_audit_head(self, session: Session, center_id: str, batch_id: str,
                         head: AuditHead | None, now: datetime) -> None:
        """In the commit's transaction, under the center's lock: check, then keep the head."""
        if head is None:
            return
        self._check_audit_head(session, center_id, head)
        held = session.get(AuditHeadRow, center_id)
        body = canonical(head.signed).decode()
        if held is None:
            session.add(AuditHeadRow(center_id=center_id, count=head.count, hash=head.hash,
                                     body=body, batch_id=batch_id, received_at=now))
        elif head.count > held.count:
            held.count, held.hash, held.body = head.count, head.hash, body
            held.batch_id, held.received_at = batch_id, now
