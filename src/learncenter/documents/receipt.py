"""The confirmation receipt (现场确认回执) the clerk prints for the candidate.

It is the candidate's proof of having confirmed on site, and the paper the candidate signs to
say the details are right, so it shows every confirmed field, the stored photo as it was
checked, and room for the signature and the center's stamp. The official receipt is Chinese;
``lang="en"`` exists for foreign staff and tests.
"""

from __future__ import annotations

import io
import struct
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFError  # type: ignore[import-untyped, unused-ignore]

from learncenter.documents.files import WRITE_FAILED, write_atomically  # noqa: F401 - WRITE_FAILED: its old home
from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts
from learncenter.documents.layout import (
    CONTENT, MM, PADDING, PAGE_HEIGHT, Box, draw_cell, draw_frame, draw_jpeg, draw_line, draw_placeholder, fit_text,
    new_canvas,
)
from learncenter.documents.receipt_data import ReceiptData
from learncenter.domain.codes import Label
from learncenter.domain.messages import Problem, define

PHOTO_UNREADABLE = define(
    "documents.photo_unreadable",
    zh="照片无法读取（不是有效的 JPEG 图片），无法打印回执。请重新采集照片后再打印。",
    en="The photo cannot be read (it is not a valid JPEG image), so the receipt cannot be printed. "
    "Capture the photo again, then print.",
)
_TEXT = {
    "title": Label("网络教育现场确认回执", "Online Education On-site Confirmation Receipt"),
    "registration_no": Label("报名号", "Registration no."),
    "term": Label("批次", "Term"),
    "name": Label("姓名", "Name"),
    "gender": Label("性别", "Gender"),
    "birth_date": Label("出生日期", "Date of birth"),
    "id_number": Label("身份证号", "ID number"),
    "document_number": Label("证件号码", "Document no."),
    "ethnicity": Label("民族", "Ethnicity"),
    "learning_form": Label("学习形式", "Learning form"),
    "level": Label("层次", "Level"),
    "major_code": Label("专业代码", "Major code"),
    "major_name": Label("专业名称", "Major"),
    "prior_school": Label("原毕业学校", "Prior school"),
    "prior_certificate_no": Label("原毕业证书编号", "Prior certificate no."),
    "payment": Label("缴费状态", "Payment"),
    "admission_type": Label("招生类型", "Admission type"),
    "exemptions": Label("免考科目", "Exempt from"),
    "center_name": Label("确认点", "Confirmation point"),
    "confirmed_at": Label("确认时间", "Confirmed at"),
    "clerk": Label("确认人", "Clerk"),
    "no_photo": Label("无照片", "No photo"),
    "statement": Label("本人已认真核对以上信息及照片，确认准确无误。",
                       "I have checked the details and the photo above and confirm that they are correct."),
    "signature": Label("考生签名：", "Candidate's signature:"),
    "date": Label("日期：", "Date:"),
    "stamp": Label("确认点（盖章）", "Confirmation point (stamp)"),
    "record": Label("记录编号：{record_id}　版本：{version}", "Record {record_id}, version {version}"),
    "printed": Label("打印时间：{printed}", "Printed {printed}"),
}


ROW = 12 * MM
TABLE_TOP = PAGE_HEIGHT - 38 * MM
UPPER = (27 * MM, 45 * MM, 27 * MM, 40 * MM)  # beside the photo
PHOTO_COLUMN = CONTENT.width - sum(UPPER)
LOWER = (27 * MM, 60 * MM, 27 * MM, CONTENT.width - 114 * MM)
PHOTO_SIZE = (33 * MM, 44 * MM)
LABEL_SIZE, VALUE_SIZE, NAME_SIZE = 10.5, 11.0, 14.0


def _text(key: str, lang: str, **params: object) -> str:
    template = _TEXT[key].text(lang)
    return template.format(**params) if params else template


def _when(value: datetime) -> datetime:
    return value.astimezone() if value.tzinfo is not None else value


def _date(value: date, lang: str) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if lang == "zh" else value.isoformat()


def _time(value: datetime, lang: str) -> str:
    value = _when(value)
    return f"{_date(value.date(), lang)} {value:%H:%M}"


def _rows(data: ReceiptData) -> list[list[tuple[str, str]]]:
    """(label key, value) pairs per table row; a row with one pair spans the whole width."""
    lang = data.lang
    return [
        [("registration_no", data.registration_no), ("term", data.term)],
        [("name", data.name)],
        [("gender", data.gender), ("birth_date", _date(data.birth_date, lang))],
        [("document_number" if data.other_document else "id_number", data.id_number)],
        [("ethnicity", data.ethnicity), ("learning_form", data.learning_form)],
        [("level", data.level), ("major_code", data.major_code)],
        [("major_name", data.major_name)],
        [("prior_school", data.prior_school)],
        [("prior_certificate_no", data.prior_certificate_no), ("payment", data.payment)],
        [("admission_type", data.admission_type), ("exemptions", data.exemptions)],
        [("center_name", data.center_name)],
        [("confirmed_at", _time(data.confirmed_at, lang)), ("clerk", data.clerk)],
    ]


