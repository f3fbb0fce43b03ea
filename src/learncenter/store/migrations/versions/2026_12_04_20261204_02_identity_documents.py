"""records: the identity document other than the resident ID card, the holder's nationality and the
declared form of the prior study (issue 13)

Revision ID: 20261204_02
Revises: 20261204_01
Create Date: 2026-12-04 06:00:00

A candidate may present a 回乡证, a 台胞证, a permanent resident card or a passport instead of the
resident ID card: the record keeps the document's type and the holder's nationality, and its
``id_number`` holds the document's key (``<type>:<number>``). Both stay NULL for the resident ID
card and the residence permits, as every record held before this revision does. The declared form
of the prior study (普通, 成人, 自考, 网络: the education-type digit of the certificate number it is
compared with) is NULL while not declared. All three are part of the sealed version, so the
sealed-record guard is re-created with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261204_02"
down_revision = "20261204_01"
branch_labels = None
depends_on = None

_GUARDED_BEFORE = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at "
    "photo_checks photo_attempts photo_accepted_by id_card_checked_by evidence_override_by "
    "payment_state payment_date admission_type exemptions"
).split()
_NEW = ["document_type", "nationality", "prior_study_form"]


def _update_guard(columns: list[str]) -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.execute(
        "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
        "WHEN OLD.sealed_at IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    )


def upgrade() -> None:
    op.add_column("records", sa.Column("document_type", sa.String(length=24), nullable=True))
    op.add_column("records", sa.Column("nationality", sa.String(length=3), nullable=True))
    op.add_column("records", sa.Column("prior_study_form", sa.String(length=1), nullable=True))
    _update_guard(_GUARDED_BEFORE + _NEW)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS records_sealed_no_update")
    op.drop_column("records", "prior_study_form")  # SQLite's own DROP COLUMN: no table rebuild
    op.drop_column("records", "nationality")
    op.drop_column("records", "document_type")
    _update_guard(_GUARDED_BEFORE)
