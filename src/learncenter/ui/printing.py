"""Printing the confirmation receipt on the printer chosen in settings, with an optional preview.

The receipt is a PDF drawn by reportlab; Qt prints it by rasterising each page with QPdfDocument
(pdfium) and painting the images on a QPrinter. The work is split between threads on purpose:

* Rasterising is the slow part and needs no widget: QPdfDocument serialises its pdfium calls and
  QImage is a plain value, so ``render_pages`` runs in a ``Tasks`` worker and hands back images.
* The QPainter on the QPrinter runs on the GUI thread, one page per event-loop turn. The printer
  is created and chosen there, and the platform print engines (CUPS, Windows GDI) are not all
  documented as safe to drive from another thread, so the printer never leaves it. Drawing a
  ready 300 dpi page costs the GUI thread about 0.15 s, once per page, instead of the whole job.

Printing never touches the record: the seal is already stored when the receipt is made, so a
failure here only produces a sentence telling the clerk how to print again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSettings, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from learncenter.ui.tasks import Tasks

PRINTER_KEY = "devices/printer"  # the printer's name; absent or empty: the system default
PREVIEW_KEY = "devices/preview_receipts"
MAX_DPI = 300  # plenty for text on paper; an A4 page at 600 dpi would be a 140 MB image

Page = tuple[QSizeF, QImage]  # the page's size in points, and its pixels
_alive: set[object] = set()  # print jobs and previews in flight, which nobody else holds on to


class PrintFailed(Exception):
    """A translated sentence for the clerk: the receipt did not print, and what to do."""


def no_printer_text() -> str:
    return QCoreApplication.translate(
        "Printing", "No printer is installed on this computer. Connect the printer and choose it in Settings, "
        "then print the receipt again from the queue.")


def saved_printer(settings: QSettings) -> str | None:
    return str(settings.value(PRINTER_KEY, "") or "") or None


def preview_wanted(settings: QSettings) -> bool:
    """INI files give back "true"/"false" strings, the registry real booleans: accept both."""
    value = settings.value(PREVIEW_KEY, False)
    return value is True or str(value).lower() in ("true", "1")


def choose_printer(name: str | None, available: Sequence[QPrinterInfo] | None = None) -> QPrinterInfo:
    """The named printer, else the system default, else the first one; a printer that was
    unplugged or renamed since it was chosen must not stop the receipt."""
    printers = list(QPrinterInfo.availablePrinters() if available is None else available)
    if not printers:
        raise PrintFailed(no_printer_text())
    by_name = {p.printerName(): p for p in printers}
    if name and name in by_name:
        return by_name[name]
    return by_name.get(QPrinterInfo.defaultPrinterName(), printers[0])


def render_pages(path: Path, dpi: int) -> list[Page]:
    """Every page of the PDF as an opaque image at ``dpi``; safe on a worker thread.

    pdfium leaves the background transparent, which a PDF print engine would carry along as
    a soft mask; the pages are flattened on white paper instead.
    """
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
            raise PrintFailed(QCoreApplication.translate(
                "Printing", "The receipt file %1 cannot be read. Print the receipt again from the queue.")
                .replace("%1", str(path)))
        pages: list[Page] = []
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
            paper = QImage(size, QImage.Format.Format_RGB32)
            paper.fill(Qt.GlobalColor.white)
            painter = QPainter(paper)
            painter.drawImage(0, 0, document.render(index, size))
            painter.end()
            pages.append((points, paper))
        return pages
    finally:
        document.close()


def _fit(image: QImage, area: QRectF) -> QRectF:
    """The largest rectangle of the image's shape centred in ``area``: a page that is not the
    paper's size is scaled, never cut."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height)


