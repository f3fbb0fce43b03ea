"""argparse's own words in the command line's language (issue 16): the help's headings and the
errors a mistyped command gets, in Chinese by default and English with --lang en."""

from __future__ import annotations

import pytest

from learncenter.cli import main
from learncenter.registry.cli import main as registry_main


def _exits(capsys: pytest.CaptureFixture[str], program: object, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        program(list(argv))  # type: ignore[operator]
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out + err


def test_help_speaks_chinese_by_default_and_english_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _exits(capsys, main, "--help")
    assert code == 0 and text.startswith("用法：learncenter") and "选项" in text and "显示本帮助信息后退出" in text
    assert "usage" not in text and "show this help" not in text
    code, text = _exits(capsys, main, "--lang", "en", "--help")
    assert code == 0 and text.startswith("usage: learncenter") and "show this help message and exit" in text


def test_a_mistyped_command_is_told_in_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _exits(capsys, main, "db", "restore")
    assert code == 2 and "错误：缺少以下必需参数：source" in text and "用法：" in text
    code, text = _exits(capsys, main, "--lang", "en", "db", "restore")
    assert code == 2 and "error: the following arguments are required: source" in text
    code, text = _exits(capsys, main, "nonsense")
    assert code == 2 and "无效的选择：'nonsense'" in text


def test_the_registry_command_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _exits(capsys, registry_main, "serve", "--port", "x")
    assert code == 2 and "参数 --port：无效的 int 值：'x'" in text
    code, text = _exits(capsys, registry_main, "serve", "--lang", "en", "--port", "x")
    assert code == 2 and "argument --port: invalid int value: 'x'" in text
