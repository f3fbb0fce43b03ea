"""What the command line prints, in the user's language."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from learncenter.domain.messages import DEFAULT_LANGUAGE, LANGUAGES, define, display_width, render

LANG_ENV = "LEARNCENTER_LANG"

define("cli.interrupted", zh="已中断；已保存的数据不受影响。", en="Interrupted; nothing already saved is affected.")
define("cli.os_error", zh="无法访问文件 {path}：{reason}。", en="Cannot use the file {path}: {reason}.")
define(
    "cli.internal_error",
    zh="程序内部出错，已保存的数据不受影响。出错的位置已写入 {log}（不含考生信息），请把该文件发给技术支持。",
    en="An internal error occurred; nothing already saved is affected. Where it failed is written to {log} "
    "(without any candidate's data); please send that file to support.",
)


def language_from_env() -> str:
    lang = os.environ.get(LANG_ENV, DEFAULT_LANGUAGE).lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class Output:
    def __init__(self, lang: str, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.lang = lang
        self._out = out or sys.stdout
        self._err = err or sys.stderr

    def say(self, message: str, /, **params: object) -> str:
        return render(message, params, self.lang)

    def line(self, text: str = "") -> None:
        print(text, file=self._out)

    def info(self, message: str, /, **params: object) -> None:
        self.line(self.say(message, **params))

    def table(self, rows: list[tuple[str, str]], indent: int = 2) -> None:
        width = max((display_width(k) for k, _ in rows), default=0)
        for key, value in rows:
            self.line(" " * indent + key + " " * (width - display_width(key) + 2) + value)

    def error(self, text: str) -> None:
        print(f"learncenter: {text}", file=self._err)

    def warn(self, message: str, /, **params: object) -> None:
        print(self.say(message, **params), file=self._err)
