"""Whether a candidate paid, how sheets write it, and when it stops a record being sealed.

The seed: a candidate applies for a payment card at the bank and "registers for payment" before
filling the form; the center only confirms. So payment is a fact the registry (or the bank's
sheet an administrator imports) tells the center, never one the desk decides: a state and the
day it happened (paid on, refunded on).

Sealing: with the profile's ``unpaid_blocks_sealing`` (the default), a candidate recorded as
unpaid or refunded cannot be confirmed, and no supervisor can sign that away. Evidence has an
override because the center holds the papers and a supervisor can vouch for a missing scan;
nobody at the center can vouch that money reached the bank, and the remedy is the registry's
next down-sync (or the bank's sheet) saying "paid". Whether unpaid candidates may be confirmed
at all is the province's policy, so it is the profile's switch, not a person's.

Unknown (no payment information) does not block. It means the record did not come through the
registry's payment step at all: typed at the desk from a paper form, or held from before payment
was recorded. Blocking it would leave those records with no way to be sealed, since nothing at
the desk can record a payment; the desk shows "payment not recorded" instead, and the
administrator's list of unpaid candidates can include them (``learncenter unpaid --unknown``).
"""

from __future__ import annotations

from datetime import date

from learncenter.domain.candidate import PaymentState
from learncenter.domain.codes import CodeTable, Label, label_params
from learncenter.domain.messages import DomainError, Problem, define

PAYMENT_STATES = CodeTable(
    "payment_state",
    {
        PaymentState.PAID.value: Label("已缴费", "paid"),
        PaymentState.UNPAID.value: Label("未缴费", "unpaid"),
        PaymentState.REFUNDED.value: Label("已退费", "refunded"),
    },
    {
        "已缴": "paid", "已交费": "paid", "已交": "paid", "已付款": "paid", "已支付": "paid", "缴费成功": "paid",
        "是": "paid", "yes": "paid", "y": "paid",
        "未缴": "unpaid", "未交费": "unpaid", "未交": "unpaid", "未付款": "unpaid", "未支付": "unpaid",
        "待缴费": "unpaid", "否": "unpaid", "no": "unpaid", "n": "unpaid", "not paid": "unpaid",
        "退费": "refunded", "已退款": "refunded", "退款": "refunded", "refund": "refunded",
    },
)
UNKNOWN = Label("未记录缴费信息", "payment not recorded")

UNKNOWN_STATE = define(
    "payment.state_unknown",
    zh="缴费状态“{value}”无法识别：请填写“已缴费”“未缴费”或“已退费”。",
    en="Payment state \"{value}\" is not recognised: enter \"paid\", \"unpaid\" or \"refunded\".",
)
REFUND_NEEDS_DATE = define(
    "payment.refund_needs_date",
    zh="已退费须填写退费日期（缴费日期一栏）：请按退费凭证补填。",
    en="A refund needs its date (in the payment date column): fill it in from the refund slip.",
)
UNPAID_WITH_DATE = define(
    "payment.unpaid_with_date",
    zh="缴费状态为“未缴费”，却填写了缴费日期 {value}：请核对是缴费状态还是日期填错了。",
    en="The payment state is \"unpaid\" but a payment date {value} is given: check which of the two is wrong.",
)
DATE_WITHOUT_STATE = define(
    "payment.date_without_state",
    zh="填写了缴费日期 {value}，却没有缴费状态：请补填“已缴费”或“已退费”。",
    en="A payment date {value} is given without a payment state: add \"paid\" or \"refunded\".",
)
BLOCKS_SEALING = define(
    "payment.blocks_sealing",
    zh="{name} {state_zh}，不能确认：请考生先完成缴费；缴费后与总部同步（或导入缴费名单），"
    "状态变为“已缴费”后再确认。如考生放弃报名，可以拒绝该记录并注明原因。",
    en="{name} is {state_en}, so the record cannot be confirmed: the candidate must pay first; once paid, sync "
    "with the registry (or import the payment list) and confirm when the state reads \"paid\". If the candidate "
    "gives up, refuse the record with a reason.",
)
_BLOCKING = frozenset({PaymentState.UNPAID, PaymentState.REFUNDED})


def parse_payment_state(raw: object) -> PaymentState:
    """The state for "已缴费"/"未缴费"/"已退费", "paid"/"unpaid"/"refunded" and the spellings offices use."""
    found = PAYMENT_STATES.lookup(raw)
    if found is None:
        raise DomainError(Problem(UNKNOWN_STATE, "payment_state", {"value": "" if raw is None else str(raw).strip()}))
    return PaymentState(found)


def consistency_problems(state: PaymentState | None, day: date | None) -> list[Problem]:
    """What is wrong with the pair (the date's own checks, such as not in the future, are the
    caller's): a refund needs its date, unpaid has none, and a date needs a state."""
    shown = day.isoformat() if day is not None else ""
    if state is None:
        return [Problem(DATE_WITHOUT_STATE, "payment_state", {"value": shown})] if day is not None else []
    if state is PaymentState.REFUNDED and day is None:
        return [Problem(REFUND_NEEDS_DATE, "payment_date")]
    if state is PaymentState.UNPAID and day is not None:
        return [Problem(UNPAID_WITH_DATE, "payment_date", {"value": shown})]
    return []


def state_label(state: PaymentState | str | None) -> Label:
    """The state in both languages; None reads "payment not recorded"."""
    if state is None:
        return UNKNOWN
    return PAYMENT_STATES.labels[str(state)]


def receipt_words(state: PaymentState | str | None, day: date | None, lang: str) -> str:
    """The state as a receipt prints it, with its day: 已缴费（2026年02月03日） / paid (2026-02-03)."""
    words = state_label(state).text(lang)
    if day is None:
        return words
    return f"{words}（{day.year}年{day.month:02d}月{day.day:02d}日）" if lang == "zh" else f"{words} ({day.isoformat()})"


def blocks_sealing(state: PaymentState | None, *, unpaid_blocks_sealing: bool) -> bool:
    return unpaid_blocks_sealing and state in _BLOCKING


def sealing_problem(name: str, state: PaymentState | None, *, unpaid_blocks_sealing: bool) -> Problem | None:
    """Why the record cannot be sealed for its payment, or None if payment does not stand in the way."""
    if state is None or not blocks_sealing(state, unpaid_blocks_sealing=unpaid_blocks_sealing):
        return None
    return Problem(BLOCKS_SEALING, "payment_state", {"name": name, **label_params("state", state_label(state))})
