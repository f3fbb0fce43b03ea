"""sync: stored batches and their items, per-item answers on the outbox, reference data, conflicts

Revision ID: 20261123_03
Revises: 20261123_02
Create Date: 2026-11-23 08:05:00

A batch is stored as ciphertext when it is built (protocol §11), so every retry sends the same
bytes. The outbox learns the registry's answer per item (return code and reasons) and gets the
index on record_id that finding a record's items needs; the audit log an index on entity_id,
since every manifest lists the audit entries of each of its records.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261123_03"
down_revision = "20261123_02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The outbox is rebuilt (batch mode) before any new table refers to it.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("return_code", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("return_reason_zh", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("return_reason_en", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_outbox_record_id", ["record_id"], unique=False)

    # Not in batch mode: a plain CREATE INDEX keeps the audit log's append-only triggers.
    op.create_index("ix_audit_log_entity_id", "audit_log", ["entity_id"], unique=False)

    op.create_table(
        "sync_batches",
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("manifest", sa.LargeBinary(), nullable=False),
        sa.Column("manifest_hash", sa.String(length=64), nullable=False),
        sa.Column("content_key", sa.LargeBinary(), nullable=False),
        sa.Column("blob_order", sa.JSON(), nullable=False),
        sa.Column("receipt", sa.JSON(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("committed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_sync_batches")),
        sa.UniqueConstraint("sequence", name=op.f("uq_sync_batches_sequence")),
    )
    with op.batch_alter_table("sync_batches", schema=None) as batch_op:
        batch_op.create_index("ix_sync_batches_state", ["state"], unique=False)

    op.create_table(
        "sync_batch_items",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("part", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["sync_batches.batch_id"],
                                name=op.f("fk_sync_batch_items_batch_id_sync_batches")),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"], name=op.f("fk_sync_batch_items_outbox_id_outbox")),
        sa.PrimaryKeyConstraint("outbox_id", name=op.f("pk_sync_batch_items")),
    )
    with op.batch_alter_table("sync_batch_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_batch_items_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "reference_data",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_reference_data")),
    )

    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name=op.f("fk_sync_conflicts_record_id_records")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_sync_conflicts_record_id", ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflicts_record_id")
    op.drop_table("sync_conflicts")
    op.drop_table("reference_data")
    with op.batch_alter_table("sync_batch_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_batch_items_batch_id"))
    op.drop_table("sync_batch_items")
    with op.batch_alter_table("sync_batches", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_batches_state")
    op.drop_table("sync_batches")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_record_id")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("return_reason_en")
        batch_op.drop_column("return_reason_zh")
        batch_op.drop_column("return_code")
    op.drop_index("ix_audit_log_entity_id", table_name="audit_log")
