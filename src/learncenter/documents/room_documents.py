"""The papers of an exam room: the sign-in sheet, the door list, the registration form.

The sign-in sheet is what invigilators check faces against and candidates sign, one line per
seat with the stored photo (its JPEG bytes, as on the notice), so it lists every seat of the
room in seat order. The door list is posted outside: large type, seat, name and notice number,
no ID numbers or photos (it hangs in a corridor). The registration form is the candidate's own
one-page record of what was registered, signed and kept on file.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learncenter.documents.files import write_atomically
from learncenter.documents.fonts import FontSet, cjk_fonts
from learncenter.documents.layout import (
    CONTENT, LABEL_GREY, MM, PAGE_HEIGHT, Box, draw_cell, draw_frame, draw_line, draw_placeholder, fit_text,
    new_canvas,
)
from learncenter.documents.notice import PHOTO_SIZE, draw_jpeg_passthrough
from learncenter.documents.notice_data import NoticeData, SubjectSlot


@dataclass(frozen=True)
class RoomSheetData:
    session_name: str
    venue_name: str
    room: str
    subjects: tuple[SubjectSlot, ...]
    rows: tuple[NoticeData, ...]  # the candidates of the room in seat order


def _subjects_line(subjects: Sequence[SubjectSlot]) -> str:
    return "；".join(f"{s.subject} {s.day:%m-%d} {s.start:%H:%M}–{s.end:%H:%M}" for s in subjects)


def _pages(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def _footer(canvas: Any, fonts: FontSet, page: int, pages: int, left: str) -> None:
    y = CONTENT.y + 1 * MM
    draw_line(canvas, fonts, left, CONTENT.x, y, 10)
    draw_line(canvas, fonts, f"第 {page} 页 / 共 {pages} 页", CONTENT.right, y, 9, align="right")


def _photo(canvas: Any, fonts: FontSet, jpeg: bytes | None, box: Box, name: str) -> None:
    """The stored JPEG as its own bytes, or a dashed "no photo" box (also for a broken file: the
    sheet must still list the seat)."""
    if jpeg is not None:
        try:
            draw_jpeg_passthrough(canvas, jpeg, box, name)
            return
        except (ValueError, struct.error, IndexError):
            pass
    draw_placeholder(canvas, fonts, box, "无照片", size=8)


# --- sign-in sheet -------------------------------------------------------------------------------

SIGN_ROW = 23 * MM
SIGN_COLUMNS = (13 * MM, 24 * MM, 32 * MM, 30 * MM, 42 * MM, CONTENT.width - 141 * MM)
SIGN_HEADERS = ("座位号", "照片", "姓名", "准考证号", "身份证号", "考生签名")
SIGN_TOP = PAGE_HEIGHT - CONTENT.y - 30 * MM
SIGN_PER_PAGE = int((SIGN_TOP - 9 * MM - CONTENT.y - 8 * MM) // SIGN_ROW)


def render_sign_in_sheet(room: RoomSheetData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or cjk_fonts()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title=f"考场签到表 {room.room}", subject=room.session_name)
    pages = _pages(len(room.rows), SIGN_PER_PAGE)
    for page in range(pages):
        top = PAGE_HEIGHT - CONTENT.y
        draw_line(canvas, fonts, f"考场签到表　{room.room}", CONTENT.x + CONTENT.width / 2, top - 9 * MM, 18,
                  align="center", bold=True)
        draw_line(canvas, fonts, f"{room.session_name}　{room.venue_name}", CONTENT.x, top - 17 * MM, 10.5)
        fit_text(canvas, fonts, "考试科目：" + _subjects_line(room.subjects),
                 Box(CONTENT.x - 1.5 * MM, top - 28 * MM, CONTENT.width, 8 * MM), size=9.5)
        header = Box(CONTENT.x, SIGN_TOP - 9 * MM, CONTENT.width, 9 * MM)
        for box, label in zip(header.columns(SIGN_COLUMNS), SIGN_HEADERS):
            draw_cell(canvas, fonts, box, label, size=10.5, label=True)
        for line, notice in enumerate(room.rows[page * SIGN_PER_PAGE:(page + 1) * SIGN_PER_PAGE]):
            row = Box(CONTENT.x, header.y - (line + 1) * SIGN_ROW, CONTENT.width, SIGN_ROW)
            seat, photo, name, number, id_number, signature = row.columns(SIGN_COLUMNS)
            fit_text(canvas, fonts, notice.seat, seat, size=14, align="center")
            draw_frame(canvas, seat)
            draw_frame(canvas, photo)
            _photo(canvas, fonts, notice.photo_jpeg, photo.inset(2 * MM), f"Sign{page}x{line}")
            draw_cell(canvas, fonts, name, notice.name, size=13)
            draw_cell(canvas, fonts, number, notice.notice_number, size=10.5)
            draw_cell(canvas, fonts, id_number, notice.id_number, size=10.5)
            draw_frame(canvas, signature)
        _footer(canvas, fonts, page + 1, pages, "监考员签名：____________　____________　应到 "
                f"{len(room.rows)} 人，实到 ____ 人")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_sign_in_sheet(room: RoomSheetData, out: Path) -> None:
    write_atomically(render_sign_in_sheet(room), out)


# --- door list -----------------------------------------------------------------------------------

DOOR_ROW = 11 * MM
DOOR_COLUMNS = (16 * MM, 38 * MM, CONTENT.width / 2 - 54 * MM - 2 * MM)
DOOR_TOP = PAGE_HEIGHT - CONTENT.y - 52 * MM
DOOR_PER_COLUMN = int((DOOR_TOP - DOOR_ROW - CONTENT.y - 8 * MM) // DOOR_ROW)


def render_door_list(room: RoomSheetData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or cjk_fonts()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title=f"考场门贴 {room.room}", subject=room.session_name)
    per_page = 2 * DOOR_PER_COLUMN
    pages = _pages(len(room.rows), per_page)
    middle = CONTENT.x + CONTENT.width / 2
    for page in range(pages):
        top = PAGE_HEIGHT - CONTENT.y
        draw_line(canvas, fonts, room.room, middle, top - 20 * MM, 44, align="center", bold=True)
        draw_line(canvas, fonts, room.session_name, middle, top - 31 * MM, 15, align="center")
        draw_line(canvas, fonts, room.venue_name, middle, top - 39 * MM, 13, align="center")
        fit_text(canvas, fonts, _subjects_line(room.subjects), Box(CONTENT.x, top - 49 * MM, CONTENT.width, 8 * MM),
                 size=11, align="center")
        chunk = room.rows[page * per_page:(page + 1) * per_page]
        for half in range(2):
            x = CONTENT.x + half * (CONTENT.width / 2 + 2 * MM)
            header = Box(x, DOOR_TOP - DOOR_ROW, sum(DOOR_COLUMNS), DOOR_ROW)
            for box, label in zip(header.columns(DOOR_COLUMNS), ("座位", "姓名", "准考证号")):
                draw_cell(canvas, fonts, box, label, size=12, label=True)
            for line, notice in enumerate(chunk[half * DOOR_PER_COLUMN:(half + 1) * DOOR_PER_COLUMN]):
                row = Box(x, header.y - (line + 1) * DOOR_ROW, header.width, DOOR_ROW)
                seat, name, number = row.columns(DOOR_COLUMNS)
                draw_frame(canvas, seat)
                fit_text(canvas, fonts, notice.seat, seat, size=15, align="center")
                draw_cell(canvas, fonts, name, notice.name, size=15)
                draw_cell(canvas, fonts, number, notice.notice_number, size=12)
        _footer(canvas, fonts, page + 1, pages, f"本考场共 {len(room.rows)} 人")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_door_list(room: RoomSheetData, out: Path) -> None:
    write_atomically(render_door_list(room), out)


# --- registration form ---------------------------------------------------------------------------

FORM_ROW = 12 * MM
FORM_UPPER = (26 * MM, 50 * MM, 24 * MM, 38 * MM)
FORM_PHOTO = CONTENT.width - sum(FORM_UPPER)
FORM_LOWER = (26 * MM, 62 * MM, 24 * MM, CONTENT.width - 112 * MM)
_FORM_ROWS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("姓名", "name"), ("性别", "gender")),
    (("身份证号", "id_number"),),
    (("准考证号", "notice_number"), ("考试类别", "exam_category")),
    (("层次", "level"),),
    (("专业", "major"),),
    (("学习中心", "center_name"),),
    (("考试场次", "session_name"),),
    (("考点", "venue_name"),),
    (("考点地址", "venue_address"),),
    (("考场", "room"), ("座位号", "seat")),
)


def render_registration_form(notice: NoticeData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or cjk_fonts()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title="考生报名登记表", subject=notice.notice_number)
    top = PAGE_HEIGHT - CONTENT.y
    draw_line(canvas, fonts, "考生报名登记表", CONTENT.x + CONTENT.width / 2, top - 10 * MM, 20, align="center",
              bold=True)
    table_top = top - 20 * MM
    photo_rows = 5
    for index, pairs in enumerate(_FORM_ROWS):
        grid: tuple[float, ...] = FORM_UPPER if index < photo_rows else FORM_LOWER
        if len(pairs) == 1:
            grid = (grid[0], sum(grid[1:]))
        width = CONTENT.width - (FORM_PHOTO if index < photo_rows else 0)
        cells = Box(CONTENT.x, table_top - (index + 1) * FORM_ROW, width, FORM_ROW).columns(grid)
        for (label, field), label_box, value_box in zip(pairs, cells[0::2], cells[1::2]):
            draw_cell(canvas, fonts, label_box, label, size=10.5, label=True)
            draw_cell(canvas, fonts, value_box, str(getattr(notice, field)), size=14 if field == "name" else 11)
    photo_cell = Box(CONTENT.right - FORM_PHOTO, table_top - photo_rows * FORM_ROW, FORM_PHOTO, photo_rows * FORM_ROW)
    draw_frame(canvas, photo_cell)
    slot = Box(photo_cell.x + (photo_cell.width - PHOTO_SIZE[0]) / 2,
               photo_cell.y + (photo_cell.height - PHOTO_SIZE[1]) / 2, *PHOTO_SIZE)
    _photo(canvas, fonts, notice.photo_jpeg, slot, "FormPhoto")
    y = table_top - len(_FORM_ROWS) * FORM_ROW - 10 * MM
    draw_line(canvas, fonts, "考试科目", CONTENT.x, y, 12, bold=True)
    for index, slot_ in enumerate(notice.subjects):
        row = Box(CONTENT.x, y - 4 * MM - (index + 1) * 8 * MM, CONTENT.width, 8 * MM)
        subject, when = row.columns((100 * MM, CONTENT.width - 100 * MM))
        draw_cell(canvas, fonts, subject, slot_.subject, size=11)
        draw_cell(canvas, fonts, when, f"{slot_.day:%Y-%m-%d} {slot_.start:%H:%M}–{slot_.end:%H:%M}", size=11)
    y -= 4 * MM + (len(notice.subjects) + 1) * 8 * MM + 8 * MM
    statement = Box(CONTENT.x, y - 16 * MM, CONTENT.width, 16 * MM)
    fit_text(canvas, fonts, "本人承诺以上报名信息真实、准确，照片为本人近期免冠照片；如有虚假，责任自负。", statement, size=11)
    draw_line(canvas, fonts, "考生签名：____________________　　日期：____年____月____日", CONTENT.x,
              statement.y - 12 * MM, 11)
    stamp = Box(CONTENT.right - 50 * MM, CONTENT.y + 12 * MM, 50 * MM, 36 * MM)
    draw_frame(canvas, stamp, dashed=True)
    fit_text(canvas, fonts, "学习中心（盖章）", stamp, size=11, align="center")
    canvas.setFillGray(LABEL_GREY * 0.6)
    draw_line(canvas, fonts, f"记录编号：{notice.record_id}", CONTENT.x, CONTENT.y + 1 * MM, 8)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_registration_form(notice: NoticeData, out: Path) -> None:
    write_atomically(render_registration_form(notice), out)
