"""Exporting records with their state to a spreadsheet.

Values are written as the labels a person reads (高起专, 男, 汉族), which the importer also
accepts, so an exported file can be corrected and imported again. The sheet writer neutralises
cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from learncenter.domain import codes, exemptions, payment
from learncenter.domain.admission_types import admission_type_label
from learncenter.domain.certificate import STUDY_FORMS
from learncenter.domain.document_types import document_type_label
from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.messages import define, render
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store import records as repo
from learncenter.store.database import Database
from learncenter.store.models import Record
from sqlalchemy import func, select

define("export.state", zh="状态", en="State")
define("export.version", zh="版本", en="Version")
define("export.record_id", zh="记录编号", en="Record ID")
define("export.sealed_at", zh="封存时间", en="Sealed at")
define("export.refusal_reason", zh="拒绝原因", en="Refusal reason")

_LABELLED: dict[str, Callable[[str, str], str | None]] = {
    "gender": codes.gender_label,
    "level": codes.level_label,
    "ethnicity": codes.ethnicity_label,
    "political_status": codes.political_status_label,
    "learning_form": codes.learning_form_label,
    "prior_education": codes.prior_education_label,
    "payment_state": lambda state, lang: payment.state_label(state).text(lang),
    "admission_type": admission_type_label,
    "exemptions": exemptions.editable,  # as a sheet writes them: an export imports again
    "document_type": document_type_label,
    "prior_study_form": lambda code, lang: STUDY_FORMS.label(code, lang),
}
_EXTRA = ("state", "version", "record_id", "sealed_at", "refusal_reason")


def headers(lang: str) -> list[str]:
    return [codes.field_label(f, lang) for f in CANDIDATE_FIELDS] + [render(f"export.{e}", None, lang) for e in _EXTRA]


def _row(record: Record, lang: str) -> list[object]:
    values = repo.content(record)
    row: list[object] = []
    for name in CANDIDATE_FIELDS:
        value = values.get(name)  # payment is left out while unknown
        labeller = _LABELLED.get(name)
        if labeller is not None and value:
            value = labeller(value, lang) or value
        row.append(value)
    row += [state_label(RecordState(record.state), lang), record.version, record.id, record.sealed_at, record.refusal_reason]
    return row


PROGRESS_EVERY = 1000  # rows between two progress reports of an export


def export_records(db: Database, dest: Path, *, actor: SignedIn, lang: str = "zh",
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Write every current record to ``dest`` (.xlsx or .csv); return how many. ``progress``
    hears (rows written, rows in all) every thousand rows and at the end."""
    with db.session() as session:
        require(session, actor, Permission.EXPORT)
        total = int(session.scalar(select(func.count()).select_from(Record).where(Record.is_current.is_(True))) or 0)

        def counted() -> Iterator[list[object]]:
            done = 0
            for record in repo.iter_current(session):
                yield _row(record, lang)
                done += 1
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)

        rows: Iterator[list[object]] = counted()
        from learncenter.services.sheets import write_sheet  # openpyxl: with the first export

        return write_sheet(dest, headers(lang), rows)


__all__ = ["export_records", "headers"]
