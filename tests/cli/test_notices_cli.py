"""`learncenter notices`, `verify-notice` and `notice-keys export` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import ADMIN, DEMO_ADMIN, run, run_as
from exam_fixtures import accepted_without_photo, confirmed, id_number, session_spec
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.domain.masking import mask_id_number
from learncenter.documents.notice_qr import read_keys_file
from learncenter.store.exam_models import SeatAssignment
from learncenter.store.layout import DataDir
from actors import sign_in_as


@pytest.fixture
def seated(ctx: AppContext, data_dir: DataDir) -> list[str]:
    """A session with four seated candidates with photos; returns their notice numbers."""
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 5))
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    with ctx.db.session() as session:
        return sorted(session.scalars(select(SeatAssignment.notice_number)).all())


def test_one_pdf_whose_every_qr_verifies(seated: list[str], data_dir: DataDir, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "notices.pdf"
    code, out, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "notices", "2026A-01", "--out", str(pdf))
    assert code == 0 and "已写出 4 份准考证" in out and pdf.read_bytes()[:5] == b"%PDF-"
    code, out, _ = run(capsys, "--data-dir", str(data_dir.root), "verify-notice", str(pdf))
    assert code == 0 and out.count("有效") == 4
    for number in seated:
        assert number in out


def test_one_file_per_candidate_named_by_notice_number(seated: list[str], data_dir: DataDir, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "each"
    code, _, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "notices", "2026A-01", "--out-dir", str(folder))
    assert code == 0
    assert sorted(p.stem for p in folder.glob("*.pdf")) == seated


def test_notices_printed_from_the_command_line_guard_their_rooms(
        seated: list[str], ctx: AppContext, data_dir: DataDir, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "notices", "2026A-01", "--out", str(tmp_path / "n.pdf"))
    assert code == 0
    rooms = ctx.exams.rooms("2026A-01")
    assert sum(room.notices_printed for room in rooms) == len(seated)


def test_a_candidate_without_photo_is_refused_and_listed(ctx: AppContext, data_dir: DataDir, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, [1, 2])
    accepted_without_photo(ctx, 30)
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    pdf = tmp_path / "notices.pdf"
    code, out, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "notices", "2026A-01", "--out", str(pdf))
    assert code == 1 and "已写出 2 份准考证" in out and "没有标准照片" in out
    assert mask_id_number(id_number(30)) in out and id_number(30) not in out  # a terminal is seen and scrolled back


def test_keys_export_and_a_notice_from_an_unknown_center(seated: list[str], data_dir: DataDir, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys.json"
    code, out, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "notice-keys", "export", str(keys))
    assert code == 0 and "已导出 1 个公钥" in out and len(read_keys_file(keys.read_bytes())) == 1
    other = str(tmp_path / "other-demo")
    assert run(capsys, "--data-dir", other, "demo", "--candidates", "20", "--confirmed", "4", "--seed", "2")[0] == 0
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", other, "sessions")
    session = out.split()[0]
    pdf = tmp_path / "other.pdf"
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", other, "notices", session, "--out", str(pdf))[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(data_dir.root), "verify-notice", str(pdf), "--keys", str(keys))
    assert code == 1 and "伪造" in out and "未知密钥" in out  # an unknown key counts as forged
