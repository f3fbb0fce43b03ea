"""A new version of the workstation, as the registry announces it: the update manifest.

The registry publishes one manifest at a time — the version, the least version it still takes
batches from, the package (its file name, SHA-256 and size) and what is new, in Chinese and
English — signed with its signing key (``sync.update_manifest``). It reaches a center with the
sync, or as a folder on a USB stick; the workstation trusts it only under the registry key it
pinned at enrollment, and a package only when its bytes hash to the manifest's SHA-256.

Versions are dotted numbers ("0.2.0"), compared number by number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from learncenter.domain.messages import DomainError, Problem, define

KIND = "learncenter.update"
PACKAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+\-]{0,199}$")  # a file name, never a path
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_PACKAGE = 2 << 30  # bytes: a bundle's installer is a few hundred megabytes
MAX_NOTES = 4000

MALFORMED = define("updates.malformed", zh="更新说明文件格式不正确（{field}），未采用。",
                   en="The update manifest is not in the expected form ({field}) and was not used.")
BAD_VERSION = define("updates.bad_version", zh="“{value}”不是有效的版本号（应为 1.2.3 这样的数字）。",
                     en="'{value}' is not a version number (numbers such as 1.2.3).")


def parse_version(text: str) -> tuple[int, ...]:
    if not isinstance(text, str) or not re.fullmatch(r"\d{1,6}(\.\d{1,6}){0,3}", text):
        raise DomainError(Problem(BAD_VERSION, "version", {"value": str(text)[:40]}))
    numbers = tuple(int(part) for part in text.split("."))
    return numbers + (0,) * (4 - len(numbers))


def newer(version: str, than: str) -> bool:
    return parse_version(version) > parse_version(than)


@dataclass(frozen=True)
class UpdateManifest:
    version: str
    minimum_version: str  # the registry refuses batches from a workstation older than this
    package_name: str
    package_sha256: str
    package_size: int
    notes_zh: str
    notes_en: str
    published_at: str  # ISO 8601, UTC

    def notes(self, lang: str) -> str:
        return self.notes_zh if lang == "zh" else self.notes_en

    def body(self) -> dict[str, Any]:
        """What the registry signs."""
        return {"kind": KIND, "version": self.version, "minimum_version": self.minimum_version,
                "package": {"name": self.package_name, "sha256": self.package_sha256, "size": self.package_size},
                "notes": {"zh": self.notes_zh, "en": self.notes_en}, "published_at": self.published_at}

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> UpdateManifest:
        """The manifest of a verified body; DomainError naming the first field that is wrong."""
        def fail(field: str) -> DomainError:
            return DomainError(Problem(MALFORMED, field, {"field": field}))

        if body.get("kind") != KIND:
            raise fail("kind")
        package, notes = body.get("package"), body.get("notes")
        if not isinstance(package, dict) or not isinstance(notes, dict):
            raise fail("package" if not isinstance(package, dict) else "notes")
        for field in ("version", "minimum_version"):
            try:
                parse_version(body.get(field))  # type: ignore[arg-type]
            except DomainError:
                raise fail(field) from None
        if newer(body["minimum_version"], body["version"]):
            raise fail("minimum_version")
        name, digest, size = package.get("name"), package.get("sha256"), package.get("size")
        if not isinstance(name, str) or not PACKAGE_NAME.match(name) or name in (".", ".."):
            raise fail("package.name")
        if not isinstance(digest, str) or not SHA256.match(digest):
            raise fail("package.sha256")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_PACKAGE:
            raise fail("package.size")
        texts = [notes.get("zh"), notes.get("en")]
        if not all(isinstance(t, str) and len(t) <= MAX_NOTES for t in texts):
            raise fail("notes")
        if not isinstance(body.get("published_at"), str):
            raise fail("published_at")
        return cls(body["version"], body["minimum_version"], name, digest, size, str(texts[0]), str(texts[1]),
                   body["published_at"])
