"""Candidates who present a 回乡证, a 台胞证 or a passport instead of the resident ID card, through
the real services: kept under their document's key, found by its number, checked by its rules,
asked for the scans it needs, and named on the receipt and the notice (issue 13)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from actors import sign_in_as
from candidates import TODAY, gather_evidence, jpeg, new_record
from exam_fixtures import session_spec
from learncenter.context import AppContext
from learncenter.domain.evidence import Evidence
from learncenter.domain.masking import mask_id_number
from learncenter.domain.validation import validate_candidate
from learncenter.services import exam_notices

CHAN = dict(name="陈大文", id_number="H12345678", birth_date="1990-01-02", gender="男")
SMITH = dict(name="约翰·史密斯", id_number="E1234567", document_type="外国护照", nationality="美国",
             birth_date="1988-05-06", gender="男")


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


@pytest.mark.parametrize(("raw", "key", "kind", "nationality"), [
    (dict(id_number="H1234567801"), "hk_macao_permit:H12345678", "hk_macao_permit", "CHN"),  # with renewals
    (dict(id_number="M87654321"), "hk_macao_permit:M87654321", "hk_macao_permit", "CHN"),
    (dict(id_number="12345678", document_type="台胞证"), "taiwan_permit:12345678", "taiwan_permit", "CHN"),
    (dict(id_number="e1234567", document_type="护照", nationality="USA"), "passport:USA:E1234567", "passport", "USA"),
    (dict(id_number="passport:USA:E1234567"), "passport:USA:E1234567", "passport", "USA"),  # a record's key
    (dict(id_number="E12345678"), "chinese_passport:E12345678", "chinese_passport", "CHN"),
])
def test_each_document_is_kept_under_its_key(raw: dict[str, str], key: str, kind: str, nationality: str) -> None:
    checked = validate_candidate({**new_raw(), **raw, "birth_date": "1990-01-02", "gender": "女"}, today=TODAY)
    assert checked.candidate is not None, checked.problems
    assert (checked.candidate.id_number, checked.candidate.document_type, checked.candidate.nationality) == (
        key, kind, nationality)


def new_raw() -> dict[str, str]:
    return {"term": "2026春", "name": "陈大文", "level": "高起专", "major_code": "530302", "major_name": "大数据与会计"}


@pytest.mark.parametrize(("raw", "field", "words"), [
    (dict(id_number="H12345678"), "birth_date", "出生日期"),  # a permit does not tell the birth date
    (dict(id_number="E1234567", document_type="护照", birth_date="1990-01-02", gender="男"), "nationality", "国籍"),
    (dict(id_number="E1234567", document_type="护照", nationality="中国", birth_date="1990-01-02", gender="男"),
     "nationality", "中华人民共和国护照"),
    (dict(id_number="11010519491231002X", document_type="回乡证"), "id_number", "H（香港）"),
    (dict(id_number="H12345678", document_type="驾驶证"), "document_type", "驾驶证"),
])
def test_what_a_document_lacks_is_asked_for_by_field(raw: dict[str, str], field: str, words: str) -> None:
    checked = validate_candidate({**new_raw(), **raw}, today=TODAY)
    assert checked.candidate is None
    assert field in [p.field for p in checked.problems]
    assert words in " ".join(p.text("zh") for p in checked.problems)


def test_lists_mask_the_number_and_pages_name_the_document() -> None:
    from learncenter.domain.identity_documents import document_words, shown_number

    assert mask_id_number("hk_macao_permit:H12345678") == "*******78"
    assert shown_number("passport:USA:E1234567") == "E1234567"
    assert document_words("passport:USA:E1234567", "zh") == "外国护照（USA） E1234567"
    assert document_words("hk_macao_permit:H12345678", "en").startswith("Mainland travel permit")
    assert document_words("11010519491231002X") == "11010519491231002X"


def test_a_permit_holder_is_found_checked_and_sealed(ctx: AppContext) -> None:
    clerk = sign_in_as(ctx.users, "clerk1")
    record_id = ctx.records.enter(new_record(photo=jpeg(), **CHAN), actor=sign_in_as(ctx.users, "tester")).record_id
    found = ctx.desk.find("h1234 5678", actor=clerk)  # as read off the card, spaces and all
    assert found.record_id == record_id
    candidate = ctx.desk.candidate(record_id, actor=clerk)
    assert candidate.id_problems == () and candidate.id_number == "hk_macao_permit:H12345678"
    assert Evidence.ID_FRONT in candidate.required and Evidence.ID_BACK in candidate.required
    gather_evidence(ctx.records, record_id, actor=clerk)
    ctx.records.confirm(record_id, actor=clerk)
    text = _text(ctx.desk.receipt(record_id, actor=clerk).data)
    assert "证件号码" in text and "港澳居民来往内地通行证 H12345678" in text and "身份证号" not in text


def test_a_passport_needs_its_photo_page_and_is_named_on_the_notice(ctx: AppContext) -> None:
    clerk, admin = sign_in_as(ctx.users, "clerk1"), sign_in_as(ctx.users, "admin")
    record_id = ctx.records.enter(new_record(photo=jpeg(), **SMITH), actor=sign_in_as(ctx.users, "tester")).record_id
    candidate = ctx.desk.candidate(record_id, actor=clerk)
    assert Evidence.PASSPORT_PAGE in candidate.required and Evidence.ID_BACK not in candidate.required
    assert ctx.desk.find("E1234567", actor=clerk).record_id is None  # a passport number alone is no key
    assert [h.record_id for h in ctx.desk.find("约翰", actor=clerk).hits] == [record_id]  # the name finds him
    ctx.records.mark_id_card_checked(record_id, actor=clerk)
    assert ctx.records.missing_evidence(record_id) == (Evidence.PASSPORT_PAGE,)
    gather_evidence(ctx.records, record_id, actor=clerk)  # the photo page, as the demo's stand-in
    ctx.records.confirm(record_id, actor=clerk)

    ctx.exams.save_session(session_spec(), actor=admin)
    ctx.exams.assign("2026A-01", preview=False, actor=admin)
    [notice], _refused = exam_notices.notices(ctx.db, ctx.exams, "2026A-01")
    assert notice.id_number == "外国护照（USA） E1234567"
    assert date(1988, 5, 6) == ctx.desk.candidate(record_id, actor=clerk).birth_date
