"""Payment state: how sheets write it, what is consistent, and when it stops sealing (issue 13)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from candidates import TODAY, raw_candidate
from learncenter.domain import payment
from learncenter.domain.candidate import PaymentState
from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import validate_candidate
from learncenter.resources import resource_dir


@pytest.mark.parametrize(("raw", "state"), [
    ("已缴费", PaymentState.PAID), ("已交费", PaymentState.PAID), ("Paid", PaymentState.PAID),
    ("未缴费", PaymentState.UNPAID), ("未缴", PaymentState.UNPAID), ("not paid", PaymentState.UNPAID),
    ("已退费", PaymentState.REFUNDED), ("REFUNDED", PaymentState.REFUNDED), (" 退费 ", PaymentState.REFUNDED),
])
def test_the_spellings_offices_use_are_read(raw: str, state: PaymentState) -> None:
    assert payment.parse_payment_state(raw) is state


def test_an_unknown_state_names_its_field_and_the_choices() -> None:
    with pytest.raises(DomainError) as refused:
        payment.parse_payment_state("半缴")
    assert refused.value.problem.field == "payment_state"
    assert "半缴" in refused.value.text("zh") and "已缴费" in refused.value.text("zh")


def test_a_row_with_payment_columns_carries_state_and_date() -> None:
    result = validate_candidate(raw_candidate(payment_state="已缴费", payment_date="2026年2月3日"), today=TODAY)
    assert result.candidate is not None, result.problems
    assert (result.candidate.payment_state, result.candidate.payment_date) == (PaymentState.PAID, date(2026, 2, 3))
    bare = validate_candidate(raw_candidate(), today=TODAY).candidate
    assert bare is not None and (bare.payment_state, bare.payment_date) == (None, None)  # unknown


@pytest.mark.parametrize(("state", "day", "code", "field"), [
    ("已退费", None, "payment.refund_needs_date", "payment_date"),
    ("未缴费", "2026-02-03", "payment.unpaid_with_date", "payment_date"),
    (None, "2026-02-03", "payment.date_without_state", "payment_state"),
    ("已缴费", "2026-03-02", "validation.date_future", "payment_date"),  # TODAY is 2026-03-01
    ("已缴费", "2026-02-30", "validation.date_format", "payment_date"),
])
def test_inconsistent_payment_is_refused_naming_the_field(state: str | None, day: str | None, code: str,
                                                          field: str) -> None:
    raw = raw_candidate(**{k: v for k, v in (("payment_state", state), ("payment_date", day)) if v is not None})
    result = validate_candidate(raw, today=TODAY)
    assert result.candidate is None
    assert [(p.code, p.field) for p in result.problems] == [(code, field)]


def test_a_paid_state_may_come_without_its_date() -> None:
    result = validate_candidate(raw_candidate(payment_state="paid"), today=TODAY)
    assert result.candidate is not None and result.candidate.payment_state is PaymentState.PAID


def test_unpaid_and_refunded_block_sealing_unless_the_profile_lets_them_through() -> None:
    for state in (PaymentState.UNPAID, PaymentState.REFUNDED):
        problem = payment.sealing_problem("张三", state, unpaid_blocks_sealing=True)
        assert problem is not None and problem.code == "payment.blocks_sealing" and problem.field == "payment_state"
        assert "张三" in problem.text("zh") and "同步" in problem.text("zh") and "refuse" in problem.text("en")
        assert payment.sealing_problem("张三", state, unpaid_blocks_sealing=False) is None
    assert payment.sealing_problem("张三", PaymentState.PAID, unpaid_blocks_sealing=True) is None
    assert payment.sealing_problem("张三", None, unpaid_blocks_sealing=True) is None  # unknown does not block


def _shipped_profile() -> dict[str, object]:
    data = json.loads((resource_dir() / "profiles" / "eligibility-default.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_profile_blocks_unpaid_by_default_and_can_be_switched_off() -> None:
    shipped = _shipped_profile()
    assert EligibilityProfile.from_dict(shipped).unpaid_blocks_sealing is True
    del shipped["unpaid_blocks_sealing"]  # an administrator's profile from before the switch
    assert EligibilityProfile.from_dict(shipped).unpaid_blocks_sealing is True
    assert EligibilityProfile.from_dict({**shipped, "unpaid_blocks_sealing": False}).unpaid_blocks_sealing is False
    with pytest.raises(DomainError) as refused:
        EligibilityProfile.from_dict({**shipped, "unpaid_blocks_sealing": "no"})
    assert "unpaid_blocks_sealing" in refused.value.text("en")


def test_a_receipt_words_the_state_with_its_day() -> None:
    from learncenter.domain.payment import receipt_words

    assert receipt_words("paid", date(2026, 2, 3), "zh") == "已缴费（2026年02月03日）"
    assert receipt_words(PaymentState.REFUNDED, date(2026, 2, 25), "en") == "refunded (2026-02-25)"
    assert receipt_words("unpaid", None, "zh") == "未缴费"
    assert receipt_words(None, None, "en") == "payment not recorded"
