"""This center's sync engine and its link to the registry, built the same way for the command
line and the workstation."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import authorize
from learncenter.services.profiles import load_photo_profiles, load_sync_limits
from learncenter.store import device_key
from learncenter.store.database import Database
from learncenter.sync import pins
from learncenter.sync.audit_anchor import HeadLink, registry_head
from learncenter.sync.engine import SyncEngine
from learncenter.sync.link import ClosableLink, Connect
from learncenter.sync.rotation import (
    KeyRotator,
    Rotation,
    pending_rotation,
    rotate_device_key,
    settle_pending_rotation,
)


def center_engine(db: Database, *, actor: SignedIn, data_dir: Path, eligibility_version: str) -> SyncEngine:
    """The engine, with the profiles' versions that go into every manifest."""
    photo = load_photo_profiles(data_dir).default
    return SyncEngine(db, actor=actor, limits=load_sync_limits(data_dir),
                      profile_versions={"eligibility": eligibility_version, "photo": photo},
                      data_dir=data_dir)


def open_link(db: Database, *, actor: SignedIn, url: str | None = None,
              connect: Connect | None = None) -> ClosableLink:
    """A link to the enrolled registry (or ``url``), signed with the current device key; a key
    rotation whose answer was lost is settled first (``sync.rotation``).

    Raises the ``not_enrolled`` sync error before enrollment."""
    by = authorize(db, actor, Permission.SYNC)
    if connect is None:
        from learncenter.sync.transport import RegistryLink  # httpx loads only when going online
        connect = RegistryLink
    with db.session() as session:
        pinned = pins.require(session)
    target = url or pinned.registry_url
    if pending_rotation(db) is not None:
        opened = connect

        def probe(key: Ed25519PrivateKey) -> None:
            link = opened(target, center_id=pinned.center_id, key=key)
            try:
                link.changes(None, limit=1)
            finally:
                link.close()

        settle_pending_rotation(db, probe, actor=by)
    return connect(target, center_id=pinned.center_id, key=device_key.current_key(db))


class RotatingLink(KeyRotator, Protocol):
    def close(self) -> None: ...


class ConnectForRotation(Protocol):
    def __call__(self, url: str, *, center_id: str, key: Ed25519PrivateKey) -> RotatingLink: ...


def rotate_with_registry(db: Database, *, actor: SignedIn, url: str | None = None,
                         connect: ConnectForRotation | None = None) -> Rotation:
    """Rotate the device key with the enrolled registry (or ``url``) over HTTP (protocol §10)."""
    by = authorize(db, actor, Permission.ENROLL)
    if connect is None:
        from learncenter.sync.transport import RegistryLink  # httpx loads only when going online
        connect = RegistryLink
    with db.session() as session:
        pinned = pins.require(session)
    link = connect(url or pinned.registry_url, center_id=pinned.center_id,
                   key=device_key.current_key(db))
    try:
        return rotate_device_key(db, link, actor=by)
    finally:
        link.close()


class ClosableHeadLink(HeadLink, Protocol):
    def close(self) -> None: ...


class ConnectForHead(Protocol):
    def __call__(self, url: str, *, center_id: str, key: Ed25519PrivateKey) -> ClosableHeadLink: ...


def ask_registry_audit_head(db: Database, *, connect: ConnectForHead | None = None
                            ) -> Mapping[str, Any] | None:
    """The registry's copy of this center's audit head (``sync.audit_anchor.registry_head``).

    Raises ``not_enrolled`` before enrollment, ``unreachable`` (after two quick tries: this is
    a check a person waits for, not an upload) when the registry does not answer."""
    with db.session() as session:
        pinned = pins.require(session)
    key = device_key.current_key(db)
    if connect is None:
        from learncenter.sync.transport import RegistryLink, RetryPolicy  # httpx loads only when going online

        link: ClosableHeadLink = RegistryLink(pinned.registry_url, center_id=pinned.center_id, key=key,
                                              timeout=10.0, retry=RetryPolicy(max_attempts=2, max_elapsed=20.0))
    else:
        link = connect(pinned.registry_url, center_id=pinned.center_id, key=key)
    try:
        return registry_head(db, link)
    finally:
        link.close()
