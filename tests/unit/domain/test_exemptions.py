"""Exemptions from exams and special admission types as the domain reads, keeps and shows them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learncenter.domain import exemptions as ex
from learncenter.domain.admission_types import admission_type_label, parse_admission_type
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import validate_candidate

ROW = {"term": "2026秋", "name": "张三", "id_number": "11010519491231002X", "level": "专升本",
       "major_code": "120203", "major_name": "会计学"}


def test_a_sheet_s_words_become_the_canonical_text() -> None:
    text = "大学英语：大学英语四级：201812345678；计算机应用基础: 计算机等级考试 :NCRE 2019 0001"
    assert ex.parse_exemptions(text) == "大学英语:cet:201812345678;计算机应用基础:ncre:NCRE 2019 0001"


def test_every_subject_and_the_codes_read_back_the_same() -> None:
    assert ex.parse_exemptions("全部：本科：104591201605001234") == "*:degree:104591201605001234"
    assert ex.parse_exemptions("*:degree:104591201605001234") == "*:degree:104591201605001234"
    assert ex.parse_exemptions("") == "" and ex.parse_exemptions(None) == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_the_form_shows_reads_back_to_the_same_text(lang: str) -> None:
    canonical = "大学英语:cet:2018 1234:5678;高等数学:policy:赣教考〔2026〕3号"
    assert ex.parse_exemptions(ex.editable(canonical, lang)) == canonical
    every = "*:degree:104591201605001234"
    assert ex.parse_exemptions(ex.editable(every, lang)) == every


@pytest.mark.parametrize(("raw", "code", "words"), [
    ("大学英语", ex.FORMAT, "大学英语"),
    ("大学英语：雅思：7.0", ex.UNKNOWN_KIND, "雅思"),
    ("大学英语：大学英语四级", ex.NO_EVIDENCE, "大学英语"),
    ("大学英语：四级：1；大学英语：四级：2", ex.TWICE, "大学英语"),
    ("全部：本科：1；大学英语：四级：2", ex.EVERY_WITH_OTHERS, ""),
])
def test_bad_exemptions_name_what_to_write(raw: str, code: str, words: str) -> None:
    with pytest.raises(DomainError) as caught:
        ex.parse_exemptions(raw)
    problem = caught.value.problems[0]
    assert problem.code == code and problem.field == "exemptions"
    assert words in problem.text("zh")
    assert problem.text("en") != problem.text("zh")


def test_latin_subject_names_keep_their_words() -> None:
    assert ex.parse_exemptions("College  English: CET-4: 2018") == "College English:cet:2018"
    assert ex.subject_key(" 大学 英语 B ") == "大学英语B" and ex.subject_key("English B") == "English B"


def test_which_subjects_a_candidate_sits() -> None:
    english = ex.parse_exemptions("大学英语：四级：201812345678")
    subjects = ["大学语文", "高等数学", "大学 英语"]
    assert ex.is_exempt(english, "大学英语") and ex.is_exempt(english, "大学 英语")
    assert not ex.is_exempt(english, "高等数学")
    assert ex.sits(english, subjects) and ex.sits("", subjects) and ex.sits(None, [])
    assert not ex.sits(english, ["大学英语"])
    every = ex.parse_exemptions("全部：本科：104591201605001234")
    assert not ex.sits(every, subjects) and not ex.sits(every, []) and ex.is_exempt(every, "高等数学")


def test_described_in_either_language() -> None:
    text = ex.parse_exemptions("大学英语：四级：201812345678")
    assert ex.describe(text, "zh") == "大学英语（大学英语四级及以上，201812345678）"
    assert ex.describe(text, "en") == "大学英语 (College English Test band 4 or higher, 201812345678)"
    assert ex.describe("*:degree:1", "zh").startswith("全部科目（已具有国民教育系列本科及以上学历")
    assert ex.describe("", "zh") == ""


@given(st.lists(st.tuples(st.text("大学英语高等数学语文计算机应用基础 ", min_size=1, max_size=8),
                          st.sampled_from(sorted(ex.EXEMPTION_KINDS.codes())),
                          st.text("0123456789ABC-〔〕号 ", min_size=1, max_size=20)),
                max_size=4))
def test_canonical_text_is_a_fixed_point(entries: list[tuple[str, str, str]]) -> None:
    text = ";".join(f"{s}:{k}:{e}" for s, k, e in entries)
    try:
        canonical = ex.parse_exemptions(text)
    except DomainError:
        return  # an empty subject or evidence, or one subject twice: refused, with a reason
    assert ex.parse_exemptions(canonical) == canonical
    assert ex.parse_exemptions(ex.editable(canonical)) == canonical
    assert len(ex.exemptions_of(canonical)) == len(entries)


def test_admission_types_read_from_words_and_codes() -> None:
    assert parse_admission_type("定向") == "targeted" and parse_admission_type("国防生") == "defence"
    assert parse_admission_type("普通") == "" and parse_admission_type("") == ""
    assert admission_type_label("") == "普通" and admission_type_label("defence", "en") == "national defence student"
    with pytest.raises(DomainError) as caught:
        parse_admission_type("保送生")
    assert caught.value.problems[0].field == "admission_type" and "保送生" in caught.value.problems[0].text()


def test_validation_carries_both_and_names_the_field() -> None:
    checked = validate_candidate({**ROW, "admission_type": "定向培养", "exemptions": "大学英语：四级：201812345678"},
                                 today=date(2026, 12, 4))
    assert checked.candidate is not None
    assert checked.candidate.admission_type == "targeted"
    assert checked.candidate.exemptions == "大学英语:cet:201812345678"
    bad = validate_candidate({**ROW, "exemptions": "大学英语：四级"}, today=date(2026, 12, 4))
    assert [p.field for p in bad.problems] == ["exemptions"]


def test_an_import_stores_no_exemption_as_null_like_the_form() -> None:
    from learncenter.services.prepared_rows import prepare
    from learncenter.domain.candidate import CANDIDATE_FIELDS

    checked = validate_candidate(ROW, today=date(2026, 12, 4))
    assert checked.candidate is not None
    values = dict(zip(CANDIDATE_FIELDS, prepare(1, checked.candidate, "11010519491231002X").values, strict=True))
    assert values["exemptions"] is None and values["admission_type"] is None and values["document_type"] is None
