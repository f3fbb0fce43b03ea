"""The center's Ed25519 device key: private part in the OS keyring, public parts in the database.

The device key signs sync batches (ARCHITECTURE, sync guarantee 3) and the QR code of every
admission notice. Its private half never touches the database or a plain file; a demo database,
which holds generated data only, keeps it in a file beside it, as it does its database key.
The public halves of every key this center has used stay in the (encrypted, backed-up)
settings, so notices signed before a rotation still verify and an exam site can be given all
of them.

Reading the key never makes one: :func:`current_key` is a pure read, and the first key is made
by the explicit write step :func:`create_first`, which creating the database takes (and opening
one made before that rule). Made as a side effect of the first read, it was written by
whichever thread happened to read first (a notice printed in the general pool, a sync run),
beside the writer instead of through it. Enrollment with a registry may rotate the key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy.orm import Session

from learncenter.domain.messages import define
from learncenter.store import settings
from learncenter.store.audit import AuditTrail
from learncenter.store.errors import DEVICE_KEY_MISSING, KEYRING_MISSING, store_error
from learncenter.store.keys import KEYRING_SERVICE, secure_keyring
from learncenter.store.layout import write_atomically

if TYPE_CHECKING:  # database.py makes the first key when it creates a database
    from learncenter.store.database import Database

PUBLIC_KEYS = "device_keys"  # settings: JSON list of DevicePublicKey dicts, oldest first
CURRENT = "device_key_current"  # settings: key id of the key in use
DEVICE_KEY_NOT_MADE = define(
    "store.device_key_not_made",
    zh="这个数据库还没有本中心的设备密钥。设备密钥在创建数据库时生成；较早创建的数据库在下次以正常方式打开"
       "（启动 learncenter 或运行 learncenter db upgrade）时生成。",
    en="This database has no device key for the center yet. The key is made when a database is created; "
       "a database made earlier gets it the next time it is opened for work (start learncenter, or run "
       "`learncenter db upgrade`).",
)


@dataclass(frozen=True)
class DevicePublicKey:
    key_id: str
    public_raw: bytes
    created_at: str  # UTC, ISO 8601
    retired_at: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"key_id": self.key_id, "public_key": self.public_raw.hex(),
                "created_at": self.created_at, "retired_at": self.retired_at}


def key_id_of(public_raw: bytes) -> str:
    """First 16 hex characters of SHA-256 of the raw public key (protocol §1)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _private_raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_keys(session: Session) -> list[DevicePublicKey]:
    """Every device key this center has used, oldest first."""
    entries = json.loads(settings.get(session, PUBLIC_KEYS, "[]"))
    return [DevicePublicKey(entry["key_id"], bytes.fromhex(entry["public_key"]),
                            entry["created_at"], entry.get("retired_at")) for entry in entries]


def current_key_id(session: Session) -> str | None:
    return settings.get(session, CURRENT) or None


def current_key(db: Database, *, actor: str | None = None) -> Ed25519PrivateKey:
    """The key in use; a pure read, which makes nothing (``actor`` is ignored: it is accepted
    from callers written when the first read made the key). Raises :data:`DEVICE_KEY_NOT_MADE`
    on a database without one (see :func:`create_first`), :data:`DEVICE_KEY_MISSING` when the
    keyring lost its private half."""
    with db.session() as session:
        kid = current_key_id(session)
    if kid is None:
        raise store_error(DEVICE_KEY_NOT_MADE)
    return _load_private(db, kid)


def create_first(db: Database, *, actor: str, reason: str) -> str:
    """Give the center its first device key, in one write transaction audited once; the key
    id in use. A database that has a key already is left as it is (nothing is written, the
    private half is not even looked at, so a lost keyring still opens the database and says
    what to do when the key is needed)."""
    with db.session() as session:
        kid = current_key_id(session)
    if kid is not None:
        return kid
    with db.session() as session, session.begin():
        kid = current_key_id(session)  # another thread may have made it meanwhile
        if kid is not None:
            return kid
        return make_current_in(session, prepare(db), actor=actor, reason=reason)


def rotate(db: Database, *, actor: str, reason: str) -> Ed25519PrivateKey:
    """Make a new key the current one at once; older public keys are kept, marked retired.

    For a rotation the registry has to agree to first (protocol §10), use :func:`prepare`, ask,
    then :func:`make_current`.
    """
    key = prepare(db)
    make_current(db, key, actor=actor, reason=reason)
    return key


def prepare(db: Database) -> Ed25519PrivateKey:
    """A new key, its private half saved but not in use yet (nothing signs with it until
    :func:`make_current`).

    The private key is saved before the database names it, so a failure in between leaves an
    unused keyring entry, never a current key id without its private half.
    """
    key = Ed25519PrivateKey.generate()
    _save_private(db, key_id_of(_public_raw(key)), key)
    return key


def prepared(db: Database, kid: str) -> Ed25519PrivateKey:
    """A key from :func:`prepare` by its key id (made current or not)."""
    return _load_private(db, kid)


def make_current(db: Database, key: Ed25519PrivateKey, *, actor: str, reason: str,
                 details: dict[str, object] | None = None) -> str:
    """Make ``key`` (from :func:`prepare`) the one in use; its key id. See :func:`make_current_in`."""
    with db.session() as session, session.begin():
        return make_current_in(session, key, actor=actor, reason=reason, details=details)


def make_current_in(session: Session, key: Ed25519PrivateKey, *, actor: str, reason: str,
                    details: dict[str, object] | None = None) -> str:
    """In the caller's transaction (never commits): list ``key``'s public half, make it the one
    in use, mark the old one retired (still listed, so what it signed still verifies) and audit
    it; its key id."""
    public = _public_raw(key)
    kid = key_id_of(public)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    keys = public_keys(session)
    old = current_key_id(session)
    keys = [k if k.key_id != old or k.retired_at else
            DevicePublicKey(k.key_id, k.public_raw, k.created_at, now) for k in keys]
    if all(k.key_id != kid for k in keys):
        keys.append(DevicePublicKey(kid, public, now))
    settings.put(session, PUBLIC_KEYS, json.dumps([k.as_dict() for k in keys]))
    settings.put(session, CURRENT, kid)
    AuditTrail(session).append(actor=actor, action="device_key.created", entity="device_key",
                               entity_id=kid, details={"replaces": old, "reason": reason, **(details or {})})
    return kid


def _username(db: Database, kid: str) -> str:
    return f"device-key/{db.database_id}/{kid}"


def _demo_file(db: Database) -> dict[str, str]:
    path = db.data_dir.demo_device_keys
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def _save_private(db: Database, kid: str, key: Ed25519PrivateKey) -> None:
    if db.demo:
        stored = _demo_file(db)
        stored[kid] = _private_raw(key).hex()
        write_atomically(db.data_dir.demo_device_keys, json.dumps(stored, indent=2).encode("utf-8"))
        return
    backend = secure_keyring()
    try:
        backend.set_password(KEYRING_SERVICE, _username(db, kid), _private_raw(key).hex())
    except keyring.errors.KeyringError as exc:
        raise store_error(KEYRING_MISSING, backend=str(exc)) from exc


def _load_private(db: Database, kid: str) -> Ed25519PrivateKey:
    if db.demo:
        value: str | None = _demo_file(db).get(kid)
    else:
        backend = secure_keyring()
        try:
            value = backend.get_password(KEYRING_SERVICE, _username(db, kid))
        except keyring.errors.KeyringError as exc:
            raise store_error(KEYRING_MISSING, backend=str(exc)) from exc
    if not value:
        raise store_error(DEVICE_KEY_MISSING, key_id=kid)
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(value))
