"""Who may apply for which level (DOMAIN §5), driven by a profile the administrator can edit.

Thresholds differ between provinces, schools and years, so they live in a profile file, not in
code; the profile's version is kept with every verdict so a decision can be traced to the rules
in force. Each rule reports a sentence for passes as well as failures: the clerk has to be able
to tell the candidate why, and a pass that was only possible because evidence is still to be
checked online must say so. Missing evidence a person can supply at the desk leads to review,
not refusal; only a rule that cannot be met (too young, wrong prior level, certificate too late)
makes a candidate ineligible.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from learncenter.domain.candidate import CandidateData, Level, PriorEducation
from learncenter.domain.certificate import compare_with_declared, parse_certificate_number
from learncenter.domain.codes import LEVELS, PRIOR_EDUCATION, Label, label_params
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.profile_reading import OPTIONAL_AGE, ProfileReader

APPLICATION_DATE = "application_date"
_LEVEL_KEYS = ("min_age", "accepted_prior", "chsi_evidence_required", "certificate_required",
               "certificate_before_enrolment")
_PRIOR_CHOICES = Label("以下之一：" + "、".join(PriorEducation), "one of: " + ", ".join(PriorEducation))


class Outcome(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"


class RuleResult(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    REVIEW = "review"  # a person must look at evidence before the candidate can be confirmed
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class LevelRules:
    """The rules for one level of the programme."""

    min_age: int | None
    accepted_prior: frozenset[PriorEducation]
    chsi_evidence_required: bool  # a CHSI verification code or a certification report number
    certificate_required: bool  # the prior certificate's number must be recorded
    certificate_before_enrolment: bool


@dataclass(frozen=True)
class EligibilityProfile:
    version: str
    levels: Mapping[Level, LevelRules]
    reference_date: date | None = None  # None: age etc. are taken on the application date
    enrolment_date: date | None = None  # None: the certificate must be held by the reference date
    description: str = ""
    unpaid_blocks_sealing: bool = True  # an unpaid or refunded candidate cannot be confirmed (domain.payment)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> EligibilityProfile:
        """Build a profile from parsed JSON, refusing unknown or missing keys and bad values."""
        root = ProfileReader(data)
        root.check_keys(("version", "reference_date", "levels"),
                        ("enrolment_date", "description", "unpaid_blocks_sealing"))
        reference = None if root.raw("reference_date") == APPLICATION_DATE else root.iso_date("reference_date")
        levels_reader = root.child("levels")
        levels_reader.check_keys([level.value for level in Level])
        levels = {level: _level_rules(levels_reader.child(level.value)) for level in Level}
        return cls(
            version=root.text("version"),
            levels=levels,
            reference_date=reference,
            enrolment_date=root.iso_date("enrolment_date", None, nullable=True),
            description=str(root.raw("description", "")),
            unpaid_blocks_sealing=root.boolean("unpaid_blocks_sealing", True),
        )

    def reference_for(self, application_date: date) -> date:
        return self.reference_date or application_date


def _level_rules(reader: ProfileReader) -> LevelRules:
    reader.check_keys(_LEVEL_KEYS)
    accepted: set[PriorEducation] = set()
    for index, raw in enumerate(reader.items("accepted_prior")):
        try:
            accepted.add(PriorEducation(raw))
        except ValueError:
            raise reader.bad(f"accepted_prior[{index}]", _PRIOR_CHOICES) from None
    return LevelRules(
        min_age=reader.optional_integer("min_age", minimum=0, expected=OPTIONAL_AGE),
        accepted_prior=frozenset(accepted),
        chsi_evidence_required=reader.boolean("chsi_evidence_required"),
        certificate_required=reader.boolean("certificate_required"),
        certificate_before_enrolment=reader.boolean("certificate_before_enrolment"),
    )


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    result: RuleResult
    problem: Problem  # the sentence a clerk reads, for passes too


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    rules: tuple[RuleOutcome, ...]
    profile_version: str
    reference_date: date

    def reasons(self) -> tuple[RuleOutcome, ...]:
        """The rules that stand in the way: failures and what needs review."""
        return tuple(r for r in self.rules if r.result in (RuleResult.FAILED, RuleResult.REVIEW))


def age_on(birth_date: date, day: date) -> int:
    """Completed years (周岁) on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --- rule sentences -----------------------------------------------------------------------

