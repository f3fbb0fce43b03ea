"""``learncenter check-id`` explains every supported document's number, in Chinese and English."""

from __future__ import annotations

import pytest
from cli_run import run


def check(capsys: pytest.CaptureFixture[str], *argv: str, lang: str = "zh") -> tuple[int, str]:
    code, out, err = run(capsys, "--lang", lang, "check-id", *argv)
    assert err == ""
    return code, out


def test_resident_id_output_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "110105491231002")
    assert code == 0
    assert out.splitlines() == [
        "11010519491231002X：有效",
        "  出生日期   1949-12-31",
        "  性别       女",
        "  地区       北京市 朝阳区（110105）",
        "  证件类型   居民身份证",
        "  15 位旧号  110105491231002，升位后为 11010519491231002X（同一人）",
    ]
    code, out = check(capsys, "810000199408230021", lang="en")
    assert code == 0 and "Residence permit (Hong Kong)" in out and "1994-08-23" in out
    for cut_short in ("12345", "1234567801"):  # a mistyped ID number is still told so by the ID's rules
        code, out = check(capsys, cut_short)
        assert code == 1 and "身份证号应为18位" in out


def test_resident_id_type_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "11010519491231002X", "--type", "resident_id")
    assert code == 0 and "居民身份证" in out
    code, out = check(capsys, "810000199408230021", "--type", "身份证")
    assert code == 1 and "是港澳台居民居住证的号码，不是居民身份证的号码" in out
    code, out = check(capsys, "810000199408230021", "--type", "resident_id", lang="en")
    assert code == 1 and "not of a Resident identity card" in out


def test_hk_macao_permit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "H1234567801")
    assert code == 0
    assert out.startswith("H12345678：有效") and "港澳居民来往内地通行证" in out and "香港" in out
    assert "H1234567801，现行号码为 H12345678（同一持证人）" in out
    assert "记录中须另填  出生日期、性别" in out and "证件正面、证件背面" in out
    code, out = check(capsys, "m12345678", lang="en")
    assert code == 0 and "M12345678: valid" in out and "Macao" in out and "The record must give  birth date, gender" in out
    code, out = check(capsys, "H1234567", "--type", "回乡证", lang="en")
    assert code == 1 and "H (Hong Kong) or M (Macao) and 8 digits" in out


def test_taiwan_permit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "1234567801（B）")
    assert code == 0 and out.startswith("12345678：有效") and "台湾居民来往大陆通行证" in out and "台湾" in out
    code, out = check(capsys, "12345678", lang="en")
    assert code == 0 and "Mainland travel permit for Taiwan residents" in out and "Taiwan" in out
    code, out = check(capsys, "1234567801", "--type", "taiwan_permit")
    assert code == 0 and "1234567801，现行号码为 12345678" in out
    code, out = check(capsys, "123456789", "--type", "taiwan_permit")
    assert code == 1 and "台湾居民来往大陆通行证号码应为8位数字" in out


def test_permanent_resident_card(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "932682198501010017")
    assert code == 0
    assert out.splitlines() == [
        "932682198501010017：有效",
        "  证件类型      外国人永久居留身份证",
        "  受理地        江苏省（32）",
        "  国籍          沙特阿拉伯（SAU）",
        "  出生日期      1985-01-01",
        "  性别          男",
        "  须留存扫描件  证件正面、证件背面",
    ]
    code, out = check(capsys, "932682198501010017", lang="en")
    assert code == 0 and "Jiangsu (32)" in out and "Saudi Arabia (SAU)" in out and "Male" in out
    code, out = check(capsys, "932682198501010018", lang="en")
    assert code == 1 and "permanent resident ID number fails its check" in out


def test_old_permanent_resident_card(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "USA321203310012")
    assert code == 0 and "15位旧号" in out and "美国（USA）" in out and "12-03-31" in out and "未核验" in out
    code, out = check(capsys, "USA321203310012", lang="en")
    assert code == 0 and "United States (USA)" in out and "not verified" in out
    code, out = check(capsys, "USA320851231001", lang="en")
    assert code == 1 and "not a real date: check characters 6 to 11" in out


def test_foreign_passport_needs_type_and_nationality(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "X1234567")
    assert code == 1 and "不像任何一种支持的证件号码" in out
    code, out = check(capsys, "X1234567", "--type", "passport")
    assert code == 1 and "请同时填写国籍" in out
    code, out = check(capsys, "X1234567", "--type", "护照", "--nationality", "德国")
    assert code == 0 and "外国护照" in out and "德国（DEU）" in out and "出生日期、性别、国籍" in out and "护照资料页" in out
    code, out = check(capsys, "X1234567", "--type", "passport", "--nationality", "DE", lang="en")
    assert code == 0 and "Germany (DEU)" in out and "the passport's photo page" in out
    code, out = check(capsys, "X1234567", "--type", "passport", "--nationality", "Atlantis", lang="en")
    assert code == 1 and "\"Atlantis\" is not a known country" in out


def test_chinese_passport(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(capsys, "EA1234567")
    assert code == 0 and "中华人民共和国护照" in out and "中国（CHN）" in out
    code, out = check(capsys, "E12345678", lang="en")
    assert code == 0 and "Passport of the People's Republic of China" in out


def test_unknown_type_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en", "check-id", "12345678", "--type", "library card")
    assert code == 2 and out == "" and "library card" in err and "taiwan_permit" in err
