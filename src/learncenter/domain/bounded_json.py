"""JSON written by someone else, read within bounds.

Python's ``json`` trusts its input: ``[`` nested a hundred thousand deep ends in a
``RecursionError`` (or, with a raised recursion limit, a crashed interpreter), a 20-digit
integer reaches the database and overflows there, and a few megabytes of ``{},`` become
gigabytes of dictionaries. Every place that parses a peer's bytes (the registry's request
bodies, the receipts, batch-file headers, announce bodies and down-sync pages a center reads)
goes through :func:`load_json`, which refuses such input with :class:`JsonRefused` before or
while building anything large; each caller turns that into its own clean refusal (a §7
``malformed`` answer, exit code 2).

Pure: both the center and the registry import it (the registry may import only ``domain`` and
the shared protocol modules).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from dataclasses import dataclass
from typing import Any

from learncenter.domain.messages import DomainError, Problem, define

NOT_JSON = define("json.not_json",
                  zh="数据不是有效的 JSON（UTF-8 编码）。",
                  en="The data is not valid JSON (UTF-8).")
TOO_LARGE = define("json.too_large",
                   zh="JSON 数据超过 {limit} 字节，拒绝读取。",
                   en="The JSON data is larger than {limit} bytes and is refused.")
TOO_DEEP = define("json.too_deep",
                  zh="JSON 数据嵌套超过 {limit} 层，拒绝读取。",
                  en="The JSON data is nested more than {limit} levels deep and is refused.")
TOO_MANY_VALUES = define("json.too_many_values",
                         zh="JSON 数据包含超过 {limit} 个值，拒绝读取。",
                         en="The JSON data holds more than {limit} values and is refused.")
STRING_TOO_LONG = define("json.string_too_long",
                         zh="JSON 数据中有超过 {limit} 个字符的字符串，拒绝读取。",
                         en="The JSON data holds a string longer than {limit} characters and is "
                            "refused.")
NUMBER_TOO_LARGE = define("json.number_too_large",
                          zh="JSON 数据中有超出范围的数字（整数须在 64 位以内，小数不超过 "
                             "{limit} 个字符且有限），拒绝读取。",
                          en="The JSON data holds a number out of range (integers must fit in "
                             "64 bits, decimals in {limit} characters and be finite); refused.")

INTEGER_BOUND = 1 << 63  # integers must lie in [-2**63, 2**63): what every database column holds


@dataclass(frozen=True)
class JsonLimits:
    """What one JSON document may hold; the defaults fit every document of the protocol with
    room to spare (a receipt of 2,000 records has about 12,000 values and depth 4)."""

    max_bytes: int = 64 << 20
    max_depth: int = 32
    max_values: int = 500_000
    max_string: int = 16 << 20  # characters of one string or key
    max_float_chars: int = 40


DEFAULT_LIMITS = JsonLimits()


class JsonRefused(DomainError):
    """JSON that is malformed or exceeds a :class:`JsonLimits` bound; ``reason`` names which."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(Problem(code, params=params))

    @property
    def reason(self) -> str:
        """``not_json``, ``too_large``, ``too_deep``, ``too_many_values``, ... (no prefix)."""
        return self.problem.code.removeprefix("json.")


_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_INNERMOST = re.compile(rb"\[\]|\{\}")


def load_json(data: bytes | str, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """Parse ``data`` (UTF-8 bytes or text) or raise :class:`JsonRefused`.

    The size, the number of values and the depth are bounded from the text before anything is
    built (the value count from the separators, an overcount when strings hold commas or
    brackets); integers outside 64 bits, long or infinite decimals, ``NaN`` and ``Infinity``
    are refused as they are read; string lengths are checked on the result.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")  # a lone surrogate fails to decode below
    if len(data) > limits.max_bytes:
        raise JsonRefused(TOO_LARGE, limit=limits.max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonRefused(NOT_JSON) from None
    brackets = data.count(b"[") + data.count(b"{")
    # every value but the first follows a comma or an opening bracket
    if 1 + data.count(b",") + brackets > limits.max_values:
        raise JsonRefused(TOO_MANY_VALUES, limit=limits.max_values)
    if brackets > limits.max_depth:
        _check_depth(data, limits.max_depth)
    try:
        value = json.loads(text, parse_int=_integer(limits), parse_float=_decimal(limits),
                           parse_constant=_constant)
    except RecursionError:  # the depth check above should have caught it; a second line
        raise JsonRefused(TOO_DEEP, limit=limits.max_depth) from None
    except JsonRefused:
        raise
    except ValueError:
        raise JsonRefused(NOT_JSON) from None
    if len(text) > limits.max_string:  # else no string in it can be longer
        _check_strings(value, limits.max_string)
    return value


def _check_depth(data: bytes, limit: int) -> None:
    """Refuse nesting deeper than ``limit`` without parsing.

    Brackets, quotes and backslashes are ASCII and never part of a longer UTF-8 sequence, so
    the bytes can be cut down to them at C speed: escaped backslashes and quotes removed, then
    all but brackets and quotes, then every other piece between quotes (the strings'
    insides). The innermost pairs of what is left are peeled ``limit`` times; brackets left
    over are deeper, or do not pair up (which the parser would refuse anyway).
    """
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    shape = b"".join(unescaped.translate(None, _NOT_STRUCTURE).split(b'"')[0::2])
    for _ in range(limit):
        peeled = _INNERMOST.sub(b"", shape)
        if peeled == shape:
            break  # nothing left to peel
        shape = peeled
    if not shape:
        return
    deepest = max(accumulate(1 if byte in b"[{" else -1 for byte in shape))
    if deepest > limit or _INNERMOST.search(shape):
        raise JsonRefused(TOO_DEEP, limit=limit)
    raise JsonRefused(NOT_JSON)


def _integer(limits: JsonLimits) -> Any:
    def parse(literal: str) -> int:
        # 19 digits reach 2**63; a longer literal is refused before int() spends time on it
        if len(literal.lstrip("-")) > 19 or not -INTEGER_BOUND <= (number := int(literal)) \
                < INTEGER_BOUND:
            raise JsonRefused(NUMBER_TOO_LARGE, limit=limits.max_float_chars)
        return number
    return parse


def _decimal(limits: JsonLimits) -> Any:
    def parse(literal: str) -> float:
        number = float(literal) if len(literal) <= limits.max_float_chars else math.inf
        if not math.isfinite(number):
            raise JsonRefused(NUMBER_TOO_LARGE, limit=limits.max_float_chars)
        return number
    return parse


def _constant(name: str) -> Any:
    raise JsonRefused(NOT_JSON)  # NaN, Infinity, -Infinity: not JSON between languages


def _check_strings(value: Any, limit: int) -> None:
    """No string or key of the parsed value longer than ``limit`` characters."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) > limit:
                raise JsonRefused(STRING_TOO_LONG, limit=limit)
        elif isinstance(item, dict):
            if any(len(key) > limit for key in item):
                raise JsonRefused(STRING_TOO_LONG, limit=limit)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
