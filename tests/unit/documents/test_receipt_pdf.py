"""The confirmation receipt, read back from the PDF with poppler: text, fonts, photo, rendering."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from learncenter.documents import DocumentError, FontSet, ReceiptData, cjk_fonts, receipt_missing_glyphs
from learncenter.documents import render_receipt, write_receipt
from learncenter.documents.layout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from learncenter.documents.receipt import PHOTO_COLUMN, PHOTO_UNREADABLE, ROW, TABLE_TOP, WRITE_FAILED

PHOTO_COLOUR = (20, 160, 60)  # a green that neither ink nor paper has
PRINTED_AT = datetime(2026, 3, 1, 14, 35)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RunTool = Callable[..., str]  # the conftest fixture: run a poppler tool, return its output
LONG_NAME = "阿依古丽·买买提·艾力江·阿卜杜热合曼·吐尔逊巴依·艾尔肯江·玛依拉·库尔班"


@pytest.fixture(scope="module")
def photo_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (390, 520), PHOTO_COLOUR).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@pytest.fixture
def data(photo_jpeg: bytes) -> ReceiptData:
    return ReceiptData(
        registration_no="2026110105001234", term="2026年春季", name="阿依古丽·买买提·艾力江", gender="女",
        birth_date=date(1995, 5, 12), id_number="65010219950512002X", ethnicity="维吾尔族", level="专科起点本科",
        major_code="120201", major_name="工商管理", learning_form="网络教育",
        prior_school="新疆维吾尔自治区乌鲁木齐市职业技术学院（原乌鲁木齐市第二职业中等专业学校）继续教育学院",
        prior_certificate_no="128561201906001234", photo_jpeg=photo_jpeg,
        center_name="北京某某大学网络教育学院乌鲁木齐学习中心", confirmed_at=datetime(2026, 3, 1, 14, 32),
        clerk="张晓明", record_id="3f2a9c1e-7b4d-4e8a-9f10-2c5d6e7f8a9b", version=2,
        payment="已缴费（2026年02月03日）",
    )


def save(tmp_path: Path, data: ReceiptData, fonts: FontSet, name: str = "receipt.pdf") -> Path:
    path = tmp_path / name
    write_receipt(data, path, printed_at=PRINTED_AT, fonts=fonts)
    return path


def text_of(run_tool: RunTool, pdf: Path) -> str:
    return run_tool("pdftotext", "-enc", "UTF-8", pdf, "-")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render_page(run_tool: RunTool, pdf: Path, dpi: int) -> Image.Image:
    run_tool("pdftoppm", "-r", str(dpi), "-png", "-singlefile", pdf, pdf.with_suffix(""))
    with Image.open(pdf.with_suffix(".png")) as image:
        return image.convert("RGB")


def test_text_layer_holds_the_data(tmp_path: Path, fonts: FontSet, data: ReceiptData, run_tool: RunTool) -> None:
    text = text_of(run_tool, save(tmp_path, data, fonts))
    for expected in ("网络教育现场确认回执", "阿依古丽·买买提·艾力江", "65010219950512002X", "2026110105001234",
                     "工商管理", "120201", "1995年05月12日", "2026年03月01日 14:32", "张晓明", "确认点（盖章）",
                     "考生签名", "本人已认真核对以上信息及照片，确认准确无误。", "版本：2", "2026-03-01 14:35",
                     "3f2a9c1e-7b4d-4e8a-9f10-2c5d6e7f8a9b", "缴费状态", "已缴费（2026年02月03日）"):
        assert expected in text, expected
    assert squeezed(data.prior_school) in squeezed(text)


def test_rare_character_stays_in_the_text_and_is_reported(tmp_path: Path, fonts: FontSet, data: ReceiptData,
                                                          run_tool: RunTool) -> None:
    rare = replace(data, name="𠮷祥")
    assert "𠮷祥" in text_of(run_tool, save(tmp_path, rare, fonts))
    assert receipt_missing_glyphs(rare, fonts) == ([] if fonts.font_for("𠮷") else ["𠮷"])
    assert receipt_missing_glyphs(data, fonts) == []


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
def test_fallback_font_draws_and_maps_a_character_beyond_the_bmp(tmp_path: Path, fonts: FontSet, data: ReceiptData,
                                                                  run_tool: RunTool) -> None:
    mixed = cjk_fonts([fonts.path], [DEJAVU])
    pdf = save(tmp_path, replace(data, name="王\U00010300明"), mixed)
    assert "王\U00010300明" in text_of(run_tool, pdf)  # needs surrogate pairs in the ToUnicode map
    assert "DejaVuSans" in run_tool("pdffonts", pdf)


def test_fonts_are_embedded_truetype(tmp_path: Path, fonts: FontSet, data: ReceiptData, run_tool: RunTool) -> None:
    rows = run_tool("pdffonts", save(tmp_path, data, fonts)).splitlines()[2:]
    assert rows, "the PDF names no font"
    for row in rows:
        assert "TrueType" in row and "Type 3" not in row, row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_metadata(tmp_path: Path, fonts: FontSet, data: ReceiptData, run_tool: RunTool) -> None:
    info = run_tool("pdfinfo", save(tmp_path, data, fonts))
    assert re.search(r"^Title:\s+网络教育现场确认回执$", info, re.M)
    assert re.search(r"^Author:\s+learncenter$", info, re.M)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)


def test_photo_is_the_stored_jpeg(tmp_path: Path, fonts: FontSet, data: ReceiptData, run_tool: RunTool) -> None:
    pdf = save(tmp_path, data, fonts)
    assert "jpeg" in run_tool("pdfimages", "-list", pdf)
    run_tool("pdfimages", "-j", pdf, tmp_path / "img")
    assert (tmp_path / "img-000.jpg").read_bytes() == data.photo_jpeg


def pixel_box(cx: float, cy_from_top: float, half: float, dpi: int) -> tuple[int, int, int, int]:
    scale = dpi / 72
    return (round((cx - half) * scale), round((cy_from_top - half) * scale),
            round((cx + half) * scale), round((cy_from_top + half) * scale))


def test_rendered_page_shows_photo_and_title(tmp_path: Path, fonts: FontSet, data: ReceiptData,
                                             run_tool: RunTool) -> None:
    page = render_page(run_tool, save(tmp_path, data, fonts), 50)
    assert abs(page.width - PAGE_WIDTH * 50 / 72) < 1.5 and abs(page.height - PAGE_HEIGHT * 50 / 72) < 1.5
    photo_centre = (PAGE_WIDTH - MARGIN - PHOTO_COLUMN / 2, PAGE_HEIGHT - TABLE_TOP + 2 * ROW)
    mean = ImageStat.Stat(page.crop(pixel_box(*photo_centre, 20, 50))).mean
    assert all(abs(m - c) < 20 for m, c in zip(mean, PHOTO_COLOUR)), mean
    title = page.crop((0, round(MARGIN * 50 / 72), page.width, round((MARGIN + 40) * 50 / 72))).convert("L")
    assert sum(title.histogram()[:100]) > 100  # dark glyph pixels


def test_without_photo_a_placeholder_is_framed(tmp_path: Path, fonts: FontSet, data: ReceiptData,
                                               run_tool: RunTool) -> None:
    pdf = save(tmp_path, replace(data, photo_jpeg=None), fonts)
    assert "无照片" in text_of(run_tool, pdf)
    page = render_page(run_tool, pdf, 50)
    photo_centre = (PAGE_WIDTH - MARGIN - PHOTO_COLUMN / 2, PAGE_HEIGHT - TABLE_TOP + 2 * ROW)
    assert ImageStat.Stat(page.crop(pixel_box(*photo_centre, 30, 50)).convert("L")).mean[0] > 180


def test_long_values_stay_whole_and_on_the_page(tmp_path: Path, fonts: FontSet, data: ReceiptData,
                                                run_tool: RunTool) -> None:
    long = replace(data, name=LONG_NAME, prior_school=data.prior_school * 2, center_name=data.center_name * 3)
    pdf = save(tmp_path, long, fonts)
    text = squeezed(text_of(run_tool, pdf))
    for value in (LONG_NAME, long.prior_school, long.center_name):
        assert squeezed(value) in text
    html = run_tool("pdftotext", "-bbox", pdf, "-")
    boxes = [tuple(map(float, m)) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                                       r'yMax="([\d.]+)"', html)]
    assert len(boxes) > 20
    for x_min, y_min, x_max, y_max in boxes:
        assert MARGIN - 1 <= x_min and x_max <= PAGE_WIDTH - MARGIN + 1, (x_min, x_max)
        assert MARGIN - 1 <= y_min and y_max <= PAGE_HEIGHT - MARGIN + 1, (y_min, y_max)


def test_same_data_gives_the_same_text(fonts: FontSet, data: ReceiptData, tmp_path: Path, run_tool: RunTool) -> None:
    first = save(tmp_path, data, fonts, "a.pdf")
    second = save(tmp_path, data, fonts, "b.pdf")
    assert text_of(run_tool, first) == text_of(run_tool, second)
    def boxes(pdf: Path) -> str:  # the words and where they stand, not the dates in the header
        return re.sub(r"<meta [^>]*>", "", run_tool("pdftotext", "-bbox", pdf, "-"))

    assert boxes(first) == boxes(second)


def test_english_labels(tmp_path: Path, fonts: FontSet, data: ReceiptData, run_tool: RunTool) -> None:
    text = text_of(run_tool, save(tmp_path, replace(data, lang="en"), fonts))
    assert "Online Education On-site Confirmation Receipt" in text and "Registration no." in text
    assert "1995-05-12" in text and "报名号" not in text
    with pytest.raises(ValueError):
        replace(data, lang="fr")


def test_broken_photo_is_refused(fonts: FontSet, data: ReceiptData, photo_jpeg: bytes) -> None:
    for bad in (b"\x89PNG\r\n\x1a\n", photo_jpeg[:40]):
        with pytest.raises(DocumentError) as caught:
            render_receipt(replace(data, photo_jpeg=bad), printed_at=PRINTED_AT, fonts=fonts)
        assert caught.value.problem.code == PHOTO_UNREADABLE and caught.value.problem.field == "photo"


def test_write_replaces_whole_files_only(tmp_path: Path, fonts: FontSet, data: ReceiptData) -> None:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(b"old receipt")
    write_receipt(data, path, printed_at=PRINTED_AT, fonts=fonts)
    assert path.read_bytes().startswith(b"%PDF-") and path.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]
    with pytest.raises(DocumentError) as caught:
        write_receipt(data, tmp_path / "missing-folder" / "receipt.pdf", fonts=fonts)
    assert caught.value.problem.code == WRITE_FAILED
    assert "missing-folder" in caught.value.text("zh")


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset exists on Unix only")
def test_aware_times_are_shown_in_local_time(fonts: FontSet, data: ReceiptData, tmp_path: Path,
                                             run_tool: RunTool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "CST-8")  # POSIX form of China Standard Time, needs no tz database
    time.tzset()
    try:
        aware = replace(data, confirmed_at=datetime(2026, 3, 1, 6, 32, tzinfo=UTC))
        assert "2026年03月01日 14:32" in text_of(run_tool, save(tmp_path, aware, fonts))
    finally:
        monkeypatch.undo()
        time.tzset()
