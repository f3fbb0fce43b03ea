"""On loopback, with a real registry process: a special admission type, exemptions and a travel
permit instead of the ID card come down with the pre-registrations, are sealed at the desk and go
up to the registry, which files them by the same rules (issue 13)."""

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
from learncenter.services.demo_setup import DEMO_USERS
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import Record

CENTER = "11001"
PASSWORDS = {name: password for name, _role, password in DEMO_USERS}
SHEET = (
    "center_id,term,name,gender,birth_date,id_number,level,major_code,major_name,phone,招生类型,免考科目\n"
    "{c},2026秋,欧阳明,2,1949-12-31,11010519491231002X,gqz,530302,大数据与会计,13800138000,定向培养,"
    "大学英语：大学英语四级：201812345678\n"
    "{c},2026秋,黄立,1,1880-01-01,440524188001010014,gqz,530302,大数据与会计,13700137000,,\n"
    "{c},2026秋,陈大文,1,1990-01-02,H 1234 5678,gqz,530302,大数据与会计,13600136000,,\n"  # a 回乡证
)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out + err


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()


def test_exemptions_and_a_permit_travel_down_and_back_up(server: Server, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    center = tmp_path / "center"
    assert _cli(capsys, "--data-dir", str(center), "demo", "--candidates", "4", "--confirmed", "0",
                "--seed", "5")[0] == 0
    done = subprocess.run(server.command("enroll-code", CENTER, "--name", "北京学习中心"),
                          check=True, capture_output=True, text=True)
    match = re.search(r"single use\): (\S+)", done.stdout)
    assert match, done.stdout
    assert _cli(capsys, "--data-dir", str(center), "sync", "enroll", server.url, match.group(1))[0] == 0
    sheet = tmp_path / "pre.csv"
    sheet.write_text(SHEET.format(c=CENTER), encoding="utf-8")
    published = subprocess.run(server.command("publish", str(sheet)), capture_output=True, text=True)
    assert published.returncode == 0, published.stdout + published.stderr
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0, out

    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        with ctx.db.session() as session:
            rows = {r.name: r for r in session.scalars(select(Record).where(Record.is_current.is_(True),
                                                                            Record.term == "2026秋"))}
        ouyang, huang, chan = rows["欧阳明"], rows["黄立"], rows["陈大文"]
        assert (chan.id_number, chan.document_type, chan.nationality) == (
            "hk_macao_permit:H12345678", "hk_macao_permit", "CHN")
        assert (ouyang.admission_type, ouyang.exemptions) == ("targeted", "大学英语:cet:201812345678")
        assert (huang.admission_type, huang.exemptions) == (None, None)
        clerk = ctx.users.authenticate("clerk", PASSWORDS["clerk"])
        for record in (ouyang, huang, chan):
            ctx.records.attach_photo(record.id, jpeg(), actor=clerk)
            gather_evidence(ctx.records, record.id, actor=clerk)
            ctx.records.confirm(record.id, actor=clerk, acknowledge_review=True)
    finally:
        ctx.close()

    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0 and "3 records accepted, 0 returned" in out, out  # filed by the registry's own checks
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")  # its echo brings no conflict
    assert code == 0 and "0 conflicts" in out, out
