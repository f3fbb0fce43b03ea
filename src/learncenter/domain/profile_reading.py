"""Strict reading of configurable profiles (eligibility, photo) from parsed JSON data.

Profiles are edited by administrators and pushed by the registry; a typo in a key must not
silently fall back to a default that changes who is eligible or which photo passes. So every
key is checked, unknown keys are refused, and each error names the dotted path of the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from learncenter.domain.codes import Label, label_params
from learncenter.domain.messages import DomainError, Problem, define

define(
    "profile.not_object",
    zh="配置文件中“{key}”应为一个对象（花括号括起的键值对）：请检查配置文件。",
    en="\"{key}\" in the profile must be an object (key/value pairs in braces): check the profile file.",
)
define(
    "profile.missing_key",
    zh="配置文件缺少“{key}”：请补上该项后重新加载。",
    en="The profile lacks \"{key}\": add it and load the profile again.",
)
define(
    "profile.unknown_key",
    zh="配置文件中的“{key}”不是可识别的设置项（可能拼写有误）：请改正或删除该项。",
    en="\"{key}\" in the profile is not a known setting (perhaps misspelt): correct or remove it.",
)
define(
    "profile.bad_value",
    zh="配置文件中“{key}”的值无效：应为{expected_zh}。",
    en="The value of \"{key}\" in the profile is invalid: it must be {expected_en}.",
)

_MISSING: Any = object()

INTEGER = Label("整数", "an integer")
NON_NEGATIVE = Label("不小于0的整数", "an integer of at least 0")
POSITIVE = Label("大于0的整数", "an integer greater than 0")
OPTIONAL_AGE = Label("不小于0的整数，或 null 表示不限", "an integer of at least 0, or null for no limit")
BOOLEAN = Label("true 或 false", "true or false")
TEXT = Label("非空文字", "non-empty text")
ISO_DATE = Label("形如“2026-03-01”的日期", "a date such as \"2026-03-01\"")
RANGE = Label("两个整数组成的范围 [最小, 最大]，且最小不大于最大", "a range [min, max] of two integers with min <= max")
RGB = Label("三个0至255的整数 [R, G, B]", "three integers 0-255 [R, G, B]")
LIST = Label("列表", "a list")


class ProfileReader:
    """Typed, strict access to one object of a profile; errors name the key's dotted path."""

    def __init__(self, data: object, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise DomainError(Problem("profile.not_object", path or "(root)", {"key": path or "(root)"}))
        self.data: Mapping[str, Any] = data
        self.path = path

    def key_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def bad(self, key: str, expected: Label) -> DomainError:
        where = self.key_path(key)
        return DomainError(Problem("profile.bad_value", where, {"key": where, **label_params("expected", expected)}))

    def check_keys(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required = tuple(required)
        known = set(required) | set(optional)
        problems = [
            Problem("profile.unknown_key", self.key_path(str(k)), {"key": self.key_path(str(k))})
            for k in self.data if k not in known
        ]
        problems += [
            Problem("profile.missing_key", self.key_path(k), {"key": self.key_path(k)})
            for k in required if k not in self.data
        ]
        if problems:
            raise DomainError(*problems)

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            where = self.key_path(key)
            raise DomainError(Problem("profile.missing_key", where, {"key": where}))
        return default

    def child(self, key: str) -> ProfileReader:
        return ProfileReader(self.raw(key), self.key_path(key))

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.bad(key, TEXT)
        return value.strip()

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.bad(key, BOOLEAN)
        return value

    def integer(self, key: str, *, minimum: int | None = None, expected: Label = INTEGER,
                default: Any = _MISSING) -> int:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or (minimum is not None and value < minimum):
            raise self.bad(key, expected)
        return value

    def optional_integer(self, key: str, *, minimum: int | None = None, expected: Label = INTEGER) -> int | None:
        """An integer where null is meaningful (e.g. "no age limit"); the key must still be present."""
        if self.raw(key) is None:
            return None
        return self.integer(key, minimum=minimum, expected=expected)

    def iso_date(self, key: str, default: Any = _MISSING, nullable: bool = False) -> date | None:
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.bad(key, ISO_DATE)

    def int_range(self, key: str, default: Any = _MISSING) -> tuple[int, int] | None:
        value = self.raw(key, default)
        if value is None:
            return None
        if (not isinstance(value, list | tuple) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
                or value[0] > value[1]):
            raise self.bad(key, RANGE)
        return int(value[0]), int(value[1])

    def rgb(self, key: str, default: Any = _MISSING) -> tuple[int, int, int]:
        value = self.raw(key, default)
        if (not isinstance(value, list | tuple) or len(value) != 3
                or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in value)):
            raise self.bad(key, RGB)
        return int(value[0]), int(value[1]), int(value[2])

    def items(self, key: str) -> list[Any]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.bad(key, LIST)
        return value
