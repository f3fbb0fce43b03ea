from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from learncenter.domain.candidate import CandidateData, Gender, Level, PriorEducation
from learncenter.domain.certificate import STUDY_FORM_MISMATCH
from learncenter.domain.eligibility import (
    RULE_CERTIFICATE,
    EligibilityProfile,
    Outcome,
    RuleResult,
    Verdict,
    age_on,
    evaluate,
)
from learncenter.domain.messages import DomainError

PROFILE_FILE = Path(__file__).parents[3] / "resources" / "profiles" / "eligibility-default.json"
APPLIED = date(2026, 3, 1)


def default_data() -> dict[str, Any]:
    return json.loads(PROFILE_FILE.read_text(encoding="utf-8"))


DEFAULT = EligibilityProfile.from_dict(default_data())


def profile_with(**changes: Any) -> EligibilityProfile:
    data = default_data()
    for path, value in changes.items():
        *parents, key = path.split("__")
        target = data
        for part in parents:
            target = target[part]
        target[key] = value
    return EligibilityProfile.from_dict(data)


def candidate(level: Level, **changes: Any) -> CandidateData:
    base = CandidateData(
        term="2026春", name="张三", gender=Gender.MALE, birth_date=date(2000, 5, 20),
        id_number="110105200005200013", level=level, major_code="080901", major_name="计算机科学与技术",
    )
    if level is Level.JUNIOR_COLLEGE_TO_BACHELOR:
        base = replace(base, prior_education=PriorEducation.JUNIOR_COLLEGE,
                       prior_certificate_no="104597201606001234", prior_graduation_date=date(2016, 7, 1),
                       chsi_code="ABCD1234EFGH5678")
    else:
        base = replace(base, prior_education=PriorEducation.HIGH_SCHOOL)
    return replace(base, **changes)


def rule(verdict: Verdict, name: str) -> RuleResult:
    results = {r.result for r in verdict.rules if r.rule == name}
    assert len(results) == 1, results
    return results.pop()


def assert_readable(verdict: Verdict) -> None:
    for outcome in verdict.rules:
        for lang in ("zh", "en"):
            text = outcome.problem.text(lang)
            assert text != outcome.problem.code and "{" not in text, text


def test_default_profile_parses() -> None:
    assert DEFAULT.version == "default-2026.1"
    assert DEFAULT.reference_date is None
    assert DEFAULT.enrolment_date is None
    assert set(DEFAULT.levels) == set(Level)
    assert DEFAULT.levels[Level.HIGH_TO_JUNIOR_COLLEGE].min_age == 18
    assert DEFAULT.levels[Level.HIGH_TO_BACHELOR].min_age == 18
    zsb = DEFAULT.levels[Level.JUNIOR_COLLEGE_TO_BACHELOR]
    assert zsb.min_age is None
    assert PriorEducation.HIGH_SCHOOL not in zsb.accepted_prior
    assert PriorEducation.JUNIOR_COLLEGE in zsb.accepted_prior
    assert zsb.chsi_evidence_required and zsb.certificate_required and zsb.certificate_before_enrolment