RULE_AGE = "age"
RULE_PRIOR = "prior_education"
RULE_CERTIFICATE = "certificate"
RULE_CHSI = "chsi_evidence"
RULE_BEFORE_ENROLMENT = "certificate_before_enrolment"

_APPLICATION_DAY = Label("报名日", "application date")
_REFERENCE_DAY = Label("基准日", "reference date")

define("eligibility.age.passed",
       zh="年满{min_age}周岁（{day_zh} {reference} 时 {age} 岁）。",
       en="At least {min_age} years old ({age} on the {day_en}, {reference}).")
define("eligibility.age.failed",
       zh="未满{min_age}周岁：{day_zh} {reference} 时 {age} 岁，{level_zh}要求年满{min_age}周岁。",
       en="Under {min_age}: {age} on the {day_en}, {reference}; {level_en} requires at least {min_age}.")
define("eligibility.age.not_applicable",
       zh="{level_zh}不限年龄（{day_zh} {reference} 时 {age} 岁）。",
       en="{level_en} has no age limit ({age} on the {day_en}, {reference}).")
define("eligibility.prior_education.passed",
       zh="前置学历“{declared_zh}”符合{level_zh}的报考要求。",
       en="Prior education \"{declared_en}\" meets the requirement of {level_en}.")
define("eligibility.prior_education.failed",
       zh="{level_zh}要求前置学历为{accepted_zh}，申报的是“{declared_zh}”，不符合报考条件。",
       en="{level_en} requires prior education of {accepted_en}; \"{declared_en}\" was declared, which does not qualify.")
define("eligibility.prior_education.missing",
       zh="未填写前置学历：请查验毕业证书后补填（{level_zh}要求{accepted_zh}）。",
       en="Prior education is not filled in: check the diploma and fill it in ({level_en} requires {accepted_en}).")
define("eligibility.certificate.not_applicable",
       zh="{level_zh}无需录入前置学历证书编号。",
       en="{level_en} needs no prior certificate number.")
define("eligibility.certificate.passed",
       zh="已记录毕业证书编号 {number}，与申报的学历层次和毕业日期一致。",
       en="Certificate number {number} is recorded and agrees with the declared level and graduation date.")
define("eligibility.certificate.self_study",
       zh="已记录自学考试毕业证书编号 {number}：其编号规则不同，无法离线核对层次和年份，请以证书原件为准。",
       en="Self-study certificate number {number} is recorded: its layout differs, so level and year cannot be "
       "checked offline; rely on the original certificate.")
define("eligibility.certificate.missing",
       zh="未记录毕业证书编号：请查验毕业证书原件并录入证书编号。",
       en="No certificate number is recorded: check the original diploma and enter its number.")
define("eligibility.certificate.unreadable",
       zh="毕业证书编号“{number}”无法识别：请对照毕业证书原件改正。",
       en="Certificate number \"{number}\" cannot be read: correct it from the original diploma.")
define("eligibility.chsi_evidence.not_applicable",
       zh="{level_zh}无需学信网学历验证。",
       en="{level_en} needs no CHSI verification.")
define("eligibility.chsi_evidence.code_recorded",
       zh="已记录学信网在线验证码 {code}，须联网到学信网核验。",
       en="CHSI verification code {code} is recorded; it must be verified online at CHSI.")
define("eligibility.chsi_evidence.report_recorded",
       zh="已记录学历认证报告编号 {number}。",
       en="Certification report number {number} is recorded.")
define("eligibility.chsi_evidence.missing",
       zh="未记录学信网在线验证码或学历认证报告编号：请查验《教育部学历证书电子注册备案表》并录入在线验证码；"
       "学信网查询不到的，须提供《中国高等教育学历认证报告》并录入其编号。",
       en="Neither a CHSI verification code nor a certification report number is recorded: check the CHSI "
       "registration record form and enter its code; if the diploma is not on CHSI, a certification report "
       "is required and its number must be entered.")
