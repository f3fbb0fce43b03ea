"""Every message code the domain defines has a Chinese and an English sentence that use the same
parameters, so a problem renders fully in whichever language the user chose."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

import learncenter.domain
from learncenter.domain.messages import _CATALOGUE, defined_codes

for module in pkgutil.iter_modules(learncenter.domain.__path__):
    importlib.import_module(f"learncenter.domain.{module.name}")

CJK = re.compile(r"[\u4e00-\u9fff]")


def placeholders(template: str, lang: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name.removesuffix(f"_{lang}") for name in names}


DOMAIN_PREFIXES = {"id", "doc", "cert", "codes", "eligibility", "lifecycle", "name", "photo_profile", "profile", "seating", "validation"}


def test_every_code_has_both_languages() -> None:
    codes = {code for code in defined_codes() if code.split(".")[0] in DOMAIN_PREFIXES}
    assert len(codes) > 60
    for code in codes:
        entry = _CATALOGUE[code]
        assert entry["zh"].strip() and entry["en"].strip(), code
        assert CJK.search(entry["zh"]), f"{code}: the Chinese sentence has no Chinese"
        assert not CJK.search(entry["en"].replace("\u201c", "")), f"{code}: the English sentence has Chinese"
        assert placeholders(entry["zh"], "zh") == placeholders(entry["en"], "en"), code

