"""On loopback, with a real registry process: exam sessions, majors and profiles published at
the registry come down and are made current at a center; a conflict is listed; the device key
is rotated with the registry's agreement.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from registry.faultproxy import FaultProxy
from registry.material import CenterSide, record
from registry.server import Server

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.services.exams import ExamService
from learncenter.services.majors import major_name, majors
from learncenter.services.profiles import load_eligibility_profile, load_photo_profiles
from learncenter.services.sync_conflicts import open_conflicts
from learncenter.store import device_key
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import AuditEntry, Record
from learncenter.sync import pins
from learncenter.sync.center import center_engine
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.sync.transport import RegistryLink
from learncenter.resources import resource_dir
from learncenter.domain.roles import SignedIn
from learncenter.services.demo_setup import DEMO_USERS
from cli_run import DEMO_ADMIN, run_as

CENTER = "11001"
DEMO_PASSWORDS = {name: password for name, _role, password in DEMO_USERS}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """A command run by the center's administrator (the demo's), signed in as a script does."""
    capsys.readouterr()
    code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out + err


def _context(folder: Path) -> AppContext:
    """The center's workstation with the demo's clerk signed in."""
    ctx = AppContext.build(open_database(DataDir(folder)))
    ctx.actor = _demo_user(ctx, "clerk")
    return ctx


def _demo_user(ctx: AppContext, name: str) -> SignedIn:
    """One of the accounts ``learncenter demo`` makes, signed in with its demo password."""
    return ctx.users.authenticate(name, DEMO_PASSWORDS[name])


def _session(code: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": code, "name": "2026年秋季入学考试", "exam_category": "网络教育入学测试", "term": "2026秋",
        "subjects": [{"subject": "语文", "day": "2026-10-17", "start": "09:00", "end": "11:00"}],
        "venues": [{"code": "V1", "name": "第一考点", "address": "北京市海淀区学院路 1 号",
                    "rooms": [{"code": "R1", "name": "101 教室", "capacity": 30, "layout_columns": 6,
                               "seats_kept_free": ["A1", "A2"]}]}],
    }
    data.update(overrides)
    return data


def _publish(server: Server, tmp_path: Path, option: str, value: object) -> str:
    path = tmp_path / f"publish-{option.strip('-')}.json"
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(server.command("publish", option, str(path)), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def center(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A demo center enrolled with the registry, its confirmed records sent and accepted."""
    folder = tmp_path / "center"
    assert _cli(capsys, "--data-dir", str(folder), "demo", "--candidates", "12", "--confirmed", "3",
                "--seed", "5")[0] == 0
    done = subprocess.run(server.command("enroll-code", CENTER, "--name", "北京学习中心"),
                          check=True, capture_output=True, text=True)
    match = re.search(r"single use\): (\S+)", done.stdout)
    assert match, done.stdout
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "enroll", server.url, match.group(1))
    assert code == 0, out
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "run")
    assert code == 0, out
    return folder


