"""Anchoring this center's audit log with signed heads (``sync.audit_head``).

The latest head is kept in the settings (the encrypted database, so it travels with backups)
and advanced in the transaction that builds a batch, whose manifest carries it to the registry,
and by ``learncenter audit verify`` once the log has verified. A head is only ever signed over
entries that verify from the previous head on, so signing never blesses an edit.

``check_audit`` is what ``audit verify`` runs: the whole chain, then the chain against the last
signed head here (a shorter log was cut, another hash at the head's count was re-chained), then
against the registry's copy when the center is enrolled and the registry answers, which catches
an attacker who also put back an older head here.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.domain.messages import Problem
from learncenter.store import audit, device_key, settings
from learncenter.store.database import Database
from learncenter.store.errors import StoreError
from learncenter.sync import pins
from learncenter.protocol.audit_head import AuditHead, head_key_id, read_answer, read_head, sign_head
from learncenter.protocol.errors import BAD_SIGNATURE, NOT_ENROLLED, SyncError
from learncenter.protocol.keys import ed25519_public

HEAD_SETTING = "audit.signed_head"  # settings: canonical JSON of the latest signed head
TRUNCATED, RECHAINED = "truncated", "rechained"


@dataclass(frozen=True)
class HeadCheck:
    """The log held against one signed head: ``problem`` is None, ``truncated`` or ``rechained``."""

    head: AuditHead
    entries: int  # entries the log holds
    problem: str | None


def stored_head(session: Session) -> AuditHead | None:
    """The last head signed here, checked with this center's device keys (a retired key still
    counts: the head may predate a rotation); a :class:`SyncError` when it is not genuine."""
    text = settings.get(session, HEAD_SETTING)
    if not text:
        return None
    try:
        signed = json.loads(text)
    except ValueError as error:
        raise SyncError(BAD_SIGNATURE) from error
    return own_head(session, signed)


def own_head(session: Session, signed: object) -> AuditHead:
    """``signed`` read as a head of this center's, by whichever of its device keys it names."""
    kid = head_key_id(signed)
    for key in device_key.public_keys(session):
        if key.key_id == kid:
            return read_head(signed, ed25519_public(key.public_raw))
    raise SyncError(BAD_SIGNATURE)


def check_head(session: Session, head: AuditHead) -> HeadCheck:
    count, _last = audit.tip(session)
    if count < head.count:
        return HeadCheck(head, count, TRUNCATED)
    if audit.hash_at(session, head.count) != head.hash:
        return HeadCheck(head, count, RECHAINED)
    return HeadCheck(head, count, None)


def advance(session: Session, key: Ed25519PrivateKey, now: datetime, *,
            verified: tuple[int, str] | None = None) -> dict[str, Any]:
    """In the caller's write transaction (never commits): sign a head over every entry that
    verifies from the last signed head on, keep it when it moved, and return it.
    ``verified`` = (seq, hash) the caller has just walked the chain up to, when it has.

    A log that no longer matches the last head gets no new one: what was vouched for is signed
    again (with the key in use, which the registry checks) and nothing is stored, so the cut or
    rewrite stays visible to ``audit verify`` and to the registry.
    """
    try:
        head = stored_head(session)
    except SyncError:
        head = None  # not genuine: start again from the first entry
    base = (0, audit.GENESIS)
    if head is not None:
        if check_head(session, head).problem is not None:
            return sign_head(key, count=head.count, last_hash=head.hash, at=now)
        base = (head.count, head.hash)
    if verified is not None and verified[0] > base[0] and \
            audit.hash_at(session, verified[0]) == verified[1]:
        base = verified
    result = audit.verify(session, after=base)
    count = base[0] + result.checked
    last = audit.hash_at(session, count) or audit.GENESIS
    signed = sign_head(key, count=count, last_hash=last, at=now)
    if head is None or count != head.count:
        settings.put(session, HEAD_SETTING, canonical(signed).decode())
    return signed


class HeadLink(Protocol):
    """A link that can ask the registry for this center's latest head (``RegistryLink``)."""

    def audit_head(self, nonce: str) -> dict[str, Any]: ...


def registry_head(db: Database, link: HeadLink) -> Mapping[str, Any] | None:
    """The head the registry holds for this center (unverified as a head, but the answer's
    registry signature, center and fresh nonce verified), or None when it holds none."""
    with db.session() as session:
        pinned = pins.require(session)
    nonce = secrets.token_urlsafe(18)
    return read_answer(link.audit_head(nonce), pinned.signing_public,
                       center_id=pinned.center_id, nonce=nonce)


@dataclass(frozen=True)
class AuditReport:
    chain: audit.Verification
    local: HeadCheck | None  # None: no head signed here yet
    local_forged: bool  # a stored head that does not verify with this center's keys
    registry: str  # "checked", "none" (the registry holds no head), "not_enrolled", "unreachable"
    remote: HeadCheck | None
    problem: Problem | None  # why the registry could not be asked
    anchored: AuditHead | None  # the head signed by this check (None: nothing new to sign)
    sign_problem: Problem | None  # why no new head could be signed (the keyring)

    @property
    def ok(self) -> bool:
        return (self.chain.ok and not self.local_forged
                and (self.local is None or self.local.problem is None)
                and (self.remote is None or self.remote.problem is None))


def check_audit(db: Database, *, now: datetime,
                ask_registry: Callable[[], Mapping[str, Any] | None] | None = None) -> AuditReport:
    """What ``audit verify`` reports; signs and keeps a new head when everything verified and
    the log grew. ``ask_registry`` returns the registry's copy (see :func:`registry_head`)
    and raises a :class:`SyncError` when it cannot be had (``not_enrolled`` when not enrolled)."""
    remote_raw: Mapping[str, Any] | None = None
    registry, problem = "none", None
    if ask_registry is None:
        registry = "not_enrolled"
    else:
        try:
            remote_raw = ask_registry()
        except SyncError as error:
            registry = "not_enrolled" if error.code == NOT_ENROLLED else "unreachable"
            problem = error.problem
        except StoreError as error:  # the device key is not in the keyring: nothing to sign with
            registry, problem = "unreachable", error.problem
    with db.session() as session:
        chain = audit.verify(session)
        walked = (chain.checked, audit.hash_at(session, chain.checked) or audit.GENESIS)
        local, forged = None, False
        try:
            head = stored_head(session)
        except SyncError:
            forged = True
        else:
            local = check_head(session, head) if head is not None else None
        remote = None
        if remote_raw is not None:
            try:
                remote = check_head(session, own_head(session, remote_raw))
                registry = "checked"
            except SyncError as error:
                registry, problem = "unreachable", error.problem
    report = AuditReport(chain, local, forged, registry, remote, problem, None, None)
    if not report.ok:
        return report
    if local is not None and local.entries == local.head.count:
        return report  # nothing new since the last head
    try:
        key = device_key.current_key(db)
    except StoreError as error:
        return AuditReport(chain, local, forged, registry, remote, problem, None, error.problem)
    with db.session() as session, session.begin():
        signed = advance(session, key, now, verified=walked)
        anchored = own_head(session, signed)
    return AuditReport(chain, local, forged, registry, remote, problem, anchored, None)