define("eligibility.certificate_before_enrolment.not_applicable",
       zh="{level_zh}不要求前置学历证书早于入学。",
       en="{level_en} has no rule on when the prior certificate was obtained.")
define("eligibility.certificate_before_enrolment.passed",
       zh="毕业日期 {graduation} 早于入学日期 {enrolment}。",
       en="Graduation date {graduation} is before the enrolment date {enrolment}.")
define("eligibility.certificate_before_enrolment.failed",
       zh="毕业日期 {graduation} 不早于入学日期 {enrolment}：前置学历证书须在入学前取得。",
       en="Graduation date {graduation} is not before the enrolment date {enrolment}: "
       "the prior certificate must be obtained before enrolment.")
define("eligibility.certificate_held.passed",
       zh="毕业日期 {graduation} 不晚于{day_zh} {reference}，报名时已取得前置学历。",
       en="Graduation date {graduation} is not after the {day_en}, {reference}: the certificate was held when applying.")
define("eligibility.certificate_held.failed",
       zh="毕业日期 {graduation} 晚于{day_zh} {reference}：报名时尚未取得前置学历证书。",
       en="Graduation date {graduation} is after the {day_en}, {reference}: the certificate was not yet held.")
define("eligibility.certificate_before_enrolment.missing",
       zh="未填写毕业日期：请按毕业证书补填，以核对证书是否在入学前取得。",
       en="The graduation date is not filled in: enter it from the diploma so that it can be checked against enrolment.")


def _outcome(rule: str, result: RuleResult, code: str, field: str, params: Mapping[str, object]) -> RuleOutcome:
    return RuleOutcome(rule, result, Problem(code, field, dict(params)))


def _prior_label(prior: PriorEducation) -> Label:
    return PRIOR_EDUCATION.labels[prior.value]


def _accepted_label(accepted: frozenset[PriorEducation]) -> Label:
    ordered = [p for p in PriorEducation if p in accepted]
    return Label("、".join(_prior_label(p).zh for p in ordered) or "（无）",
                 ", ".join(_prior_label(p).en for p in ordered) or "(none)")


def evaluate(candidate: CandidateData, profile: EligibilityProfile, *, application_date: date) -> Verdict:
    """Apply the profile's rules for the candidate's level; every rule reports why."""
    rules = profile.levels[candidate.level]
    reference = profile.reference_for(application_date)
    day = _APPLICATION_DAY if profile.reference_date is None else _REFERENCE_DAY
    common = {**label_params("level", LEVELS.labels[candidate.level.value]), **label_params("day", day),
              "reference": reference.isoformat()}
    outcomes = (
        _age(candidate, rules, reference, common),
        _prior(candidate, rules, common),
        *_certificate(candidate, rules, common),
        _chsi(candidate, rules, common),
        _before_enrolment(candidate, rules, profile, reference, common),
    )
    results = {o.result for o in outcomes}
    if RuleResult.FAILED in results:
        outcome = Outcome.NOT_ELIGIBLE
    elif RuleResult.REVIEW in results:
        outcome = Outcome.NEEDS_REVIEW
    else:
        outcome = Outcome.ELIGIBLE
    return Verdict(outcome, outcomes, profile.version, reference)


def _age(c: CandidateData, rules: LevelRules, reference: date, common: Mapping[str, object]) -> RuleOutcome:
    age = age_on(c.birth_date, reference)
    params = {**common, "age": age, "min_age": rules.min_age}
    if rules.min_age is None:
        return _outcome(RULE_AGE, RuleResult.NOT_APPLICABLE, "eligibility.age.not_applicable", "birth_date", params)
    if age >= rules.min_age:
        return _outcome(RULE_AGE, RuleResult.PASSED, "eligibility.age.passed", "birth_date", params)
    return _outcome(RULE_AGE, RuleResult.FAILED, "eligibility.age.failed", "birth_date", params)


