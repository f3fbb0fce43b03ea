"""The bounded JSON loader every peer's bytes go through (issue 11): it reads what the
protocol sends exactly as ``json`` does, and refuses each kind of excess with its reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learncenter.domain.bounded_json import (
    INTEGER_BOUND,
    JsonLimits,
    JsonRefused,
    load_json,
)

SMALL = JsonLimits(max_bytes=1000, max_depth=4, max_values=20, max_string=10,
                   max_float_chars=12)

values = st.recursive(
    st.none() | st.booleans() | st.integers(-INTEGER_BOUND, INTEGER_BOUND - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=40)


def reason(data: bytes | str, limits: JsonLimits = JsonLimits()) -> str:
    with pytest.raises(JsonRefused) as caught:
        load_json(data, limits)
    assert caught.value.text("zh") and caught.value.text("en")
    return caught.value.reason


@settings(max_examples=300, deadline=None)
@given(value=values, ascii_only=st.booleans())
def test_what_json_reads_within_bounds_reads_the_same(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    nested = JsonLimits(max_depth=100)  # generated values may nest deeper than the default
    assert load_json(text.encode("utf-8"), nested) == json.loads(text)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200) | st.text(alphabet='[]{}",:0123456789.eE-+ \\ntrufalsn',
                                               max_size=200).map(str.encode))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    try:
        load_json(data, SMALL)
    except JsonRefused as refused:
        assert refused.reason in {"not_json", "too_large", "too_deep", "too_many_values",
                                  "string_too_long", "number_too_large"}


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


tricky = st.text(alphabet='[]{}"\\\n\u2063ab', max_size=8)
nested = st.recursive(st.integers(0, 9) | tricky,
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(tricky, inner, max_size=3), max_leaves=60)


@settings(max_examples=300, deadline=None)
@given(value=nested, ascii_only=st.booleans())
def test_the_depth_check_counts_exactly_whatever_the_strings_hold(value: Any,
                                                                 ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    levels = depth(value)
    assert load_json(text, JsonLimits(max_depth=max(levels, 1))) == value
    if levels > 1:
        assert reason(text, JsonLimits(max_depth=levels - 1)) == "too_deep"


def test_depth_is_bounded_exactly_and_brackets_in_strings_do_not_count() -> None:
    assert load_json("[[[[1]]]]", SMALL) == [[[[1]]]]
    assert load_json('{"a": {"b": [{"c": 1}]}}', SMALL) == {"a": {"b": [{"c": 1}]}}
    assert reason("[[[[[1]]]]]", SMALL) == "too_deep"
    assert reason('{"a": {"b": [{"c": []}]}}', SMALL) == "too_deep"
    shallow = JsonLimits(max_depth=4)
    assert load_json('[["[[[[[[", "{{{{{{{{", "\\"[[[[[["]]', shallow) == [
        ["[[[[[[", "{{{{{{{{", '"[[[[[[']]
    for deep in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, "{\"a\":" * 50_000,
                 "[" * 50_000 + "}" * 50_000):
        assert reason(deep) == "too_deep"
    assert reason("[" + "]" * 40) == "not_json"


def test_integers_must_fit_in_64_bits_and_decimals_must_be_finite() -> None:
    assert load_json(str(INTEGER_BOUND - 1)) == INTEGER_BOUND - 1
    assert load_json(str(-INTEGER_BOUND)) == -INTEGER_BOUND
    for number in (str(INTEGER_BOUND), str(-INTEGER_BOUND - 1), "1" + "0" * 30,
                   "9" * 5000, "1e999", "-1e999", "1." + "0" * 50):
        assert reason(f'{{"sequence": {number}}}') == "number_too_large", number
    for constant in ("NaN", "Infinity", "-Infinity"):
        assert reason(f"[{constant}]") == "not_json"


def test_strings_values_and_size_are_bounded() -> None:
    assert load_json('["0123456789"]', SMALL) == ["0123456789"]
    assert reason('["0123456789A"]', SMALL) == "string_too_long"
    assert reason('{"0123456789A": 1}', SMALL) == "string_too_long"
    assert load_json("[" + ",".join(["1"] * 18) + "]", SMALL) == [1] * 18
    assert reason("[" + ",".join(["1"] * 20) + "]", SMALL) == "too_many_values"
    assert reason("[" + "{}," * 400_000 + "{}]") == "too_many_values"
    assert reason(b" " * 1001 + b"1", SMALL) == "too_large"


def test_text_that_is_not_json_or_not_utf8_is_refused() -> None:
    for data in (b"", b"\xff\xfe[1]", b"[1,]", b"{'a': 1}", b"[1] [2]", "\ud800".encode(
            "utf-8", "surrogatepass")):
        assert reason(data) == "not_json", data
