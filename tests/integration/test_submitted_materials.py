"""On loopback, with a real registry process: the photo and scans a candidate submitted online are
published with the pre-registration, fetched by the center that confirms them (no other), and
offered at the desk: the scans kept as the record's, the photo through the photo checks (issue 13)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.server import Server

from card_images import front, jpeg
from cli_run import DEMO_ADMIN, run_as
from faces import face_photo
from learncenter.context import AppContext
from learncenter.services.demo_setup import DEMO_USERS
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import Record
from learncenter.store.sync_models import SubmittedMaterial

PASSWORDS = {name: password for name, _role, password in DEMO_USERS}
SHEET = ("center_id,term,name,gender,birth_date,id_number,level,major_code,major_name\n"
         "{c},2026秋,欧阳明,2,1949-12-31,11010519491231002X,gqz,530302,大数据与会计\n")


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


def _enrolled(server: Server, capsys: pytest.CaptureFixture[str], folder: Path, center_id: str) -> None:
    assert _cli(capsys, "--data-dir", str(folder), "demo", "--candidates", "4", "--confirmed", "0",
                "--seed", "5")[0] == 0
    done = subprocess.run(server.command("enroll-code", center_id), check=True, capture_output=True, text=True)
    match = re.search(r"single use\): (\S+)", done.stdout)
    assert match, done.stdout
    assert _cli(capsys, "--data-dir", str(folder), "sync", "enroll", server.url, match.group(1))[0] == 0


def test_submitted_material_reaches_its_center_and_the_desk(server: Server, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    center, other = tmp_path / "center", tmp_path / "other"
    _enrolled(server, capsys, center, "11001")
    _enrolled(server, capsys, other, "11002")
    materials = tmp_path / "materials" / "11010519491231002X"
    materials.mkdir(parents=True)
    photo = face_photo()
    card = jpeg(front(name="欧阳明", gender="女", birth=date(1949, 12, 31), id_number="11010519491231002X"))
    (materials / "photo.jpg").write_bytes(photo)
    (materials / "id_front.jpg").write_bytes(card)
    (materials / "notes.txt").write_text("not a material", encoding="utf-8")
    sheet = tmp_path / "pre.csv"
    sheet.write_text(SHEET.format(c="11001"), encoding="utf-8")
    published = subprocess.run(server.command("publish", str(sheet), "--materials", str(tmp_path / "materials"),
                                              "--lang", "en"), capture_output=True, text=True)
    assert published.returncode == 0 and "2 new submitted material(s)" in published.stdout, published.stdout

    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0 and "2 submitted materials fetched" in out, out
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")  # nothing fetched twice
    assert code == 0 and "0 submitted materials fetched" in out, out
    code, out = _cli(capsys, "--data-dir", str(other), "sync", "run")  # another center is sent none
    assert code == 0 and "0 submitted materials fetched" in out, out

    ctx = AppContext.build(open_database(DataDir(center)))
    try:
        with ctx.db.session() as session:
            record = session.scalars(select(Record).where(Record.name == "欧阳明", Record.is_current.is_(True))).one()
            noted = {row.kind: row.fetched_at is not None for row in session.scalars(select(SubmittedMaterial))}
        assert noted == {"photo": True, "id_front": True}
        clerk = ctx.users.authenticate("clerk", PASSWORDS["clerk"])
        candidate = ctx.desk.candidate(record.id, actor=clerk)
        assert candidate.submitted == ("id_front", "photo")
        assert ctx.desk.submitted(record.id, "photo", actor=clerk) == photo
        assert ctx.desk.keep_submitted_scans(record.id, actor=clerk) == 1
        assert ctx.desk.keep_submitted_scans(record.id, actor=clerk) == 0  # kept already
        assert [kind for kind, _sha in ctx.records.documents(record.id)] == ["id_front"]
        check = ctx.desk.check_card(record.id, actor=clerk)  # the submitted card, read like a scanned one
        assert check is not None and not [p for p in check.problems if p.code == "card.mismatch"]
        result = ctx.desk.process_photo(ctx.desk.submitted(record.id, "photo", actor=clerk))
        assert ctx.desk.keep_photo(record.id, result, actor=clerk) is result.passed
    finally:
        ctx.close()
