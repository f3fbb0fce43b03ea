"""A4 geometry and the few drawing helpers every printed document uses.

Documents are forms with a fixed grid: cells do not grow, so a page never spills onto a second
one and a batch of thousands of notices lays out identically. A value that does not fit its cell
is shrunk, then wrapped, never cut off. Text goes through :class:`FontSet` so that every
character is drawn with a font that has it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal

from reportlab.lib.enums import TA_CENTER, TA_LEFT  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped, unused-ignore]

from learncenter.documents.fonts import FontSet

MM: float = mm
PAGE_WIDTH: float
PAGE_HEIGHT: float
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
PADDING = 1.5 * mm
LABEL_GREY = 0.93
LINE_WIDTH = 0.6

Align = Literal["left", "center", "right"]
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at the bottom left as in PDF."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(self.width - 2 * dx, 0.0), max(self.height - 2 * dy, 0.0))

    def columns(self, widths: Sequence[float]) -> list[Box]:
        """Cut into side-by-side boxes of the given widths, left to right."""
        boxes, x = [], self.x
        for width in widths:
            boxes.append(Box(x, self.y, width, self.height))
            x += width
        return boxes


CONTENT = Box(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN)


def new_canvas(target: BinaryIO, fonts: FontSet, *, title: str, subject: str = "", lang: str = "zh") -> Any:
    """An A4 canvas whose every text, even reportlab's initial state, is in the CJK font, so the
    PDF names no unembedded standard font; with the metadata an archive search shows."""
    canvas = Canvas(target, pagesize=A4, initialFontName=fonts.name, initialFontSize=10, pageCompression=1,
                    lang="zh-CN" if lang == "zh" else "en")
    canvas.setTitle(title)
    canvas.setAuthor("learncenter")
    canvas.setCreator("learncenter")
    canvas.setSubject(subject)
    return canvas


def draw_line(canvas: Any, fonts: FontSet, text: str, x: float, y: float, size: float, *,
              align: Align = "left", bold: bool = False) -> float:
    """One line of text at baseline ``y``, anchored at ``x`` per ``align``; returns its width.

    The CJK fonts have no bold face; ``bold`` strokes the outlines as well as filling them.
    """
    width = fonts.string_width(text, size)
    start = x - width if align == "right" else x - width / 2 if align == "center" else x
    canvas.saveState()
    obj = canvas.beginText(start, y)
    if bold:
        obj.setTextRenderMode(2)
        canvas.setLineWidth(size / 30)
    for name, piece in fonts.runs(text):
        obj.setFont(name, size)
        obj.textOut(piece)
    canvas.drawText(obj)
    canvas.restoreState()
    return width


def fit_text(canvas: Any, fonts: FontSet, text: str, box: Box, *, size: float, min_size: float = 6.5,
             align: Align = "left") -> float:
    """Draw ``text`` vertically centred in ``box``: on one line at ``size`` if it fits, else
    shrunk a little on one line, else wrapped and shrunk down to ``min_size``. Returns the size.

    Long minority names and school names must stay whole on the page; a one-line check first
    keeps the common case fast for batch printing.
    """
    inner = box.inset(PADDING, 0.8 * MM)
    one_line_floor = max(min_size, size * 0.8)
    current = size
    while current >= one_line_floor:
        if fonts.string_width(text, current) <= inner.width and current * 1.1 <= inner.height:
            anchor = inner.x if align == "left" else inner.right if align == "right" else inner.x + inner.width / 2
            draw_line(canvas, fonts, text, anchor, inner.y + inner.height / 2 - current * 0.36, current, align=align)
            return current
        current -= 0.5
    current = size
    while True:
        paragraph = _paragraph(fonts, text, current, align)
        _, height = paragraph.wrap(inner.width, inner.height)
        if height <= inner.height or current - 0.5 < min_size:
            paragraph.drawOn(canvas, inner.x, inner.y + (inner.height - height) / 2)
            return current
        current -= 0.5


def _paragraph(fonts: FontSet, text: str, size: float, align: Align) -> Any:
    style = ParagraphStyle(
        "cell", fontName=fonts.name, fontSize=size, leading=size * 1.18,
        alignment=TA_CENTER if align == "center" else TA_LEFT,
        wordWrap="CJK" if _CJK.search(text) else None, splitLongWords=True,
    )
    return Paragraph(fonts.markup(text), style)


def draw_frame(canvas: Any, box: Box, *, fill: float | None = None, line_width: float = LINE_WIDTH,
               dashed: bool = False) -> None:
    """A rectangle, optionally filled with a grey level (1 = white)."""
    canvas.saveState()
    canvas.setLineWidth(line_width)
    if dashed:
        canvas.setDash(3, 2)
    if fill is not None:
        canvas.setFillGray(fill)
    canvas.rect(box.x, box.y, box.width, box.height, stroke=1, fill=0 if fill is None else 1)
    canvas.restoreState()


def draw_cell(canvas: Any, fonts: FontSet, box: Box, text: str, *, size: float, label: bool = False) -> None:
    """A grid cell: a shaded, centred label or a left-aligned value, framed."""
    draw_frame(canvas, box, fill=LABEL_GREY if label else None)
    if text:
        fit_text(canvas, fonts, text, box, size=size, align="center" if label else "left")


def draw_jpeg(canvas: Any, jpeg: bytes, box: Box) -> None:
    """Place a JPEG inside ``box`` keeping its proportions, centred.

    ImageReader hands reportlab the JPEG stream itself (DCTDecode): the photo on paper is the
    photo that was checked and stored, not a re-compressed copy.
    """
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), box.x, box.y, box.width, box.height,
                     preserveAspectRatio=True, anchor="c")


def draw_placeholder(canvas: Any, fonts: FontSet, box: Box, text: str, *, size: float = 11) -> None:
    """A dashed frame with a centred note, where a photo or stamp would be."""
    draw_frame(canvas, box, dashed=True)
    fit_text(canvas, fonts, text, box, size=size, align="center")
