"""The update manifest: versions compared number by number; a manifest checked field by field;
signed by the registry and trusted only under the pinned key (issue 16)."""

from __future__ import annotations

import pytest

from learncenter.domain.messages import DomainError
from learncenter.domain.updates import UpdateManifest, newer, parse_version
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.update_manifest import sign_manifest, verify_manifest

MANIFEST = UpdateManifest("0.2.0", "0.1.5", "learncenter-0.2.0-setup.exe", "a" * 64, 1234, "新增", "New",
                          "2026-12-04T10:00:00Z")


def test_versions_compare_as_numbers_not_text() -> None:
    assert newer("0.10.0", "0.9.9") and newer("1.0", "0.99.99") and not newer("0.2", "0.2.0")
    assert parse_version("2.1") == (2, 1, 0, 0)
    with pytest.raises(DomainError) as caught:
        parse_version("0.2.0-beta")
    assert "0.2.0-beta" in caught.value.text("en")


@pytest.mark.parametrize("field, change", [
    ("package.name", {"package": {**MANIFEST.body()["package"], "name": "../../learncenter.exe"}}),
    ("package.sha256", {"package": {**MANIFEST.body()["package"], "sha256": "abc"}}),
    ("package.size", {"package": {**MANIFEST.body()["package"], "size": 0}}),
    ("minimum_version", {"minimum_version": "0.3.0"}),  # a minimum above the version itself
    ("version", {"version": "latest"}),
    ("kind", {"kind": "something.else"}),
])
def test_a_manifest_with_a_wrong_field_is_refused_naming_it(field: str, change: dict[str, object]) -> None:
    with pytest.raises(DomainError) as caught:
        UpdateManifest.from_body({**MANIFEST.body(), **change})
    assert caught.value.problem.field == field


def test_only_the_pinned_registry_key_makes_a_manifest_trusted() -> None:
    registry, other = SigningKeyPair.generate(), SigningKeyPair.generate()
    signed = sign_manifest(registry.private, MANIFEST)
    assert verify_manifest(signed, registry.public) == MANIFEST
    with pytest.raises(SyncError) as foreign:
        verify_manifest(sign_manifest(other.private, MANIFEST), registry.public)
    assert foreign.value.code == "bad_signature"
    tampered = {**signed, "notes": {"zh": "新增", "en": "Install this other thing"}}
    with pytest.raises(SyncError) as changed:
        verify_manifest(tampered, registry.public)
    assert changed.value.code == "bad_signature"
