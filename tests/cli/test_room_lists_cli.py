"""`learncenter room-lists` and `registration-forms`: the room papers of a seated session, read
back with poppler (names in seat order, the room's name, every candidate's form)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from exam_fixtures import accepted_without_photo, confirmed, id_number, session_spec
from cli_run import ADMIN, DEMO_ADMIN, run_as
from learncenter.cli import main
from learncenter.context import AppContext
from learncenter.domain.masking import mask_id_number
from learncenter.domain.seating import natural_key
from learncenter.store.exam_models import SeatAssignment
from learncenter.store.layout import DataDir
from actors import sign_in_as

NAMES = ["赵一", "钱二", "孙三", "李四", "周五", "吴六"]


def pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=30).stdout


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def seated(ctx: AppContext) -> dict[str, list[tuple[str, str]]]:
    """Six named candidates with photos seated in two rooms; room code -> [(seat, name)] in seat order."""
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 7), names=NAMES)
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    names = {id_number(serial): name for serial, name in zip(range(1, 7), NAMES)}
    rooms: dict[str, list[tuple[str, str]]] = {}
    with ctx.db.session() as session:
        for seat in session.scalars(select(SeatAssignment)):
            rooms.setdefault(seat.room_code, []).append((seat.seat, names[seat.id_number]))
    return {room: sorted(rows, key=lambda row: natural_key(row[0])) for room, rows in rooms.items()}


def test_sign_in_sheets_and_door_lists_per_room(seated: dict[str, list[tuple[str, str]]], data_dir: DataDir,
                                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "rooms"
    code, out, err = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "room-lists", "2026A-01", "--out-dir", str(folder))
    assert code == 0 and "已写出 2 个考场的签到表和门贴（共 6 人）" in out and "101 教室（第一考点）：4 人" in out
    assert "考场名单 1/2 个考场" in err and "考场名单 2/2 个考场" in err  # progress, on standard error
    assert sorted(p.name for p in folder.iterdir()) == ["101 教室-door.pdf", "101 教室-sign-in.pdf",
                                                      "102 教室-door.pdf", "102 教室-sign-in.pdf"]
    for room_code, room_name in (("R1", "101 教室"), ("R2", "102 教室")):
        expected = [name for _seat, name in seated[room_code]]
        for kind in ("sign-in", "door"):
            text = pdftotext(folder / f"{room_name}-{kind}.pdf")
            assert room_name in text.replace("  ", " ")
            listed = [name for line in text.splitlines() for name in NAMES if name in line]
            assert listed == expected, (kind, listed)  # seat order, nobody of the other room
        sign_in = pdftotext(folder / f"{room_name}-sign-in.pdf")
        assert "考场签到表" in sign_in and f"应到 {len(expected)} 人" in sign_in


def test_english_output_and_a_candidate_without_photo(seated: dict[str, list[tuple[str, str]]], ctx: AppContext,
                                                      data_dir: DataDir, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    accepted_without_photo(ctx, 40)
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    code, out, _ = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "--lang", "en", "room-lists", "2026A-01",
                       "--out-dir", str(tmp_path / "rooms"))
    assert code == 1 and "2 rooms (6 candidates)" in out and "no standard photo" in out
    assert mask_id_number(id_number(40)) in out and id_number(40) not in out


def test_registration_forms_one_per_candidate(seated: dict[str, list[tuple[str, str]]], ctx: AppContext,
                                              data_dir: DataDir, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "forms"
    code, out, err = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "registration-forms", "2026A-01",
                         "--out-dir", str(folder))
    assert code == 0 and "已写出 6 份考生报名登记表" in out and "报名登记表 6/6 份" in err
    with ctx.db.session() as session:
        numbers = {s.notice_number: s.id_number for s in session.scalars(select(SeatAssignment))}
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}-registration.pdf" for n in numbers)
    for number, id_no in numbers.items():
        text = pdftotext(folder / f"{number}-registration.pdf")
        assert "考生报名登记表" in text and number in text and id_no in text


def test_nobody_seated_is_an_error(ctx: AppContext, data_dir: DataDir, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    code, _, err = run_as(capsys, ADMIN, "--data-dir", str(data_dir.root), "room-lists", "2026A-01", "--out-dir",
                       str(tmp_path / "x"))
    assert code == 2 and "seats assign 2026A-01" in err and not (tmp_path / "x").exists()
