"""The exam room's papers read back with poppler: sign-in sheet, door list, registration form."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageStat

from notice_samples import PHOTO_COLOUR, notice
from learncenter.documents.fonts import FontSet
from learncenter.documents.room_documents import (
    SIGN_PER_PAGE, RoomSheetData, write_door_list, write_registration_form, write_sign_in_sheet,
)

RunTool = Callable[..., str]


@pytest.fixture
def room(fonts: FontSet) -> RoomSheetData:
    rows = tuple(notice(i) for i in range(SIGN_PER_PAGE + 3))  # two pages of the sign-in sheet
    rows = rows[:4] + (notice(4, photo_jpeg=None),) + rows[5:]
    return RoomSheetData("2026年春季网络教育统一考试", "乌鲁木齐市第一中学", "第01考场", rows[0].subjects, rows)


def pages_of(run_tool: RunTool, pdf: Path) -> list[str]:
    return run_tool("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-").split("\f")[:-1]


def test_sign_in_sheet_lists_every_seat_with_photo_and_signature_column(tmp_path: Path, room: RoomSheetData,
                                                                         run_tool: RunTool) -> None:
    out = tmp_path / "sign.pdf"
    write_sign_in_sheet(room, out)
    pages = pages_of(run_tool, out)
    assert len(pages) == 2
    text = "\n".join(pages)
    for row in room.rows:
        line = next(line for line in text.splitlines() if row.notice_number in line)
        assert row.name in line and row.id_number in line and re.match(rf"\s*{row.seat}\s", line), line
    assert "考生签名" in pages[0] and "考场签到表" in pages[1] and "应到 " in text and "无照片" in text
    assert "第2页/共2页" in re.sub(r" ", "", pages[1])
    images = run_tool("pdfimages", "-list", out).splitlines()[2:]
    assert len(images) == len(room.rows) - 1 and all(" jpeg " in line for line in images)  # one without a photo
    run_tool("pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", "-singlefile", out, tmp_path / "sign")
    with Image.open(tmp_path / "sign.png") as image:
        pixels = numpy.asarray(image.convert("RGB")).astype(int)
    green = int(((abs(pixels[..., 1] - PHOTO_COLOUR[1]) < 30) & (pixels[..., 0] < 60)).sum())
    assert green > 1000  # the photos are drawn


def test_door_list_is_large_and_has_no_id_numbers(tmp_path: Path, room: RoomSheetData, run_tool: RunTool) -> None:
    out = tmp_path / "door.pdf"
    write_door_list(room, out)
    text = "\n".join(pages_of(run_tool, out))
    assert "第01考场" in text and "乌鲁木齐市第一中学" in text and f"本考场共 {len(room.rows)} 人" in text
    for row in room.rows:
        assert row.notice_number in text and row.name in text
        assert row.id_number not in text
    assert run_tool("pdfimages", "-list", out).splitlines()[2:] == []


def test_registration_form(tmp_path: Path, run_tool: RunTool) -> None:
    out = tmp_path / "form.pdf"
    item = notice(2)
    write_registration_form(item, out)
    text = run_tool("pdftotext", "-enc", "UTF-8", out, "-")
    for value in ("考生报名登记表", item.name, item.id_number, item.notice_number, item.major, item.venue_address,
                  "考生签名", "学习中心（盖章）", "计算机应用基础"):
        assert value in text, value
    assert "座位号" in text and f"\n{item.seat}\n" in text
    run_tool("pdftoppm", "-r", "50", "-png", "-singlefile", out, tmp_path / "form")
    with Image.open(tmp_path / "form.png") as image:
        assert ImageStat.Stat(image.convert("RGB")).mean[1] > ImageStat.Stat(image.convert("RGB")).mean[0]
