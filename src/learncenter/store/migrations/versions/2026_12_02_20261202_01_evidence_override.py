"""records: who overrode missing evidence at sealing (a supervisor's name)

Revision ID: 20261202_01
Revises: 20261123_05
Create Date: 2026-12-02 12:30:00

Sealing now requires the evidence the level's profile asks for (both ID card scans; for 专升本
the diploma, the CHSI code or report number and its scan). Where some of it truly cannot be had,
a supervisor signs an override; their name is kept with the sealed version. The sealed-record
guard is re-created so that the new column cannot change on a sealed version either.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261202_01"
down_revision = "20261123_05"
branch_labels = None
depends_on = None

_GUARDED_BEFORE = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at "
    "photo_checks photo_attempts photo_accepted_by id_card_checked_by"
).split()


def _update_guard(columns: list[str]) -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.execute(
        "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
        "WHEN OLD.sealed_at IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    )


def upgrade() -> None:
    op.add_column("records", sa.Column("evidence_override_by", sa.String(length=64), nullable=True))
    _update_guard(_GUARDED_BEFORE + ["evidence_override_by"])


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.drop_column("records", "evidence_override_by")  # SQLite's own DROP COLUMN: no table rebuild
    _update_guard(_GUARDED_BEFORE)
