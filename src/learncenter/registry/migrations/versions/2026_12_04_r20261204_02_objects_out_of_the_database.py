"""objects out of the database: a blob's or material's bytes may live in the object store

Revision ID: r20261204_02
Revises: r20261204_01
Create Date: 2026-12-04 16:40:00

``blobs.data`` and ``materials.data`` become nullable: a row written with an object store keeps
only the hash and the size, its bytes are in the store (learncenter.registry.objects). Rows written
before keep their bytes and stay readable. Down: only when every row still holds its bytes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'r20261204_02'
down_revision = 'r20261204_01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('blobs', 'materials'):
        with op.batch_alter_table(table) as batch:
            batch.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    for table in ('blobs', 'materials'):
        held_elsewhere = connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE data IS NULL")).scalar()
        if held_elsewhere:
            raise RuntimeError(f"{held_elsewhere} rows of {table} keep their bytes in the object store: "
                               "a schema without it would lose them")
        with op.batch_alter_table(table) as batch:
            batch.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
