"""A receipt made in memory prints, previews and fails like a file did, without ever being one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.documents.fonts import DocumentError, cjk_fonts
from learncenter.ui.printing import PreviewDialog, print_pdf
from learncenter.ui.tasks import Tasks
from slow_registry import ready_to_seal


@pytest.fixture
def fonts() -> None:
    try:
        cjk_fonts()
    except DocumentError as exc:
        pytest.skip(f"no embeddable CJK font on this machine ({exc})")


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_a_receipt_in_memory_previews_and_prints(qtbot: QtBot, workstation: AppContext, tmp_path: Path,
                                                  fonts: None) -> None:
    (record_id,) = ready_to_seal(workstation, 1, actor=workstation.user)
    workstation.desk.seal(record_id, actor=workstation.user, acknowledge_review=True)
    receipt = workstation.desk.receipt(record_id, actor=workstation.user, lang="zh")
    out = tmp_path / "printed.pdf"
    preview = PreviewDialog(receipt.data, None, tasks=Tasks(synchronous=True), printer=_pdf_printer(out))
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == 1 and preview.print_button.isEnabled()
    preview.print_button.click()
    assert preview.result() == PreviewDialog.DialogCode.Accepted
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 20_000


def test_unreadable_bytes_give_a_sentence_without_a_file_name(qapp: QApplication, tmp_path: Path) -> None:
    done, failures = [], []
    print_pdf(b"%PDF-1.4 this is not a PDF", None, parent=None, tasks=Tasks(synchronous=True),
              printer=_pdf_printer(tmp_path / "out.pdf"), done=lambda: done.append(1), failed=failures.append)
    assert done == [] and failures == ["The receipt cannot be read. Print the receipt again from the queue."]
