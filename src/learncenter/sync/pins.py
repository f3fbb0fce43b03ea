"""What enrollment pins in the center's database: who the center is and which registry keys it trusts.

Kept as settings (the database is encrypted and travels with backups). Which registry key may
sign receipts and down-sync pages is decided here, once, at enrollment (protocol §3): never by
a key id that a signed object names about itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy.orm import Session

from learncenter.store import settings
from learncenter.protocol.errors import NOT_ENROLLED, SyncError
from learncenter.protocol.keys import ed25519_public, key_id, x25519_public

CENTER_ID = settings.ENROLLED_CENTER_ID
CENTER_NAME = "sync.center_name"
REGISTRY_URL = "sync.registry_url"
SIGNING_KEY = "sync.registry_signing_key"  # hex of the raw Ed25519 public key
ENCRYPTION_KEY = "sync.registry_encryption_key"  # hex of the raw X25519 public key
ENROLLED_AT = "sync.enrolled_at"
CURSOR = "sync.cursor"
LAST_SYNC = "sync.last_sync_at"


@dataclass(frozen=True)
class Pins:
    center_id: str
    center_name: str
    registry_url: str
    signing_key: bytes
    encryption_key: bytes
    enrolled_at: str

    @property
    def signing_public(self) -> Ed25519PublicKey:
        return ed25519_public(self.signing_key)

    @property
    def encryption_public(self) -> X25519PublicKey:
        return x25519_public(self.encryption_key)

    @property
    def signing_key_id(self) -> str:
        return key_id(self.signing_key)

    @property
    def encryption_key_id(self) -> str:
        return key_id(self.encryption_key)


def read(session: Session) -> Pins | None:
    center_id = settings.get(session, CENTER_ID)
    if not center_id:
        return None
    return Pins(center_id, settings.get(session, CENTER_NAME), settings.get(session, REGISTRY_URL),
                bytes.fromhex(settings.get(session, SIGNING_KEY)),
                bytes.fromhex(settings.get(session, ENCRYPTION_KEY)), settings.get(session, ENROLLED_AT))


def require(session: Session) -> Pins:
    pins = read(session)
    if pins is None:
        raise SyncError(NOT_ENROLLED)
    return pins


def save(session: Session, pins: Pins) -> None:
    for name, value in ((CENTER_ID, pins.center_id), (CENTER_NAME, pins.center_name),
                        (REGISTRY_URL, pins.registry_url), (SIGNING_KEY, pins.signing_key.hex()),
                        (ENCRYPTION_KEY, pins.encryption_key.hex()), (ENROLLED_AT, pins.enrolled_at)):
        settings.put(session, name, value)


def cursor(session: Session) -> str | None:
    return settings.get(session, CURSOR) or None


def set_cursor(session: Session, value: str) -> None:
    settings.put(session, CURSOR, value)


def last_sync(session: Session) -> datetime | None:
    value = settings.get(session, LAST_SYNC)
    return datetime.fromisoformat(value) if value else None


def set_last_sync(session: Session, moment: datetime) -> None:
    settings.put(session, LAST_SYNC, moment.isoformat())