def test_sessions_majors_and_profiles_come_down(server: Server, center: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = _session("2026B-01", subjects=[{"subject": "数学", "day": "2026-10-18", "start": "11:00",
                                          "end": "09:00"}])
    _publish(server, tmp_path, "--sessions", [_session("2026A-01"), bad])
    _publish(server, tmp_path, "--majors", [{"code": "120203", "name": "会计学", "level": "zsb"},
                                            {"code": "080901", "name": "计算机科学与技术", "level": "gqb"}])
    eligibility = json.loads((resource_dir() / "profiles" / "eligibility-default.json").read_text("utf-8"))
    eligibility["version"] = "registry-2026.2"
    photo = json.loads((resource_dir() / "profiles" / "photo-profiles.json").read_text("utf-8"))
    server_out = _publish(server, tmp_path, "--eligibility", eligibility)
    assert "1 profile(s)" in server_out
    _publish(server, tmp_path, "--photo-profiles", photo)

    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 1, out  # the bad session is a problem of the run, not an exception
    assert "2026B-01" in out and "must be after the start" in out, out

    ctx = _context(center)
    try:
        [session] = [s for s in ExamService(ctx.db).sessions() if s.source == "registry"]
        assert (session.code, session.term, session.source, session.rooms) == ("2026A-01", "2026秋", "registry", 1)
        assert session.seats == 28  # two of the 30 seats are kept free
        assert major_name(ctx.db, "120203") == "会计学" and major_name(ctx.db, " 080901 ") == "计算机科学与技术"
        assert [m.code for m in majors(ctx.db)] == ["080901", "120203"]
    finally:
        ctx.close()
    # Written as the administrator's copies, read by the same loaders the workstation uses.
    assert load_eligibility_profile(center).version == "registry-2026.2"
    assert load_photo_profiles(center).default == photo["default"]

    code, out = _cli(capsys, "--data-dir", str(center), "sync", "status")
    assert "registry-2026.2 (from the registry, version 1)" in out, out
    assert re.search(r"Photo profiles\s+\S+ \(from the registry, version 1\)", out), out

    # A new version of the session replaces the held one; the bad one, once fixed, arrives too.
    _publish(server, tmp_path, "--sessions", [
        _session("2026A-01", name="2026年秋季入学考试（调整）"),
        _session("2026B-01")])
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0, out
    ctx = _context(center)
    try:
        held = {s.code: s for s in ExamService(ctx.db).sessions()}
        assert held["2026A-01"].name == "2026年秋季入学考试（调整）" and "2026B-01" in held
    finally:
        ctx.close()


def test_a_profile_the_center_cannot_read_is_not_written(server: Server, center: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The registry checks profiles before publishing; one that still reaches a center unread
    (published by a registry of another version, say) leaves the center's profile as it is."""
    from learncenter.registry.keys import load_keys
    from learncenter.registry.service import Registry
    from learncenter.registry.store import make_engine

    engine = make_engine(server.db_url)
    try:
        Registry(engine, load_keys(server.data_dir)).publish(
            [(None, "profile", "eligibility", {"version": "broken", "levels": "none"})])
    finally:
        engine.dispose()
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 1 and "eligibility" in out and "was not taken" in out, out
    assert not (center / "profiles" / "eligibility.json").exists()
    assert load_eligibility_profile(center).version == "default-2026.1"


def test_conflicts_are_listed(server: Server, center: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "pre.csv"
    head = "center_id,term,name,gender,birth_date,id_number,level,major_code,major_name,phone\n"
    row = f"{CENTER},2026秋,欧阳明,2,1949-12-31,11010519491231002X,zsb,120203,会计学,{{phone}}\n"
    sheet.write_text(head + row.format(phone="13800138000"), encoding="utf-8")
    subprocess.run(server.command("publish", str(sheet)), check=True, capture_output=True)
    assert _cli(capsys, "--data-dir", str(center), "sync", "run")[0] == 0
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "conflicts")
    assert code == 0 and "no open sync conflicts" in out
    ctx = _context(center)  # the candidate checks in here: a local change
    try:
        with ctx.db.session() as session:
            arrived = session.scalars(select(Record).where(Record.name == "欧阳明")).one()
        ctx.records.attach_photo(arrived.id, jpeg(), actor=ctx.user)
        ctx.records.check_in(arrived.id, actor=ctx.user)
    finally:
        ctx.close()
    sheet.write_text(head + row.format(phone="13900139000"), encoding="utf-8")
    subprocess.run(server.command("publish", str(sheet)), check=True, capture_output=True)
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 1 and "1 conflicts" in out, out
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "conflicts")
    assert code == 1, out
    assert "欧阳明 (2026秋/11010519491231002X), registry version 2" in out, out
    assert "registry '13900139000', here '13800138000'" in out, out
    assert "gender" not in out  # only the fields that differ


def test_device_key_rotation(server: Server, center: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = _context(center)
    try:
        old = device_key.current_key(ctx.db)
        with ctx.db.session() as session:
            pinned = pins.require(session)
    finally:
        ctx.close()
    # A record sealed and batched before the rotation, but not sent: sealed again with the new key.
    _confirm_one(center, "110105199003071239", "26110009000001")
    ctx = _context(center)
    try:
        assert center_engine(ctx.db, actor=ctx.user, data_dir=center,
                             eligibility_version=ctx.profile.version).build() == 1
    finally:
        ctx.close()
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "rotate-key")
    assert code == 0 and "Device key replaced" in out, out

    # Records sealed before and after the rotation go up in a batch signed with the new key.
    _confirm_one(center, "11010519491231002X", "26110009000002")
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0 and "2 records accepted" in out, out

    # A batch signed with the old key is refused, and nothing of it is applied.
    stale = CenterSide(CENTER, key=SigningKeyPair(old), sequence=2)
    with RegistryLink(server.url, center_id=CENTER, key=old) as link, pytest.raises(SyncError) as refused:
        link.upload(stale.seal([record(1)], pinned.encryption_public))
    assert refused.value.code == "revoked_key"
    stats = json.loads(subprocess.run(server.command("stats", "--json"), check=True, capture_output=True,
                                      text=True).stdout)
    assert stats["records"] == 5, stats  # 3 before, 2 after the rotation

    ctx = _context(center)
    try:
        with ctx.db.session() as session:
            listed = [k.key_id for k in device_key.public_keys(session)]
            current = device_key.current_key_id(session)
            [audited] = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == current)).all()
        assert len(listed) == 2 and listed[-1] == current  # the old public key stays listed
        assert audited.action == "device_key.created" and "rotation" in json.dumps(audited.details)
    finally:
        ctx.close()


