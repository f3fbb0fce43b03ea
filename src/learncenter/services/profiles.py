"""Locating the shipped resources and loading the configurable profiles.

An administrator's own profile in the data folder (``profiles/eligibility.json``) wins over the
one shipped in ``resources/profiles/``; either way it is parsed strictly by the domain.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.messages import DomainError, Problem, define

RESOURCES_ENV = "LEARNCENTER_RESOURCES"
PROFILE_UNREADABLE = define(
    "profiles.unreadable",
    zh="无法读取配置文件 {path}：{reason}。请改正该文件，或删除它以使用随程序提供的默认配置。",
    en="The profile {path} cannot be read: {reason}. Correct the file, or delete it to use the default "
    "that ships with the program.",
)


def resource_dir() -> Path:
    """``resources/`` of the source tree, or the folder named by LEARNCENTER_RESOURCES
    (set by the installer, which places resources beside the program)."""
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "resources"


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(Problem(PROFILE_UNREADABLE, None, {"path": str(path), "reason": str(exc)})) from exc


def load_eligibility_profile(data_dir: Path | None = None) -> EligibilityProfile:
    local = data_dir / "profiles" / "eligibility.json" if data_dir else None
    path = local if local is not None and local.exists() else resource_dir() / "profiles" / "eligibility-default.json"
    data = _read_json(path)
    if not isinstance(data, dict):
        raise DomainError(Problem(PROFILE_UNREADABLE, None, {"path": str(path), "reason": "not a JSON object"}))
    return EligibilityProfile.from_dict(data)
