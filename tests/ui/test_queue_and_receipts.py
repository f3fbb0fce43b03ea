"""The queue through its real widgets: sorting by clicking headers, masked ID numbers, the row menu,
and reprinting a receipt, saved through Qt's own file dialog when there is no printer.

Offscreen, QApplication knows no printer: that is the no-printer case as a clerk meets it. Only
the printer itself is stood in for (a QPrinter writing a PDF file) where a printer is needed.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMenu, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.documents import DocumentError, cjk_fonts
from learncenter.domain.idnumber import check_character
from learncenter.store.models import Record
from learncenter.store.queue import Order, SortKey
from learncenter.store.name_keys import name_keys
from learncenter.ui.printing import PREVIEW_KEY, Delivery, PreviewDialog, PrintOutcome, no_printer_text, print_receipt
from learncenter.ui.queue_model import COLUMNS, ID_NUMBER_ROLE, PAGE, RECORD_ID_ROLE
from learncenter.ui.queue_page import QueuePage
from learncenter.ui.receipts import SaveReceiptDialog, reprint_receipt
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # in the workstation fixture, with 李四
LI_SI = "120103198806018241"
ALL = 3  # the state filter's "All"


def _id(birth: date, serial: int) -> str:
    first17 = f"110105{birth:%Y%m%d}{serial:03d}"
    return first17 + check_character(first17)


def _crowd(ctx: AppContext, count: int) -> None:
    """More candidates than one page of the queue, born on different days."""
    surnames, given = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施", "一二三四五六七八九十"
    ctx.records.enter_many(
        [new_record(name=surnames[i % len(surnames)] + given[i % 10] + given[(i // 10) % 10],
                    id_number=_id(date(1975, 1, 1) + timedelta(days=37 * i), i % 1000))
         for i in range(count)], actor=sign_in_as(ctx.users, "admin"), source="import")


def _record_id(ctx: AppContext, id_number: str) -> str:
    with ctx.db.session() as session:
        record_id = session.scalar(select(Record.id).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record_id is not None
        return record_id


def _seal(ctx: AppContext, id_number: str) -> str:
    record_id = _record_id(ctx, id_number)
    ctx.records.attach_photo(record_id, jpeg(), actor=sign_in_as(ctx.users, "clerk1"))
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    return record_id


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> QueuePage:
    page = QueuePage(ctx, tasks, actor=sign_in_as(ctx.users, "clerk1"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _click_header(qtbot: QtBot, page: QueuePage, key: SortKey) -> None:
    header = page.table.horizontalHeader()
    section = COLUMNS.index(key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _shown_rows(page: QueuePage) -> list[tuple[str, date]]:
    return [(page.model.row_at(i).name, page.model.row_at(i).birth_date) for i in range(page.model.rowCount())]


def _fetch_all(page: QueuePage) -> None:
    """Scroll to the end as a clerk would, until the model has every page."""
    while page.model.canFetchMore(page.model.index(-1, -1)):
        page.table.scrollToBottom()
        page.model.fetchMore(page.model.index(-1, -1))


def _right_click_menu(qtbot: QtBot, page: QueuePage, row: int) -> QMenu:
    """The context-menu event the window system sends for a right click on the row (QTest's mouse
    clicks do not make one), and the menu it opened."""
    viewport = page.table.viewport()
    where = page.table.visualRect(page.model.index(row, 1)).center()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where,
                                                       viewport.mapToGlobal(where)))
    menus = [m for m in page.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1, "expected the row's menu"
    assert page.table.currentIndex().row() == row
    return menus[0]


def _action(menu: QMenu, text: str) -> tuple[bool, object]:
    for action in menu.actions():
        if action.text() == text:
            return action.isEnabled(), action
    raise AssertionError(f"no menu item {text!r} in {[a.text() for a in menu.actions()]}")


# -- sorting ------------------------------------------------------------------------------------

def test_clicking_headers_sorts_a_page_at_a_time(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    _crowd(workstation, PAGE + 50)
    page = _page(qtbot, workstation, tasks)
    page.filter.setCurrentIndex(ALL)
    assert page.count_label.text() == f"{PAGE + 52} record(s)"
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMNS.index(SortKey.NAME)

    _click_header(qtbot, page, SortKey.BIRTH_DATE)
    assert page.order == Order(SortKey.BIRTH_DATE)
    assert header.sortIndicatorSection() == COLUMNS.index(SortKey.BIRTH_DATE)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.rowCount() == PAGE  # one page, sorted by the database, not the whole queue
    _fetch_all(page)
    rows = _shown_rows(page)
    assert len(rows) == PAGE + 52
    assert [b for _n, b in rows] == sorted(b for _n, b in rows)
    assert rows[0] == ("赵一一", date(1975, 1, 1))

    _click_header(qtbot, page, SortKey.BIRTH_DATE)  # again: the other way round
    assert page.order == Order(SortKey.BIRTH_DATE, descending=True)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    _fetch_all(page)
    assert [b for _n, b in _shown_rows(page)] == sorted((b for _n, b in rows), reverse=True)

    _click_header(qtbot, page, SortKey.NAME)  # names in pinyin order, not in the order of Unicode
    assert page.order == Order(SortKey.NAME)
    _fetch_all(page)
    names = [n for n, _b in _shown_rows(page)]
    assert [name_keys(n)[0] for n in names] == sorted(name_keys(n)[0] for n in names)
    chen = min(i for i, n in enumerate(names) if n.startswith("陈"))
    assert chen < names.index("李四") < names.index("张三")
    assert sorted(names) != names  # 张 (U+5F20) sorts before 李 (U+674E) by code point


def test_search_results_come_best_first_until_a_header_is_clicked(qtbot: QtBot, workstation: AppContext,
                                                                   tasks: Tasks) -> None:
    workstation.records.enter_many([new_record(name="张三丰", id_number="440524188001010014")],
                                   actor=sign_in_as(workstation.users, "admin"), source="entry")
    page = _page(qtbot, workstation, tasks)
    page.filter.setCurrentIndex(ALL)
    header = page.table.horizontalHeader()
    qtbot.keyClicks(page.search_edit, "zhangsan")
    assert [n for n, _b in _shown_rows(page)] == ["张三", "张三丰"]  # exact pinyin before the prefix
    assert header.sortIndicatorSection() == -1  # no column is the order of a search
    _click_header(qtbot, page, SortKey.BIRTH_DATE)
    assert [n for n, _b in _shown_rows(page)] == ["张三丰", "张三"]  # born 1880, 1991
    qtbot.keyClicks(page.search_edit, "f")  # a narrower search keeps the clerk's order
    assert [n for n, _b in _shown_rows(page)] == ["张三丰"]
    assert header.sortIndicatorSection() == COLUMNS.index(SortKey.BIRTH_DATE)
    page.search_edit.clear()
    assert page.order == Order(SortKey.BIRTH_DATE)
    assert [n for n, _b in _shown_rows(page)] == ["张三丰", "李四", "张三"]


# -- masking ------------------------------------------------------------------------------------

def test_lists_show_id_numbers_masked_and_a_full_number_still_finds(qtbot: QtBot, workstation: AppContext,
                                                                     tasks: Tasks) -> None:
    page = _page(qtbot, workstation, tasks)
    model, column = page.model, COLUMNS.index(SortKey.ID_NUMBER)
    shown = {model.index(r, column).data(): model.index(r, column).data(ID_NUMBER_ROLE)
             for r in range(model.rowCount())}
    assert shown == {"360426********0071": ZHANG_SAN, "120103********8241": LI_SI}
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.StatusTipRole,
             Qt.ItemDataRole.WhatsThisRole, Qt.ItemDataRole.AccessibleTextRole,
             Qt.ItemDataRole.AccessibleDescriptionRole, Qt.ItemDataRole.EditRole]
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            for role in roles:
                value = str(model.index(r, c).data(role) or "")
                assert ZHANG_SAN not in value and LI_SI not in value and "19910101" not in value

    qtbot.keyClicks(page.search_edit, ZHANG_SAN)
    assert model.rowCount() == 1
    assert model.index(0, column).data() == "360426********0071"
    assert model.index(0, 0).data(RECORD_ID_ROLE) == _record_id(workstation, ZHANG_SAN)
    with qtbot.waitSignal(page.open_record) as opened:
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert opened.args == [_record_id(workstation, ZHANG_SAN)]


# -- the row's menu -----------------------------------------------------------------------------

def test_the_row_menu_offers_receipts_and_corrections_for_sealed_records_only(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    sealed = _seal(workstation, ZHANG_SAN)
    refused = _record_id(workstation, LI_SI)
    workstation.records.refuse(refused, actor=sign_in_as(workstation.users, "clerk1"), reason="证件不符")
    workstation.records.enter_many([new_record(name="王五", id_number="44011320141005001X")],
                                   actor=sign_in_as(workstation.users, "admin"), source="entry")
    page = _page(qtbot, workstation, tasks)
    page.filter.setCurrentIndex(ALL)
    rows = {page.model.row_at(i).name: i for i in range(page.model.rowCount())}

    menu = _right_click_menu(qtbot, page, rows["王五"])  # waiting: open only
    assert [a.text() for a in menu.actions()] == ["&Open", "&Reprint receipt", "&Correct…"]
    assert [a.isEnabled() for a in menu.actions()] == [True, False, False]
    menu.close()

    menu = _right_click_menu(qtbot, page, rows["李四"])  # refused on site: no receipt to print
    assert [a.isEnabled() for a in menu.actions()] == [True, False, True]
    menu.close()

    for text, signal in (("&Open", page.open_record), ("&Reprint receipt", page.reprint_record),
                         ("&Correct…", page.correct_record)):
        menu = _right_click_menu(qtbot, page, rows["张三"])
        enabled, action = _action(menu, text)
        assert enabled
        with qtbot.waitSignal(signal) as emitted:
            action.trigger()  # type: ignore[attr-defined]
        assert emitted.args == [sealed]
        menu.close()

    assert page.show_context_menu(QPoint(5, page.table.viewport().height() - 2)) is None  # below the rows


# -- reprinting ---------------------------------------------------------------------------------

@pytest.fixture
def fonts() -> None:
    try:
        cjk_fonts()
    except DocumentError as exc:
        pytest.skip(f"no embeddable CJK font on this machine ({exc})")


@pytest.fixture
def no_printer() -> None:
    if QPrinterInfo.availablePrinters():
        pytest.skip("this machine has a printer installed")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "learncenter.ini"), QSettings.Format.IniFormat)


def pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout


def pdf_printer(path: Path) -> QPrinter:
    """The stand-in for the printer hardware: Qt's PDF output."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _reprint_from_the_menu(qtbot: QtBot, ctx: AppContext, tasks: Tasks, window: QWidget,
                           statuses: list[str], **options: object) -> QueuePage:
    """The page inside a window, wired as the main window wires it; Reprint chosen from the menu."""
    page = QueuePage(ctx, tasks, window, actor=sign_in_as(ctx.users, "clerk1"))
    page.reprint_record.connect(lambda record_id: reprint_receipt(window, ctx.desk, tasks, record_id, "zh",
                                                                  statuses.append, actor=ctx.user,
                                                                  **options))  # type: ignore[arg-type]
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    page.filter.setCurrentIndex(1)  # sealed
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    enabled, action = _action(_right_click_menu(qtbot, page, 0), "&Reprint receipt")
    assert enabled
    action.trigger()  # type: ignore[attr-defined]
    return page