def _prior(c: CandidateData, rules: LevelRules, common: Mapping[str, object]) -> RuleOutcome:
    params = {**common, **label_params("accepted", _accepted_label(rules.accepted_prior))}
    if c.prior_education is None:
        return _outcome(RULE_PRIOR, RuleResult.REVIEW, "eligibility.prior_education.missing", "prior_education", params)
    params.update(label_params("declared", _prior_label(c.prior_education)))
    if c.prior_education in rules.accepted_prior:
        return _outcome(RULE_PRIOR, RuleResult.PASSED, "eligibility.prior_education.passed", "prior_education", params)
    return _outcome(RULE_PRIOR, RuleResult.FAILED, "eligibility.prior_education.failed", "prior_education", params)


def _certificate(c: CandidateData, rules: LevelRules, common: Mapping[str, object]) -> tuple[RuleOutcome, ...]:
    """One outcome, or one per finding when the certificate contradicts the declaration."""
    field = "prior_certificate_no"
    if not rules.certificate_required:
        return (_outcome(RULE_CERTIFICATE, RuleResult.NOT_APPLICABLE, "eligibility.certificate.not_applicable",
                         field, common),)
    if not c.prior_certificate_no:
        return (_outcome(RULE_CERTIFICATE, RuleResult.REVIEW, "eligibility.certificate.missing", field, common),)
    params = {"number": c.prior_certificate_no}
    try:
        cert = parse_certificate_number(c.prior_certificate_no)
    except DomainError:
        return (_outcome(RULE_CERTIFICATE, RuleResult.REVIEW, "eligibility.certificate.unreadable", field, params),)
    if cert.self_study_layout:
        return (_outcome(RULE_CERTIFICATE, RuleResult.PASSED, "eligibility.certificate.self_study", field, params),)
    findings = compare_with_declared(cert, prior_education=c.prior_education, graduation_date=c.prior_graduation_date,
                                     study_form=c.prior_study_form)
    if findings:
        return tuple(RuleOutcome(RULE_CERTIFICATE, RuleResult.REVIEW, finding) for finding in findings)
    return (_outcome(RULE_CERTIFICATE, RuleResult.PASSED, "eligibility.certificate.passed", field, params),)


def _chsi(c: CandidateData, rules: LevelRules, common: Mapping[str, object]) -> RuleOutcome:
    if not rules.chsi_evidence_required:
        return _outcome(RULE_CHSI, RuleResult.NOT_APPLICABLE, "eligibility.chsi_evidence.not_applicable",
                        "chsi_code", common)
    if c.chsi_code:
        return _outcome(RULE_CHSI, RuleResult.PASSED, "eligibility.chsi_evidence.code_recorded", "chsi_code",
                        {"code": c.chsi_code})
    if c.cert_report_no:
        return _outcome(RULE_CHSI, RuleResult.PASSED, "eligibility.chsi_evidence.report_recorded", "cert_report_no",
                        {"number": c.cert_report_no})
    return _outcome(RULE_CHSI, RuleResult.REVIEW, "eligibility.chsi_evidence.missing", "chsi_code", {})


def _before_enrolment(c: CandidateData, rules: LevelRules, profile: EligibilityProfile, reference: date,
                      common: Mapping[str, object]) -> RuleOutcome:
    rule, field = RULE_BEFORE_ENROLMENT, "prior_graduation_date"
    if not rules.certificate_before_enrolment:
        return _outcome(rule, RuleResult.NOT_APPLICABLE, f"eligibility.{rule}.not_applicable", field, common)
    graduation = c.prior_graduation_date
    if graduation is None:
        return _outcome(rule, RuleResult.REVIEW, f"eligibility.{rule}.missing", field, common)
    params = {**common, "graduation": graduation.isoformat()}
    if profile.enrolment_date is not None:
        params["enrolment"] = profile.enrolment_date.isoformat()
        ok = graduation < profile.enrolment_date
        code = f"eligibility.{rule}.{'passed' if ok else 'failed'}"
    else:
        # Without an enrolment date the certificate must at least be held when applying.
        ok = graduation <= reference
        code = f"eligibility.certificate_held.{'passed' if ok else 'failed'}"
    return _outcome(rule, RuleResult.PASSED if ok else RuleResult.FAILED, code, field, params)
