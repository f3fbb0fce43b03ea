"""End to end on loopback: a real registry process and two centers with demo data.

The registry runs as ``learncenter-registry serve`` on 127.0.0.1; each center is a demo data
folder driven through the ``learncenter`` command line (and, where a clerk would use the
workstation, through the same services the workstation calls). Confirmed records go up,
receipts come back, a record the registry returns is corrected and goes up again, and a
pre-registration published at the registry comes down.
"""

from __future__ import annotations

import json

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from candidates import gather_evidence, jpeg
from registry.server import Server, enroll_code, sqlite_registry
from sqlalchemy import func, select

from learncenter.context import AppContext
from learncenter.domain.candidate import CandidateData, Gender
from learncenter.documents.notice_qr import read_keys_file
from learncenter.domain.lifecycle import RecordState
from learncenter.services.record_entry import NewRecord
from learncenter.services.returned_records import returned_records
from learncenter.store import records as repo
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem, Record
from learncenter.domain.roles import SignedIn
from learncenter.services.demo_setup import DEMO_USERS
from cli_run import DEMO_ADMIN, run_as

DEMO_PASSWORDS = {name: password for name, _role, password in DEMO_USERS}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """A command run by the center's administrator (the demo's), signed in as a script does."""
    capsys.readouterr()
    code, out, _err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out



def _context(folder: Path) -> AppContext:
    """The center's workstation with the demo's clerk signed in."""
    ctx = AppContext.build(open_database(DataDir(folder)))
    ctx.actor = _demo_user(ctx, "clerk")
    return ctx


def _demo_user(ctx: AppContext, name: str) -> SignedIn:
    """One of the accounts ``learncenter demo`` makes, signed in with its demo password."""
    return ctx.users.authenticate(name, DEMO_PASSWORDS[name])


def _states(folder: Path) -> dict[str, int]:
    ctx = _context(folder)
    try:
        with ctx.db.session() as session:
            rows = session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
        return {state: count for state, count in rows}
    finally:
        ctx.close()


def _confirm(folder: Path, data: CandidateData, photo: bytes) -> str:
    """At this center the data-entry person types ``data`` and a clerk confirms it, as at the workstation."""
    ctx = _context(folder)
    try:
        [outcome] = ctx.records.enter_many([NewRecord(data, data.id_number, RecordState.DRAFT)],
                                           actor=_demo_user(ctx, "entry"), source="entry")
        ctx.records.attach_photo(outcome.record_id, photo, actor=ctx.user)
        gather_evidence(ctx.records, outcome.record_id, actor=ctx.user)
        ctx.records.confirm(outcome.record_id, actor=ctx.user, acknowledge_review=True)
        return outcome.record_id
    finally:
        ctx.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with sqlite_registry(tmp_path) as running:
        yield running


def test_two_centers_sync_returns_corrections_and_pre_registrations(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "center-a", tmp_path / "center-b"
    assert _cli(capsys, "--data-dir", str(a), "demo", "--candidates", "30", "--confirmed", "8",
                "--seed", "11")[0] == 0
    assert _cli(capsys, "--data-dir", str(b), "demo", "--candidates", "30", "--confirmed", "6",
                "--seed", "22")[0] == 0

    code, out = _cli(capsys, "--data-dir", str(a), "sync", "enroll", server.url,
                     enroll_code(server, "11001", "北京学习中心"))
    assert code == 0 and "11001" in out
    code, out = _cli(capsys, "--data-dir", str(b), "sync", "enroll", server.url,
                     enroll_code(server, "11002", "上海学习中心"))
    assert code == 0 and "11002" in out

    # The keys an exam site gets now name the center by its registry code.
    keys = tmp_path / "keys.json"
    assert _cli(capsys, "--data-dir", str(a), "notice-keys", "export", str(keys))[0] == 0
    assert {key.center_id for key in read_keys_file(keys.read_bytes())} == {"11001"}

    # A sends its sealed records; every one is accepted and the receipt marks them.
    code, out = _cli(capsys, "--data-dir", str(a), "sync", "run")
    assert code == 0, out
    assert _states(a) == {"accepted": 8}
    code, out = _cli(capsys, "--data-dir", str(a), "sync", "run")  # nothing new: nothing sent twice
    assert code == 0 and _states(a) == {"accepted": 8}

    # At B a clerk seals an application with an ID number A has already confirmed (a typo).
    ctx = _context(a)
    with ctx.db.session() as session:
        taken = session.scalars(select(Record).where(Record.state == "accepted")).first()
        assert taken is not None
        data = repo.candidate_of(taken)
    ctx.close()
    typo = _confirm(b, data, jpeg())
    code, out = _cli(capsys, "--data-dir", str(b), "sync", "run")
    assert code == 1 and "returned" in out
    assert _states(b) == {"accepted": 6, "returned": 1}
    ctx = _context(b)
    [returned] = returned_records(ctx.db, actor=ctx.user)
    assert returned.record_id == typo and returned.code == "duplicate_person"
    assert "11001" in returned.reason("en")

    # The supervisor approves the corrected ID number; the new version goes up and is accepted.
    with ctx.db.session() as session:
        record = session.get(Record, typo)
        assert record is not None
        data = repo.candidate_of(record)
    right = "110105199003071239"
    corrected = ctx.records.correct(
        typo, replace(data, id_number=right, birth_date=date(1990, 3, 7), gender=Gender.MALE),
        id_number_entered=right, actor=ctx.user, supervisor="supervisor",
        supervisor_password="supervisor-demo", reason="身份证号录入错误", acknowledge_review=True)
    ctx.close()
    code, out = _cli(capsys, "--data-dir", str(b), "sync", "run")
    assert code == 0, out
    assert _states(b) == {"accepted": 7, "returned": 1}  # the returned version stays on record
    ctx = _context(b)
    with ctx.db.session() as session:
        assert session.get(Record, corrected.record_id).state == "accepted"  # type: ignore[union-attr]
    assert returned_records(ctx.db, actor=ctx.user) == []
    ctx.close()

    # A pre-registration published at the registry for A comes down with the next sync.
    sheet = tmp_path / "pre.csv"
    sheet.write_text("center_id,term,name,gender,birth_date,id_number,level,major_code,major_name\n"
                     "11001,2026秋,欧阳明,2,1949-12-31,11010519491231002X,zsb,120203,会计学\n",
                     encoding="utf-8")
    subprocess.run(server.command("publish", str(sheet)), check=True, capture_output=True)
    code, out = _cli(capsys, "--data-dir", str(a), "sync", "run")
    assert code == 0, out
    ctx = _context(a)
    with ctx.db.session() as session:
        arrived = session.scalars(select(Record).where(Record.name == "欧阳明")).one()
    assert arrived.state == RecordState.PRE_REGISTERED.value and arrived.id_number == "11010519491231002X"
    ctx.close()
    code, out = _cli(capsys, "--data-dir", str(b), "sync", "run")  # published for A only
    ctx = _context(b)
    with ctx.db.session() as session:
        assert session.scalars(select(Record).where(Record.name == "欧阳明")).first() is None
    ctx.close()

    stats = json.loads(subprocess.run(server.command("stats", "--json"), check=True, capture_output=True,
                                      text=True).stdout)
    assert stats["records"] == 15 and stats["persons"] == 15, stats  # 8 from A, 7 from B, each once
