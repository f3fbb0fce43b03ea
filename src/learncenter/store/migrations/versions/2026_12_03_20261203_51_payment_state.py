"""records: the candidate's payment state and its date (issue 13)

Revision ID: 20261203_51
Revises: 20261203_11
Create Date: 2026-12-03 09:00:00

Pre-registrations now carry whether the candidate paid (paid / unpaid / refunded) and when; a
record with no payment information (typed here, or held before this revision) keeps both NULL,
which the center reads as "unknown". The state a record was sealed with is part of the sealed
version, so the sealed-record guard is re-created with the two columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261203_51"
down_revision = "20261203_11"
branch_labels = None
depends_on = None

_GUARDED_BEFORE = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at "
    "photo_checks photo_attempts photo_accepted_by id_card_checked_by evidence_override_by"
).split()
_PAYMENT = ["payment_state", "payment_date"]


def _update_guard(columns: list[str]) -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.execute(
        "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
        "WHEN OLD.sealed_at IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    )


def upgrade() -> None:
    op.add_column("records", sa.Column("payment_state", sa.String(length=12), nullable=True))
    op.add_column("records", sa.Column("payment_date", sa.Date(), nullable=True))
    _update_guard(_GUARDED_BEFORE + _PAYMENT)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.drop_column("records", "payment_date")  # SQLite's own DROP COLUMN: no table rebuild
    op.drop_column("records", "payment_state")
    _update_guard(_GUARDED_BEFORE)
