"""The exam door's page on real notices: PDFs rendered to pictures and fed through the camera's
entry, and files opened as they are; keys from a keys file and this center's own. There is no
camera device here (offscreen), which is a state the page must handle too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from notice_samples import notice
from open_dialogs import answer_file_dialog
from learncenter.context import AppContext
from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts
from learncenter.documents.notice import NoticePages
from learncenter.documents.notice_qr import keys_file_bytes, sign_notice, trusted_key
from learncenter.documents.notice_verify import verify_notice_image
from learncenter.services.users import Role, SignedIn
from learncenter.store import device_key
from learncenter.ui.camera_dialog import CAMERA_KEY
from learncenter.ui.main_window import MainWindow
from learncenter.ui.tasks import Tasks
from learncenter.ui.verify_page import KEYS_FILE_KEY, REPEAT_SECONDS, VerifyPage

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
OTHER = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    try:
        return cjk_fonts()
    except DocumentError as exc:
        pytest.skip(f"no embeddable CJK font on this machine ({exc})")


def notice_pdf(path: Path, fonts: FontSet, key: Ed25519PrivateKey, index: int = 2, *,
               printed_seat: str | None = None, qr_text: str | None = None) -> Path:
    """A notice signed with ``key``; ``printed_seat`` prints another seat than the code holds."""
    genuine = notice(index)
    printed = genuine if printed_seat is None else replace(genuine, seat=printed_seat)
    with open(path, "wb") as target:
        pages = NoticePages(target, key, fonts=fonts)
        pages.add(printed, qr_text=qr_text or sign_notice(genuine, key))
        pages.save()
    return path


def picture(pdf: Path, dpi: int = 150) -> Path:
    """The notice as a camera or a scanner sees it: the page rendered to a PNG."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = pdf.with_suffix(".png")
    image.save(out)
    return out


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "learncenter.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def keys_file(tmp_path: Path) -> Path:
    path = tmp_path / "notice-keys.json"
    path.write_bytes(keys_file_bytes([trusted_key(KEY, "11001", "乌鲁木齐学习中心")]))
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def page(qtbot: QtBot, workstation: AppContext, tasks: Tasks, settings: QSettings, keys_file: Path,
         clock: Clock) -> Iterator[VerifyPage]:
    widget = VerifyPage(workstation, tasks, settings=settings, cameras=lambda: [], clock=clock)
    qtbot.addWidget(widget)
    widget.load_keys_file(keys_file)
    yield widget


def frame(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull()
    return image


def test_a_genuine_notice_before_the_camera_is_valid_once(page: VerifyPage, fonts: FontSet, tmp_path: Path,
                                                          clock: Clock) -> None:
    shot = frame(picture(notice_pdf(tmp_path / "n.pdf", fonts, KEY)))
    page.verify_frame(shot)
    assert [v.status for v in page.verdicts] == ["valid"]
    assert page.verdict_label.text() == "VALID" and "#1b7f3b" in page.verdict_label.styleSheet()
    assert page.field_labels["name"].text() == notice(2).name and page.field_labels["seat"].text() == "3"
    assert page.field_labels["notice"].text() == notice(2).notice_number
    assert "乌鲁木齐学习中心" in page.field_labels["center"].text()
    assert "Check that the notice number, name, room and seat printed" in page.problem_label.text()  # by eye
    assert page.history.rowCount() == 1
    for _ in range(3):  # held in view for six seconds: the verdict stays, nothing is added
        clock.now += 2
        page.verify_frame(shot)
    assert page.history.rowCount() == 1
    page.verify_frame(frame(picture(notice_pdf(tmp_path / "second.pdf", fonts, KEY, 3))))
    assert page.history.rowCount() == 2 and page.field_labels["name"].text() == notice(3).name
    page.verify_frame(shot)  # the first one again, right after another: a new check
    assert page.history.rowCount() == 3 and page.history.item(0, 3).text() == notice(2).name
    clock.now += REPEAT_SECONDS + 1  # taken away, shown again after a pause: a new check
    page.verify_frame(shot)
    assert page.history.rowCount() == 4


def test_a_notice_signed_by_another_key_is_forged(page: VerifyPage, fonts: FontSet, tmp_path: Path) -> None:
    page.verify_frame(frame(picture(notice_pdf(tmp_path / "other.pdf", fonts, OTHER))))
    assert [v.status for v in page.verdicts] == ["forged"] and page.verdict_label.text() == "FORGED"
    assert "#c62828" in page.verdict_label.styleSheet()
    assert "不在本考点的密钥文件中" in page.problem_label.text() and "unknown key" in page.field_labels["center"].text()


def test_a_code_claiming_a_trusted_key_with_a_wrong_signature_is_forged(page: VerifyPage, fonts: FontSet,
                                                                        tmp_path: Path) -> None:
    parts = sign_notice(notice(2), OTHER).split("|")
    parts[-2] = trusted_key(KEY, "11001", "x").key_id  # a forger copies the real center's key id
    pdf = notice_pdf(tmp_path / "claimed.pdf", fonts, KEY, qr_text="|".join(parts))
    page.verify_frame(frame(picture(pdf)))
    assert page.verdicts[0].status == "forged" and "签名无效" in page.problem_label.text()


def test_an_altered_pdf_opened_from_a_file(page: VerifyPage, fonts: FontSet, tmp_path: Path, qtbot: QtBot) -> None:
    pdf = notice_pdf(tmp_path / "altered.pdf", fonts, KEY, printed_seat="29")
    page.show()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, page, pdf, press_enter=True)
    assert page.verdicts[0].status == "altered" and page.verdict_label.text() == "ALTERED"
    assert "#d98200" in page.verdict_label.styleSheet()
    assert page.field_labels["seat"].text() == "3" and "座位号“29”" in page.problem_label.text()
    assert page.history.item(0, 5).text() == "altered.pdf"