def _draw_table(canvas: Any, fonts: FontSet, data: ReceiptData) -> float:
    """The data grid with the photo at the top right; returns the table's bottom edge."""
    rows = _rows(data)
    photo_rows = 4
    for index, pairs in enumerate(rows):
        row = Box(CONTENT.x, TABLE_TOP - (index + 1) * ROW, CONTENT.width, ROW)
        grid: tuple[float, ...] = UPPER if index < photo_rows else LOWER
        if len(pairs) == 1:  # one value across the rest of the row
            grid = (grid[0], sum(grid[1:]))
        if index < photo_rows:
            row = Box(row.x, row.y, row.width - PHOTO_COLUMN, row.height)
        cells = row.columns(grid)
        for (key, value), label_box, value_box in zip(pairs, cells[0::2], cells[1::2]):
            draw_cell(canvas, fonts, label_box, _text(key, data.lang), size=LABEL_SIZE, label=True)
            draw_cell(canvas, fonts, value_box, value, size=NAME_SIZE if key == "name" else VALUE_SIZE)
    photo_cell = Box(CONTENT.right - PHOTO_COLUMN, TABLE_TOP - photo_rows * ROW, PHOTO_COLUMN, photo_rows * ROW)
    draw_frame(canvas, photo_cell)
    width, height = PHOTO_SIZE
    slot = Box(photo_cell.x + (photo_cell.width - width) / 2, photo_cell.y + (photo_cell.height - height) / 2,
               width, height)
    if data.photo_jpeg is None:
        draw_placeholder(canvas, fonts, slot, _text("no_photo", data.lang))
    else:
        _draw_photo(canvas, data.photo_jpeg, slot)
    return TABLE_TOP - len(rows) * ROW


def _draw_photo(canvas: Any, jpeg: bytes, slot: Box) -> None:
    if not jpeg.startswith(b"\xff\xd8\xff"):
        raise DocumentError(Problem(PHOTO_UNREADABLE, "photo"))
    try:
        draw_jpeg(canvas, jpeg, slot)
    except (OSError, ValueError, PDFError, struct.error, IndexError) as exc:
        raise DocumentError(Problem(PHOTO_UNREADABLE, "photo")) from exc


def _draw_signatures(canvas: Any, fonts: FontSet, data: ReceiptData, table_bottom: float) -> None:
    """The candidate's statement and signature line on the left, the stamp area on the right."""
    lang = data.lang
    statement = Box(CONTENT.x, table_bottom - 12 * MM, CONTENT.width, 10 * MM)
    fit_text(canvas, fonts, _text("statement", lang), statement, size=11)
    stamp = Box(CONTENT.right - 55 * MM, statement.y - 44 * MM, 55 * MM, 40 * MM)
    draw_frame(canvas, stamp)
    fit_text(canvas, fonts, _text("stamp", lang), Box(stamp.x, stamp.top - 9 * MM, stamp.width, 8 * MM),
             size=10.5, align="center")
    baseline = stamp.y + 14 * MM
    x, gap = CONTENT.x + PADDING, 6 * MM
    labels = [_text("signature", lang), _text("date", lang)]
    lines = stamp.x - gap - x - sum(fonts.string_width(t, 11) + 1 * MM for t in labels) - gap
    canvas.setLineWidth(0.5)
    for label, share in zip(labels, (0.6, 0.4)):  # the signature needs the longer line
        x += draw_line(canvas, fonts, label, x, baseline, 11) + 1 * MM
        canvas.line(x, baseline - 1.5, x + lines * share, baseline - 1.5)
        x += lines * share + gap


def _draw_footer(canvas: Any, fonts: FontSet, data: ReceiptData, printed_at: datetime) -> None:
    lang = data.lang
    y = CONTENT.y + 1 * MM  # the baseline: descenders stay inside the margin
    canvas.setLineWidth(0.4)
    canvas.line(CONTENT.x, y + 4 * MM, CONTENT.right, y + 4 * MM)
    record = _text("record", lang, record_id=data.record_id, version=data.version)
    printed = _text("printed", lang, printed=f"{_when(printed_at):%Y-%m-%d %H:%M}")
    draw_line(canvas, fonts, record, CONTENT.x, y, 8)
    draw_line(canvas, fonts, printed, CONTENT.right, y, 8, align="right")


def render_receipt(data: ReceiptData, *, printed_at: datetime | None = None,
                   fonts: FontSet | None = None) -> bytes:
    """The receipt as PDF bytes: one A4 page.

    ``printed_at`` defaults to now; pass it to get the same page twice. ``fonts`` defaults to
    the installed CJK font (DocumentError when there is none). Characters no font has print as
    boxes: call :func:`receipt_missing_glyphs` first to warn.
    """
    fonts = fonts or cjk_fonts()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, title=_text("title", data.lang), subject=data.registration_no,
                        lang=data.lang)
    draw_line(canvas, fonts, _text("title", data.lang), CONTENT.x + CONTENT.width / 2,
              PAGE_HEIGHT - CONTENT.y - 10 * MM, 20, align="center", bold=True)
    bottom = _draw_table(canvas, fonts, data)
    _draw_signatures(canvas, fonts, data, bottom)
    _draw_footer(canvas, fonts, data, printed_at or datetime.now())
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def receipt_missing_glyphs(data: ReceiptData, fonts: FontSet | None = None) -> list[str]:
    """Characters of the candidate's data that no installed font can draw (see
    ``fonts.missing_glyphs_problem`` for the warning to show)."""
    fonts = fonts or cjk_fonts()
    text = "".join(str(getattr(data, f.name)) for f in fields(data) if f.name not in ("photo_jpeg", "lang"))
    return fonts.missing(text)


def write_receipt(data: ReceiptData, path: Path, *, printed_at: datetime | None = None,
                  fonts: FontSet | None = None) -> None:
    """Render and save atomically (see :mod:`files`)."""
    write_atomically(render_receipt(data, printed_at=printed_at, fonts=fonts), path)
