"""Which fields a level needs comes from the eligibility profile's rules, and missing ones warn."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from learncenter.domain.candidate import Level
from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.validation import LevelNeeds, level_needs, validate_candidate

PROFILE_FILE = Path(__file__).parents[3] / "resources" / "profiles" / "eligibility-default.json"
DEFAULT = EligibilityProfile.from_dict(json.loads(PROFILE_FILE.read_text(encoding="utf-8")))
TODAY = date(2026, 3, 1)
ZSB: dict[str, Any] = {
    "term": "2026秋", "name": "王五", "id_number": "110105199003071239", "level": "zsb",
    "major_code": "120203", "major_name": "会计学",
}


def test_the_rules_of_the_profile_say_which_fields_a_level_needs() -> None:
    assert level_needs(DEFAULT.levels[Level.HIGH_TO_JUNIOR_COLLEGE]) == LevelNeeds(("prior_education",))
    zsb = level_needs(DEFAULT.levels[Level.JUNIOR_COLLEGE_TO_BACHELOR])
    assert zsb.each == ("prior_education", "prior_school", "prior_certificate_no", "prior_graduation_date")
    assert zsb.one_of == ("chsi_code", "cert_report_no")
    relaxed = replace(DEFAULT.levels[Level.JUNIOR_COLLEGE_TO_BACHELOR], chsi_evidence_required=False,
                      certificate_before_enrolment=False)
    assert level_needs(relaxed) == LevelNeeds(("prior_education", "prior_school", "prior_certificate_no"))


def test_missing_level_fields_are_warnings_that_do_not_stop_a_save() -> None:
    result = validate_candidate(ZSB, today=TODAY, profile=DEFAULT)
    assert result.ok and result.candidate is not None
    warned = {(w.field, w.code) for w in result.warnings}
    assert warned == {("prior_education", "validation.level_needs"), ("prior_school", "validation.level_needs"),
                      ("prior_certificate_no", "validation.level_needs"),
                      ("prior_graduation_date", "validation.level_needs"),
                      ("chsi_code", "validation.level_needs_one_of")}
    school = next(w for w in result.warnings if w.field == "prior_school")
    assert school.text("zh") == "专升本需要填写毕业学校：可以先保存，但现场确认前须补齐。"


def test_one_piece_of_chsi_evidence_is_enough_and_no_profile_means_no_such_warnings() -> None:
    filled = {**ZSB, "prior_education": "junior_college", "prior_school": "江西财经职业学院",
              "prior_certificate_no": "104597201606001234", "prior_graduation_date": "2016-07-01",
              "cert_report_no": "1234567"}
    assert validate_candidate(filled, today=TODAY, profile=DEFAULT).warnings == ()
    assert validate_candidate(ZSB, today=TODAY).warnings == ()  # the importer checks rows without it
