"""Date fields: a calendar pop-up showing ISO dates, read and set as ``datetime.date``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtWidgets import QDateEdit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_of(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def set_day(edit: QDateEdit, day: date) -> None:
    """Show ``day`` without telling anyone the date changed (it was not the person)."""
    with QSignalBlocker(edit):
        edit.setDate(_qdate(day))


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
