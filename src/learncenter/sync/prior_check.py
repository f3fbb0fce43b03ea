"""The diploma check online (issue 14): is a 专升本 candidate's prior certificate one the registry
registered, for this person, at the declared level and date?

The registry answers signed; the answer is verified with the pinned registry key and, when
everything agrees, kept with the record as its evidence (document kind ``registry_check``), which
stands for the CHSI number and form. Offline, or for a certificate the registry did not register,
nothing changes: the clerk records the CHSI code and the scan as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from learncenter.domain.canonical import canonical
from learncenter.domain.evidence import REGISTRY_CHECK
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.services.records import RecordService
from learncenter.store import device_key
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.sync import pins
from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.signing import verify_object

define("prior_check.no_certificate", zh="该记录没有前置学历证书编号，无法在线核验。",
       en="The record has no prior certificate number to check online.")


class CheckLink(Protocol):
    def check_certificate(self, question: dict[str, Any]) -> dict[str, Any]: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class PriorCheck:
    found: bool
    same_person: bool = False
    level_agrees: bool | None = None
    date_agrees: bool | None = None
    lost: bool = False

    @property
    def verified(self) -> bool:
        return self.found and self.same_person and self.level_agrees is not False and self.date_agrees is not False


def check_prior_online(db: Database, records: RecordService, record_id: str, *, actor: SignedIn,
                       connect: Callable[[str, str, Any], CheckLink] | None = None) -> PriorCheck:
    """Ask the registry; keep its signed answer as evidence when it confirms the certificate.
    Raises ``not_enrolled`` before enrollment and ``unreachable`` when the registry does not answer."""
    with db.session() as session:
        require(session, actor, Permission.CONFIRM)
        pinned = pins.require(session)
        record = session.get(Record, record_id)
        if record is None or not record.prior_certificate_no:
            raise DomainError(Problem("prior_check.no_certificate", "prior_certificate_no"))
        question = {"number": record.prior_certificate_no, "id_number": record.id_number,
                    "prior_education": record.prior_education or "",
                    "graduation_date": record.prior_graduation_date.isoformat() if record.prior_graduation_date else ""}
    key = device_key.current_key(db)
    if connect is None:
        from learncenter.sync.transport import RegistryLink, RetryPolicy  # httpx loads only when going online

        link: CheckLink = RegistryLink(pinned.registry_url, center_id=pinned.center_id, key=key, timeout=10.0,
                                       retry=RetryPolicy(max_attempts=2, max_elapsed=20.0))
    else:
        link = connect(pinned.registry_url, pinned.center_id, key)
    try:
        answer = link.check_certificate(question)
    finally:
        link.close()
    body = verify_object(answer, pinned.signing_public)
    if body.get("center_id") != pinned.center_id or body.get("number") != question["number"]:
        raise SyncError(MALFORMED)
    result = PriorCheck(bool(body.get("found")), bool(body.get("same_person")), body.get("level_agrees"),
                        body.get("date_agrees"), bool(body.get("lost")))
    if result.verified:
        records.attach_document(record_id, REGISTRY_CHECK, canonical(answer), actor=actor,
                                media_type="application/json")
    return result