def test_age_in_completed_years() -> None:
    assert age_on(date(2008, 3, 1), date(2026, 3, 1)) == 18
    assert age_on(date(2008, 3, 2), date(2026, 3, 1)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17


@pytest.mark.parametrize("level", [Level.HIGH_TO_JUNIOR_COLLEGE, Level.HIGH_TO_BACHELOR])
class TestHighSchoolLevels:
    def test_eligible(self, level: Level) -> None:
        verdict = evaluate(candidate(level), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE
        assert verdict.profile_version == "default-2026.1"
        assert verdict.reasons() == ()
        age = next(r for r in verdict.rules if r.rule == "age")
        assert age.result is RuleResult.PASSED
        assert age.problem.text("zh") == "年满18周岁（报名日 2026-03-01 时 25 岁）。"
        assert rule(verdict, "chsi_evidence") is RuleResult.NOT_APPLICABLE
        assert_readable(verdict)

    def test_eighteenth_birthday_on_application_day(self, level: Level) -> None:
        verdict = evaluate(candidate(level, birth_date=date(2008, 3, 1)), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE

    def test_too_young(self, level: Level) -> None:
        verdict = evaluate(candidate(level, birth_date=date(2008, 3, 2)), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        [reason] = verdict.reasons()
        assert reason.rule == "age" and reason.result is RuleResult.FAILED
        assert reason.problem.field == "birth_date"
        assert "17 岁" in reason.problem.text("zh") and "18" in reason.problem.text("zh")
        assert_readable(verdict)

    def test_higher_education_also_qualifies(self, level: Level) -> None:
        verdict = evaluate(candidate(level, prior_education=PriorEducation.BACHELOR), DEFAULT,
                           application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE

    def test_wrong_prior_level(self, level: Level) -> None:
        strict = profile_with(**{f"levels__{level.value}__accepted_prior": ["high_school"]})
        verdict = evaluate(candidate(level, prior_education=PriorEducation.TECHNICAL_SECONDARY), strict,
                           application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        assert rule(verdict, "prior_education") is RuleResult.FAILED
        assert_readable(verdict)

    def test_undeclared_prior_education_needs_review(self, level: Level) -> None:
        verdict = evaluate(candidate(level, prior_education=None), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NEEDS_REVIEW
        assert rule(verdict, "prior_education") is RuleResult.REVIEW


ZSB = Level.JUNIOR_COLLEGE_TO_BACHELOR


class TestJuniorCollegeToBachelor:
    def test_eligible(self) -> None:
        verdict = evaluate(candidate(ZSB), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE
        assert rule(verdict, "age") is RuleResult.NOT_APPLICABLE
        assert rule(verdict, "certificate") is RuleResult.PASSED
        assert rule(verdict, "chsi_evidence") is RuleResult.PASSED
        chsi = next(r for r in verdict.rules if r.rule == "chsi_evidence")
        assert "ABCD1234EFGH5678" in chsi.problem.text("zh") and "联网" in chsi.problem.text("zh")
        assert rule(verdict, "certificate_before_enrolment") is RuleResult.PASSED
        assert_readable(verdict)

    def test_any_age_by_default_but_profiles_may_set_one(self) -> None:
        young = candidate(ZSB, birth_date=date(2007, 1, 1))
        assert evaluate(young, DEFAULT, application_date=APPLIED).outcome is Outcome.ELIGIBLE
        school = profile_with(levels__zsb__min_age=20)
        verdict = evaluate(young, school, application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        assert rule(verdict, "age") is RuleResult.FAILED

    def test_wrong_prior_level(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_education=PriorEducation.HIGH_SCHOOL), DEFAULT,
                           application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        assert rule(verdict, "prior_education") is RuleResult.FAILED
        failed = next(r for r in verdict.rules if r.rule == "prior_education")
        assert "专科、本科" in failed.problem.text("zh") and "普通高中" in failed.problem.text("zh")

    def test_missing_chsi_evidence_needs_review(self) -> None:
        verdict = evaluate(candidate(ZSB, chsi_code=""), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NEEDS_REVIEW
        [reason] = verdict.reasons()
        assert reason.rule == "chsi_evidence" and reason.result is RuleResult.REVIEW
        assert "认证报告" in reason.problem.text("zh")

    def test_certification_report_is_enough_evidence(self) -> None:
        verdict = evaluate(candidate(ZSB, chsi_code="", cert_report_no="1234567"), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE

    def test_missing_certificate_needs_review(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_certificate_no=""), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NEEDS_REVIEW
        assert rule(verdict, "certificate") is RuleResult.REVIEW

    def test_certificate_disagreeing_with_declaration_needs_review(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_education=PriorEducation.BACHELOR), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NEEDS_REVIEW
        [reason] = verdict.reasons()
        assert reason.problem.code == "cert.level_mismatch"
        verdict = evaluate(candidate(ZSB, prior_graduation_date=date(2015, 7, 1)), DEFAULT, application_date=APPLIED)
        assert [r.problem.code for r in verdict.reasons()] == ["cert.year_mismatch"]

    def test_self_study_certificate_passes_with_its_own_sentence(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_certificate_no="61110105168123456"), DEFAULT,
                           application_date=APPLIED)
        assert verdict.outcome is Outcome.ELIGIBLE
        cert = next(r for r in verdict.rules if r.rule == "certificate")
        assert cert.problem.code == "eligibility.certificate.self_study"

    def test_certificate_after_enrolment(self) -> None:
        profile = profile_with(enrolment_date="2026-03-01")
        late = candidate(ZSB, prior_certificate_no="104597202606001234", prior_graduation_date=date(2026, 3, 1))
        verdict = evaluate(late, profile, application_date=date(2026, 1, 10))
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        [reason] = verdict.reasons()
        assert reason.rule == "certificate_before_enrolment" and reason.result is RuleResult.FAILED
        assert "入学前" in reason.problem.text("zh")
        on_time = replace(late, prior_graduation_date=date(2026, 1, 5))
        assert evaluate(on_time, profile, application_date=date(2026, 1, 10)).outcome is Outcome.ELIGIBLE

    def test_without_enrolment_date_the_certificate_must_be_held_when_applying(self) -> None:
        late = candidate(ZSB, prior_certificate_no="104597202606001234", prior_graduation_date=date(2026, 7, 1))
        verdict = evaluate(late, DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        assert [r.problem.code for r in verdict.reasons()] == ["eligibility.certificate_held.failed"]

    def test_missing_graduation_date_needs_review(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_graduation_date=None), DEFAULT, application_date=APPLIED)
        assert verdict.outcome is Outcome.NEEDS_REVIEW
        assert rule(verdict, "certificate_before_enrolment") is RuleResult.REVIEW

    def test_failure_outweighs_review(self) -> None:
        verdict = evaluate(candidate(ZSB, prior_education=PriorEducation.HIGH_SCHOOL, chsi_code=""), DEFAULT,
                           application_date=APPLIED)
        assert verdict.outcome is Outcome.NOT_ELIGIBLE
        assert {r.result for r in verdict.reasons()} == {RuleResult.FAILED, RuleResult.REVIEW}


def test_fixed_reference_date() -> None:
    profile = profile_with(reference_date="2026-09-01")
    verdict = evaluate(candidate(Level.HIGH_TO_BACHELOR, birth_date=date(2008, 6, 1)), profile,
                       application_date=APPLIED)
    assert verdict.reference_date == date(2026, 9, 1)
    assert verdict.outcome is Outcome.ELIGIBLE
    age = next(r for r in verdict.rules if r.rule == "age")
    assert "基准日 2026-09-01 时 18 岁" in age.problem.text("zh")


@pytest.mark.parametrize(
    "mutate, code, field",
    [
        (lambda d: d.update(extra=1), "profile.unknown_key", "extra"),
        (lambda d: d.pop("version"), "profile.missing_key", "version"),
        (lambda d: d["levels"].pop("gqb"), "profile.missing_key", "levels.gqb"),
        (lambda d: d["levels"]["zsb"].update(min_age="18"), "profile.bad_value", "levels.zsb.min_age"),
        (lambda d: d["levels"]["zsb"].update(min_age=-1), "profile.bad_value", "levels.zsb.min_age"),
        (lambda d: d["levels"]["gqz"].update(certificate_required="yes"), "profile.bad_value",
         "levels.gqz.certificate_required"),
        (lambda d: d["levels"]["gqz"]["accepted_prior"].append("kindergarten"), "profile.bad_value",
         "levels.gqz.accepted_prior[7]"),
        (lambda d: d["levels"]["gqz"].update(min_agee=18), "profile.unknown_key", "levels.gqz.min_agee"),
        (lambda d: d.update(reference_date="soon"), "profile.bad_value", "reference_date"),
        (lambda d: d.update(enrolment_date="2026-02-30"), "profile.bad_value", "enrolment_date"),
        (lambda d: d.update(levels=[]), "profile.not_object", "levels"),
    ],
)
def test_profile_errors_name_the_key(mutate: Any, code: str, field: str) -> None:
    data = copy.deepcopy(default_data())
    mutate(data)
    with pytest.raises(DomainError) as error:
        EligibilityProfile.from_dict(data)
    assert (error.value.problem.code, error.value.problem.field) == (code, field)
    assert field in error.value.text("zh") and field in error.value.text("en")


def test_a_declared_study_form_the_certificate_contradicts_needs_review() -> None:
    level = Level.JUNIOR_COLLEGE_TO_BACHELOR
    assert evaluate(candidate(level, prior_study_form="7"), DEFAULT, application_date=APPLIED).outcome is (
        Outcome.ELIGIBLE)
    verdict = evaluate(candidate(level, prior_study_form="5"), DEFAULT, application_date=APPLIED)
    assert verdict.outcome is Outcome.NEEDS_REVIEW
    assert [r.problem.code for r in verdict.rules if r.rule == RULE_CERTIFICATE and r.result is RuleResult.REVIEW] \
        == [STUDY_FORM_MISMATCH]
