"""Taking pictures without a camera, and printing a real receipt PDF through QPrinter.

Test machines have neither cameras nor printers: the camera dialog is exercised on its no-camera
path with a real file chosen, and printing goes to QPrinter's PDF output, which is read back with
poppler (pages, size, and that ink landed where the receipt has it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from open_dialogs import answer_file_dialog, cancel_file_dialog, file_dialog, shown
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QCameraDevice
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from learncenter.documents import DocumentError, ReceiptData, cjk_fonts, render_receipt
from learncenter.ui.camera_dialog import CAMERA_KEY, CameraDialog, capture_image, jpeg_bytes
from learncenter.ui.printing import PREVIEW_KEY, PreviewDialog, PrintFailed, choose_printer, no_printer_text
from learncenter.ui.printing import print_pdf, print_receipt
from learncenter.ui.tasks import Tasks


def jpeg(colour: tuple[int, int, int] = (20, 160, 60), size: tuple[int, int] = (390, 520)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def no_cameras() -> list[QCameraDevice]:
    return []


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "learncenter.ini"), QSettings.Format.IniFormat)


def _photo_file(tmp_path: Path, data: bytes, name: str = "照片.jpg") -> Path:
    path = tmp_path / "scans" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


# -- camera -------------------------------------------------------------------------------------

def test_without_a_camera_the_dialog_says_so_and_takes_a_file(qtbot: QtBot, settings: QSettings,
                                                              tmp_path: Path) -> None:
    photo = jpeg()
    dialog = CameraDialog("ID card front", settings=settings, cameras=no_cameras)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No camera is connected" in dialog.message.text()
    assert dialog.preview.isHidden() and dialog.combo.isHidden()
    assert not dialog.capture_button.isEnabled()
    dialog.capture()  # Space with nothing to capture from does nothing
    assert dialog.image is None and dialog.isVisible()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert file_dialog(dialog).windowTitle() == "ID card front"
    answer_file_dialog(qtbot, dialog, _photo_file(tmp_path, photo))
    assert dialog.result() == CameraDialog.DialogCode.Accepted and dialog.image == photo


def test_closing_the_file_dialog_keeps_the_camera_dialog_open(qtbot: QtBot, settings: QSettings) -> None:
    dialog = CameraDialog("Standard photo", settings=settings, cameras=no_cameras)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    cancel_file_dialog(qtbot, dialog)
    assert dialog.isVisible() and dialog.image is None


def test_capture_image_opens_the_dialog_window_modal_and_hands_on_the_picture(
        qtbot: QtBot, settings: QSettings, tmp_path: Path) -> None:
    photo = jpeg((200, 30, 30))
    page, got = QWidget(), []
    qtbot.addWidget(page)
    page.show()
    opened = capture_image(page, "ID card back", got.append, settings=settings, cameras=no_cameras)
    camera = shown(page, CameraDialog)  # open() returned at once: nothing is taken yet
    assert camera is opened and camera.windowModality() == Qt.WindowModality.WindowModal and got == []
    qtbot.mouseClick(camera.file_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, camera, _photo_file(tmp_path, photo), press_enter=True)
    assert got == [photo]
    qtbot.waitUntil(lambda: not page.findChildren(CameraDialog))  # deleted once closed


def test_cancelling_the_camera_dialog_hands_on_nothing(qtbot: QtBot, settings: QSettings) -> None:
    page, got = QWidget(), []
    qtbot.addWidget(page)
    page.show()
    capture_image(page, "Standard photo", got.append, settings=settings, cameras=no_cameras)
    qtbot.keyClick(shown(page, CameraDialog), Qt.Key.Key_Escape)
    assert got == [] and not [d for d in page.findChildren(CameraDialog) if d.isVisible()]


def test_a_desk_set_to_no_camera_goes_straight_to_the_file(qtbot: QtBot, settings: QSettings,
                                                           tmp_path: Path) -> None:
    settings.setValue(CAMERA_KEY, "")
    page, got = QWidget(), []
    qtbot.addWidget(page)
    page.show()
    capture_image(page, "Diploma", got.append, settings=settings, cameras=no_cameras)
    assert not page.findChildren(CameraDialog) and file_dialog(page).windowTitle() == "Diploma"
    answer_file_dialog(qtbot, page, _photo_file(tmp_path, b"%PDF-1.4 scan", "毕业证.pdf"))
    assert got == [b"%PDF-1.4 scan"]


def test_captured_frames_become_jpeg(qapp: QApplication) -> None:
    frame = QImage(640, 480, QImage.Format.Format_ARGB32)
    frame.fill(QColor(30, 90, 200))
    data = jpeg_bytes(frame)
    assert data[:2] == b"\xff\xd8"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (640, 480) and image.mode == "RGB"
        r, g, b = image.getpixel((320, 240))  # type: ignore[misc]
        assert abs(r - 30) < 8 and abs(g - 90) < 8 and abs(b - 200) < 8


# -- printing -----------------------------------------------------------------------------------

def poppler(tool: str, *args: str | Path) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install poppler-utils)")
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=60, check=True).stdout


def page_count(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", pdf), re.MULTILINE)
    assert match, pdf
    return int(match.group(1))


def rendered(pdf: Path, page: int) -> Image.Image:
    """One page as poppler (not Qt) sees it, at 40 dpi."""
    out = pdf.with_name(f"{pdf.stem}-{page}")
    poppler("pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page), pdf, out)
    with Image.open(out.with_suffix(".png")) as image:
        return image.convert("RGB")


def ink(pdf: Path, page: int) -> float:
    """Share of the page that is not white paper."""
    grey = rendered(pdf, page).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:200]) / (grey.width * grey.height)


def photo_box(pdf: Path) -> tuple[int, int, int, int] | None:
    """Where the receipt's green test photo is on page 1: the print must not move or scale it."""
    red, green, blue = rendered(pdf, 1).split()
    mask = ImageChops.multiply(ImageChops.multiply(red.point(lambda v: 255 if v < 90 else 0),
                                                   green.point(lambda v: 255 if v > 120 else 0)),
                               blue.point(lambda v: 255 if v < 120 else 0))
    return mask.getbbox()


