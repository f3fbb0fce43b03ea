"""`learncenter sessions`, `seats assign` and the demo's sample session, through the real entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_run import ADMIN, DEMO_ADMIN, run, run_as
from exam_fixtures import session_json


@pytest.fixture
def demo_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    code, out, _ = run(capsys, "--data-dir", folder, "demo", "--candidates", "40", "--confirmed", "10", "--seed", "3")
    assert code == 0
    return folder


def test_demo_has_a_session_with_every_confirmed_candidate_seated(demo_dir: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "sessions")
    assert code == 0
    match = re.search(r"(\d{4}A-01)\s.*3 个科目，3 个考场，72 个座位，已编排 (\d+) 人", out)
    assert match, out
    session, seated = match.group(1), int(match.group(2))
    assert 0 < seated <= 10  # the confirmed candidates of the session's term
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "seats", "assign", session)
    assert code == 0 and f"0 人新编排，{seated} 人保持原座位" in out  # a re-run changes nothing
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "--lang", "en", "seats", "assign", session, "--preview",
                       "--keep-free", "29")
    assert "Preview (nothing saved)" in out and "A101 (A 栋 101)" in out


def test_sessions_add_then_assign_reports_overflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "30", "--confirmed", "12", "--seed", "5")[0] == 0
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "sessions")
    term = re.search(r"（网络教育入学测试，(\S+?)，local）", out).group(1)  # type: ignore[union-attr]
    small = session_json(code="SMALL", term=term, venues=[{"code": "V", "name": "小考点", "address": "某路 2 号",
                                                          "rooms": [{"code": "R1", "capacity": 2}]}])
    file = tmp_path / "small.json"
    file.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "sessions", "add", "--from", str(file))
    assert code == 0 and "考试安排 SMALL 已创建" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "seats", "assign", "SMALL", "--balanced", "--no-grouping")
    assert code == 1 and "已坐 2 / 可用 2，空余 0" in out and "名考生没有座位" in out


def test_bad_session_files_and_unknown_sessions_get_one_clear_line(tmp_path: Path, demo_dir: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"code": "X",', encoding="utf-8")
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "sessions", "add", "--from", str(broken))
    assert code == 2 and "不是有效的 JSON" in err and len(err.strip().splitlines()) == 1
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(session_json(subjects=[{"subject": "语文", "day": "明天", "start": "9:00",
                                                        "end": "11:00"}])), encoding="utf-8")
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "--lang", "en", "sessions", "add", "--from", str(wrong))
    assert code == 2 and "subject 1: the date '明天' is not understood" in err
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "seats", "assign", "NOPE")
    assert code == 2 and "找不到考试安排“NOPE”" in err
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "seats", "assign", "NOPE", "--keep-free", "-1")
    assert code == 2 and "不能为负数" in err
