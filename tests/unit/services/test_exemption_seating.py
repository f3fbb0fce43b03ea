"""Exemptions from exams through the real services: who takes a seat, what the notice, the room
documents and the receipt say, and that a sealed record keeps its exemptions (issue 13)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from actors import sign_in_as
from candidates import gather_evidence, jpeg, new_record
from exam_fixtures import id_number, session_spec
from learncenter.context import AppContext
from learncenter.documents.notices import write_notices
from learncenter.services import exam_notices
from learncenter.store import integrity
from learncenter.store import records as repo
from learncenter.store.models import OutboxItem, Record

MATHS = "数学：计算机等级考试：NCRE 2019 0001"  # any kind will do for the rule under test
EVERY = "全部：本科：104591201605001234"
BOTH = "语文：四级：201812345678；数学：省级招生政策：赣教考〔2026〕3号"


def _confirm(ctx: AppContext, serial: int, **overrides: str) -> str:
    clerk = sign_in_as(ctx.users, "clerk1")
    record_id = ctx.records.enter(new_record(photo=jpeg(), id_number=id_number(serial),
                                             registration_no=f"26{serial:08d}", **overrides),
                                  actor=sign_in_as(ctx.users, "tester")).record_id
    gather_evidence(ctx.records, record_id, actor=clerk)
    ctx.records.confirm(record_id, actor=clerk)
    return record_id


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def test_exempt_subjects_leave_the_seat_and_the_notice(ctx: AppContext, tmp_path: Path) -> None:
    admin = sign_in_as(ctx.users, "admin")
    ctx.exams.save_session(session_spec(), actor=admin)  # 语文, then 数学
    sits_all = _confirm(ctx, 1)
    maths_exempt = _confirm(ctx, 2, exemptions=MATHS, admission_type="定向培养")
    _confirm(ctx, 3, exemptions=EVERY)
    _confirm(ctx, 4, exemptions=BOTH)

    plan = ctx.exams.assign("2026A-01", preview=False, actor=admin)
    assert sorted(a.record_id for a in plan.assignments) == sorted([sits_all, maths_exempt])
    assert not plan.unseated  # exempt candidates are left out, not "unseated for want of seats"

    printable, refused = exam_notices.notices(ctx.db, ctx.exams, "2026A-01")
    assert not refused
    notices = {n.record_id: n for n in printable}
    assert [s.subject for s in notices[sits_all].subjects] == ["语文", "数学"] and notices[sits_all].exempt == ()
    assert [s.subject for s in notices[maths_exempt].subjects] == ["语文"]
    assert notices[maths_exempt].exempt == (("数学", "全国计算机等级考试一级B及以上"),)
    [roster] = exam_notices.room_rosters(ctx.db, ctx.exams, "2026A-01")
    assert [s.subject for s in roster.subjects] == ["语文", "数学"]  # someone in the room sits maths

    out = tmp_path / "notices.pdf"
    write_notices([notices[sits_all], notices[maths_exempt]], out, signing_key=bytes(range(32)), workers=1)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], capture_output=True, check=True,
                           text=True).stdout.split("\f")
    assert "免考" not in pages[0] and "数学" in pages[0]
    assert "免考（全国计算机等级考试一级B及以上）" in pages[1] and "数学" in pages[1]


def test_a_room_of_candidates_exempt_from_one_subject_does_not_hold_it(ctx: AppContext) -> None:
    admin = sign_in_as(ctx.users, "admin")
    ctx.exams.save_session(session_spec(), actor=admin)
    _confirm(ctx, 1, exemptions=MATHS)
    _confirm(ctx, 2, exemptions=MATHS)
    ctx.exams.assign("2026A-01", preview=False, actor=admin)
    [roster] = exam_notices.room_rosters(ctx.db, ctx.exams, "2026A-01")
    assert [s.subject for s in roster.subjects] == ["语文"]


def test_the_receipt_and_the_sealed_record_keep_them(ctx: AppContext) -> None:
    record_id = _confirm(ctx, 5, exemptions=BOTH, admission_type="国防生")
    ordinary = _confirm(ctx, 6)
    clerk = sign_in_as(ctx.users, "clerk1")
    text = _text(ctx.desk.receipt(record_id, actor=clerk).data)
    assert "招生类型" in text and "国防生" in text and "免考科目" in text
    assert "语文（大学英语四级及以上，201812345678）" in text.replace("\n", "")
    assert "无（参加全部科目考试）" in _text(ctx.desk.receipt(ordinary, actor=clerk).data)
    english = _text(ctx.desk.receipt(record_id, actor=clerk, lang="en").data)
    assert "national defence student" in english and "Exempt from" in english

    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.exemptions == "语文:cet:201812345678;数学:policy:赣教考〔2026〕3号"
        content = repo.content(record)
        outbox = session.scalars(select(OutboxItem)).all()
        plain_record = repo.content(session.get(Record, ordinary))
    assert content["admission_type"] == "defence" and content["exemptions"] == record.exemptions
    assert "exemptions" not in plain_record and "admission_type" not in plain_record  # as before they existed
    assert any(item.payload.get("candidate", {}).get("exemptions") == record.exemptions for item in outbox)
    assert integrity.check(ctx.db).ok
