"""The update manifest signed by the registry and checked by the workstation (protocol §15).

The registry signs ``UpdateManifest.body()`` with its signing key, as it signs receipts; the
workstation accepts a manifest only under the registry key it pinned at enrollment, whether it
came over the network or in a folder on a USB stick. ``VERSION_HEADER`` carries the
workstation's version on every signed request, so that the registry can refuse, in words the
clerk understands, a workstation older than the manifest's minimum.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from learncenter.domain.messages import DomainError
from learncenter.domain.updates import UpdateManifest
from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.signing import sign_object, verify_object

VERSION_HEADER = "Learncenter-Version"
MANIFEST_FILE = "manifest.json"  # the name in a USB folder and in the registry's updates/ folder


def sign_manifest(key: Ed25519PrivateKey, manifest: UpdateManifest) -> dict[str, Any]:
    return sign_object(key, manifest.body())


def verify_manifest(signed: object, public: Ed25519PublicKey) -> UpdateManifest:
    """The manifest, once its signature verifies under ``public`` and its fields are sound;
    SyncError (bad signature, malformed) otherwise."""
    body = verify_object(signed, public)
    body.pop("key_id", None)
    try:
        return UpdateManifest.from_body(body)
    except DomainError as error:
        raise SyncError(MALFORMED, reason=error.problem.params.get("field", "")) from error


def file_sha256(path: Path) -> tuple[str, int]:
    """A package's SHA-256 (hex) and size, read a megabyte at a time."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def manifest_bytes(signed: dict[str, Any]) -> bytes:
    return json.dumps(signed, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