def test_files_valid_and_forged_scans(page: VerifyPage, fonts: FontSet, tmp_path: Path) -> None:
    page.open_file(picture(notice_pdf(tmp_path / "scan.pdf", fonts, KEY)))
    assert page.verdicts[0].status == "valid" and page.source_label.text() == "scan.png"
    assert "Check that the notice number" in page.problem_label.text()  # a scan is compared by eye
    page.open_file(tmp_path / "scan.pdf")
    assert page.verdicts[0].status == "valid" and page.problem_label.text() == ""  # the PDF's text was compared
    page.open_file(notice_pdf(tmp_path / "forged.pdf", fonts, OTHER))
    assert page.verdicts[0].status == "forged"
    assert page.history.rowCount() == 3


def test_nothing_to_read(page: VerifyPage, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 600), "white").save(blank)
    page.verify_frame(frame(blank))  # the camera sees no code: a hint, and the panel stays as it was
    assert page.verdicts == [] and "No notice code in view" in page.camera_message.text()
    assert page.history.rowCount() == 0
    page.open_file(blank)  # a file without a code says so, in grey
    assert page.verdicts[0].status == "unreadable" and page.verdict_label.text() == "UNREADABLE"
    assert "#6b6b6b" in page.verdict_label.styleSheet() and "blank.png" in page.problem_label.text()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    page.open_file(broken)
    assert page.verdict_label.text() == "UNREADABLE" and "无法打开文件" in page.problem_label.text()


def test_without_a_camera_the_page_says_so_and_still_verifies_files(page: VerifyPage, settings: QSettings,
                                                                    qtbot: QtBot, workstation: AppContext,
                                                                    tasks: Tasks) -> None:
    assert not page.has_camera() and page.preview.isHidden()
    assert "No camera is connected" in page.camera_message.text()
    assert page.open_button.isEnabled()
    settings.setValue(CAMERA_KEY, "")  # a desk set to work with files only
    files_only = VerifyPage(workstation, tasks, settings=settings, cameras=lambda: [])
    qtbot.addWidget(files_only)
    assert "without a camera" in files_only.camera_message.text()


def test_this_centers_own_keys_by_default(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                          settings: QSettings, fonts: FontSet, tmp_path: Path) -> None:
    own = device_key.current_key(workstation.db)
    widget = VerifyPage(workstation, tasks, settings=settings, cameras=lambda: [])
    qtbot.addWidget(widget)
    widget.verify_frame(frame(picture(notice_pdf(tmp_path / "own.pdf", fonts, own))))
    assert widget.verdicts[0].status == "valid" and "this center's own (1 key(s))" in widget.keys_label.text()
    widget.verify_frame(frame(picture(notice_pdf(tmp_path / "site.pdf", fonts, KEY, 4))))
    assert widget.verdicts[0].status == "forged"  # not this center's key


def test_the_keys_file_is_remembered_and_a_broken_one_refused(page: VerifyPage, qtbot: QtBot, workstation: AppContext,
                                                              tasks: Tasks, settings: QSettings, keys_file: Path,
                                                              tmp_path: Path) -> None:
    assert settings.value(KEYS_FILE_KEY) == str(keys_file) and "notice-keys.json" in page.keys_label.text()
    again = VerifyPage(workstation, tasks, settings=settings, cameras=lambda: [])
    qtbot.addWidget(again)
    again.show()  # loads the keys when first shown
    assert "1 key(s) from notice-keys.json, centers: 乌鲁木齐学习中心" in again.keys_label.text()
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    qtbot.mouseClick(again.keys_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, again, broken)
    assert "cannot be used" in again.keys_label.text() and "this center's own" in again.keys_label.text()
    assert settings.value(KEYS_FILE_KEY) is None


def test_the_camera_entry_and_the_pure_function_agree(fonts: FontSet, tmp_path: Path) -> None:
    png = picture(notice_pdf(tmp_path / "n.pdf", fonts, KEY))
    keys = [trusted_key(KEY, "11001", "乌鲁木齐学习中心")]
    [from_file] = verify_notice_image(png.read_bytes(), keys, source="n.png")
    grey = Image.open(png).convert("L")
    [from_pixels] = verify_notice_image(grey.tobytes(), keys, size=grey.size)
    assert from_file == from_pixels and from_file.status == "valid"
    with pytest.raises(DocumentError):
        verify_notice_image(b"\x00" * 10, keys, size=(100, 100))


def test_the_page_is_for_supervisors_and_administrators(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    windows = {role: MainWindow(workstation, SignedIn(name, role, False), tasks)
               for name, role in (("admin", Role.ADMIN), ("boss", Role.SUPERVISOR), ("clerk1", Role.CLERK))}
    for window in windows.values():
        qtbot.addWidget(window)
    assert [window.stack.indexOf(window.verify) >= 0 for window in windows.values()] == [True, True, False]


def test_the_page_speaks_chinese(chinese: None, page: VerifyPage, fonts: FontSet, tmp_path: Path) -> None:
    page.verify_frame(frame(picture(notice_pdf(tmp_path / "n.pdf", fonts, OTHER))))
    assert page.verdict_label.text() == "伪造" and "未知密钥" in page.problem_label.text()
