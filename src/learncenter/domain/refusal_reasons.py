"""Why a candidate is refused on site, and what the clerk tells them (DOMAIN §1, §4, §5).

A refusal is evidence: it is sealed with the record and travels to the registry. Its reason is
kept in the record's own language (Chinese, like the rest of the record), whatever language the
clerk's screen shows: the reason's label, then the clerk's details after a full-width colon.
Each reason carries an explanation in plain words that the clerk can read out, taken from the
rules the refusal rests on; "other" has none and needs the details written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from learncenter.domain.messages import define, render


class RefusalReason(enum.StrEnum):
    ID_MISMATCH = "id_mismatch"
    PRIOR_NOT_QUALIFYING = "prior_not_qualifying"
    NO_CHSI_EVIDENCE = "no_chsi_evidence"
    NOT_NATIONAL_SERIES = "not_national_series"
    AGE = "age"
    NOT_IN_PERSON = "not_in_person"
    OTHER = "other"


for _reason, _zh, _en in (
    (RefusalReason.ID_MISMATCH, "身份证与本人不一致", "The ID card does not match the person"),
    (RefusalReason.PRIOR_NOT_QUALIFYING, "前置学历不符合报考层次要求", "The prior diploma does not qualify for this level"),
    (RefusalReason.NO_CHSI_EVIDENCE, "无学信网备案表或学历认证报告", "No CHSI record form or certification report"),
    (RefusalReason.NOT_NATIONAL_SERIES, "毕业证书不属于国民教育系列",
     "The certificate is not in the national education series"),
    (RefusalReason.AGE, "不符合年龄要求", "Does not meet the age requirement"),
    (RefusalReason.NOT_IN_PERSON, "考生本人未到场", "The candidate did not appear in person"),
    (RefusalReason.OTHER, "其他", "Other"),
):
    define(f"refusal.{_reason.value}", zh=_zh, en=_en)

for _reason, _zh, _en in (
    (RefusalReason.ID_MISMATCH,
     "现场确认须核对考生本人与所持居民身份证一致。请考生持本人有效身份证件，本人到场重新确认。",
     "On-site confirmation compares the candidate with the identity card they hold. The candidate comes "
     "again in person with their own valid identity card."),
    (RefusalReason.PRIOR_NOT_QUALIFYING,
     "高起专、高起本须持高中、职业高中或中专（技校）毕业证书；专升本须持国民教育系列专科或以上毕业证书，"
     "已电子注册，且取得日期早于入学。请按实际学历报考相应层次。",
     "High school to junior college or bachelor needs a high-school, vocational high-school or technical "
     "secondary diploma; junior college to bachelor needs a national-education-series junior college "
     "diploma or higher, electronically registered and dated before enrolment. Apply for the level the "
     "actual diploma allows."),
    (RefusalReason.NO_CHSI_EVIDENCE,
     "专升本须出示《教育部学历证书电子注册备案表》；毕业证书在学信网（www.chsi.com.cn）查询不到的，"
     "须出具全国高等学校学生信息咨询与就业指导中心的《中国高等教育学历认证报告》后方可取得入学资格。",
     "Junior college to bachelor needs the CHSI registration record form; if the diploma cannot be found "
     "on CHSI (www.chsi.com.cn), the candidate obtains a certification report from the national student "
     "information and career centre first, and only then qualifies for admission."),
    (RefusalReason.NOT_NATIONAL_SERIES,
     "国民教育系列证书指经电子注册、可在学信网查询的普通高等教育、成人高等教育、网络教育、开放大学和高等教育"
     "自学考试证书。民办机构自行颁发的证书、党校证书、仅地方认可的证书、未按规定电子注册的证书以及研究生课程班"
     "证书均不予承认；持此类证书入学的，一经查实即取消学籍，由此产生的费用和损失由本人承担。",
     "National-education-series certificates are those electronically registered and found on CHSI: "
     "regular, adult, online, open-university and self-study examination certificates. Certificates a "
     "private institution issued on its own authority, party-school certificates, certificates recognised "
     "only locally, certificates not electronically registered and graduate-course-class certificates "
     "are not recognised; an enrolment on one is cancelled when found, at the student's own cost."),
    (RefusalReason.AGE,
     "高起专、高起本考生须在报名之日年满18周岁（招生学校另有规定的，从其规定）。",
     "High school to junior college or bachelor candidates must be 18 on the day they apply (or the age "
     "the admitting school sets)."),
    (RefusalReason.NOT_IN_PERSON,
     "现场确认须考生本人到场核验身份、采集照片，不得由他人代办。请考生本人在确认期内到场。",
     "On-site confirmation checks the candidate's identity and takes the photo in person; nobody can "
     "confirm for them. The candidate comes in person within the confirmation period."),
):
    define(f"refusal.{_reason.value}.why", zh=_zh, en=_en)


@dataclass(frozen=True)
class Refusal:
    """A refusal as the clerk chose it: the reason and the details they wrote."""

    reason: RefusalReason
    details: str = ""

    def complete(self) -> bool:
        """Other says nothing by itself: it needs details."""
        return self.reason is not RefusalReason.OTHER or bool(self.details.strip())

    def record_text(self) -> str:
        """What the record keeps: the reason in Chinese, then the details (only the details for
        "other")."""
        details = self.details.strip()
        if self.reason is RefusalReason.OTHER:
            return details
        return label(self.reason, "zh") + (f"：{details}" if details else "")


def label(reason: RefusalReason, lang: str) -> str:
    return render(f"refusal.{reason.value}", lang=lang)


def explanation(reason: RefusalReason, lang: str) -> str:
    """What to tell the candidate; empty for "other"."""
    if reason is RefusalReason.OTHER:
        return ""
    return render(f"refusal.{reason.value}.why", lang=lang)


def reasons() -> tuple[RefusalReason, ...]:
    """In the order the dialog lists them ("other" last)."""
    return tuple(RefusalReason)


def reason_of(record_text: str) -> RefusalReason:
    """The reason a record's refusal text names (what :meth:`Refusal.record_text` wrote):
    its label in Chinese, alone or before a full-width colon; anything else is "other"."""
    head = record_text.split("：", 1)[0].strip()
    for reason in RefusalReason:
        if reason is not RefusalReason.OTHER and head == label(reason, "zh"):
            return reason
    return RefusalReason.OTHER
