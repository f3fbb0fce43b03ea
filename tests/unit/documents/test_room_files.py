"""Room papers and registration forms written to a folder: file names, staging, cancel."""

from __future__ import annotations

from pathlib import Path

from notice_samples import notice
from learncenter.documents.fonts import FontSet
from learncenter.documents.room_documents import RoomSheetData
from learncenter.documents.room_files import (
    file_stem, room_stems, write_registration_forms, write_room_lists,
)


def room(name: str, venue: str = "乌鲁木齐市第一中学", first: int = 0, count: int = 3) -> RoomSheetData:
    rows = tuple(notice(i) for i in range(first, first + count))
    return RoomSheetData("2026年春季网络教育统一考试", venue, name, rows[0].subjects, rows)


def test_file_names_are_safe_and_distinct() -> None:
    assert file_stem("Lab 3/B: west") == "Lab 3_B_ west" and file_stem("..") == "_" and file_stem(" a. ") == "a"
    rooms = [room("第01考场"), room("101", "一中"), room("101", "二中"), room("第01考场")]
    assert room_stems(rooms) == ["乌鲁木齐市第一中学-第01考场", "一中-101", "二中-101", "乌鲁木齐市第一中学-第01考场-2"]


def test_room_lists_written_with_progress(tmp_path: Path, fonts: FontSet) -> None:
    seen: list[tuple[int, int]] = []
    run = write_room_lists([room("第01考场"), room("第02考场", first=3)], tmp_path, fonts=fonts,
                           progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)] and not run.cancelled
    assert [(r.room, r.candidates) for r in run.rooms] == [("第01考场", 3), ("第02考场", 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["第01考场-door.pdf", "第01考场-sign-in.pdf",
                                                        "第02考场-door.pdf", "第02考场-sign-in.pdf"]
    assert all(r.sign_in.read_bytes()[:5] == b"%PDF-" and r.door.exists() for r in run.rooms)


def test_a_cancelled_run_leaves_no_file(tmp_path: Path, fonts: FontSet) -> None:
    calls = iter([False, True])
    run = write_room_lists([room("第01考场"), room("第02考场", first=3)], tmp_path, fonts=fonts,
                           cancelled=lambda: next(calls))
    assert run.cancelled and run.rooms == () and list(tmp_path.iterdir()) == []
    forms = write_registration_forms([notice(0), notice(1)], tmp_path / "forms", fonts=fonts,
                                     cancelled=lambda: True)
    assert forms.cancelled and list((tmp_path / "forms").iterdir()) == []


def test_registration_forms_named_by_notice_number(tmp_path: Path, fonts: FontSet) -> None:
    run = write_registration_forms([notice(0), notice(1)], tmp_path, fonts=fonts)
    assert [p.name for p in run.forms] == ["260000000-registration.pdf", "260000001-registration.pdf"]
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in run.forms)