@pytest.fixture
def receipt(tmp_path: Path) -> Path:
    try:
        fonts = cjk_fonts()
    except DocumentError as exc:
        pytest.skip(f"no embeddable CJK font on this machine ({exc})")
    data = ReceiptData(
        registration_no="2026110105001234", term="2026年春季", name="王小红", gender="女",
        birth_date=date(1995, 5, 12), id_number="110101199505120024", ethnicity="汉族", level="专科起点本科",
        major_code="120201", major_name="工商管理", learning_form="网络教育", prior_school="北京某职业技术学院",
        prior_certificate_no="128561201906001234", photo_jpeg=jpeg(), center_name="北京某学习中心",
        confirmed_at=datetime(2026, 3, 1, 14, 32), clerk="张晓明", record_id="3f2a9c1e", version=1)
    path = tmp_path / "receipt.pdf"
    path.write_bytes(render_receipt(data, printed_at=datetime(2026, 3, 1, 14, 35), fonts=fonts))
    return path


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    path = tmp_path / "two.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for text in ("first page", "second page"):
        canvas.setFont("Helvetica-Bold", 48)
        canvas.drawString(72, 700, text)
        canvas.rect(72, 100, 300, 400, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class Outcome:
    def __init__(self) -> None:
        self.done = 0
        self.failures: list[str] = []

    def finished(self) -> None:
        self.done += 1


def test_a_receipt_prints_page_for_page(qapp: QApplication, receipt: Path, tmp_path: Path) -> None:
    out, outcome = tmp_path / "printed.pdf", Outcome()
    print_pdf(receipt, None, parent=None, tasks=Tasks(synchronous=True), printer=pdf_printer(out),
              done=outcome.finished, failed=outcome.failures.append)
    assert (outcome.done, outcome.failures) == (1, [])
    assert page_count(out) == page_count(receipt) == 1
    assert "595 x 842 pts (A4)" in poppler("pdfinfo", out)
    printed, original = ink(out, 1), ink(receipt, 1)
    assert printed > 0.03  # the table, the text and the photo, not a blank page
    assert abs(printed - original) < 0.2 * original
    printed_photo, original_photo = photo_box(out), photo_box(receipt)
    assert printed_photo is not None and original_photo is not None
    assert all(abs(a - b) <= 2 for a, b in zip(printed_photo, original_photo, strict=True))


def test_printing_runs_in_a_worker_and_keeps_every_page(qtbot: QtBot, two_pages: Path, tmp_path: Path) -> None:
    out, outcome = tmp_path / "printed.pdf", Outcome()
    print_pdf(two_pages, None, parent=None, tasks=Tasks(), printer=pdf_printer(out),
              done=outcome.finished, failed=outcome.failures.append)
    assert outcome.done == 0  # returned before the pages were rendered
    qtbot.waitUntil(lambda: outcome.done == 1 or bool(outcome.failures), timeout=20_000)
    assert outcome.failures == []
    assert page_count(out) == 2
    assert all(ink(out, page) > 0.05 for page in (1, 2))


def test_an_unreadable_file_gives_a_sentence(qapp: QApplication, tmp_path: Path) -> None:
    broken, outcome = tmp_path / "broken.pdf", Outcome()
    broken.write_bytes(b"%PDF-1.4 this is not a PDF")
    print_pdf(broken, None, parent=None, tasks=Tasks(synchronous=True), printer=pdf_printer(tmp_path / "out.pdf"),
              done=outcome.finished, failed=outcome.failures.append)
    assert outcome.done == 0
    assert len(outcome.failures) == 1 and "cannot be read" in outcome.failures[0]


def test_with_no_printer_installed_the_clerk_gets_a_sentence(qapp: QApplication, receipt: Path,
                                                             settings: QSettings) -> None:
    with pytest.raises(PrintFailed, match="No printer is installed"):
        choose_printer("Front desk HP", available=[])
    if QPrinterInfo.availablePrinters():
        pytest.skip("this machine has a printer installed")
    told: list[str] = []
    settings.setValue("devices/printer", "Front desk HP")
    print_receipt(receipt, settings=settings, tasks=Tasks(synchronous=True), tell=told.append)
    assert told == [no_printer_text()]


def test_the_preview_shows_the_receipt_and_prints_it(qtbot: QtBot, receipt: Path, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    preview = PreviewDialog(receipt, None, tasks=Tasks(synchronous=True), printer=pdf_printer(out))
    qtbot.addWidget(preview)
    preview.show()
    assert preview.document.pageCount() == 1 and preview.print_button.isEnabled()
    preview.print_button.click()
    assert preview.result() == PreviewDialog.DialogCode.Accepted
    assert page_count(out) == 1


def test_receipts_open_in_the_preview_when_settings_ask(qtbot: QtBot, receipt: Path, settings: QSettings) -> None:
    settings.setValue(PREVIEW_KEY, True)
    window = QWidget()
    qtbot.addWidget(window)
    told: list[str] = []
    print_receipt(receipt, settings=settings, tasks=Tasks(synchronous=True), parent=window, tell=told.append)
    preview = window.findChild(PreviewDialog)
    assert preview is not None and preview.isVisible() and told == []
    if QPrinterInfo.availablePrinters():
        preview.reject()
        pytest.skip("this machine has a printer installed")
    preview.print_button.click()  # no printer: the preview says so and stays open to try again
    assert preview.message.text() == no_printer_text()
    assert preview.isVisible() and preview.print_button.isEnabled()
    preview.reject()
