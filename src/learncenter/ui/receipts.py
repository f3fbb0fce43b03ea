"""Printing a sealed record's receipt again from the queue, or saving it as a PDF when the
workstation has no printer.

``reprint_receipt`` makes the PDF in memory in a worker (``ConfirmationDesk.receipt``; no copy is
left in a temporary folder), then prints it on the
printer chosen in settings (or opens the preview when settings ask for one). On a workstation
without any printer it offers a file dialog to save the PDF instead, so the candidate can still
take the receipt away (on a stick, or printed elsewhere). The status callback gets one sentence at
the end saying what really happened: sent to which printer, saved as which file, or not printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.services.confirmation import ReceiptPdf
from learncenter.ui.printing import PrintOutcome, print_receipt
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)

_alive: set[QFileDialog] = set()  # open save dialogs, which nobody else holds on to


class ReceiptMaker(Protocol):
    """What makes a receipt PDF (``ConfirmationDesk``)."""

    def receipt(self, record_id: str, *, actor: SignedIn, lang: str = ...) -> ReceiptPdf: ...


class SaveReceiptDialog(QFileDialog):
    """Qt's own (not the platform's) save dialog, for a receipt that no printer can take."""

    def __init__(self, parent: QWidget | None, suggested: str) -> None:
        super().__init__(parent, self.tr("No printer: save the receipt as PDF"))
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.setNameFilter(self.tr("PDF files (*.pdf)"))
        self.setDefaultSuffix("pdf")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if folder:
            self.setDirectory(folder)
        self.selectFile(suggested)


def save_receipt(receipt: ReceiptPdf, *, parent: QWidget | None, tasks: Tasks,
                 finished: Callable[[PrintOutcome], None]) -> SaveReceiptDialog:
    """Ask where to save the receipt (window-modal, returns at once) and write it there in a
    worker; ``finished`` gets SAVED, FAILED, or NOT_PRINTED when the clerk declines."""
    dialog = SaveReceiptDialog(parent, receipt.file_name)
    _alive.add(dialog)
    answered: list[bool] = []

    def chosen(target: str) -> None:
        answered.append(True)
        destination = Path(target)

        def copied(_result: object) -> None:
            finished(PrintOutcome.saved(destination))

        def not_copied(exc: Exception) -> None:
            finished(PrintOutcome.failed(QCoreApplication.translate(
                "Printing", "The receipt was not printed (no printer) and could not be saved as %1: %2")
                .replace("%1", str(destination)).replace("%2", str(exc))))

        tasks.work(lambda: destination.write_bytes(receipt.data), copied, not_copied)

    def closed(_result: int) -> None:
        _alive.discard(dialog)
        dialog.deleteLater()
        if not answered:
            finished(PrintOutcome.not_printed(QCoreApplication.translate(
                "Printing", "The receipt was not printed: there is no printer, and it was not saved as a file.")))

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(closed)
    dialog.open()
    return dialog


def deliver_receipt(receipt: ReceiptPdf, *, parent: QWidget | None, tasks: Tasks, settings: QSettings | None = None,
                    printer: QPrinter | None = None,
                    finished: Callable[[PrintOutcome], None]) -> None:
    """Print the receipt (see ``printing.print_receipt``), or offer to save it when
    this computer has no printer; ``finished`` gets the final outcome, once. ``printer`` stands in
    for the hardware in tests."""
    if printer is None and not QPrinterInfo.availablePrinters():
        save_receipt(receipt, parent=parent, tasks=tasks, finished=finished)
        return
    print_receipt(receipt.data, settings=settings, tasks=tasks, parent=parent, printer=printer,
                  tell=lambda _text: None, finished=finished)  # the sentence goes to ``finished``


def reprint_receipt(parent: QWidget | None, desk: ReceiptMaker, tasks: Tasks, record_id: str, lang: str,
                    status_callback: Callable[[str], None], *, actor: SignedIn, settings: QSettings | None = None,
                    printer: QPrinter | None = None) -> None:
    """Make the receipt of the sealed record ``record_id`` again, off the GUI thread, and print or
    save it; ``status_callback`` gets exactly one sentence, when it is known what happened."""

    def made(receipt: object) -> None:
        assert isinstance(receipt, ReceiptPdf)
        deliver_receipt(receipt, parent=parent, tasks=tasks, settings=settings, printer=printer,
                        finished=lambda outcome: status_callback(outcome.text))

    def not_made(exc: Exception) -> None:
        if isinstance(exc, KeyError):
            reason = QCoreApplication.translate("Printing", "the record is not sealed")
        elif isinstance(exc, DomainError):
            reason = exc.text(lang)
        else:  # the details go to the log, not onto the clerk's screen
            log.error("a receipt could not be made again", exc_info=exc)
            reason = QCoreApplication.translate("Printing", "an unexpected error (see the log)")
        text = QCoreApplication.translate("Printing", "The receipt was not printed: it could not be made (%1).")
        status_callback(text.replace("%1", reason))

    tasks.work(lambda: desk.receipt(record_id, actor=actor, lang=lang), made, not_made)