def _save_dialog(window: QWidget) -> SaveReceiptDialog:
    dialogs = [d for d in window.findChildren(SaveReceiptDialog) if d.isVisible()]
    assert len(dialogs) == 1, "expected the save dialog"
    dialog = dialogs[0]
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    return dialog


def test_without_a_printer_the_receipt_is_saved_through_the_file_dialog(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, tmp_path: Path, fonts: None, no_printer: None) -> None:
    _seal(workstation, ZHANG_SAN)
    window, statuses = QWidget(), []
    qtbot.addWidget(window)
    _reprint_from_the_menu(qtbot, workstation, tasks, window, statuses)
    dialog = _save_dialog(window)
    assert statuses == []  # nothing has happened yet: the clerk is choosing where to save
    target = tmp_path / "receipts" / "张三 回执.pdf"
    target.parent.mkdir()
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(edit, QLineEdit)
    edit.setText(str(target))
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    assert isinstance(buttons, QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(statuses))
    assert statuses == [f"The receipt was not printed (no printer); it was saved as {target}."]
    assert target.read_bytes().startswith(b"%PDF")
    text = pdftotext(target)
    assert "张三" in text and "现场确认回执" in text


def test_declining_to_save_says_nothing_was_printed(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                   fonts: None, no_printer: None) -> None:
    _seal(workstation, ZHANG_SAN)
    window, statuses = QWidget(), []
    qtbot.addWidget(window)
    _reprint_from_the_menu(qtbot, workstation, tasks, window, statuses)
    buttons = _save_dialog(window).findChild(QDialogButtonBox, "buttonBox")
    assert isinstance(buttons, QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert statuses == ["The receipt was not printed: there is no printer, and it was not saved as a file."]


def test_with_a_printer_the_status_names_it_once_it_has_the_pages(
        qtbot: QtBot, workstation: AppContext, tmp_path: Path, settings: QSettings, fonts: None) -> None:
    _seal(workstation, ZHANG_SAN)
    window, statuses = QWidget(), []
    qtbot.addWidget(window)
    out = tmp_path / "printed.pdf"
    tasks = Tasks()  # real worker threads: the PDF is made and rendered off the GUI thread
    _reprint_from_the_menu(qtbot, workstation, tasks, window, statuses, settings=settings, printer=pdf_printer(out))
    assert statuses == []  # the receipt is still being made
    qtbot.waitUntil(lambda: bool(statuses), timeout=30_000)
    assert statuses == [f"The receipt was sent to the printer {out}."]
    assert not window.findChildren(SaveReceiptDialog)
    assert out.read_bytes().startswith(b"%PDF")  # the pages as the printer got them (images, no text)
    assert out.stat().st_size > 20_000


def test_the_preview_reports_what_became_of_the_receipt(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, tmp_path: Path, settings: QSettings, fonts: None) -> None:
    _seal(workstation, ZHANG_SAN)
    settings.setValue(PREVIEW_KEY, True)
    window, statuses = QWidget(), []
    qtbot.addWidget(window)
    out = tmp_path / "printed.pdf"
    _reprint_from_the_menu(qtbot, workstation, tasks, window, statuses, settings=settings, printer=pdf_printer(out))
    preview = [d for d in window.findChildren(PreviewDialog) if d.isVisible()]
    assert len(preview) == 1 and statuses == []
    qtbot.mouseClick(preview[0].print_button, Qt.MouseButton.LeftButton)
    assert statuses == [f"The receipt was sent to the printer {out}."]
    assert out.read_bytes().startswith(b"%PDF")


def test_a_record_that_is_not_sealed_has_no_receipt(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    statuses: list[str] = []
    reprint_receipt(None, workstation.desk, tasks, _record_id(workstation, LI_SI), "zh", statuses.append,
                    actor=workstation.user)
    assert statuses == ["The receipt was not printed: it could not be made (the record is not sealed)."]


# -- print_receipt tells the truth --------------------------------------------------------------

@pytest.fixture
def receipt_pdf(workstation: AppContext, fonts: None) -> bytes:
    return workstation.desk.receipt(_seal(workstation, ZHANG_SAN), actor=workstation.user, lang="zh").data


def test_print_receipt_without_a_printer_does_not_claim_it_printed(qapp: QApplication, receipt_pdf: bytes,
                                                                   settings: QSettings, no_printer: None) -> None:
    told: list[str] = []
    finished: list[PrintOutcome] = []
    outcome = print_receipt(receipt_pdf, settings=settings, tasks=Tasks(synchronous=True), tell=told.append,
                            finished=finished.append)
    assert outcome.delivery is Delivery.NOT_PRINTED and outcome.final
    assert outcome.text == no_printer_text() and told == [no_printer_text()] and finished == [outcome]


def test_print_receipt_says_sent_only_when_the_printer_has_it(qtbot: QtBot, receipt_pdf: bytes,
                                                              settings: QSettings, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    outcome = print_receipt(receipt_pdf, settings=settings, tasks=Tasks(synchronous=True), printer=pdf_printer(out))
    assert outcome == PrintOutcome.sent(str(out))
    assert outcome.text == f"The receipt was sent to the printer {out}."

    finished: list[PrintOutcome] = []
    later = tmp_path / "later.pdf"
    outcome = print_receipt(receipt_pdf, settings=settings, tasks=Tasks(), printer=pdf_printer(later),
                            finished=finished.append)
    assert outcome.delivery is Delivery.PRINTING and not outcome.final  # the pages are still being drawn
    assert outcome.text == f"The receipt is being sent to the printer {later}."
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    assert finished == [PrintOutcome.sent(str(later))]




def test_closing_the_preview_says_the_receipt_was_not_printed(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, tmp_path: Path, settings: QSettings, fonts: None) -> None:
    _seal(workstation, ZHANG_SAN)
    settings.setValue(PREVIEW_KEY, True)
    window, statuses = QWidget(), []
    qtbot.addWidget(window)
    _reprint_from_the_menu(qtbot, workstation, tasks, window, statuses, settings=settings,
                           printer=pdf_printer(tmp_path / "never.pdf"))
    (preview,) = [d for d in window.findChildren(PreviewDialog) if d.isVisible()]
    (close,) = [b for b in preview.findChildren(QPushButton) if b.text() == "&Close"]
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert statuses == ["The receipt was not printed: the preview was closed."]
    assert not (tmp_path / "never.pdf").exists()
