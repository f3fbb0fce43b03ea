"""Finding an embeddable CJK font, refusing to print without one, and knowing which characters
the fonts cannot draw. Uses the fonts installed on the machine and files made in tmp_path."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]

from learncenter.documents import DocumentError, FontSet, cjk_fonts, find_cjk_font
from learncenter.documents.fonts import (
    FONT_NOT_FOUND, GLYPHS_MISSING, RESOURCES_ENV, default_font_paths, missing_glyphs_problem, resource_dir,
    system_font_paths,
)
from learncenter.domain.messages import _CATALOGUE, defined_codes

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OLD_ITALIC_A = "\U00010300"  # beyond the BMP, absent from CJK fonts, present in DejaVu Sans


def test_empty_folder_means_no_font_and_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        find_cjk_font([tmp_path])
    assert caught.value.problem.code == FONT_NOT_FOUND
    assert "apt-get install fonts-wqy-zenhei" in caught.value.text("zh")
    assert "宋体" in caught.value.text("zh")
    assert "apt-get install fonts-wqy-zenhei" in caught.value.text("en")


def test_unusable_files_are_skipped(tmp_path: Path, fonts: FontSet) -> None:
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    (tmp_path / "postscript.otf").write_bytes(b"OTTO" + bytes(8))  # CFF outlines: reportlab refuses
    with pytest.raises(DocumentError):
        find_cjk_font([tmp_path])
    assert find_cjk_font([tmp_path, fonts.path]) == fonts.name


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
def test_a_font_without_chinese_is_not_taken(fonts: FontSet) -> None:
    with pytest.raises(DocumentError):
        find_cjk_font([DEJAVU])
    assert find_cjk_font([DEJAVU, fonts.path]) == fonts.name


def test_font_is_registered_once(fonts: FontSet) -> None:
    before = len(pdfmetrics.getRegisteredFontNames())
    assert find_cjk_font([fonts.path]) == find_cjk_font([fonts.path]) == fonts.name
    assert cjk_fonts() is cjk_fonts()
    assert len(pdfmetrics.getRegisteredFontNames()) == before
    assert fonts.name in pdfmetrics.getRegisteredFontNames()


def test_resources_folder_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonts: FontSet) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "bundled.ttc").symlink_to(fonts.path)
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    assert resource_dir() == tmp_path
    assert default_font_paths()[0] == tmp_path / "fonts"
    assert cjk_fonts().path == fonts.path


def test_without_environment_resources_are_beside_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    assert (resource_dir() / "profiles").is_dir()


def test_system_font_order() -> None:
    assert [p.name for p in system_font_paths("win32")] == ["simsun.ttc", "msyh.ttc", "simhei.ttf"]
    assert system_font_paths("linux")[0].name == "wqy-zenhei.ttc"


def test_coverage_is_reported_per_character(fonts: FontSet) -> None:
    assert fonts.missing("阿依古丽·买买提 ABC 123（）") == []
    assert fonts.font_for("吉") == fonts.name
    if fonts.font_for("𠮷") is None:  # e.g. WenQuanYi has no Extension B
        assert fonts.missing("𠮷吉𠮷") == ["𠮷"]
    else:
        assert fonts.missing("𠮷吉") == []


def test_control_and_format_characters_never_print(fonts: FontSet) -> None:
    runs = fonts.runs("王\t小\u200b明\n")
    assert "".join(piece for _, piece in runs) == "王 小明 "
    assert fonts.missing("王\u200b明\u0007") == []


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
def test_characters_fall_back_to_a_font_that_has_them(fonts: FontSet) -> None:
    if fonts.font_for(OLD_ITALIC_A) is not None:
        pytest.skip("the installed CJK font already has the test character")
    mixed = cjk_fonts([fonts.path], [DEJAVU])
    fallback = mixed.font_for(OLD_ITALIC_A)
    assert fallback is not None and fallback != mixed.name
    assert mixed.missing(f"王{OLD_ITALIC_A}明") == []
    assert mixed.runs(f"王{OLD_ITALIC_A}明") == [(mixed.name, "王"), (fallback, OLD_ITALIC_A), (mixed.name, "明")]
    assert f'<font name="{fallback}">' in mixed.markup(f"a&b{OLD_ITALIC_A}")
    assert "a&amp;b" in mixed.markup("a&b")


def test_missing_glyph_warning_names_the_characters() -> None:
    problem = missing_glyphs_problem(["𠮷", "𪚥"], field="name")
    assert problem.code == GLYPHS_MISSING and problem.field == "name"
    assert "𠮷 𪚥" in problem.text("zh") and "𠮷 𪚥" in problem.text("en")


def test_document_messages_have_both_languages() -> None:
    codes = {code for code in defined_codes() if code.startswith("documents.")}
    assert {FONT_NOT_FOUND, GLYPHS_MISSING} <= codes
    for code in codes:
        zh, en = _CATALOGUE[code]["zh"], _CATALOGUE[code]["en"]
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en), code
        fields = [{name for _, name, _, _ in string.Formatter().parse(t) if name} for t in (zh, en)]
        assert fields[0] == fields[1], code
