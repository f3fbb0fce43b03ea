"""submitted_materials: the photos and scans candidates submitted online (issue 13)

Revision ID: 20261204_03
Revises: 20261204_02
Create Date: 2026-12-04 06:40:00

A pre-registration may name the photo and scans its candidate submitted online; the center
notes each (term, ID number, kind, SHA-256) and fetches it from the registry into the blob store
after the down-sync, resuming with whatever is still unfetched on the next run.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261204_03"
down_revision = "20261204_02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submitted_materials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("term", sa.String(length=32), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("named_at", sa.DateTime(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("term", "id_number", "kind"),
    )
    op.create_index("ix_submitted_materials_fetched", "submitted_materials", ["fetched_at"])


def downgrade() -> None:
    op.drop_index("ix_submitted_materials_fetched", table_name="submitted_materials")
    op.drop_table("submitted_materials")
