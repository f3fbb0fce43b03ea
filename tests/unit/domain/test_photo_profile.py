from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from learncenter.domain.messages import DomainError
from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles

PROFILE_FILE = Path(__file__).parents[3] / "resources" / "profiles" / "photo-profiles.json"


def shipped() -> dict[str, Any]:
    return json.loads(PROFILE_FILE.read_text(encoding="utf-8"))


def test_shipped_profiles_follow_domain_section_3() -> None:
    profiles = PhotoProfiles.from_dict(shipped())
    assert profiles.names() == ("exam", "graduation", "small", "id_card")
    exam = profiles.default_profile
    assert exam is profiles.get() is profiles.get("exam")
    assert (exam.width, exam.height, exam.dpi, exam.min_kb, exam.max_kb) == (480, 640, 300, 20, 40)
    assert exam.background == (100, 197, 255)
    assert (exam.hairline_top, exam.eyes_top, exam.face_width) == ((50, 110), (200, 300), (180, 300))
    small = profiles.get("small")
    assert (small.width, small.height, small.min_kb, small.max_kb, small.background) == (
        360, 480, 10, 50, (255, 255, 255))
    id_card = profiles.get("id_card")
    assert (id_card.width, id_card.height, id_card.dpi, id_card.min_kb, id_card.max_kb) == (358, 441, 350, 14, 20)
    assert id_card.face_width is not None and id_card.face_width[0] <= 207 <= id_card.face_width[1]
    assert id_card.eyes_top is None
    assert exam.title("en").startswith("Exam")


def test_unknown_profile_names_the_available_ones() -> None:
    profiles = PhotoProfiles.from_dict(shipped())
    with pytest.raises(DomainError) as error:
        profiles.get("passport")
    assert error.value.problem.code == "photo_profile.unknown"
    assert "exam" in error.value.text("zh")


def test_default_must_exist() -> None:
    data = shipped()
    data["default"] = "passport"
    with pytest.raises(DomainError) as error:
        PhotoProfiles.from_dict(data)
    assert error.value.problem.code == "photo_profile.unknown"


def test_duplicate_names_are_refused() -> None:
    data = shipped()
    data["profiles"].append(copy.deepcopy(data["profiles"][0]))
    with pytest.raises(DomainError) as error:
        PhotoProfiles.from_dict(data)
    assert error.value.problem.code == "photo_profile.duplicate"


@pytest.mark.parametrize(
    "key, value, code",
    [
        ("width", 0, "profile.bad_value"),
        ("max_kb", 10, "profile.bad_value"),  # below min_kb
        ("background", [100, 197], "profile.bad_value"),
        ("background", [100, 197, 256], "profile.bad_value"),
        ("hairline_top", [110, 50], "profile.bad_value"),
        ("eyes_top", [200, 700], "photo_profile.inconsistent"),
        ("dpi", True, "profile.bad_value"),
        ("colour", "blue", "profile.unknown_key"),
    ],
)
def test_bad_values_name_the_key(key: str, value: Any, code: str) -> None:
    data = shipped()["profiles"][0]
    data[key] = value
    with pytest.raises(DomainError) as error:
        PhotoProfile.from_dict(data, "profiles[0]")
    assert error.value.problem.code == code
    assert error.value.problem.field == f"profiles[0].{key}"


def test_missing_key() -> None:
    data = shipped()["profiles"][0]
    del data["min_kb"]
    with pytest.raises(DomainError) as error:
        PhotoProfile.from_dict(data)
    assert (error.value.problem.code, error.value.problem.field) == ("profile.missing_key", "min_kb")
