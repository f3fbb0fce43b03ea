"""the filing queue: batches received and waiting to be filed

Revision ID: r20261204_03
Revises: r20261204_02
Create Date: 2026-12-04 18:40:00

A batch may now be ``received`` (complete, waiting for a filer) between ``open`` and
``committed``; filers find the oldest waiting one through ``ix_batches_filing``. ``refusal`` keeps
why filing put a batch back open (its bytes did not decrypt, its audit head went back), for the
center's next question. Down: only when no batch waits (a schema without the queue would strand it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'r20261204_03'
down_revision = 'r20261204_02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('batches') as batch:
        batch.add_column(sa.Column('refusal', sa.Text(), nullable=True))
    op.create_index('ix_batches_filing', 'batches', ['state', 'created_at'])


def downgrade() -> None:
    waiting = op.get_bind().execute(sa.text("SELECT count(*) FROM batches WHERE state = 'received'")).scalar()
    if waiting:
        raise RuntimeError(f"{waiting} batches are received and not yet filed: file them first "
                           "(learncenter-registry filer --drain)")
    op.drop_index('ix_batches_filing', table_name='batches')
    with op.batch_alter_table('batches') as batch:
        batch.drop_column('refusal')
