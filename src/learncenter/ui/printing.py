"""Printing the confirmation receipt on the printer chosen in settings, with an optional preview.

The receipt is a PDF drawn by reportlab; Qt prints it by rasterising each page with QPdfDocument
(pdfium) and painting the images on a QPrinter. The work is split between threads on purpose:

* Rasterising is the slow part and needs no widget: QPdfDocument serialises its pdfium calls and
  QImage is a plain value, so ``render_pages`` runs in a ``Tasks`` worker and hands back images.
* The QPainter on the QPrinter runs on the GUI thread, one page per event-loop turn. The printer
  is created and chosen there, and the platform print engines (CUPS, Windows GDI) are not all
  documented as safe to drive from another thread, so the printer never leaves it. Drawing a
  ready 300 dpi page costs the GUI thread about 0.15 s, once per page, instead of the whole job.

A receipt comes as bytes (it is made in memory and never written to a temporary folder); other
documents, like the exam-room files the clerk saved, come as files. Both are a ``PdfSource``.

Printing never touches the record: the seal is already stored when the receipt is made, so a
failure here only produces a sentence telling the clerk how to print again. What did happen is
reported as a ``PrintOutcome`` whose sentence is true: "sent to the printer" only once the
printer's spooler has the pages, never when there is no printer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSettings, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from learncenter.ui import palette_colors
from learncenter.ui.tasks import Tasks

PRINTER_KEY = "devices/printer"  # the printer's name; absent or empty: the system default
PREVIEW_KEY = "devices/preview_receipts"
MAX_DPI = 300  # plenty for text on paper; an A4 page at 600 dpi would be a 140 MB image

Page = tuple[QSizeF, QImage]  # the page's size in points, and its pixels
PdfSource = Path | bytes  # a PDF file, or a PDF made in memory
_alive: set[object] = set()  # print jobs and previews in flight, which nobody else holds on to


class PrintFailed(Exception):
    """A translated sentence for the clerk: the receipt did not print, and what to do."""


class Delivery(enum.Enum):
    PRINTING = "printing"  # a print job is drawing the pages; the printer does not have them yet
    PREVIEW = "preview"  # open in the preview dialog; the clerk prints from there
    SENT = "sent"  # the printer's spooler has the job
    SAVED = "saved"  # written to a PDF file the clerk chose (there was no printer)
    NOT_PRINTED = "not_printed"  # neither printed nor saved: no printer, preview closed, saving declined
    FAILED = "failed"  # the file, the printer or the disk refused


@dataclass(frozen=True)
class PrintOutcome:
    """What became of a receipt, with a translated sentence saying so for the clerk."""

    delivery: Delivery
    text: str
    printer: str = ""  # SENT / PRINTING: the printer that has (or will get) the job
    file: Path | None = None  # SAVED: where

    @property
    def final(self) -> bool:
        """False while the job is still drawing pages or the preview is open."""
        return self.delivery not in (Delivery.PRINTING, Delivery.PREVIEW)

    @staticmethod
    def printing(printer: str) -> PrintOutcome:
        text = QCoreApplication.translate("Printing", "The receipt is being sent to the printer %1.")
        return PrintOutcome(Delivery.PRINTING, text.replace("%1", printer), printer=printer)

    @staticmethod
    def previewing() -> PrintOutcome:
        text = QCoreApplication.translate("Printing", "The receipt is open in the preview; print it from there.")
        return PrintOutcome(Delivery.PREVIEW, text)

    @staticmethod
    def sent(printer: str) -> PrintOutcome:
        text = QCoreApplication.translate("Printing", "The receipt was sent to the printer %1.")
        return PrintOutcome(Delivery.SENT, text.replace("%1", printer), printer=printer)

    @staticmethod
    def saved(file: Path) -> PrintOutcome:
        text = QCoreApplication.translate("Printing", "The receipt was not printed (no printer); it was saved as %1.")
        return PrintOutcome(Delivery.SAVED, text.replace("%1", str(file)), file=file)

    @staticmethod
    def not_printed(text: str) -> PrintOutcome:
        return PrintOutcome(Delivery.NOT_PRINTED, text)

    @staticmethod
    def failed(text: str) -> PrintOutcome:
        return PrintOutcome(Delivery.FAILED, text)


def printer_label(printer: QPrinter) -> str:
    """How the clerk knows the printer: its name (a stand-in printing to a file: the file)."""
    return printer.printerName() or printer.outputFileName() or QCoreApplication.translate(
        "Printing", "(unnamed printer)")


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


def load_pdf(document: QPdfDocument, source: PdfSource) -> bool:
    """Load ``source`` into ``document``; whether it has pages. Bytes are read from a buffer the
    document owns, so they never pass through a file."""
    if isinstance(source, bytes):
        buffer = QBuffer(document)
        buffer.setData(QByteArray(source))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
    else:
        document.load(str(source))
    return document.error() == QPdfDocument.Error.None_ and document.pageCount() > 0


def unreadable_text(source: PdfSource) -> str:
    if isinstance(source, bytes):
        return QCoreApplication.translate("Printing", "The receipt cannot be read. Print the receipt again from the queue.")
    return QCoreApplication.translate(
        "Printing", "The receipt file %1 cannot be read. Print the receipt again from the queue.").replace("%1", str(source))


def render_pages(source: PdfSource, dpi: int) -> list[Page]:
    """Every page of the PDF as an opaque image at ``dpi``; safe on a worker thread.

    pdfium leaves the background transparent, which a PDF print engine would carry along as
    a soft mask; the pages are flattened on white paper instead.
    """
    document = QPdfDocument()
    try:
        if not load_pdf(document, source):
            raise PrintFailed(unreadable_text(source))
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

    def __init__(self, source: PdfSource, printer: QPrinter, tasks: Tasks,
                 done: Callable[[], None], failed: Callable[[str], None]) -> None:
        self._source, self._printer, self._tasks = source, printer, tasks
        self._done, self._failed = done, failed
        self._painter = QPainter()
        self._pages: list[Page] = []
        self._next = 0

    def start(self) -> None:
        _alive.add(self)
        source, dpi = self._source, min(self._printer.resolution(), MAX_DPI)
        self._tasks.work(lambda: render_pages(source, dpi), self._rendered, self._fail)

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


def print_pdf(source: PdfSource, printer_name: str | None, *, parent: QWidget | None, tasks: Tasks | None = None,
              printer: QPrinter | None = None, done: Callable[[], None] | None = None,
              failed: Callable[[str], None] | None = None) -> None:
    """Print every page of the PDF ``source``; returns at once, the job finishes in the background.

    Raises PrintFailed at once when no printer is installed, the failure a clerk meets most and
    can fix. Failures found later (an unreadable file, a printer that refuses) go to ``failed``
    as a sentence; by default a warning on ``parent``. ``printer`` overrides the choice by name
    (tests print to a PDF file). Without ``tasks`` the job gets its own worker pool.
    """
    if printer is None:
        printer = make_printer(printer_name)
    _PrintJob(source if isinstance(source, bytes) else Path(source), printer, tasks or Tasks(), done or (lambda: None),
              failed or (lambda text: _warn(parent, text))).start()


def make_printer(name: str | None) -> QPrinter:
    """The printer called ``name`` (see ``choose_printer``); PrintFailed when there is none."""
    return QPrinter(choose_printer(name), QPrinter.PrinterMode.HighResolution)


class PreviewDialog(QDialog):
    """The receipt as it will print, for workstations where the clerk checks before paper is used.

    ``outcome`` says what became of the receipt once the dialog is finished: sent to a printer,
    or not printed (closed, or the last attempt's failure)."""

    def __init__(self, source: PdfSource, printer_name: str | None, *, tasks: Tasks | None = None,
                 printer: QPrinter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source if isinstance(source, bytes) else Path(source)
        self._printer_name, self._tasks, self._printer = printer_name, tasks, printer
        self.outcome = PrintOutcome.not_printed(self.tr("The receipt was not printed: the preview was closed."))
        self.setWindowTitle(self.tr("Receipt preview"))
        self.resize(700, 900)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
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
        if not load_pdf(self.document, self._source):
            self.message.setText(unreadable_text(self._source))
            self.print_button.setEnabled(False)

    def print_now(self) -> None:
        self.print_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Printing…"))
        try:
            printer = self._printer if self._printer is not None else make_printer(self._printer_name)
        except PrintFailed as exc:
            self._failed(str(exc))
            return
        label = printer_label(printer)
        print_pdf(self._source, None, parent=self, tasks=self._tasks, printer=printer,
                  done=lambda: self._printed(label), failed=self._failed)

    def _printed(self, printer: str) -> None:
        self.outcome = PrintOutcome.sent(printer)
        self.accept()

    def _failed(self, text: str) -> None:
        no_printer = text == no_printer_text()
        self.outcome = PrintOutcome.not_printed(text) if no_printer else PrintOutcome.failed(text)
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        self.message.setText(text)
        self.print_button.setEnabled(True)


def print_receipt(source: PdfSource, *, settings: QSettings | None = None, tasks: Tasks | None = None,
                  parent: QWidget | None = None, tell: Callable[[str], None] | None = None,
                  printer: QPrinter | None = None,
                  finished: Callable[[PrintOutcome], None] | None = None) -> PrintOutcome:
    """``Prompts.receipt``: print on the printer chosen in settings, or preview first when asked.

    Returns what has happened so far, truthfully: SENT (the job is done: with synchronous tasks),
    PRINTING (the job is still drawing pages), PREVIEW (the clerk prints from the preview), or
    NOT_PRINTED with the no-printer sentence. ``finished`` gets the final outcome once it is known
    (SENT, FAILED, or NOT_PRINTED), exactly once. Never raises for a printing problem: the seal is
    already stored, so a problem also goes to ``tell`` (by default a warning box) as a sentence and
    the clerk carries on with the next candidate. ``printer`` stands in for the hardware in tests.
    """
    settings = settings if settings is not None else QSettings()
    parent = parent if parent is not None else QApplication.activeWindow()
    say = tell or (lambda text: _warn(parent, text))
    report = finished or (lambda _outcome: None)
    name = saved_printer(settings)
    if preview_wanted(settings):
        dialog = PreviewDialog(source, name, tasks=tasks, printer=printer, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _alive.add(dialog)

        def closed(_result: int) -> None:
            _alive.discard(dialog)
            report(dialog.outcome)

        dialog.finished.connect(closed)
        dialog.open()
        return PrintOutcome.previewing()
    latest: list[PrintOutcome] = []

    def end(outcome: PrintOutcome) -> None:
        latest.append(outcome)
        report(outcome)

    def failed(text: str) -> None:
        say(text)
        end(PrintOutcome.failed(text))

    try:
        printer = printer if printer is not None else make_printer(name)
    except PrintFailed as exc:
        say(str(exc))
        end(PrintOutcome.not_printed(str(exc)))
        return latest[-1]
    label = printer_label(printer)
    print_pdf(source, None, parent=parent, tasks=tasks, printer=printer,
              done=lambda: end(PrintOutcome.sent(label)), failed=failed)
    return latest[-1] if latest else PrintOutcome.printing(label)
