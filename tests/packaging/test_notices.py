"""The third-party notices name every package the program ships with, at the version it pins
(scripts/third_party_notices.py writes them from the installed packages' metadata)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rows() -> dict[str, tuple[str, str]]:
    text = (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| (\S+) \| ([^|]+) \|", text, re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", name).lower(): (version, licence.strip()) for name, version, licence in rows
            if name != "package" and name != "---"}


def test_every_runtime_dependency_is_in_the_notices_at_its_pinned_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    dependencies = project["dependencies"] + extras["workstation"] + extras["registry"] + extras["postgres"]
    rows = _rows()
    missing = []
    for requirement in dependencies:
        name, version = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^]]*])?==([^\s;]+)", requirement).groups()  # type: ignore[union-attr]
        found = rows.get(re.sub(r"[-_.]+", "-", name).lower())
        if found is None or found[0] != version or not found[1]:
            missing.append(f"{name}=={version}: {found}")
    assert not missing, "run scripts/third_party_notices.py: " + "; ".join(missing)


def test_the_lgpl_libraries_say_where_their_source_is() -> None:
    text = (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    assert "LGPL" in _rows()["pyside6-essentials"][1] and "https://code.qt.io" in text
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").count("THIRD-PARTY-NOTICES.md") == 1
