"""The administrator's list of candidates who have not paid (issue 13).

Payment comes from the registry (down-sync) or the bank's sheet (import); this lists the current
records it says are unpaid or refunded, so the center can chase them before the confirmation day
rather than find out at the desk. Records already refused on site or withdrawn are done with and
left out; sealed ones stay in (sealed while the profile let unpaid through), with their state.
Records with no payment information at all are listed only when asked (``include_unknown``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, or_, select

from learncenter.domain import codes, payment
from learncenter.domain.candidate import PaymentState
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import define, render
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store.database import Database
from learncenter.store.models import Record

_DONE_WITH = (RecordState.REFUSED.value, RecordState.WITHDRAWN.value)
_NOT_PAID = (PaymentState.UNPAID.value, PaymentState.REFUNDED.value)
_COLUMNS = ("name", "id_number", "registration_no", "phone", "term", "level", "major_name", "payment_state",
            "payment_date", "state")
define("unpaid.column.state", zh="记录状态", en="Record state")


@dataclass(frozen=True)
class Unpaid:
    record_id: str
    name: str
    id_number_masked: str  # the list is seen and passed around: never the whole number
    registration_no: str
    phone: str  # to reach the candidate about the payment
    term: str
    level: str
    major_name: str
    payment_state: PaymentState | None  # None: no payment information (listed only when asked)
    payment_date: date | None
    state: RecordState


def unpaid_candidates(db: Database, *, actor: SignedIn, include_unknown: bool = False) -> list[Unpaid]:
    """Current records recorded as unpaid or refunded (and, if asked, those with no payment
    information), by term and name."""
    wanted: ColumnElement[bool] = Record.payment_state.in_(_NOT_PAID)
    if include_unknown:
        wanted = or_(wanted, Record.payment_state.is_(None))
    with db.session() as session:
        require(session, actor, Permission.PAYMENTS)
        rows = session.scalars(
            select(Record).where(Record.is_current.is_(True), Record.state.not_in(_DONE_WITH), wanted)
            .order_by(Record.term, Record.name_pinyin, Record.id))
        return [Unpaid(r.id, r.name, mask_id_number(r.id_number), r.registration_no, r.phone, r.term, r.level,
                       r.major_name, PaymentState(r.payment_state) if r.payment_state else None, r.payment_date,
                       RecordState(r.state)) for r in rows]


def headers(lang: str) -> list[str]:
    return [render("unpaid.column.state", None, lang) if name == "state" else codes.field_label(name, lang)
            for name in _COLUMNS]


def cells(item: Unpaid, lang: str) -> list[str]:
    """One row as a person reads it: labels, not codes."""
    return [item.name, item.id_number_masked, item.registration_no, item.phone, item.term,
            codes.level_label(item.level, lang) or item.level, item.major_name,
            payment.state_label(item.payment_state).text(lang),
            item.payment_date.isoformat() if item.payment_date else "", state_label(item.state, lang)]


def write_list(items: list[Unpaid], dest: Path, *, db: Database, actor: SignedIn, lang: str) -> int:
    """Write the list to ``dest`` (.csv or .xlsx): a copy out of the encrypted store, so it needs
    the export permission too; ID numbers stay masked in the file."""
    with db.session() as session:
        require(session, actor, Permission.EXPORT)
    from learncenter.services.sheets import write_sheet  # openpyxl: with the first file

    rows: Iterator[list[object]] = ([*cells(item, lang)] for item in items)
    return write_sheet(dest, headers(lang), rows)