def _confirm_one(folder: Path, id_number: str, registration_no: str) -> None:
    ctx = _context(folder)
    try:
        data = new_record(photo=jpeg(), term="2026秋", id_number=id_number, registration_no=registration_no)
        record_id = ctx.records.enter(data, actor=_demo_user(ctx, "entry")).record_id
        gather_evidence(ctx.records, record_id, actor=ctx.user)
        ctx.records.confirm(record_id, actor=ctx.user, acknowledge_review=True)
    finally:
        ctx.close()


def test_a_rotation_whose_answer_is_lost_is_settled_at_the_next_sync(
        server: Server, center: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = _context(center)
    try:
        with ctx.db.session() as session:
            before = device_key.current_key_id(session)
    finally:
        ctx.close()
    # The registry takes the new key, but every answer to the rotation is cut on the way back
    # (the link's retries too): the center cannot tell whether the registry took it.
    proxy = FaultProxy(server.port, lambda _n, _method, path: "drop_response" if path == "/v1/keys/rotate" else "pass")
    proxy.start()
    try:
        code, out = _cli(capsys, "--data-dir", str(center), "sync", "rotate-key", "--registry", proxy.url)
    finally:
        proxy.stop()
    assert code == 2 and "Cannot reach the registry" in out, out
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "rotate-key")
    assert code == 2 and "sync first" in out, out  # a second rotation waits until this one is settled

    # The next sync asks the registry with the pending key, finds it taken, and goes on with it.
    _confirm_one(center, "110105199003071239", "26110009000001")
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "run")
    assert code == 0 and "1 records accepted" in out, out
    ctx = _context(center)
    try:
        with ctx.db.session() as session:
            after = device_key.current_key_id(session)
            [audited] = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == after)).all()
    finally:
        ctx.close()
    assert after != before and "lost" in json.dumps(audited.details)
    code, out = _cli(capsys, "--data-dir", str(center), "sync", "rotate-key")
    assert code == 0 and "Device key replaced" in out, out  # nothing pending any more
