"""The registry's shelf of workstation updates: one signed manifest and its package, as files.

``learncenter-registry publish-update PACKAGE --version V`` puts the package into the data
folder's ``updates/`` under its SHA-256 and signs a manifest for it with the registry's signing
key (``manifest.json`` beside it, replaced atomically: every worker process reads it, at most
once per change). Centers fetch the manifest with the sync and the package by its hash
(``GET /v1/updates/manifest``, ``GET /v1/updates/package/{sha256}``); ``--out DIR`` also writes
both to a folder, for a center that takes its updates on a USB stick. The manifest's minimum
version is what the registry still takes batches from: an older workstation is refused with
``client_too_old``, which tells the clerk to update first.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter.domain.messages import DomainError
from learncenter.domain.updates import UpdateManifest, newer, parse_version
from learncenter.protocol.errors import CLIENT_TOO_OLD, SyncError
from learncenter.protocol.update_manifest import MANIFEST_FILE, file_sha256, manifest_bytes, sign_manifest
from learncenter.registry.files import write_atomically

UNKNOWN_VERSION = "0"  # a workstation that does not say its version predates the header


class UpdateShelf:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: tuple[float, int] | None = None  # (mtime, size) of the manifest read last
        self._signed: dict[str, Any] | None = None

    def publish(self, key: Ed25519PrivateKey, package: Path, *, version: str, minimum: str | None,
                notes_zh: str, notes_en: str, now: datetime | None = None) -> tuple[UpdateManifest, dict[str, Any]]:
        """Shelve ``package`` and sign its manifest; the manifest replaces the one published before."""
        parse_version(version)
        digest, size = file_sha256(package)
        manifest = UpdateManifest.from_body(UpdateManifest(
            version, minimum or UNKNOWN_VERSION, package.name, digest, size, notes_zh.strip(),
            notes_en.strip(), (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")).body())
        self.folder.mkdir(parents=True, exist_ok=True)
        shelved = self.folder / digest
        if not shelved.exists():
            partial = self.folder / f".{digest}.part"
            shutil.copyfile(package, partial)
            partial.replace(shelved)
        signed = sign_manifest(key, manifest)
        write_atomically(manifest_bytes(signed), self.folder / MANIFEST_FILE, mode=0o644)
        return manifest, signed

    def export(self, out: Path) -> Path:
        """The signed manifest and its package (under its own name) in ``out``, for a USB stick."""
        signed = self.signed()
        if signed is None:
            raise FileNotFoundError(self.folder / MANIFEST_FILE)
        package = signed["package"]
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.folder / package["sha256"], out / package["name"])
        (out / MANIFEST_FILE).write_bytes(manifest_bytes(signed))
        return out

    def signed(self) -> dict[str, Any] | None:
        """The signed manifest published last (re-read when the file changed), or None."""
        path = self.folder / MANIFEST_FILE
        try:
            stat = path.stat()
        except FileNotFoundError:
            self._seen, self._signed = None, None
            return None
        if self._seen != (stat.st_mtime, stat.st_size):
            self._signed = json.loads(path.read_bytes())
            self._seen = (stat.st_mtime, stat.st_size)
        return self._signed

    def package(self, sha256: str) -> Path | None:
        """The shelved package of the current manifest, by its hash (no other file is served)."""
        signed = self.signed()
        if signed is None or signed["package"]["sha256"] != sha256:
            return None
        path = self.folder / sha256
        return path if path.is_file() else None

    def check_client(self, version: str | None) -> None:
        """Refuse a workstation older than the current manifest's minimum version."""
        signed = self.signed()
        if signed is None:
            return
        minimum = str(signed.get("minimum_version", UNKNOWN_VERSION))
        said = version or UNKNOWN_VERSION
        try:
            too_old = newer(minimum, said)
        except DomainError:  # an unreadable version is as good as none
            too_old, said = newer(minimum, UNKNOWN_VERSION), UNKNOWN_VERSION
        if too_old:
            raise SyncError(CLIENT_TOO_OLD, version=said, minimum=minimum)
