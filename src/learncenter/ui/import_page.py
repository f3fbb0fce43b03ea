"""Importing a candidate list: choose the file, check its columns, import, work through refusals.

The page only shows what the services return. Reading the header and counting rows run in the
general pool, the import on the single writer (it can take minutes, and other writes wait their
turn rather than interleave with its chunks), and progress arrives as a queued signal, so the
window stays responsive and can cancel. A cancelled import keeps the chunks already written;
running it again completes it, because importing the same row twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QSignalBlocker, Qt, Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from learncenter.context import AppContext
from learncenter.domain.codes import field_label
from learncenter.domain.messages import DomainError
from learncenter.services.importing import ImportResult, Refusal, write_report
from learncenter.ui import file_dialogs, palette_colors
from learncenter.ui.forms.ui_import_page import Ui_ImportPage
from learncenter.ui.import_worker import SheetPreview, count_rows, import_job, preview_sheet
from learncenter.ui.jobs import Job, JobProgress
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
#: (shown name, codec) offered for CSV files besides detection; the codec name appears in messages.
ENCODINGS: tuple[tuple[str, str], ...] = (("GB18030/GBK", "GB18030"), ("UTF-8", "UTF-8"), ("UTF-16", "UTF-16"))


def spreadsheet_filters() -> list[str]:
    """What "Choose file…" offers; all files too, as extensions often lie."""
    return [QCoreApplication.translate("ImportPage", "Spreadsheets (*.xlsx *.csv *.txt *.tsv)"),
            QCoreApplication.translate("ImportPage", "All files (*)")]


def report_filters() -> list[str]:
    """What "Export refused rows…" can write; the filter shown decides a missing extension."""
    return [QCoreApplication.translate("ImportPage", "Excel workbook (*.xlsx)"),
            QCoreApplication.translate("ImportPage", "CSV file (*.csv)")]


class RefusalModel(QAbstractTableModel):
    """The refused rows in file order: row number, column, value as read, and the reason."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[Refusal] = []
        self._headers = [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason")]

    def show(self, refusals: Sequence[Refusal]) -> None:
        self.beginResetModel()
        self._rows = sorted(refusals, key=lambda r: r.row)
        self.endResetModel()

    def refusal_at(self, row: int) -> Refusal:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        refusal = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return refusal.row
        if column == 1:
            return refusal.column
        if column == 2:
            return refusal.value
        return refusal.problem.text(self._lang)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class ImportPage(QWidget):
    progress = Signal(int)  # rows read by the running import, delivered on the GUI thread
    imported = Signal(object)  # the ImportResult of a finished or cancelled run: records changed

    def __init__(self, ctx: AppContext, tasks: Tasks, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportPage()
        self.ui.setupUi(self)
        self._ctx, self._tasks = ctx, tasks
        self._path: Path | None = None
        self._preview: SheetPreview | None = None
        self._total: int | None = None
        self._generation = 0  # answers about a file the user has since replaced are dropped
        self._run: Job[ImportResult] | None = None
        self._result: ImportResult | None = None

        self.ui.encodingCombo.addItem(self.tr("Automatic"), None)
        for name, codec in ENCODINGS:
            self.ui.encodingCombo.addItem(name, codec)
        self.ui.mappingTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.refusals = RefusalModel(ctx.lang, self)
        self.ui.refusalsView.setModel(self.refusals)
        self.ui.refusalsView.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.ui.refusalsView.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.ui.chooseButton.clicked.connect(self.choose)
        self.ui.encodingCombo.currentIndexChanged.connect(self._encoding_changed)
        self.ui.runButton.clicked.connect(self.run)
        self.job_progress = JobProgress(self.ui.progressBar, self.ui.progressLabel, self.ui.cancelButton,
                                        hide_bar_when_idle=True, parent=self)  # its Cancel stops the run
        self.ui.exportButton.clicked.connect(self.export_refusals)

    # -- state tests and the main window read -----------------------------------------------------

    @property
    def preview(self) -> SheetPreview | None:
        return self._preview

    @property
    def result(self) -> ImportResult | None:
        return self._result

    def is_running(self) -> bool:
        return self._run is not None

    # -- choosing and previewing ------------------------------------------------------------------

    def choose(self) -> QFileDialog:
        """Open the file dialog; the file chosen is previewed."""
        folder = self._path.parent if self._path is not None else None
        return file_dialogs.open_file(self, self.tr("Choose the spreadsheet to import"), spreadsheet_filters(),
                                      self.open_file, folder=folder)

    def open_file(self, path: Path) -> None:
        """Preview ``path`` with its encoding detected; the previous result stays until a run."""
        if self.is_running():
            return
        with QSignalBlocker(self.ui.encodingCombo):
            self.ui.encodingCombo.setCurrentIndex(0)
        self._path = path
        self.ui.fileLabel.setText(str(path))
        self._load()

    def _encoding(self) -> str | None:
        codec = self.ui.encodingCombo.currentData()
        return str(codec) if codec else None

    def _encoding_changed(self, _index: int) -> None:
        if self._path is not None and not self.is_running():
            self._load()

    def _load(self) -> None:
        path, encoding = self._path, self._encoding()
        if path is None:
            return
        self._generation += 1
        generation = self._generation
        self._preview, self._total = None, None
        self.ui.runButton.setEnabled(False)
        self.ui.previewGroup.hide()
        self.ui.progressLabel.clear()
        self._say(self.tr("Reading the file…"))
        self._tasks.work(lambda: preview_sheet(path, encoding), lambda preview: self._previewed(generation, preview),
                         lambda exc: self._unreadable(generation, exc))

    def _previewed(self, generation: int, preview: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(preview, SheetPreview)
        self._preview = preview
        self._say("")
        self._show_columns(preview)
        self.ui.encodingCombo.setEnabled(preview.format == "csv")
        self.ui.runButton.setEnabled(not self.is_running())
        self.ui.runButton.setFocus()
        self.ui.progressLabel.setText(self.tr("Counting rows…"))
        path, encoding = preview.path, self._encoding()
        self._tasks.work(lambda: count_rows(path, encoding), lambda total: self._counted(generation, total),
                         lambda exc: self._unreadable(generation, exc))

    def _show_columns(self, preview: SheetPreview) -> None:
        lang = self._ctx.lang
        if preview.format == "xlsx":
            text = self.tr("Excel workbook, worksheet “%1”; column names in row %2.").replace("%1", preview.sheet_name or "")
        elif self._encoding() is None:
            text = self.tr("CSV text in %1 (detected); column names in row %2.").replace("%1", preview.encoding or "")
        else:
            text = self.tr("CSV text read as %1; column names in row %2.").replace("%1", preview.encoding or "")
        self.ui.formatLabel.setText(text.replace("%2", str(preview.header_row)))
        table = self.ui.mappingTable
        table.setRowCount(len(preview.columns))
        unused = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for row, column in enumerate(preview.columns):
            if column.field is not None:
                target = QTableWidgetItem(field_label(column.field, lang))
            elif column.repeats is not None:
                target = QTableWidgetItem(self.tr("not used: an earlier column already gives %1")
                                          .replace("%1", field_label(column.repeats, lang)))
                target.setForeground(unused)
            else:
                target = QTableWidgetItem(self.tr("not used"))
                target.setForeground(unused)
            table.setItem(row, 0, QTableWidgetItem(column.heading))
            table.setItem(row, 1, target)
        self.ui.previewGroup.show()

    def _counted(self, generation: int, total: object) -> None:
        if generation != self._generation:
            return
        self._total = int(str(total))
        if self.is_running():
            self.job_progress.set_total(self._total)
        else:
            self.ui.progressLabel.setText(self.tr("%n row(s) to import", "", self._total))

    def _unreadable(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._preview = None
        self.ui.progressLabel.clear()
        self.ui.previewGroup.hide()
        self.ui.runButton.setEnabled(False)
        self.ui.encodingCombo.setEnabled(True)  # an unreadable CSV may only need its encoding named
        self._say(self._explain(exc, self.tr("The file could not be read. Check that it is a spreadsheet and try again.")),
                  error=True)

    # -- running ------------------------------------------------------------------------------------

    def run(self) -> None:
        preview = self._preview
        if preview is None or self.is_running():
            return
        ctx = self._ctx
        job = import_job(ctx.importer, preview.path, actor=ctx.user, encoding=self._encoding(), lang=ctx.lang,
                         parent=self)
        self._run = job
        self._set_running(True)
        self._say("")
        self.ui.resultGroup.hide()
        self.job_progress.total = self._total or 0
        self.job_progress.watch(job, busy=self.tr("Importing…"), stopping=self.tr("Stopping after the current chunk…"),
                                describe=self._rows_read)
        job.progress.connect(self._progressed)  # after the bar's: it shows the rows when ``progress`` is heard
        job.start(self._tasks.write, self._finished, self._failed)

    def cancel(self) -> None:
        """Stop after the chunk being written; what was written stays and a re-run completes it."""
        self.job_progress.cancel()

    def _rows_read(self, rows: int, total: int, _text: str) -> str:
        if total:
            return self.tr("%1 of %2 rows read").replace("%1", str(rows)).replace("%2", str(total))
        return self.tr("%1 rows read").replace("%1", str(rows))

    def _progressed(self, rows: int, _total: int, _text: str) -> None:
        if self._run is not None:
            self.progress.emit(rows)

    def _set_running(self, running: bool) -> None:
        self.ui.chooseButton.setEnabled(not running)
        self.ui.encodingCombo.setEnabled(not running and self._preview is not None and self._preview.format == "csv")
        self.ui.runButton.setEnabled(not running and self._preview is not None)
        self.ui.exportButton.setEnabled(not running and bool(self._result and self._result.refusals))

    def _end(self) -> None:
        self._run = None
        self._set_running(False)
        self.ui.progressLabel.clear()

    def _finished(self, result: ImportResult) -> None:
        self._result = result
        self._end()
        self._show_result(result)
        self.imported.emit(result)

    def _failed(self, exc: Exception) -> None:
        self._end()
        self._say(self._explain(exc, self.tr("The import stopped unexpectedly."))
                  + "\n" + self.tr("Rows imported before the stop are kept. Once the cause is fixed, import "
                                   "the file again; rows already imported are not added twice."), error=True)

    def _show_result(self, result: ImportResult) -> None:
        lines = []
        if result.cancelled:
            lines.append(self.tr("The import was cancelled. The rows imported so far are kept; import the file "
                                 "again to complete it — rows already imported are not added twice."))
        lines.append(self.tr("%1 rows read: %2 added, %3 updated, %4 unchanged, %5 refused.")
                     .replace("%1", str(result.rows)).replace("%2", str(result.created))
                     .replace("%3", str(result.updated)).replace("%4", str(result.unchanged))
                     .replace("%5", str(result.refused_rows)))
        if result.refusals:
            lines.append(self.tr("Correct the refused rows listed below in the file and import it again, or "
                                 "export the list to work through it."))
        self.ui.summaryLabel.setText("\n".join(lines))
        self.refusals.show(result.refusals)
        self.ui.refusalsView.setVisible(bool(result.refusals))
        self.ui.exportButton.setVisible(bool(result.refusals))
        self.ui.exportButton.setEnabled(bool(result.refusals))
        self.ui.resultGroup.show()

    # -- exporting the refusals ---------------------------------------------------------------------

    def export_refusals(self) -> QFileDialog | None:
        """Ask where to save the refused rows (next to the imported file by default), then write them."""
        result = self._result
        if result is None or not result.refusals or self.is_running():
            return None
        name = self.tr("%1 - refused rows").replace("%1", result.path.stem) + ".xlsx"
        return file_dialogs.save_file(self, self.tr("Save the refused rows"), report_filters(),
                                      lambda dest: self._export(result, dest), suggested=result.path.with_name(name))

    def _export(self, result: ImportResult, dest: Path) -> None:
        if self.is_running():
            return
        lang = self._ctx.lang
        self.ui.exportButton.setEnabled(False)
        self._tasks.work(lambda: write_report(result, dest, lang=lang), lambda _count: self._exported(dest),
                         self._export_failed)

    def _exported(self, dest: Path) -> None:
        self.ui.exportButton.setEnabled(True)
        self._say(self.tr("The refused rows were saved to %1.").replace("%1", str(dest)))

    def _export_failed(self, exc: Exception) -> None:
        self.ui.exportButton.setEnabled(True)
        self._say(self._explain(exc, self.tr("The list could not be saved. Try again, or choose another folder.")),
                  error=True)

    # -- messages -------------------------------------------------------------------------------------

    def _explain(self, exc: Exception, fallback: str) -> str:
        """The sentence of an error the user can act on; anything else is logged and summarised."""
        if isinstance(exc, DomainError):
            return exc.text(self._ctx.lang)
        log.error("import page: unexpected error", exc_info=exc)
        return fallback

    def _say(self, text: str, *, error: bool = False) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(f"color: {palette_colors.error(self)};" if error else "")
