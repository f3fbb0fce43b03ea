"""Admission notices read back from the PDFs: poppler's text, fonts and rendering, the QR code
decoded by zxing-cpp from the rendered page and verified; batch modes, refusal and cancel."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from PIL import Image, ImageFilter, ImageStat

from notice_samples import PHOTO_COLOUR, notice
from learncenter.documents.fonts import FontSet
from learncenter.documents.layout import PAGE_HEIGHT
from learncenter.documents.notice import NOTICE_NO_PHOTO, NOTICE_PHOTO_UNREADABLE, PHOTO_SLOT, NoticePages, value_boxes
from learncenter.documents.notice_qr import NOTICE_ALTERED, sign_notice, trusted_key, verify_notice_text
from learncenter.documents.notice_verify import verify_notice_file
from learncenter.documents.notices import NoticeRun, write_notice_files, write_notices
from learncenter.domain.messages import DomainError

RunTool = Callable[..., str]
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
KEY_RAW = KEY.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
TRUSTED = [trusted_key(KEY, "11001", "乌鲁木齐学习中心")]


def render(run_tool: RunTool, pdf: Path, dpi: int, page: int = 1) -> Image.Image:
    stem = pdf.with_name(f"{pdf.stem}-p{page}")
    run_tool("pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", pdf, stem)
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGB")


def crop(image: Image.Image, box: object, dpi: int) -> Image.Image:
    scale = dpi / 72
    x, y, w, h = (getattr(box, name) for name in ("x", "y", "width", "height"))
    return image.crop((round(x * scale), round((PAGE_HEIGHT - y - h) * scale), round((x + w) * scale),
                       round((PAGE_HEIGHT - y) * scale)))


def ink(image: Image.Image) -> float:
    """Share of dark pixels."""
    grey = image.convert("L")
    return sum(grey.point(lambda v: 255 if v < 128 else 0).histogram()[255:]) / (grey.width * grey.height)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> Path:
    out = tmp_path_factory.mktemp("notices") / "notices.pdf"
    seen: list[tuple[int, int]] = []
    run = write_notices([notice(i) for i in range(5)], out, signing_key=KEY_RAW, workers=2,
                        progress=lambda done, total: seen.append((done, total)))
    assert run == NoticeRun(5, False, (out,))
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    return out


def test_text_layer_holds_names_seats_and_numbers(batch: Path, run_tool: RunTool) -> None:
    pages = run_tool("pdftotext", "-enc", "UTF-8", batch, "-").split("\f")
    for index in range(5):
        text = pages[index]
        expected = notice(index)
        for value in (expected.name, expected.notice_number, expected.id_number, expected.room, "准考证",
                      "考生须知", "乌鲁木齐市第一中学", "大学英语B", "2026年04月18日", "09:00"):
            assert value in text, (index, value)
        assert re.search(rf"座位号\s+{expected.seat}\b", text) or f"\n{expected.seat}\n" in text, text


def test_cjk_font_is_embedded(batch: Path, run_tool: RunTool) -> None:
    rows = run_tool("pdffonts", batch).splitlines()[2:]
    assert rows
    for row in rows:
        assert "TrueType" in row and " yes yes yes " in row, row  # embedded, subset, with ToUnicode


def test_rendered_page_shows_photo_and_chinese_glyphs(tmp_path: Path, batch: Path, run_tool: RunTool,
                                                      fonts: FontSet) -> None:
    dpi = 72
    page = render(run_tool, batch, dpi)
    photo = ImageStat.Stat(crop(page, PHOTO_SLOT.inset(4), dpi)).mean
    assert all(abs(a - b) < 30 for a, b in zip(photo, PHOTO_COLOUR)), photo
    blank = tmp_path / "blank.pdf"
    with open(blank, "wb") as target:
        pages = NoticePages(target, KEY, fonts=fonts)
        pages.add(notice(0, name="　"), qr_text="blank")
        pages.save()
    name_box = value_boxes()["name"]
    written, empty = ink(crop(page, name_box.inset(2), dpi)), ink(crop(render(run_tool, blank, dpi), name_box.inset(2), dpi))
    assert empty < 0.01 < written  # the name's glyphs are drawn, not boxes of nothing


def test_photo_is_embedded_as_its_own_jpeg_bytes(batch: Path) -> None:
    data = batch.read_bytes()
    for index in range(5):
        assert notice(index).photo_jpeg in data  # type: ignore[operator]


def test_qr_from_rendered_page_decodes_and_verifies(batch: Path, run_tool: RunTool) -> None:
    page = render(run_tool, batch, 150, page=3)
    results = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(results) == 1
    verdict = verify_notice_text(bytes(results[0].bytes).decode("utf-8"), TRUSTED)
    assert verdict.status == "valid" and verdict.center_name == "乌鲁木齐学习中心"
    assert dict(verdict.fields) | {"id": ""} == {"notice": "260000002", "name": notice(2).name, "session": "2026-1",
                                                 "room": "第01考场", "seat": "3", "id": ""}


def test_verify_notice_file_checks_every_page(batch: Path) -> None:
    verdicts = verify_notice_file(batch, TRUSTED)
    assert [v.status for v in verdicts] == ["valid"] * 5
    assert [v.fields["notice"] for v in verdicts] == [notice(i).notice_number for i in range(5)]


def test_changed_character_or_other_key_is_forged() -> None:
    text = sign_notice(notice(1), KEY)
    changed = text.replace("|张伟|", "|张玮|")
    assert changed != text and verify_notice_text(changed, TRUSTED).status == "forged"
    seat_changed = text.replace("|第01考场|2|", "|第01考场|3|")
    assert seat_changed != text and verify_notice_text(seat_changed, TRUSTED).status == "forged"
    other = Ed25519PrivateKey.generate()
    verdict = verify_notice_text(sign_notice(notice(1), other), TRUSTED)
    assert verdict.status == "forged" and verdict.problem is not None
    assert verdict.problem.code == "documents.notice_unknown_key"
    # another key claiming the trusted key's id
    parts = sign_notice(notice(1), other).split("|")
    parts[-2] = TRUSTED[0].key_id
    claimed = verify_notice_text("|".join(parts), TRUSTED)
    assert claimed.status == "forged" and claimed.problem is not None
    assert claimed.problem.code == "documents.notice_forged" and "260000001" in claimed.problem.text("zh")


def test_printed_seat_differing_from_the_code_is_altered(tmp_path: Path, fonts: FontSet) -> None:
    genuine = notice(4)
    printed = replace(genuine, seat="29")
    pdf = tmp_path / "altered.pdf"
    with open(pdf, "wb") as target:
        pages = NoticePages(target, KEY, fonts=fonts)
        pages.add(printed, qr_text=sign_notice(genuine, KEY))
        pages.save()
    [verdict] = verify_notice_file(pdf, TRUSTED)
    assert verdict.status == "altered" and verdict.fields["seat"] == "5"
    assert verdict.problem is not None and verdict.problem.code == NOTICE_ALTERED["seat"]
    assert "29" in verdict.problem.text("zh") and "seat" in verdict.problem.text("en")


def test_photo_of_a_printed_notice_still_verifies(tmp_path: Path, batch: Path, run_tool: RunTool) -> None:
    page = render(run_tool, batch, 150, page=2)
    snapshot = page.rotate(4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(200, 200, 190))
    snapshot = snapshot.filter(ImageFilter.GaussianBlur(1.2))
    photo = tmp_path / "phone.jpg"
    snapshot.save(photo, "JPEG", quality=55)
    [verdict] = verify_notice_file(photo, TRUSTED)
    assert verdict.status == "valid" and verdict.fields["notice"] == "260000001"


def test_blank_image_is_unreadable(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (600, 800), "white").save(blank)
    [verdict] = verify_notice_file(blank, TRUSTED)
    assert verdict.status == "unreadable" and verdict.problem is not None and "blank.png" in verdict.problem.text()


def test_notice_without_photo_is_refused_and_listed(tmp_path: Path) -> None:
    out = tmp_path / "notices.pdf"
    notices = [notice(0), notice(1, photo_jpeg=None), notice(2), notice(3, photo_jpeg=None)]
    with pytest.raises(DomainError) as raised:
        write_notices(notices, out, signing_key=KEY_RAW, workers=1)
    assert raised.value.problem.code == NOTICE_NO_PHOTO
    assert "260000001" in raised.value.text() and "260000003" in raised.value.text()
    assert "260000000" not in raised.value.text()
    assert list(tmp_path.iterdir()) == []


def test_broken_photo_is_refused_before_drawing(tmp_path: Path) -> None:
    out = tmp_path / "notices.pdf"
    with pytest.raises(DomainError) as raised:
        write_notices([notice(0), notice(1, photo_jpeg=b"\xff\xd8\xff\xe0 not really")], out, signing_key=KEY_RAW)
    assert raised.value.problem.code == NOTICE_PHOTO_UNREADABLE and "260000001" in raised.value.text()
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_no_output(tmp_path: Path, fonts: FontSet) -> None:
    out = tmp_path / "notices.pdf"
    out.write_bytes(b"the previous batch")
    progress: list[int] = []
    run = write_notices([notice(i) for i in range(400)], out, signing_key=KEY_RAW, workers=2,
                        progress=lambda done, total: progress.append(done), cancelled=lambda: bool(progress))
    assert run == NoticeRun(0, True, ())
    assert 0 < progress[-1] < 400
    assert out.read_bytes() == b"the previous batch"  # neither replaced nor half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notices.pdf"]


def test_spawn_start_method_works(tmp_path: Path, run_tool: RunTool) -> None:
    out = tmp_path / "spawned.pdf"
    run = write_notices([notice(i) for i in range(3)], out, signing_key=KEY_RAW, workers=2, start_method="spawn")
    assert run.written == 3
    text = run_tool("pdftotext", "-enc", "UTF-8", out, "-")
    assert all(notice(i).name in text for i in range(3))


def test_one_file_per_candidate_named_by_notice_number(tmp_path: Path, run_tool: RunTool) -> None:
    notices = [notice(i) for i in range(4)]
    run = write_notice_files(notices, tmp_path / "out", signing_key=KEY_RAW, workers=2)
    assert run.written == 4 and not run.cancelled
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"26000000{i}.pdf" for i in range(4)]
    for item in notices:
        text = run_tool("pdftotext", "-enc", "UTF-8", tmp_path / "out" / f"{item.notice_number}.pdf", "-")
        assert item.name in text and item.notice_number in text
        assert [v.status for v in verify_notice_file(tmp_path / "out" / f"{item.notice_number}.pdf", TRUSTED)] == ["valid"]


def test_unsafe_notice_number_is_refused_for_file_names(tmp_path: Path) -> None:
    with pytest.raises(DomainError):
        write_notice_files([notice(0, notice_number="../x")], tmp_path, signing_key=KEY_RAW, workers=1)
    assert list(tmp_path.iterdir()) == []
