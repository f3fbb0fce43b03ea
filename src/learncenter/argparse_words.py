"""argparse's own words — "usage:", the section titles, its error messages — in the user's
language. argparse looks them up through the ``_`` and ``ngettext`` names it imported from
gettext; those two names of the argparse module are replaced here by lookups in this table,
which answer in Chinese while the command line speaks Chinese and pass the English through
otherwise. Words argparse adds in a later Python and this table lacks stay English.
"""

from __future__ import annotations

import argparse

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助信息后退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少以下必需参数：%s",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r 被忽略",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
}
_ZH_PLURAL = {
    "expected %s argument": "需要 %s 个值",
}

_language = "zh"


def speak(lang: str) -> None:
    """The language of argparse's words from now on (the command line sets it per command)."""
    global _language
    _language = lang


def _gettext(message: str) -> str:
    return _ZH.get(message, message) if _language == "zh" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _language == "zh" and singular in _ZH_PLURAL:
        return _ZH_PLURAL[singular]
    return singular if n == 1 else plural


argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = _ngettext  # type: ignore[attr-defined]
