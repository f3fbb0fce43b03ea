"""``learncenter-registry`` commands run in-process: init, enroll-code, revoke, publish, stats."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from registry.material import candidate

from learncenter.registry.cli import main
from learncenter.registry.keys import ENCRYPTION_FILE, SIGNING_FILE, load_keys
from learncenter.registry.service import Caller, Registry
from learncenter.registry.store import make_engine
from learncenter.protocol.keys import SigningKeyPair, b64url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def initialised(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    common = ["--data-dir", str(tmp_path / "reg"), "--db", db_url]
    code, out, _ = run(capsys, "init", *common, "--lang", "en")
    assert code == 0 and "Registry initialised" in out
    return common


def test_init_keeps_keys_private_and_commands_need_it(
        tmp_path: Path, initialised: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    for name in (SIGNING_FILE, ENCRYPTION_FILE):
        assert stat.S_IMODE((tmp_path / "reg" / name).stat().st_mode) == 0o600
    keys = load_keys(tmp_path / "reg")
    code, out, _ = run(capsys, "enroll-code", "11001", "--name", "北京", *initialised)
    assert code == 0 and keys.signing.key_id in out and "72" in out
    code, _, err = run(capsys, "stats", "--data-dir", str(tmp_path / "nothing"), "--lang", "en")
    assert code == 2 and "learncenter-registry init" in err
    code, _, err = run(capsys, "revoke", "99999", *initialised, "--lang", "en")
    assert code == 2 and "99999" in err
    code, _, err = run(capsys, "enroll-code", "11 001", *initialised, "--lang", "en")
    assert code == 2 and "11 001" in err


def test_publish_sheet_majors_and_sessions_become_changes(
        tmp_path: Path, db_url: str, initialised: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    first, second = candidate(1), candidate(2)
    sheet = tmp_path / "pre.csv"
    rows = ["身份证号,姓名,报名批次,报考层次,专业代码,专业名称,center_id",
            f"{first['id_number']},张三,2026秋,高起专,530302,大数据与会计,11001",
            f"{second['id_number']},李四,2026秋,高起专,530302,大数据与会计,"]
    sheet.write_bytes("\n".join(rows).encode("gb18030"))
    majors = tmp_path / "majors.json"
    majors.write_text(json.dumps([{"code": "530302", "name": "大数据与会计", "level": "gqz"}]),
                      encoding="utf-8")
    sessions = tmp_path / "sessions.json"
    sessions.write_text(json.dumps([{
        "code": "2026A", "name": "2026年春季统考", "exam_category": "统考",
        "subjects": [{"subject": "大学英语", "day": "2026-04-18", "start": "09:00",
                      "end": "10:30"}],
        "venues": [{"code": "V1", "name": "德安一中", "address": "德安县",
                    "rooms": [{"code": "101", "name": "101教室", "capacity": 30,
                               "layout_columns": 6, "seats_kept_free": ["1-1"]}]}]}]),
        encoding="utf-8")
    code, out, err = run(capsys, "publish", str(sheet), "--majors", str(majors), "--sessions",
                         str(sessions), *initialised, "--lang", "en")
    assert code == 0, err
    assert "2 pre-registration(s), 1 major(s), 1 exam session(s)" in out

    registry = Registry(make_engine(db_url), load_keys(tmp_path / "reg"))
    center = SigningKeyPair.generate()
    for center_id in ("11001", "11002"):
        registry.enroll({"code": registry.enroll_code(center_id),
                         "center_public_key": b64url(center.public_raw if center_id == "11001"
                                                     else SigningKeyPair.generate().public_raw)})
    page = registry.changes(Caller("11001", center.key_id, center.public), None)
    kinds = {(change["kind"], change["key"]): change["data"] for change in page["changes"]}
    assert kinds[("pre_registration", f"2026秋/{first['id_number']}")]["birth_date"] == \
        first["birth_date"]
    assert kinds[("pre_registration", f"2026秋/{second['id_number']}")]["level"] == "gqz"
    assert kinds[("major", "530302")]["name"] == "大数据与会计"
    assert kinds[("exam_session", "2026A")]["venues"][0]["rooms"][0]["capacity"] == 30
    registry.engine.dispose()

    code, out, err = run(capsys, "publish", str(sheet), *initialised, "--lang", "en")
    assert code == 0 and "0 pre-registration(s)" in out  # unchanged: nothing new


def test_a_sheet_with_a_bad_row_publishes_nothing(
        tmp_path: Path, initialised: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    good = candidate(1)
    sheet = tmp_path / "pre.csv"
    sheet.write_text("id_number,name,term,level,major_code,major_name\n"
                     f"{good['id_number']},张三,2026秋,高起专,530302,大数据与会计\n"
                     "110105194912310000,李四,2026秋,高起专,12,会计\n", encoding="utf-8")
    code, _, err = run(capsys, "publish", str(sheet), *initialised, "--lang", "en")
    assert code == 1 and "Row 3" in err and "nothing was published" in err
    code, out, _ = run(capsys, "stats", "--json", *initialised)
    assert code == 0 and json.loads(out)["changes"] == 0


def test_publish_reads_xlsx(tmp_path: Path, db_url: str, initialised: list[str],
                            capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    person = candidate(5)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "报名批次", "报考层次", "专业代码", "专业名称", "出生日期"])
    sheet.append([person["id_number"], "王五", "2026秋", "高起专", "530302", "大数据与会计",
                  person["birth_date"]])
    path = tmp_path / "pre.xlsx"
    book.save(path)
    code, out, err = run(capsys, "publish", str(path), *initialised, "--lang", "en")
    assert code == 0 and "1 pre-registration(s)" in out, err
    code, out, _ = run(capsys, "stats", "--json", *initialised)
    assert json.loads(out)["changes"] == 1


def test_stats_speaks_the_administrators_language_and_json_for_scripts(
        initialised: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "enroll-code", "11001", "--name", "北京", *initialised)[0] == 0
    code, out, _ = run(capsys, "stats", *initialised, "--lang", "zh")
    assert code == 0 and "学习中心" in out and "记录" in out and "centers" not in out
    code, out, _ = run(capsys, "stats", *initialised, "--lang", "en")
    assert code == 0 and "learning centers" in out
    code, out, _ = run(capsys, "stats", "--json", *initialised)
    counts = json.loads(out)
    assert code == 0 and counts["centers"] == 1 and counts["records"] == 0
