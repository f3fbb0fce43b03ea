from __future__ import annotations

import pytest

from learncenter.domain import codes
from learncenter.domain.candidate import CANDIDATE_FIELDS, Gender, Level, PriorEducation
from learncenter.domain.messages import DomainError


def test_tables_are_complete() -> None:
    assert codes.ETHNICITIES.codes() == tuple(f"{n:02d}" for n in range(1, 57)) + ("97", "98")
    assert codes.POLITICAL_STATUS.codes() == tuple(f"{n:02d}" for n in range(1, 14))
    assert len(codes.STATUS_CHANGES.codes()) == 33
    assert set(codes.LEARNING_FORMS.codes()) == {"full_time", "correspondence", "part_time", "online", "open"}
    assert set(codes.FIELD_LABELS) == set(CANDIDATE_FIELDS)
    for table in (codes.ETHNICITIES, codes.POLITICAL_STATUS, codes.STATUS_CHANGES, codes.LEARNING_FORMS,
                  codes.LEVELS, codes.PRIOR_EDUCATION, codes.GENDERS):
        for code in table.codes():
            assert table.label(code, "zh") and table.label(code, "en")


def test_labels() -> None:
    assert codes.ethnicity_label("01") == "汉族"
    assert codes.ethnicity_label("56", "en") == "Jino"
    assert codes.ethnicity_label("57") is None
    assert codes.political_status_label("13") == "群众"
    assert codes.status_change_label("24") == "专升本"
    assert codes.learning_form_label("online") == "网络教育"
    assert codes.learning_form_label("open", "en") == "Open education"
    assert [codes.level_label(level) for level in Level] == ["高起专", "高起本", "专升本"]
    assert codes.prior_education_label(PriorEducation.JUNIOR_COLLEGE) == "专科"
    assert codes.gender_label(Gender.FEMALE) == "女"
    assert codes.gender_label(Gender.MALE, "en") == "Male"
    assert codes.field_label("id_number") == "身份证号"
    assert codes.field_label("id_number", "en") == "ID number"


@pytest.mark.parametrize(
    "raw, code",
    [("01", "01"), ("1", "01"), (1, "01"), (1.0, "01"), ("汉", "01"), ("汉族", "01"), (" 汉族 ", "01"),
     ("Han", "01"), ("维吾尔", "05"), ("Uygur", "05"), ("土家族", "15"), ("土族", "30"), ("土", "30"),
     ("57", "97"), (57, "97"), ("58", "98"), ("其他", "97"), ("９７", "97")],
)
def test_parse_ethnicity(raw: object, code: str) -> None:
    assert codes.parse_ethnicity(raw) == code


@pytest.mark.parametrize("raw", ["", None, "火星族", "59", "0", True, 3.5])
def test_parse_ethnicity_refuses(raw: object) -> None:
    with pytest.raises(DomainError) as error:
        codes.parse_ethnicity(raw)
    assert error.value.problem.code == "codes.ethnicity_unknown"
    assert error.value.problem.field == "ethnicity"


@pytest.mark.parametrize(
    "raw, code",
    [("13", "13"), ("群众", "13"), ("团员", "03"), ("共青团员", "03"), ("中共党员", "01"), ("党员", "01"),
     ("预备党员", "02"), ("九三学社", "10"), ("无党派民主人士", "12"), (3, "03"), ("CPC member", "01")],
)
def test_parse_political_status(raw: object, code: str) -> None:
    assert codes.parse_political_status(raw) == code


@pytest.mark.parametrize(
    "raw, gender",
    [("男", Gender.MALE), ("女", Gender.FEMALE), ("M", Gender.MALE), ("f", Gender.FEMALE), ("1", Gender.MALE),
     (2, Gender.FEMALE), ("male", Gender.MALE), ("Female", Gender.FEMALE), (" 女性 ", Gender.FEMALE)],
)
def test_parse_gender(raw: object, gender: Gender) -> None:
    assert codes.parse_gender(raw) is gender


@pytest.mark.parametrize("raw", ["0", "9", "未知", "X"])
def test_parse_gender_refuses(raw: object) -> None:
    with pytest.raises(DomainError) as error:
        codes.parse_gender(raw)
    assert error.value.problem.code == "codes.gender_unknown"


@pytest.mark.parametrize(
    "raw, level",
    [("高起专", Level.HIGH_TO_JUNIOR_COLLEGE), ("高中起点专科", Level.HIGH_TO_JUNIOR_COLLEGE),
     ("gqz", Level.HIGH_TO_JUNIOR_COLLEGE), ("GQZ", Level.HIGH_TO_JUNIOR_COLLEGE),
     ("High school to junior college", Level.HIGH_TO_JUNIOR_COLLEGE),
     ("HIGH_TO_JUNIOR_COLLEGE", Level.HIGH_TO_JUNIOR_COLLEGE),
     ("高起本", Level.HIGH_TO_BACHELOR), ("高中起点本科", Level.HIGH_TO_BACHELOR),
     ("专升本", Level.JUNIOR_COLLEGE_TO_BACHELOR), ("专科起点本科", Level.JUNIOR_COLLEGE_TO_BACHELOR),
     ("junior-college-to-bachelor", Level.JUNIOR_COLLEGE_TO_BACHELOR)],
)
def test_parse_level(raw: str, level: Level) -> None:
    assert codes.parse_level(raw) is level


def test_parse_level_refuses() -> None:
    with pytest.raises(DomainError) as error:
        codes.parse_level("本升硕")
    assert error.value.problem.code == "codes.level_unknown"
    assert "本升硕" in error.value.text("zh")


@pytest.mark.parametrize(
    "raw, prior",
    [("高中", PriorEducation.HIGH_SCHOOL), ("普通高中", PriorEducation.HIGH_SCHOOL),
     ("职高", PriorEducation.VOCATIONAL_HIGH_SCHOOL), ("中专", PriorEducation.TECHNICAL_SECONDARY),
     ("技校", PriorEducation.TECHNICAL_SECONDARY), ("大专", PriorEducation.JUNIOR_COLLEGE),
     ("专科", PriorEducation.JUNIOR_COLLEGE), ("高职", PriorEducation.JUNIOR_COLLEGE),
     ("本科", PriorEducation.BACHELOR), ("bachelor", PriorEducation.BACHELOR), ("硕士", PriorEducation.MASTER),
     ("博士研究生", PriorEducation.DOCTORATE), ("PhD", PriorEducation.DOCTORATE)],
)
def test_parse_prior_education(raw: str, prior: PriorEducation) -> None:
    assert codes.parse_prior_education(raw) is prior


@pytest.mark.parametrize(
    "raw, form",
    [("网络教育", "online"), ("online", "online"), ("远程教育", "online"), ("函授", "correspondence"),
     ("业余", "part_time"), ("全日制", "full_time"), ("开放教育", "open"), ("Part-time", "part_time")],
)
def test_parse_learning_form(raw: str, form: str) -> None:
    assert codes.parse_learning_form(raw) == form


def test_parse_learning_form_refuses() -> None:
    with pytest.raises(DomainError) as error:
        codes.parse_learning_form("自学")
    assert (error.value.problem.code, error.value.problem.field) == ("codes.learning_form_unknown", "learning_form")