class _PrintJob:
    """Render in a worker, then paint page by page on the GUI thread (see the module docstring)."""

    def __init__(self, path: Path, printer: QPrinter, tasks: Tasks,
                 done: Callable[[], None], failed: Callable[[str], None]) -> None:
        self._path, self._printer, self._tasks = path, printer, tasks
        self._done, self._failed = done, failed
        self._painter = QPainter()
        self._pages: list[Page] = []
        self._next = 0

    def start(self) -> None:
        _alive.add(self)
        path, dpi = self._path, min(self._printer.resolution(), MAX_DPI)
        self._tasks.work(lambda: render_pages(path, dpi), self._rendered, self._fail)

    def _rendered(self, pages: object) -> None:
        assert isinstance(pages, list)
        self._pages = pages
        points, _image = pages[0]
        self._printer.setFullPage(True)  # paper coordinates: the PDF carries its own margins
        self._printer.setPageSize(QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
        self._printer.setPageOrientation(QPageLayout.Orientation.Landscape if points.width() > points.height()
                                         else QPageLayout.Orientation.Portrait)
        if not self._painter.begin(self._printer):
            self._fail(PrintFailed(QCoreApplication.translate(
                "Printing", "The printer %1 did not accept the receipt. Check that it is switched on and has "
                "paper, then print the receipt again from the queue.").replace("%1", self._printer.printerName())))
            return
        self._paint_next()

    def _paint_next(self) -> None:
        if self._next:
            self._printer.newPage()
        _points, image = self._pages[self._next]
        self._painter.drawImage(_fit(image, self._printer.paperRect(QPrinter.Unit.DevicePixel)), image)
        self._next += 1
        if self._next < len(self._pages):
            if self._tasks.synchronous:
                self._paint_next()
            else:  # let the window repaint between pages
                QTimer.singleShot(0, self._paint_next)
            return
        self._painter.end()  # hands the job to the spooler, or writes the PDF file
        self._pages = []
        _alive.discard(self)
        self._done()

    def _fail(self, exc: Exception) -> None:
        if self._painter.isActive():
            self._painter.end()
        _alive.discard(self)
        self._failed(str(exc) if isinstance(exc, PrintFailed) else QCoreApplication.translate(
            "Printing", "The receipt could not be printed. Print it again from the queue."))


def _warn(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Printing", "Printing"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # not exec(): the clerk's next candidate must not wait on a modal loop


def print_pdf(path: Path, printer_name: str | None, *, parent: QWidget | None, tasks: Tasks | None = None,
              printer: QPrinter | None = None, done: Callable[[], None] | None = None,
              failed: Callable[[str], None] | None = None) -> None:
    """Print every page of the PDF at ``path``; returns at once, the job finishes in the background.

    Raises PrintFailed at once when no printer is installed, the failure a clerk meets most and
    can fix. Failures found later (an unreadable file, a printer that refuses) go to ``failed``
    as a sentence; by default a warning on ``parent``. ``printer`` overrides the choice by name
    (tests print to a PDF file). Without ``tasks`` the job gets its own worker pool.
    """
    if printer is None:
        printer = QPrinter(choose_printer(printer_name), QPrinter.PrinterMode.HighResolution)
    _PrintJob(Path(path), printer, tasks or Tasks(), done or (lambda: None),
              failed or (lambda text: _warn(parent, text))).start()


class PreviewDialog(QDialog):
    """The receipt as it will print, for workstations where the clerk checks before paper is used."""

    def __init__(self, path: Path, printer_name: str | None, *, tasks: Tasks | None = None,
                 printer: QPrinter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path, self._printer_name, self._tasks, self._printer = Path(path), printer_name, tasks, printer
        self.setWindowTitle(self.tr("Receipt preview"))
        self.resize(700, 900)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.print_button = QPushButton(self.tr("&Print"))
        self.print_button.setDefault(True)
        close = QPushButton(self.tr("&Close"))
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.print_button.clicked.connect(self.print_now)
        close.clicked.connect(self.reject)
        if self.document.load(str(self._path)) != QPdfDocument.Error.None_:
            self.message.setText(self.tr("The receipt file %1 cannot be read. Print the receipt again from the queue.")
                                 .replace("%1", str(self._path)))
            self.print_button.setEnabled(False)

    def print_now(self) -> None:
        self.print_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Printing…"))
        try:
            print_pdf(self._path, self._printer_name, parent=self, tasks=self._tasks, printer=self._printer,
                      done=self.accept, failed=self._failed)
        except PrintFailed as exc:
            self._failed(str(exc))

    def _failed(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.print_button.setEnabled(True)


def print_receipt(path: Path, *, settings: QSettings | None = None, tasks: Tasks | None = None,
                  parent: QWidget | None = None, tell: Callable[[str], None] | None = None) -> None:
    """``Prompts.receipt``: print on the printer chosen in settings, or preview first when asked.

    Never raises for a printing problem: the seal is already stored, so the clerk gets the
    sentence (``tell``, by default a warning box) and carries on with the next candidate.
    """
    settings = settings if settings is not None else QSettings()
    parent = parent if parent is not None else QApplication.activeWindow()
    say = tell or (lambda text: _warn(parent, text))
    name = saved_printer(settings)
    if preview_wanted(settings):
        dialog = PreviewDialog(path, name, tasks=tasks, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _alive.add(dialog)
        dialog.finished.connect(lambda _result: _alive.discard(dialog))
        dialog.open()
        return
    try:
        print_pdf(path, name, parent=parent, tasks=tasks, failed=say)
    except PrintFailed as exc:
        say(str(exc))
