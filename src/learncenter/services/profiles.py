"""Locating the shipped resources and loading the configurable profiles.

An administrator's own profile in the data folder (``profiles/eligibility.json``,
``profiles/photo-profiles.json``, ``profiles/sync.json``, ``profiles/students.json``) wins over the one shipped in ``resources/profiles/``; either way it is parsed strictly by the domain.
"""

from __future__ import annotations

import json
from pathlib import Path

from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.photo_profile import PhotoProfiles
from learncenter.domain.student_rules import StudentProfile
from learncenter.domain.sync_limits import SyncLimits
from learncenter.resources import resource_dir

PROFILE_UNREADABLE = define(
    "profiles.unreadable",
    zh="无法读取配置文件 {path}：{reason}。请改正该文件，或删除它以使用随程序提供的默认配置。",
    en="The profile {path} cannot be read: {reason}. Correct the file, or delete it to use the default "
    "that ships with the program.",
)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(Problem(PROFILE_UNREADABLE, None, {"path": str(path), "reason": str(exc)})) from exc


def _profile_data(data_dir: Path | None, local_name: str, shipped_name: str) -> dict[str, object]:
    local = data_dir / "profiles" / local_name if data_dir else None
    path = local if local is not None and local.exists() else resource_dir() / "profiles" / shipped_name
    data = _read_json(path)
    if not isinstance(data, dict):
        raise DomainError(Problem(PROFILE_UNREADABLE, None, {"path": str(path), "reason": "not a JSON object"}))
    return data


def load_eligibility_profile(data_dir: Path | None = None) -> EligibilityProfile:
    return EligibilityProfile.from_dict(_profile_data(data_dir, "eligibility.json", "eligibility-default.json"))


def load_photo_profiles(data_dir: Path | None = None) -> PhotoProfiles:
    return PhotoProfiles.from_dict(_profile_data(data_dir, "photo-profiles.json", "photo-profiles.json"))


def load_sync_limits(data_dir: Path | None = None) -> SyncLimits:
    return SyncLimits.from_dict(_profile_data(data_dir, "sync.json", "sync.json"))


def load_student_profile(data_dir: Path | None = None) -> StudentProfile:
    return StudentProfile.from_dict(_profile_data(data_dir, "students.json", "students.json"))
