"""On loopback, with a real registry process: the registry publishes payment with the
pre-registrations, the center stores it, refuses to seal the unpaid, lists them for the
administrator, and takes a later payment on an unsealed record without a conflict (issue 13).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.server import Server

from candidates import gather_evidence, jpeg
from cli_run import DEMO_ADMIN, run_as
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.services.demo_setup import DEMO_USERS
from learncenter.services.sync_conflicts import open_conflicts
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import AuditEntry, Record

CENTER = "11001"
PASSWORDS = {name: password for name, _role, password in DEMO_USERS}
HEAD = "center_id,term,name,gender,birth_date,id_number,level,major_code,major_name,phone,缴费状态,缴费日期\n"
OUYANG = "{center},2026秋,欧阳明,2,1949-12-31,11010519491231002X,gqz,530302,大数据与会计,{phone},{paid},{day}\n"
HUANG = "{center},2026秋,黄立,1,1880-01-01,440524188001010014,gqz,530302,大数据与会计,13700137000,已缴费,2026-11-02\n"


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out + err


def _user(ctx: AppContext, name: str) -> SignedIn:
    return ctx.users.authenticate(name, PASSWORDS[name])


def _publish(server: Server, sheet: Path, *, phone: str = "13800138000", paid: str = "未缴费",
             day: str = "") -> None:
    sheet.write_text(HEAD + OUYANG.format(center=CENTER, phone=phone, paid=paid, day=day)
                     + HUANG.format(center=CENTER), encoding="utf-8")
    done = subprocess.run(server.command("publish", str(sheet)), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _ouyang(ctx: AppContext) -> Record:
    with ctx.db.session() as session:
        return session.scalars(select(Record).where(Record.name == "欧阳明", Record.is_current.is_(True))).one()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def center(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "center"
    assert _cli(capsys, "--data-dir", str(folder), "demo", "--candidates", "4", "--confirmed", "0",
                "--seed", "5")[0] == 0
    done = subprocess.run(server.command("enroll-code", CENTER, "--name", "北京学习中心"),
                          check=True, capture_output=True, text=True)
    match = re.search(r"single use\): (\S+)", done.stdout)
    assert match, done.stdout
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "enroll", server.url, match.group(1))
    assert code == 0, out
    return folder


def test_payment_comes_down_blocks_sealing_and_a_later_payment_lets_it_through(
        server: Server, center: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "pre.csv"
    _publish(server, sheet)
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0, out

    code, out = _cli(capsys, "--data-dir", str(center), "unpaid")
    assert code == 1 and "1 candidates unpaid or refunded" in out, out
    assert "欧阳明" in out and "110105********002X" in out and "unpaid" in out
    assert "11010519491231002X" not in out and "黄立" not in out

    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        clerk = _user(ctx, "clerk")
        record = _ouyang(ctx)
        assert (record.payment_state, record.payment_date) == ("unpaid", None)
        ctx.records.attach_photo(record.id, jpeg(), actor=clerk)
        gather_evidence(ctx.records, record.id, actor=clerk)  # checked in, card checked, scans kept
        with pytest.raises(DomainError) as refused:
            ctx.records.confirm(record.id, actor=clerk, acknowledge_review=True, supervisor="supervisor",
                                supervisor_password=PASSWORDS["supervisor"])
        assert refused.value.problem.code == "payment.blocks_sealing"
        ctx.records.check_in(record.id, actor=clerk)  # the candidate waits at the desk: a local change
    finally:
        ctx.close()

    # The candidate pays; the registry publishes it with a new phone number too.
    _publish(server, sheet, phone="13900139000", paid="已缴费", day="2026-11-20")
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 1 and "1 conflicts" in out, out  # the phone waits for the clerk; the payment does not

    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        record = _ouyang(ctx)
        assert (record.state, record.payment_state, record.payment_date.isoformat() if record.payment_date else None,
                record.phone) == ("awaiting_confirmation", "paid", "2026-11-20", "13800138000")
        with ctx.db.session() as session:
            audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "record.payment_update",
                                                               AuditEntry.entity_id == record.id)).one()
        assert audited.details["payment_state"] == "paid" and audited.actor
        assert [c.key for c in open_conflicts(ctx.db, actor=_user(ctx, "clerk"))] == ["2026秋/11010519491231002X"]
        sealed = ctx.records.confirm(record.id, actor=_user(ctx, "clerk"), acknowledge_review=True)
        assert sealed.state.value == "confirmed"
    finally:
        ctx.close()

    code, out = _cli(capsys, "--data-dir", str(center), "unpaid")
    assert code == 0 and "No candidate is unpaid or refunded" in out, out


def test_a_payment_alone_on_a_checked_in_record_is_no_conflict(
        server: Server, center: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "pre.csv"
    _publish(server, sheet, paid="已缴费", day="2026-11-20")
    assert _cli(capsys, "--data-dir", str(center), "sync", "run")[0] == 0
    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        ctx.records.check_in(_ouyang(ctx).id, actor=_user(ctx, "clerk"))
    finally:
        ctx.close()
    _publish(server, sheet, paid="已退费", day="2026-11-25")  # refunded before the candidate was confirmed
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0, out
    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        record = _ouyang(ctx)
        assert (record.state, record.payment_state) == ("awaiting_confirmation", "refunded")
        assert open_conflicts(ctx.db, actor=_user(ctx, "clerk")) == []
    finally:
        ctx.close()
    code, out = _cli(capsys, "--data-dir", str(center), "unpaid")
    assert code == 1 and "欧阳明" in out and "refunded" in out and "2026-11-25" in out, out
