"""Installing a staged update when the workstation starts, before any window or database.

``sync.workstation_updates`` stages a package in the data folder's ``updates/`` with
``pending.json`` (the package's name and the signed manifest it was checked against). At the
next start this module checks the package's bytes against that manifest's SHA-256 again and
installs it the way its kind is installed:

- a wheel (``.whl``, the program installed with pip): ``pip install --no-deps --no-index`` into
  this Python, then the program starts again, new;
- a Windows setup (``.exe``, the bundle's installer): started silently, and this program exits so
  that the installer can replace it; the installer starts nothing itself.

A package whose bytes changed since they were checked, or an install that fails, is never
retried in a loop: ``pending.json`` becomes ``refused.json`` or ``failed.json`` and the program
starts as it is. Only names and hashes are logged.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PENDING, REFUSED, FAILED, INSTALLED = "pending.json", "refused.json", "failed.json", "installed.json"
INSTALLED_WHEEL, HANDED_OVER = "installed", "handed-over"

Run = Callable[[Sequence[str]], int]
Launch = Callable[[Sequence[str]], Any]


def _folder(data_root: Path) -> Path:
    return data_root / "updates"


def _pending(data_root: Path) -> tuple[dict[str, Any], Path] | None:
    path = _folder(data_root) / PENDING
    try:
        pending = json.loads(path.read_text(encoding="utf-8"))
        name = pending["package"]
        manifest = pending["manifest"]["package"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or "/" in name or "\\" in name or name != manifest.get("name"):
        return None
    return manifest, _folder(data_root) / name


def pending_package(data_root: Path) -> Path | None:
    """The staged package waiting for the next start, if any."""
    found = _pending(data_root)
    return found[1] if found is not None else None


def _matches(package: Path, manifest: dict[str, Any]) -> bool:
    import hashlib  # here and below: a start with nothing pending loads neither

    digest, size = hashlib.sha256(), 0
    try:
        with open(package, "rb") as source:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return False
    return digest.hexdigest() == manifest.get("sha256") and size == manifest.get("size")


def _settle(data_root: Path, outcome: str) -> None:
    folder = _folder(data_root)
    (folder / PENDING).replace(folder / outcome)


def wheel_command(package: Path, python: str = sys.executable) -> list[str]:
    return [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
            "--force-reinstall", "--quiet", str(package)]


def install_pending(data_root: Path, *, run: Run | None = None, launch: Launch | None = None,
                    python: str = sys.executable) -> str | None:
    """Install what is pending: ``INSTALLED_WHEEL`` (start the program again), ``HANDED_OVER``
    (exit: the installer takes over) or None (nothing was installed; start as usual)."""
    found = _pending(data_root)
    if found is None:
        return None
    manifest, package = found
    if not _matches(package, manifest):
        log.error("update refused: %s does not match the SHA-256 it was checked against", package.name)
        _settle(data_root, REFUSED)
        return None
    import subprocess

    suffix = package.suffix.lower()
    if suffix == ".whl":
        runner = run or (lambda argv: subprocess.run(list(argv), check=False, timeout=600).returncode)
        code = runner(wheel_command(package, python))
        if code != 0:
            log.error("update failed: pip install of %s exited with %s", package.name, code)
            _settle(data_root, FAILED)
            return None
        _settle(data_root, INSTALLED)
        log.info("update installed: %s", package.name)
        return INSTALLED_WHEEL
    if suffix == ".exe" and (sys.platform == "win32" or launch is not None):
        starter = launch or (lambda argv: subprocess.Popen(list(argv)))  # noqa: S603 - the checked package
        starter([str(package), "/SILENT", "/SUPPRESSMSGBOXES", "/NORESTART"])
        _settle(data_root, INSTALLED)
        log.info("update handed to its installer: %s", package.name)
        return HANDED_OVER
    log.error("update not installed: %s is not a package this workstation installs by itself", package.name)
    _settle(data_root, FAILED)
    return None


def installed_since_last_start(data_root: Path) -> str | None:
    """The version an update installed at this start, said once: ``installed.json`` is then
    renamed, so the next start says nothing."""
    folder = _folder(data_root)
    path = folder / INSTALLED
    try:
        version = json.loads(path.read_text(encoding="utf-8"))["manifest"]["version"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    path.replace(folder / f"installed-{version}.json")
    return str(version)

