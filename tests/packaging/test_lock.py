"""requirements.lock: what ./dev, CI and the bundles install, pinned and hashed (scripts/lock.py)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, list[tuple[str, str | None, list[str]]]]:
    """name -> [(version, marker, hashes)] (a package may have one version per Python range)."""
    entries: dict[str, list[tuple[str, str | None, list[str]]]] = {}
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        match = PIN.match(line)
        if match is None:
            continue
        marker = line.split(";", 1)[1].split("--hash")[0].strip() if ";" in line.split("--hash")[0] else None
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        entries.setdefault(canonical(match.group(1)), []).append((match.group(3), marker, hashes))
    return entries


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    extras = project["optional-dependencies"]
    for requirement in project["dependencies"] + [r for reqs in extras.values() for r in reqs]:
        if requirement.startswith("learncenter["):
            continue  # dev names the programs' own extras
        match = PIN.match(requirement)
        assert match is not None, f"{requirement}: pyproject.toml pins every dependency with =="
        pins[canonical(match.group(1))] = match.group(3)
    return pins


def test_every_pin_of_pyproject_is_locked_at_the_same_version_with_hashes() -> None:
    lock = locked()
    for name, version in pyproject_pins().items():
        assert name in lock, f"{name} is not in requirements.lock: run scripts/lock.py"
        assert {entry[0] for entry in lock[name]} == {version}, f"{name}: pyproject.toml says {version}, " \
            f"the lock {[entry[0] for entry in lock[name]]}: run scripts/lock.py"
    for name, entries in lock.items():
        for version, _marker, hashes in entries:
            assert hashes, f"{name}=={version} has no hash"


def test_this_environment_holds_exactly_what_the_lock_says_for_it() -> None:
    """What ./dev (and CI) installed here: every locked package whose marker holds, at its version."""
    for name, entries in locked().items():
        wanted = [version for version, marker, _ in entries if marker is None or Marker(marker).evaluate()]
        if not wanted:
            continue
        assert metadata.version(name) == wanted[0], f"{name}: installed {metadata.version(name)}, locked {wanted[0]}"
