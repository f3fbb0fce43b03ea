"""Updates at the workstation: learning of a new version, fetching it, and installing it at the
next start (issue 16).

Every sync run first asks the registry for its signed update manifest (before the batches: a
workstation the registry refuses as too old still learns what to install). A manifest is kept
only when it verifies under the registry key pinned at enrollment and names a version newer than
the running one; the workstation then says so. An administrator fetches the package (over the
link, or from a folder on a USB stick holding the manifest and the package): its bytes must hash
to the manifest's SHA-256 before it is staged in the data folder's ``updates/``, with
``pending.json`` naming it. At the next start, before any window, ``learncenter.updating``
installs a pending package whose hash still matches.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learncenter import __version__
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.updates import UpdateManifest, newer
from learncenter.services.authorization import require
from learncenter.store import settings
from learncenter.store.database import Database
from learncenter.sync import pins
from learncenter.protocol.errors import HASH_MISMATCH, MALFORMED, SyncError
from learncenter.protocol.update_manifest import MANIFEST_FILE, file_sha256, manifest_bytes, verify_manifest

MANIFEST_KEY = "update.manifest"  # settings: the signed manifest of a newer version, as the registry sent it
PENDING_FILE = "pending.json"  # in updates/: the package to install at the next start

NOTHING_NEWER = define("updates.nothing_newer", zh="没有比当前版本（{running}）更新的版本。",
                       en="There is no version newer than this one ({running}).")
NO_MANIFEST = define("updates.no_manifest", zh="{folder} 中没有更新说明文件 manifest.json。",
                     en="{folder} holds no update manifest (manifest.json).")
NO_PACKAGE = define("updates.no_package", zh="{folder} 中没有更新说明所列的安装包 {name}。",
                    en="{folder} does not hold the package {name} the manifest names.")


@dataclass(frozen=True)
class Staged:
    manifest: UpdateManifest
    path: Path  # the package, checked against the manifest's hash


def updates_folder(data_root: Path) -> Path:
    return data_root / "updates"


class WorkstationUpdates:
    def __init__(self, db: Database, *, running: str = __version__) -> None:
        self._db, self._running = db, running
        self.folder = updates_folder(db.data_dir.root)

    # -- learning of a version ------------------------------------------------------------

    def accept(self, signed: dict[str, Any] | None) -> UpdateManifest | None:
        """Keep the registry's manifest if it verifies under the pinned key and is newer than the
        running version (forget an older one); the newer manifest, or None."""
        if signed is None:
            self._forget()
            return None
        with self._db.session() as session:
            public = pins.require(session).signing_public
        manifest = verify_manifest(signed, public)  # refused whole when it does not verify
        if not newer(manifest.version, self._running):
            self._forget()
            return None
        with self._db.session() as session, session.begin():
            settings.put(session, MANIFEST_KEY, manifest_bytes(signed).decode("utf-8"))
        return manifest

    def available(self) -> UpdateManifest | None:
        """The newer version the registry announced (checked again under the pinned key)."""
        announced = self._announced()
        return announced[0] if announced is not None else None

    def _announced(self) -> tuple[UpdateManifest, dict[str, Any]] | None:
        """The kept manifest of a newer version, verified, with its signed form."""
        with self._db.session() as session:
            text = settings.get(session, MANIFEST_KEY)
            enrolled = pins.read(session)
        if not text or enrolled is None:
            return None
        try:
            signed = json.loads(text)
            manifest = verify_manifest(signed, enrolled.signing_public)
        except (SyncError, ValueError):
            return None
        return (manifest, signed) if newer(manifest.version, self._running) else None

    def _forget(self) -> None:
        with self._db.session() as session, session.begin():
            settings.put(session, MANIFEST_KEY, "")

    # -- fetching and staging -------------------------------------------------------------

    def fetch(self, link: Any, *, actor: SignedIn, progress: Callable[[int, int], None] | None = None) -> Staged:
        """Download the announced package over ``link`` (a RegistryLink) and stage it."""
        self._may_install(actor)
        announced = self._announced()
        if announced is None:
            raise DomainError(Problem(NOTHING_NEWER, "update", {"running": self._running}))
        manifest, signed = announced
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / manifest.package_name
        link.download(manifest.package_sha256, target, size=manifest.package_size, progress=progress)
        return self._stage(manifest, target, signed)

    def from_folder(self, folder: Path, *, actor: SignedIn) -> Staged:
        """Stage the update in ``folder`` (a USB stick): its manifest verified under the pinned
        key, its package checked against the manifest's hash, then copied in."""
        self._may_install(actor)
        path = folder / MANIFEST_FILE
        try:
            signed = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise DomainError(Problem(NO_MANIFEST, "folder", {"folder": str(folder)})) from None
        except ValueError:
            raise SyncError(MALFORMED) from None
        with self._db.session() as session:
            public = pins.require(session).signing_public
        manifest = verify_manifest(signed, public)
        if not newer(manifest.version, self._running):
            raise DomainError(Problem(NOTHING_NEWER, "update", {"running": self._running}))
        package = folder / manifest.package_name
        if not package.is_file():
            raise DomainError(Problem(NO_PACKAGE, "folder", {"folder": str(folder), "name": manifest.package_name}))
        if file_sha256(package) != (manifest.package_sha256, manifest.package_size):
            raise SyncError(HASH_MISMATCH)
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / manifest.package_name
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(package, partial)
        partial.replace(target)
        with self._db.session() as session, session.begin():
            settings.put(session, MANIFEST_KEY, manifest_bytes(signed).decode("utf-8"))
        return self._stage(manifest, target, signed)

    def _stage(self, manifest: UpdateManifest, package: Path, signed: dict[str, Any]) -> Staged:
        """``pending.json``: the package and the manifest it was checked against (its hash is
        checked again before it is installed)."""
        if file_sha256(package) != (manifest.package_sha256, manifest.package_size):
            package.unlink(missing_ok=True)
            raise SyncError(HASH_MISMATCH)
        pending = {"package": package.name, "manifest": signed}
        partial = self.folder / (PENDING_FILE + ".part")
        partial.write_text(json.dumps(pending, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.folder / PENDING_FILE)
        return Staged(manifest, package)

    def _may_install(self, actor: SignedIn) -> None:
        with self._db.session() as session:
            require(session, actor, Permission.MAINTAIN)  # installing software is maintaining the workstation
