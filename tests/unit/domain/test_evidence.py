"""What each level needs before sealing, from its rules."""

from __future__ import annotations

import json

from learncenter.domain.candidate import Level
from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.evidence import AtHand, Evidence, missing, missing_problem, required
from learncenter.domain.messages import render
from learncenter.resources import resource_dir


def _profile() -> EligibilityProfile:
    """The shipped default profile."""
    data = json.loads((resource_dir() / "profiles" / "eligibility-default.json").read_text(encoding="utf-8"))
    return EligibilityProfile.from_dict(data)


def test_every_level_needs_the_card_and_the_photo_and_bachelor_the_chsi_evidence() -> None:
    levels = _profile().levels
    base = (Evidence.ID_CARD_CHECKED, Evidence.ID_FRONT, Evidence.ID_BACK, Evidence.PHOTO)
    assert required(levels[Level.HIGH_TO_JUNIOR_COLLEGE]) == base
    assert required(levels[Level.JUNIOR_COLLEGE_TO_BACHELOR]) == base + (
        Evidence.DIPLOMA, Evidence.CHSI_NUMBER, Evidence.CHSI_SCAN)


def test_a_report_stands_for_the_chsi_code_and_its_scan_for_the_form() -> None:
    rules = _profile().levels[Level.JUNIOR_COLLEGE_TO_BACHELOR]
    held = AtHand(id_card_checked=True, photo=True, documents=frozenset({"id_front", "id_back", "diploma", "cert_report"}),
                  cert_report_no="1234567")
    assert missing(rules, held) == ()
    bare = AtHand(id_card_checked=False, photo=False, documents=frozenset())
    assert missing(rules, bare) == required(rules)


def test_the_message_names_every_missing_item_in_both_languages() -> None:
    problem = missing_problem("王芳", (Evidence.DIPLOMA, Evidence.CHSI_SCAN))
    assert problem.field == "diploma"
    zh, en = render(problem.code, problem.params, "zh"), render(problem.code, problem.params, "en")
    assert "王芳" in zh and "毕业证书扫描件" in zh and "备案表" in zh and "supervisor" in en and "diploma" in en
