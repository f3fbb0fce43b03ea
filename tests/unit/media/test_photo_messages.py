"""Every photo message reads fully in both languages and names what to do."""

from __future__ import annotations

import re
import string

import learncenter.media  # noqa: F401  (registers the photo.* codes)
from learncenter.domain.messages import _CATALOGUE, defined_codes
from learncenter.media.photo_problems import colour_label, colour_params, problem

CJK = re.compile(r"[\u4e00-\u9fff]")


def placeholders(template: str, lang: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name.removesuffix(f"_{lang}") for name in names}


def test_every_photo_code_has_both_languages_and_an_instruction() -> None:
    codes = {code for code in defined_codes() if code.startswith("photo.") and not code.startswith("photo_")}
    assert len(codes) == 21
    for code in codes:
        zh, en = _CATALOGUE[code]["zh"], _CATALOGUE[code]["en"]
        assert CJK.search(zh) and not CJK.search(en), code
        assert placeholders(zh, "zh") == placeholders(en, "en"), code
        assert "：请" in zh, f"{code}: the Chinese sentence should say what to do"
        assert ": " in en, code


def test_background_message_names_the_profile_colour_in_each_language() -> None:
    light_blue = problem("photo.background_colour", **colour_params((100, 197, 255)))
    assert light_blue.text("zh") == "背景颜色不符：请站到浅蓝色背景前。"
    assert light_blue.text("en") == "Wrong background colour: stand in front of a light blue background."
    white = problem("photo.background_colour", **colour_params((250, 250, 250)))
    assert white.text("zh") == "背景颜色不符：请站到白色背景前。"
    assert colour_label((67, 142, 219)).en == "blue"
    assert colour_label((200, 200, 200)).zh == "浅灰色"
    assert colour_label((20, 120, 40)).zh == "RGB(20, 120, 40)"  # no name fits: the numbers
