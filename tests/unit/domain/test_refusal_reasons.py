"""Refusal reasons: a code table with what the clerk tells the candidate, kept in Chinese."""

from __future__ import annotations

import pytest

from learncenter.domain.refusal_reasons import Refusal, RefusalReason, explanation, label, reasons


def test_every_reason_but_other_explains_itself_in_both_languages() -> None:
    assert reasons()[-1] is RefusalReason.OTHER
    for reason in reasons():
        assert label(reason, "zh") != label(reason, "en") and not label(reason, "zh").startswith("refusal.")
        if reason is RefusalReason.OTHER:
            assert explanation(reason, "zh") == explanation(reason, "en") == ""
        else:
            assert explanation(reason, "zh") and explanation(reason, "en")
            assert explanation(reason, "zh") != explanation(reason, "en")


def test_the_national_series_explanation_names_what_is_not_recognised() -> None:
    zh = explanation(RefusalReason.NOT_NATIONAL_SERIES, "zh")
    for words in ("学信网", "自学考试", "党校", "研究生课程班", "取消学籍"):
        assert words in zh
    assert "party-school" in explanation(RefusalReason.NOT_NATIONAL_SERIES, "en")


@pytest.mark.parametrize(("refusal", "kept"), [
    (Refusal(RefusalReason.AGE), "不符合年龄要求"),
    (Refusal(RefusalReason.NOT_NATIONAL_SERIES, "  党校函授证书 "), "毕业证书不属于国民教育系列：党校函授证书"),
    (Refusal(RefusalReason.OTHER, "证件过期"), "证件过期"),
])
def test_the_record_keeps_the_reason_in_chinese(refusal: Refusal, kept: str) -> None:
    assert refusal.complete() and refusal.record_text() == kept


def test_other_needs_details() -> None:
    assert not Refusal(RefusalReason.OTHER, "   ").complete()
    assert Refusal(RefusalReason.ID_MISMATCH).complete()
