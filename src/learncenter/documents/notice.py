"""The admission notice (准考证): one A4 page per candidate, drawn fast enough for a batch of
tens of thousands.

Most of a notice is the same on every page: the frame, the title, the labels, the grid of the
timetable and the candidate rules (the rules are a wrapped paragraph, the slowest thing on the
page). They are drawn once per PDF into a Form XObject (``beginForm``/``doForm``) and every page
only refers to it; a page draws just the candidate's values, the photo and the QR code.

The photo goes in as the stored JPEG's bytes (DCTDecode), built as an image XObject by hand:
reportlab's ``drawImage`` decodes every image to RGB just to name it by a digest, which for a
batch of distinct photos is the largest cost on the page and buys nothing. The QR code is made
with zxing-cpp and drawn as vector rectangles, one per horizontal run of dark modules, so it stays
sharp at any printer resolution; its quiet zone is left blank.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from typing import Any, BinaryIO

import numpy
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.pdfbase import pdfdoc  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]

from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts
from learncenter.documents.layout import (
    CONTENT, LABEL_GREY, MM, PAGE_HEIGHT, Box, draw_frame, draw_line, fit_text, new_canvas,
)
from learncenter.documents.notice_data import NoticeData, SubjectSlot
from learncenter.documents.notice_qr import sign_notice
from learncenter.domain.messages import Problem, define

NOTICE_NO_PHOTO = define(
    "documents.notice_no_photo",
    zh="考生没有照片，不能打印准考证（准考证号 {notices}）。请先为这些考生采集照片。",
    en="Admission notices are not printed for candidates without a photo (notice {notices}). Capture their "
    "photos first.",
)
NOTICE_PHOTO_UNREADABLE = define(
    "documents.notice_photo_unreadable",
    zh="准考证号 {notice} 的照片不是有效的 JPEG 图片，无法打印。请重新采集该考生的照片。",
    en="The photo of notice {notice} is not a valid JPEG image, so the notice cannot be printed. Capture the "
    "candidate's photo again.",
)
TOO_MANY_SUBJECTS = define(
    "documents.notice_too_many_subjects",
    zh="准考证号 {notice} 有 {count} 门考试科目，准考证最多列 {limit} 门。请把考试安排拆分到不同场次。",
    en="Notice {notice} has {count} subjects; a notice lists at most {limit}. Split the timetable over sessions.",
)

TITLE = "准　考　证"
ROW = 11 * MM
TABLE_TOP = PAGE_HEIGHT - CONTENT.y - 27 * MM
PHOTO_COLUMN = 40 * MM
UPPER = (24 * MM, 43 * MM, 24 * MM, 43 * MM)  # beside the photo
LOWER = (24 * MM, 63 * MM, 24 * MM, CONTENT.width - 111 * MM)
PHOTO_SIZE = (33 * MM, 44 * MM)
PHOTO_ROWS = 5
SUBJECT_ROWS = 8
SUBJECT_ROW = 7.5 * MM
SUBJECT_COLUMNS = (14 * MM, 70 * MM, 52 * MM, CONTENT.width - 136 * MM)
QR_BOX = 36 * MM  # the code and its quiet zone
LABEL_SIZE, VALUE_SIZE, NAME_SIZE = 10.5, 11.0, 14.0

# (label, field, columns); one pair spans the rest of the row
_ROWS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("准考证号", "notice_number"),),
    (("姓名", "name"), ("性别", "gender")),
    (("身份证号", "id_number"),),
    (("层次", "level"), ("考试类别", "exam_category")),
    (("专业", "major"),),
    (("学习中心", "center_name"),),
    (("考点名称", "venue_name"),),
    (("考点地址", "venue_address"),),
    (("考场", "room"), ("座位号", "seat")),
)
_WEEKDAYS = "一二三四五六日"


def _cells(index: int, pairs: int) -> list[Box]:
    """The label/value boxes of table row ``index``."""
    grid: tuple[float, ...] = UPPER if index < PHOTO_ROWS else LOWER
    if pairs == 1:
        grid = (grid[0], sum(grid[1:]))
    width = CONTENT.width - (PHOTO_COLUMN if index < PHOTO_ROWS else 0)
    return Box(CONTENT.x, TABLE_TOP - (index + 1) * ROW, width, ROW).columns(grid)


def value_boxes() -> dict[str, Box]:
    """Where each printed value sits: the verifier reads the text there back for "altered"."""
    boxes: dict[str, Box] = {}
    for index, pairs in enumerate(_ROWS):
        cells = _cells(index, len(pairs))
        for (_, name), box in zip(pairs, cells[1::2]):
            boxes[name] = box
    return boxes


_VALUES = value_boxes()
TABLE_BOTTOM = TABLE_TOP - len(_ROWS) * ROW
PHOTO_CELL = Box(CONTENT.right - PHOTO_COLUMN, TABLE_TOP - PHOTO_ROWS * ROW, PHOTO_COLUMN, PHOTO_ROWS * ROW)
PHOTO_SLOT = Box(PHOTO_CELL.x + (PHOTO_CELL.width - PHOTO_SIZE[0]) / 2,
                 PHOTO_CELL.y + (PHOTO_CELL.height - PHOTO_SIZE[1]) / 2, *PHOTO_SIZE)
SUBJECT_TOP = TABLE_BOTTOM - 9 * MM
SUBJECT_BOTTOM = SUBJECT_TOP - (SUBJECT_ROWS + 1) * SUBJECT_ROW
QR_AREA = Box(CONTENT.right - QR_BOX, CONTENT.y + 5 * MM, QR_BOX, QR_BOX)
RULES_BOX = Box(CONTENT.x, CONTENT.y + 4 * MM, CONTENT.width - QR_BOX - 4 * MM, SUBJECT_BOTTOM - CONTENT.y - 13 * MM)


def _subject_row(index: int) -> list[Box]:
    return Box(CONTENT.x, SUBJECT_TOP - (index + 1) * SUBJECT_ROW, CONTENT.width, SUBJECT_ROW).columns(SUBJECT_COLUMNS)


def _draw_template(canvas: Any, fonts: FontSet, rules: Sequence[str]) -> None:
    """Everything that is the same on every notice of a session."""
    draw_line(canvas, fonts, TITLE, CONTENT.x + CONTENT.width / 2, PAGE_HEIGHT - CONTENT.y - 11 * MM, 24,
              align="center", bold=True)
    for index, pairs in enumerate(_ROWS):
        cells = _cells(index, len(pairs))
        for (label, _), label_box, value_box in zip(pairs, cells[0::2], cells[1::2]):
            draw_frame(canvas, label_box, fill=LABEL_GREY)
            fit_text(canvas, fonts, label, label_box, size=LABEL_SIZE, align="center")
            draw_frame(canvas, value_box)
    draw_frame(canvas, PHOTO_CELL)
    draw_line(canvas, fonts, "考试科目及时间", CONTENT.x, TABLE_BOTTOM - 6 * MM, 12, bold=True)
    for index in range(-1, SUBJECT_ROWS):
        for column, box in enumerate(_subject_row(index)):
            header = index < 0
            draw_frame(canvas, box, fill=LABEL_GREY if header else None)
            if header:
                fit_text(canvas, fonts, ("序号", "科目", "日期", "时间")[column], box, size=LABEL_SIZE, align="center")
            elif column == 0:
                fit_text(canvas, fonts, str(index + 1), box, size=VALUE_SIZE, align="center")
    draw_line(canvas, fonts, "考生须知", CONTENT.x, SUBJECT_BOTTOM - 7 * MM, 12, bold=True)
    _draw_rules(canvas, fonts, rules)
    draw_line(canvas, fonts, "扫码验证", QR_AREA.x + QR_AREA.width / 2, CONTENT.y + 1 * MM, 8, align="center")


def _draw_rules(canvas: Any, fonts: FontSet, rules: Sequence[str]) -> None:
    """The numbered rules, shrunk until they fit their box (drawn once per PDF, so the loop is cheap)."""
    size = 9.5
    while True:
        style = ParagraphStyle("rules", fontName=fonts.name, fontSize=size, leading=size * 1.3, wordWrap="CJK",
                               spaceAfter=size * 0.2)
        paragraphs = [Paragraph(fonts.markup(f"{number}. {rule}"), style) for number, rule in enumerate(rules, 1)]
        heights = [p.wrap(RULES_BOX.width, RULES_BOX.height)[1] + style.spaceAfter for p in paragraphs]
        if sum(heights) <= RULES_BOX.height or size <= 5.5:
            break
        size -= 0.5
    y = RULES_BOX.top
    for paragraph, height in zip(paragraphs, heights):
        y -= height
        paragraph.drawOn(canvas, RULES_BOX.x, y + style.spaceAfter)


def jpeg_size(jpeg: bytes) -> tuple[int, int, int]:
    """(width, height, components) from the JPEG's frame header, without decoding the image."""
    if not jpeg.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    position = 2
    while position + 4 <= len(jpeg):
        if jpeg[position] != 0xFF:
            raise ValueError("broken JPEG marker")
        marker = jpeg[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        length = struct.unpack(">H", jpeg[position + 2:position + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", jpeg[position + 5:position + 9])
            components = jpeg[position + 9]
            if width and height and components in (1, 3):
                return width, height, components
            raise ValueError("unsupported JPEG frame")
        position += 2 + length
    raise ValueError("no JPEG frame header")


def draw_jpeg_passthrough(canvas: Any, jpeg: bytes, box: Box, name: str) -> None:
    """Place ``jpeg`` in ``box`` (centred, proportions kept) as its own bytes; ``name`` must be
    unique within the PDF."""
    width, height, components = jpeg_size(jpeg)
    image = pdfdoc.PDFImageXObject(name)
    image.width, image.height, image.bitsPerComponent = width, height, 8
    image.colorSpace = "DeviceRGB" if components == 3 else "DeviceGray"
    image.streamContent = jpeg
    image._filters = ("DCTDecode",)
    reg_name = canvas._doc.getXObjectName(name)
    canvas._setXObjects(image)
    canvas._doc.Reference(image, reg_name)
    canvas._doc.addForm(name, image)
    canvas._formsinuse.append(name)  # what drawImage does, so the page's resources name it
    scale = min(box.width / width, box.height / height)
    shown_w, shown_h = width * scale, height * scale
    x, y = box.x + (box.width - shown_w) / 2, box.y + (box.height - shown_h) / 2
    canvas._code.append(f"q {shown_w:.2f} 0 0 {shown_h:.2f} {x:.2f} {y:.2f} cm /{reg_name} Do Q")


def qr_modules(text: str) -> Any:
    """The QR code of ``text`` (UTF-8, error correction level M) as a boolean matrix, True = dark.

    zxing-cpp's encoder, not segno's: segno scores all eight masks in pure Python (85 ms a code,
    more than the rest of the page together); zxing-cpp does the same in C++ in under 2 ms.
    """
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return numpy.asarray(code.to_image(scale=1, add_quiet_zones=False)) < 128


def draw_qr(canvas: Any, text: str, area: Box) -> None:
    """The QR code of ``text`` centred in ``area`` with a quiet zone of four modules, one
    rectangle per horizontal run of dark modules (vector: sharp on any printer)."""
    dark = qr_modules(text)
    count = dark.shape[0]
    module = area.width / (count + 8)
    padded = numpy.zeros((count, count + 2), dtype=numpy.int8)
    padded[:, 1:-1] = dark
    edges = numpy.diff(padded, axis=1)
    rows, starts = numpy.nonzero(edges == 1)
    _, ends = numpy.nonzero(edges == -1)
    ops = " ".join(f"{s} {count - 1 - r} {e - s} 1 re" for r, s, e in zip(rows.tolist(), starts.tolist(), ends.tolist()))
    x0 = area.x + 4 * module
    y0 = area.y + (area.height - count * module) / 2
    canvas._code.append(f"q 0 g {module:.4f} 0 0 {module:.4f} {x0:.3f} {y0:.3f} cm {ops} f Q")


def _date(day: Any) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日（星期{_WEEKDAYS[day.weekday()]}）"


def _draw_subjects(canvas: Any, fonts: FontSet, subjects: Sequence[SubjectSlot],
                   exempt: Sequence[tuple[str, str]] = ()) -> None:
    for index, slot in enumerate(subjects):
        _, subject, day, hours = _subject_row(index)
        fit_text(canvas, fonts, slot.subject, subject, size=VALUE_SIZE)
        fit_text(canvas, fonts, _date(slot.day), day, size=9.5, align="center")
        fit_text(canvas, fonts, f"{slot.start:%H:%M}–{slot.end:%H:%M}", hours, size=VALUE_SIZE, align="center")
    for index, (name, kind) in enumerate(exempt, len(subjects)):  # below the ones sat: no time, the reason
        _, subject, day, hours = _subject_row(index)
        fit_text(canvas, fonts, name, subject, size=VALUE_SIZE)
        fit_text(canvas, fonts, f"免考（{kind}）", day, size=9.5, align="center")
        fit_text(canvas, fonts, "—", hours, size=VALUE_SIZE, align="center")


class NoticePages:
    """A PDF of admission notices being drawn, one page per :meth:`add`; the template is drawn
    once per distinct set of rules."""

    def __init__(self, target: BinaryIO, signing_key: Ed25519PrivateKey, *,
                 fonts: FontSet | None = None, title: str = "准考证") -> None:
        self.fonts = fonts or cjk_fonts()
        self.key = signing_key
        self.canvas = new_canvas(target, self.fonts, title=title, subject="admission notices")
        self._templates: dict[tuple[str, ...], str] = {}
        self.pages = 0

    def _template(self, rules: tuple[str, ...]) -> str:
        name = self._templates.get(rules)
        if name is None:
            name = self._templates[rules] = f"NoticeTemplate{len(self._templates)}"
            self.canvas.beginForm(name)
            _draw_template(self.canvas, self.fonts, rules)
            self.canvas.endForm()
        return name

    def add(self, notice: NoticeData, *, qr_text: str | None = None) -> None:
        """Draw ``notice`` on a new page. ``qr_text`` replaces the signed code (tests of the
        verifier use it to print a genuine code beside other data)."""
        if notice.photo_jpeg is None:
            raise DocumentError(Problem(NOTICE_NO_PHOTO, "photo", {"notices": notice.notice_number}))
        if len(notice.subjects) + len(notice.exempt) > SUBJECT_ROWS:
            raise DocumentError(Problem(TOO_MANY_SUBJECTS, "subjects", {
                "notice": notice.notice_number, "count": len(notice.subjects) + len(notice.exempt),
                "limit": SUBJECT_ROWS}))
        canvas, fonts = self.canvas, self.fonts
        template = self._template(notice.rules)
        canvas.doForm(template)
        draw_line(canvas, fonts, notice.session_name, CONTENT.x + CONTENT.width / 2,
                  PAGE_HEIGHT - CONTENT.y - 20 * MM, 13, align="center")
        for name, box in _VALUES.items():
            fit_text(canvas, fonts, str(getattr(notice, name)), box, size=NAME_SIZE if name == "name" else VALUE_SIZE)
        _draw_subjects(canvas, fonts, notice.subjects, notice.exempt)
        try:
            draw_jpeg_passthrough(canvas, notice.photo_jpeg, PHOTO_SLOT, f"Photo{self.pages}")
        except (ValueError, struct.error, IndexError) as exc:
            raise DocumentError(Problem(NOTICE_PHOTO_UNREADABLE, "photo", {"notice": notice.notice_number})) from exc
        draw_qr(canvas, qr_text if qr_text is not None else sign_notice(notice, self.key), QR_AREA)
        draw_line(canvas, fonts, f"准考证号 {notice.notice_number}", CONTENT.x, CONTENT.y - 6 * MM, 7)
        canvas.showPage()
        self.pages += 1

    def save(self) -> None:
        self.canvas.save()


def render_notices(notices: Sequence[NoticeData], signing_key: Ed25519PrivateKey, *,
                   fonts: FontSet | None = None) -> bytes:
    """The notices as one PDF in memory (the batch writer in :mod:`notices` streams to files)."""
    buffer = io.BytesIO()
    pages = NoticePages(buffer, signing_key, fonts=fonts)
    for notice in notices:
        pages.add(notice)
    pages.save()
    return buffer.getvalue()
