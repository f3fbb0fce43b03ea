"""The import page driven through its widgets: real files in tmp_path, a real database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from PySide6.QtCore import QThread, QTimer, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from conftest import TODAY
from open_dialogs import answer_file_dialog, cancel_file_dialog, file_dialog
from learncenter.context import AppContext
from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.domain.codes import field_label
from learncenter.services.demo.people import generate_rows
from learncenter.services.importing import CHUNK, ImportResult
from learncenter.services.sheets import write_sheet
from learncenter.store.models import Record
from learncenter.ui.i18n import install_translators
from learncenter.ui.import_page import ImportPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

HEADERS = "姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历,备注"
ROWS = [
    "王芳,440304198506122348,女,高起专,530302,大数据与会计,2026春,普通高中,",
    "刘强,360426199101010072,男,高起专,530302,大数据与会计,2026春,普通高中,校验位错",  # row 3
    "赵磊,110105199003071239,男,高起专,530302,大数据与会计,2026春,中专,",
    "陈静,320102199208154564,女,高起专,12345,大数据与会计,2026春,普通高中,专业代码错",  # row 5
]
BIG = 5000


@pytest.fixture
def gbk_csv(tmp_path: Path) -> Path:
    path = tmp_path / "2026春新生名单.csv"
    path.write_bytes(("\r\n".join([HEADERS, *ROWS]) + "\r\n").encode("gbk"))
    return path


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "candidates.csv"
    rows = ([raw[f] for f in CANDIDATE_FIELDS] for raw in generate_rows(BIG, seed=20260301, today=TODAY))
    write_sheet(path, [field_label(f, "zh") for f in CANDIDATE_FIELDS], rows)
    return path


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> ImportPage:
    ctx.actor = sign_in_as(ctx.users, "entry")  # who imports: the data-entry person at this desk
    page = ImportPage(ctx, tasks)
    qtbot.addWidget(page)
    page.show()
    return page


def _choose(qtbot: QtBot, page: ImportPage, path: Path) -> None:
    """"Choose file…", then the file in the dialog the page opened."""
    qtbot.mouseClick(page.ui.chooseButton, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, path)


def _opened(qtbot: QtBot, ctx: AppContext, tasks: Tasks, path: Path) -> ImportPage:
    page = _page(qtbot, ctx, tasks)
    _choose(qtbot, page, path)
    return page


def _export_to(qtbot: QtBot, page: ImportPage, path: Path) -> QFileDialog:
    """"Export refused rows…", then ``path`` in the save dialog; the dialog as it was answered."""
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    return answer_file_dialog(qtbot, page, path)


def _mapping(page: ImportPage) -> dict[str, str]:
    table = page.ui.mappingTable
    return {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}


def _records(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Record).where(Record.is_current.is_(True))) or 0)


def test_preview_maps_the_chinese_headings_of_a_gbk_csv(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                         gbk_csv: Path) -> None:
    page = _page(qtbot, workstation, tasks)
    assert not page.ui.runButton.isEnabled() and not page.ui.previewGroup.isVisible()
    _choose(qtbot, page, gbk_csv)

    mapping = _mapping(page)
    assert mapping["姓名"] == field_label("name", "zh") == "姓名"
    assert mapping["身份证号"] == field_label("id_number", "zh")
    assert mapping["招生批次"] == field_label("term", "zh")
    assert mapping["备注"] == "not used"
    assert list(mapping) == HEADERS.split(",")
    assert "GB18030/GBK" in page.ui.formatLabel.text() and "row 1" in page.ui.formatLabel.text()
    assert page.ui.encodingCombo.isEnabled() and page.ui.encodingCombo.currentData() is None
    assert page.ui.runButton.isEnabled() and page.ui.previewGroup.isVisible()
    assert page.ui.progressLabel.text() == "4 row(s) to import"
    assert page.ui.messageLabel.text() == ""


def test_import_shows_the_summary_and_the_refused_rows(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                       gbk_csv: Path) -> None:
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    before = _records(workstation)
    with qtbot.waitSignal(page.imported) as finished:
        qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)

    result = finished.args[0]
    assert isinstance(result, ImportResult) and page.result is result
    assert (result.rows, result.created, result.updated, result.unchanged, result.refused_rows) == (4, 2, 0, 0, 2)
    assert _records(workstation) == before + 2
    assert page.ui.resultGroup.isVisible()
    assert "4 rows read: 2 added, 0 updated, 0 unchanged, 2 refused." in page.ui.summaryLabel.text()
    assert "cancelled" not in page.ui.summaryLabel.text()

    model = page.refusals
    assert model.rowCount() == 2
    shown = [[model.index(row, column).data() for column in range(4)] for row in range(2)]
    assert [row[:3] for row in shown] == [[3, "身份证号", "360426199101010072"], [5, "专业代码", "12345"]]
    assert "校验" in shown[0][3] and "12345" in shown[1][3]  # the reason, in the workstation's language
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Reason"
    assert page.ui.exportButton.isEnabled() and page.ui.runButton.isEnabled()
    assert not page.ui.cancelButton.isEnabled() and not page.ui.progressBar.isVisible()

    with qtbot.waitSignal(page.imported) as again:  # importing the same file again changes nothing
        qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    assert (again.args[0].created, again.args[0].unchanged, again.args[0].refused_rows) == (0, 2, 2)
    assert _records(workstation) == before + 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_refused_rows_export_and_read_back(qtbot: QtBot, workstation: AppContext, tasks: Tasks, gbk_csv: Path,
                                           tmp_path: Path, suffix: str) -> None:
    report = tmp_path / f"退回清单{suffix}"
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    dialog = file_dialog(page)  # suggests a name beside the imported file
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert Path(dialog.directory().absolutePath()) == tmp_path
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(edit, QLineEdit) and edit.text() == "2026春新生名单 - refused rows.xlsx"
    answer_file_dialog(qtbot, page, report)

    assert report.exists()
    if suffix == ".csv":
        with report.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        workbook = openpyxl.load_workbook(report, read_only=True)
        rows = [["" if v is None else str(v) for v in r] for r in workbook.active.iter_rows(values_only=True)]
        workbook.close()
    assert rows[0] == ["行号", "列", "值", "原因", "代码"]
    assert [r[:3] for r in rows[1:]] == [["3", "身份证号", "360426199101010072"], ["5", "专业代码", "12345"]]
    assert rows[1][3] == page.refusals.index(0, 3).data()
    assert str(report) in page.ui.messageLabel.text()
    qtbot.waitUntil(lambda: not page.findChildren(QFileDialog))  # the dialog is deleted once answered


def test_a_report_name_without_extension_takes_the_chosen_filter(qtbot: QtBot, workstation: AppContext,
                                                                   tasks: Tasks, gbk_csv: Path,
                                                                   tmp_path: Path) -> None:
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    dialog = file_dialog(page)
    combo = dialog.findChild(QComboBox, "fileTypeCombo")
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Excel workbook (*.xlsx)"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # a person picks the next type
    assert combo.currentText() == "CSV file (*.csv)"
    answer_file_dialog(qtbot, page, tmp_path / "退回")
    qtbot.waitUntil(lambda: (tmp_path / "退回.csv").exists())
    assert (tmp_path / "退回.csv").read_bytes().startswith("\ufeff行号".encode())


def test_cancelling_the_file_dialog_changes_nothing(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                    gbk_csv: Path) -> None:
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    qtbot.mouseClick(page.ui.chooseButton, Qt.MouseButton.LeftButton)
    cancel_file_dialog(qtbot, page)
    assert page.preview is not None and page.preview.path == gbk_csv and page.ui.runButton.isEnabled()


def test_export_into_a_missing_folder_says_so(qtbot: QtBot, workstation: AppContext, tasks: Tasks, gbk_csv: Path,
                                              tmp_path: Path) -> None:
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    _export_to(qtbot, page, tmp_path / "gone" / "refused.csv")
    assert str(tmp_path / "gone") in page.ui.messageLabel.text()
    assert "Traceback" not in page.ui.messageLabel.text() and page.ui.exportButton.isEnabled()


def test_a_picture_named_csv_is_refused_with_a_sentence(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                        tmp_path: Path) -> None:
    fake = tmp_path / "名单.csv"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, "PNG")
    fake.write_bytes(buffer.getvalue())
    page = _opened(qtbot, workstation, tasks, fake)

    message = page.ui.messageLabel.text()
    assert "PNG" in message and str(fake) in message and ".xlsx" in message  # the reader's sentence, in Chinese
    assert "Traceback" not in message and "Error" not in message
    assert not page.ui.runButton.isEnabled() and not page.ui.previewGroup.isVisible()
    qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    assert page.result is None


def test_choosing_an_encoding_reopens_the_csv(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                              gbk_csv: Path) -> None:
    page = _opened(qtbot, workstation, tasks, gbk_csv)
    combo = page.ui.encodingCombo
    combo.setCurrentIndex(combo.findData("UTF-8"))
    assert "UTF-8" in page.ui.messageLabel.text() and not page.ui.runButton.isEnabled()
    assert combo.isEnabled()  # so the user can try another one
    combo.setCurrentIndex(combo.findData("GB18030"))
    assert page.ui.messageLabel.text() == "" and page.ui.runButton.isEnabled()
    assert "read as GB18030;" in page.ui.formatLabel.text()
    assert _mapping(page)["姓名"] == "姓名"


def test_cancel_stops_after_the_first_chunk_and_a_rerun_completes(qtbot: QtBot, workstation: AppContext,
                                                                  tasks: Tasks, big_csv: Path) -> None:
    page = _opened(qtbot, workstation, tasks, big_csv)
    assert page.ui.progressLabel.text() == f"{BIG} row(s) to import"
    before = _records(workstation)
    seen: list[int] = []

    def cancel_at_first_chunk(rows: int) -> None:
        seen.append(rows)
        assert page.ui.cancelButton.isEnabled() and not page.ui.runButton.isEnabled()
        assert page.ui.progressBar.maximum() == BIG and page.ui.progressBar.value() == rows
        qtbot.mouseClick(page.ui.cancelButton, Qt.MouseButton.LeftButton)

    page.progress.connect(cancel_at_first_chunk)
    with qtbot.waitSignal(page.progress), qtbot.waitSignal(page.imported) as finished:
        qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    page.progress.disconnect(cancel_at_first_chunk)

    result = finished.args[0]
    assert seen == [CHUNK] and result.cancelled
    assert result.created == CHUNK < BIG and _records(workstation) == before + CHUNK
    assert "cancelled" in page.ui.summaryLabel.text() and "import the file again" in page.ui.summaryLabel.text()
    assert not page.ui.cancelButton.isEnabled() and page.ui.runButton.isEnabled()

    with qtbot.waitSignal(page.imported) as rerun:
        qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
    assert (rerun.args[0].created, rerun.args[0].unchanged, rerun.args[0].cancelled) == (BIG - CHUNK, CHUNK, False)
    assert _records(workstation) == before + BIG


def test_progress_reaches_the_gui_thread_from_the_writer(qtbot: QtBot, workstation: AppContext,
                                                         big_csv: Path) -> None:
    tasks = Tasks()  # real threads: the preview in the pool, the import on the single writer
    page = _page(qtbot, workstation, tasks)
    gui = QApplication.instance()
    assert gui is not None
    threads: list[bool] = []
    page.progress.connect(lambda rows: threads.append(QThread.currentThread() is gui.thread()))
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(1))
    try:
        _choose(qtbot, page, big_csv)
        qtbot.waitUntil(lambda: page.ui.runButton.isEnabled(), timeout=20_000)
        with qtbot.waitSignal(page.imported, timeout=120_000) as finished:
            qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
            assert page.ui.cancelButton.isEnabled() and not page.ui.chooseButton.isEnabled()
            heartbeat.start(20)
    finally:
        heartbeat.stop()
        tasks.wait()
    assert finished.args[0].created == BIG
    assert threads and all(threads)  # every progress report was delivered on the GUI thread
    assert len(ticks) >= 3  # the event loop kept running while the writer imported


def test_the_page_speaks_chinese(qtbot: QtBot, workstation: AppContext, tasks: Tasks, gbk_csv: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "zh")
    assert translators, "learncenter_zh_CN.qm was not found: run scripts/build_assets.py"
    try:
        page = _opened(qtbot, workstation, tasks, gbk_csv)
        assert page.ui.runButton.text() == "开始导入(&I)"
        assert page.ui.progressLabel.text() == "共 4 行待导入"
        assert _mapping(page)["备注"] == "不导入"
        qtbot.mouseClick(page.ui.runButton, Qt.MouseButton.LeftButton)
        assert page.ui.summaryLabel.text().startswith("共读取 4 行：新增 2 条")
        assert page.refusals.headerData(0, Qt.Orientation.Horizontal) == "行号"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
