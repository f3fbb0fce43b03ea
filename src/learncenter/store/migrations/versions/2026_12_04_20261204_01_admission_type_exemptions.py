"""records: the special admission type and the exemptions from exams (issue 13)

Revision ID: 20261204_01
Revises: 20261203_51
Create Date: 2026-12-04 05:40:00

A record may name a special admission type (定向培养, 国防生 ...) and the subjects the candidate
is exempt from, with the kind of exemption and its evidence. Both stay NULL for an ordinary
candidate who sits every subject, as every record held before this revision does. Both are part
of the sealed version, so the sealed-record guard is re-created with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261204_01"
down_revision = "20261203_51"
branch_labels = None
depends_on = None

_GUARDED_BEFORE = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at "
    "photo_checks photo_attempts photo_accepted_by id_card_checked_by evidence_override_by "
    "payment_state payment_date"
).split()
_NEW = ["admission_type", "exemptions"]


def _update_guard(columns: list[str]) -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.execute(
        "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
        "WHEN OLD.sealed_at IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    )


def upgrade() -> None:
    op.add_column("records", sa.Column("admission_type", sa.String(length=24), nullable=True))
    op.add_column("records", sa.Column("exemptions", sa.String(length=1000), nullable=True))
    _update_guard(_GUARDED_BEFORE + _NEW)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.drop_column("records", "exemptions")  # SQLite's own DROP COLUMN: no table rebuild
    op.drop_column("records", "admission_type")
    _update_guard(_GUARDED_BEFORE)
