"""``verify-notice``: is this admission notice genuine? From a PDF, a scan or a phone photo.

Every QR code found is decoded with zxing-cpp and checked with :func:`verify_notice_text`. A PDF
is rendered page by page with pypdfium2 at 200 dpi (a module of a 30 mm code is then 5-6
pixels: zxing reads that reliably and a page renders in a fraction of a second). An image is
read as it is and, if nothing is found, once more enlarged and once sharpened in greyscale, which
rescues small or soft codes in phone photos.

"Altered": when a PDF page has a text layer (our notices do), the text printed in the value
cells of the notice number, name, room and seat is read back from where the layout puts it and
compared with the signed fields; a genuine code beside other printed data means the page was
edited. A photo or scan has no text layer; its verdict rests on the signature alone, and the
invigilator compares the printed fields with the ones the verdict lists.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from learncenter.documents.fonts import DocumentError
from learncenter.documents.notice import value_boxes
from learncenter.documents.notice_qr import (
    ALTERED, NOTICE_ALTERED, VALID, NoticeVerdict, TrustedKey, is_notice_text, unreadable, verify_notice_text,
)
from learncenter.domain.messages import Problem, define

FILE_UNREADABLE = define(
    "documents.notice_file_unreadable",
    zh="无法打开文件 {path}：它不是 PDF，也不是 PNG/JPEG 图片，或已损坏。请选择准考证的 PDF、扫描件或照片。",
    en="The file {path} cannot be opened: it is not a PDF nor a PNG/JPEG image, or it is damaged. Choose the "
    "notice's PDF, a scan or a photo.",
)

RENDER_DPI = 200
_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
# payload field -> the value box the layout prints it in
_PRINTED = {"notice": "notice_number", "name": "name", "room": "room", "seat": "seat"}


def _decode(image: Image.Image, *, enlarge: bool = True) -> list[str]:
    """The texts of the notice QR codes in ``image``, trying harder only when none is found.
    ``enlarge=False`` skips the enlarged attempt, which costs four times the others."""
    attempts = (lambda im: im,
                lambda im: ImageOps.grayscale(im).resize((im.width * 2, im.height * 2), Image.Resampling.BICUBIC),
                lambda im: ImageOps.autocontrast(ImageOps.grayscale(im)).filter(ImageFilter.SHARPEN))
    for attempt in attempts if enlarge else attempts[::2]:
        texts = []
        for result in zxingcpp.read_barcodes(attempt(image), formats=_QR):
            try:
                text = bytes(result.bytes).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if is_notice_text(text) and text not in texts:
                texts.append(text)
        if texts:
            return texts
    return []


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compare_printed(verdict: NoticeVerdict, printed: Mapping[str, str]) -> NoticeVerdict:
    """``altered`` when a genuine code's fields differ from the text printed beside it."""
    if verdict.status != VALID:
        return verdict
    for field in _PRINTED:
        if field not in printed:
            continue
        shown, signed = _squeezed(printed[field]), _squeezed(verdict.fields[field])
        if shown != signed:
            problem = Problem(NOTICE_ALTERED[field], field, {"printed": shown or "—", "signed": signed})
            return replace(verdict, status=ALTERED, problem=problem)
    return verdict


def _printed_text(page: Any) -> dict[str, str] | None:
    """The printed values of a PDF page, or None when the page has no text layer (a scan)."""
    textpage = page.get_textpage()
    try:
        if not textpage.get_text_range().strip():
            return None
        boxes = value_boxes()
        printed = {}
        for field, box_name in _PRINTED.items():
            box = boxes[box_name].inset(1.0)
            printed[field] = textpage.get_text_bounded(left=box.x, bottom=box.y, right=box.right, top=box.top)
        return printed
    finally:
        textpage.close()


def _verify_pdf(path: Path, keys: Sequence[TrustedKey]) -> list[NoticeVerdict]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise DocumentError(Problem(FILE_UNREADABLE, None, {"path": str(path)})) from exc
    verdicts: list[NoticeVerdict] = []
    try:
        for page in document:
            try:
                image = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
                texts = _decode(image)
                printed = _printed_text(page) if len(texts) == 1 else None  # one notice per page: compare
                for text in texts:
                    verdict = verify_notice_text(text, keys)
                    verdicts.append(compare_printed(verdict, printed) if printed is not None else verdict)
            finally:
                page.close()
    finally:
        document.close()
    return verdicts


def _verify_image(path: Path, keys: Sequence[TrustedKey]) -> list[NoticeVerdict]:
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DocumentError(Problem(FILE_UNREADABLE, None, {"path": str(path)})) from exc
    return [verify_notice_text(text, keys) for text in _decode(image)]


def _image_of(data: bytes, size: tuple[int, int] | None, stride: int | None, source: str) -> Image.Image:
    if size is not None:
        width, height = size
        row = stride or width
        if width <= 0 or height <= 0 or row < width or len(data) < row * (height - 1) + width:
            raise DocumentError(Problem(FILE_UNREADABLE, None, {"path": source}))
        return Image.frombuffer("L", (width, height), data, "raw", "L", row, 1)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            return ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DocumentError(Problem(FILE_UNREADABLE, None, {"path": source})) from exc


def decode_notice_image(data: bytes, *, size: tuple[int, int] | None = None, stride: int | None = None,
                        source: str = "image", quick: bool = False) -> list[str]:
    """The notice QR texts in one picture: an image file's bytes (PNG, JPEG, ...), or with ``size``
    the raw 8-bit grey pixels of a camera frame, rows ``stride`` bytes apart (Qt pads rows to 4
    bytes). Raw grey is what a camera page hands over: copying a frame's bits is cheap on the
    GUI thread, encoding it as PNG is not. ``quick``: for live frames, which come again a third of
    a second later, leave out the enlarged attempt (about 150 of a frame's 200 ms when no code is
    in view). DocumentError when the bytes are not a picture."""
    return _decode(_image_of(data, size, stride, source), enlarge=not quick)


def verify_notice_image(data: bytes, keys: Sequence[TrustedKey], *, size: tuple[int, int] | None = None,
                        stride: int | None = None, source: str = "image", quick: bool = False) -> list[NoticeVerdict]:
    """One verdict per notice code in the picture (see :func:`decode_notice_image`), or a single
    ``unreadable`` verdict naming ``source``. A picture has no text layer, so it is never
    ``altered``: the invigilator compares the printed fields with the verdict's."""
    texts = decode_notice_image(data, size=size, stride=stride, source=source, quick=quick)
    return [verify_notice_text(text, keys) for text in texts] or [unreadable(source)]


def verify_notice_file(path: Path, keys: Sequence[TrustedKey]) -> list[NoticeVerdict]:
    """One verdict per notice QR code in the PDF (every page) or image at ``path``; a single
    ``unreadable`` verdict when there is none. DocumentError when the file cannot be opened."""
    path = Path(path)
    try:
        with open(path, "rb") as file:
            head = file.read(5)
    except OSError as exc:
        raise DocumentError(Problem(FILE_UNREADABLE, None, {"path": str(path)})) from exc
    verdicts = _verify_pdf(path, keys) if head == b"%PDF-" else _verify_image(path, keys)
    return verdicts or [unreadable(path.name)]
