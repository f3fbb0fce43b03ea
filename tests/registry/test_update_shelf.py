"""The registry's update shelf: a published package served by its hash only, the manifest
re-read when it changes, and workstations older than the minimum refused in words (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from learncenter.registry.updates import UpdateShelf
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair


def test_publish_serve_and_refuse_older_workstations(tmp_path: Path) -> None:
    shelf, key = UpdateShelf(tmp_path / "updates"), SigningKeyPair.generate()
    shelf.check_client(None)  # nothing published: every workstation is welcome
    package = tmp_path / "learncenter-0.3.0-setup.exe"
    package.write_bytes(b"MZ" * 1000)
    manifest, signed = shelf.publish(key.private, package, version="0.3.0", minimum="0.2.0", notes_zh="新",
                                     notes_en="new")
    assert shelf.signed() == signed and shelf.package(manifest.package_sha256) == tmp_path / "updates" / manifest.package_sha256
    assert shelf.package("0" * 64) is None  # no other file of the folder is served
    shelf.check_client("0.2.0")
    shelf.check_client("0.10.0")
    for old in ("0.1.9", None, "not a version"):
        with pytest.raises(SyncError) as caught:
            shelf.check_client(old)
        assert caught.value.code == "client_too_old" and "0.2.0" in caught.value.text("zh")
    second, _ = shelf.publish(key.private, package, version="0.3.1", minimum=None, notes_zh="", notes_en="")
    assert shelf.signed()["version"] == "0.3.1" and second.minimum_version == "0"  # type: ignore[index]
    shelf.check_client(None)
