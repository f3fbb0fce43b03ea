"""workstation: login lockout, photo checks, documents kept with a record, drafts

Revision ID: 20261123_02
Revises: 20261123_01
Create Date: 2026-11-23 06:33:59

The sealed-record guard is re-created so that it also covers the new record columns, and a
document cannot be added to, changed on or removed from a sealed record version.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261123_02"
down_revision = "20261123_01"
branch_labels = None
depends_on = None

_CONTENT_01 = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at"
).split()
_CONTENT_02 = _CONTENT_01 + "photo_checks photo_attempts photo_accepted_by id_card_checked_by".split()


def _sealed_guards(columns: list[str]) -> dict[str, str]:
    return {
        "records_sealed_no_update": (
            "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
            "WHEN OLD.sealed_at IS NOT NULL AND ("
            + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
            + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
        ),
        "records_sealed_no_delete": (
            "CREATE TRIGGER records_sealed_no_delete BEFORE DELETE ON records "
            "WHEN OLD.sealed_at IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'sealed record version cannot be deleted'); END"
        ),
    }


_SEALED_RECORD = "(SELECT sealed_at FROM records WHERE id = {}.record_id) IS NOT NULL"
DOCUMENT_GUARDS = {
    "record_documents_sealed_no_insert": (
        "CREATE TRIGGER record_documents_sealed_no_insert BEFORE INSERT ON record_documents "
        f"WHEN {_SEALED_RECORD.format('NEW')} "
        "BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    ),
    "record_documents_sealed_no_update": (
        "CREATE TRIGGER record_documents_sealed_no_update BEFORE UPDATE ON record_documents "
        f"WHEN {_SEALED_RECORD.format('OLD')} "
        "BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    ),
    "record_documents_sealed_no_delete": (
        "CREATE TRIGGER record_documents_sealed_no_delete BEFORE DELETE ON record_documents "
        f"WHEN {_SEALED_RECORD.format('OLD')} "
        "BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    ),
}


def _replace_guards(guards: dict[str, str]) -> None:
    for name, sql in guards.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(sql)


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name=op.f("fk_drafts_record_id_records")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index("ix_drafts_owner", ["owner"], unique=False)

    op.create_table(
        "record_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"], name=op.f("fk_record_documents_blob_sha256_blobs")),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name=op.f("fk_record_documents_record_id_records")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_documents")),
    )
    with op.batch_alter_table("record_documents", schema=None) as batch_op:
        batch_op.create_index("ix_record_documents_record_id", ["record_id"], unique=False)

    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("photo_checks", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("photo_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("photo_accepted_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("id_card_checked_by", sa.String(length=64), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))

    _replace_guards(_sealed_guards(_CONTENT_02))
    _replace_guards(DOCUMENT_GUARDS)


def downgrade() -> None:
    for name in DOCUMENT_GUARDS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in _sealed_guards(_CONTENT_01):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")

    with op.batch_alter_table("records", schema=None) as batch_op:  # rebuilds the table
        batch_op.drop_column("id_card_checked_by")
        batch_op.drop_column("photo_accepted_by")
        batch_op.drop_column("photo_attempts")
        batch_op.drop_column("photo_checks")

    with op.batch_alter_table("record_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_record_documents_record_id")
    op.drop_table("record_documents")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_owner")
    op.drop_table("drafts")

    _replace_guards(_sealed_guards(_CONTENT_01))
