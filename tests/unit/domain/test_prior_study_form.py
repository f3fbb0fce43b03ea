"""The declared form of the prior study against the education-type digit of the certificate
number (DOMAIN §4; issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from learncenter.domain.certificate import STUDY_FORM_MISMATCH, parse_study_form
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import validate_candidate

ONLINE_CERTIFICATE = "104597201606001234"  # school 10459, type 7 (online), 2016, junior college
ROW = {"term": "2026秋", "name": "张三", "id_number": "11010519491231002X", "level": "专升本",
       "major_code": "120203", "major_name": "会计学", "prior_education": "专科",
       "prior_certificate_no": ONLINE_CERTIFICATE, "prior_graduation_date": "2016-07-01"}


@pytest.mark.parametrize(("raw", "digit"), [("网络教育", "7"), ("网教", "7"), ("成考", "5"), ("函授", "5"),
                                            ("自考", "6"), ("普通全日制", "1"), ("regular", "1"), ("7", "7")])
def test_study_forms_are_read_as_offices_write_them(raw: str, digit: str) -> None:
    assert parse_study_form(raw) == digit


def test_an_unknown_form_names_the_field() -> None:
    with pytest.raises(DomainError) as caught:
        parse_study_form("进修")
    assert caught.value.problems[0].field == "prior_study_form" and "进修" in caught.value.problems[0].text()


def test_a_declared_form_the_certificate_contradicts_is_a_finding_on_the_certificate() -> None:
    agreeing = validate_candidate({**ROW, "prior_study_form": "网络教育"}, today=date(2026, 12, 4))
    assert agreeing.ok and not [w for w in agreeing.warnings if w.code == STUDY_FORM_MISMATCH]
    assert agreeing.candidate is not None and agreeing.candidate.prior_study_form == "7"
    contradicted = validate_candidate({**ROW, "prior_study_form": "普通全日制"}, today=date(2026, 12, 4))
    [finding] = [w for w in contradicted.warnings if w.code == STUDY_FORM_MISMATCH]
    assert finding.field == "prior_certificate_no"
    assert "网络教育" in finding.text("zh") and "普通高等教育" in finding.text("zh")
    assert "online education" in finding.text("en")
    undeclared = validate_candidate(ROW, today=date(2026, 12, 4))
    assert not [w for w in undeclared.warnings if w.code == STUDY_FORM_MISMATCH]
