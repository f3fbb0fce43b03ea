"""What the sync engine needs of a connection to the registry.

The engine takes a link as a parameter instead of building one, so the same code runs over
HTTP (``learncenter.sync.transport.RegistryLink``) and, in tests, against an in-process
registry made of the real opening and receipt code. Every answer is *unverified*: the engine
checks it against the pinned keys itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter.protocol.envelope import SealedBatch


RECEIPT_WAIT = 10.0  # seconds a receipt request may wait at the registry for the filing (Prefer: wait)


class UploadCancelled(Exception):
    """``upload`` stopped because the caller's ``cancelled()`` said so; what was sent stays at
    the registry, and the next run resumes the same stored batch."""


class Link(Protocol):
    def upload(self, sealed: SealedBatch, *, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Announce, send the missing blobs, commit; return the (unverified) signed receipt."""
        ...

    def receipt(self, batch_id: str, *, wait: float = 0) -> dict[str, Any]:
        """The receipt of a batch (unverified), or ``{"state": "received"}`` while the registry
        files it; ``wait``: seconds the registry may hold the answer for the filing to end."""
        ...

    def changes(self, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        """One signed down-sync page after ``cursor`` (unverified)."""
        ...

    def material(self, sha256: str) -> bytes:
        """A photo or scan a candidate submitted online, as a signed page named it (the caller
        checks its hash)."""
        ...

    def update_manifest(self) -> dict[str, Any] | None:
        """The registry's signed update manifest (unverified), or None when it publishes none."""
        ...


class ClosableLink(Link, Protocol):
    """A link holding a connection (``RegistryLink``), closed when the run is over."""

    def close(self) -> None: ...


class Connect(Protocol):
    """Opens a link to the registry at ``url`` for ``center_id``, signing with ``key``."""

    def __call__(self, url: str, *, center_id: str, key: Ed25519PrivateKey) -> ClosableLink: ...


class EnrollSender(Protocol):
    """``learncenter.sync.transport.enroll``: present the code, get the signed answer (§3)."""

    def __call__(self, url: str, *, code: str, center_public: bytes, device_name: str,
                 client_version: str, timeout: float = 30.0) -> dict[str, Any]: ...
