"""console: the staff console's accounts, a key's last signed request, a batch's counts

Revision ID: r20261204_c1
Revises: r20261204_03
Create Date: 2026-12-04 18:10:00

``console_users`` (name, argon2 hash, role viewer|operator, wrong passwords and a lock) for ``/console``;
``center_keys.last_seen_at`` (the key's last signed request, kept to the minute);
``batches.records_received`` (entries announced) and ``records_accepted``/``records_rejected``
(how the commit filed them). Batches committed before this revision get their accepted count
from the rows they filed; how many were rejected was only in their sealed receipts and stays
unknown (NULL). Each step is skipped when its table or column is there already (a database
adopted from create_all has them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'r20261204_c1'
down_revision = 'r20261204_03'
branch_labels = None
depends_on = None

_BATCH_COLUMNS = ('records_received', 'records_accepted', 'records_rejected')


def _columns(table: str) -> set[str]:
    return {column['name'] for column in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    if 'console_users' not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table('console_users',
                        sa.Column('name', sa.String(length=64), nullable=False),
                        sa.Column('password_hash', sa.String(length=256), nullable=False),
                        sa.Column('role', sa.String(length=12), nullable=False),
                        sa.Column('active', sa.Boolean(), nullable=False),
                        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                        sa.Column('failures', sa.Integer(), nullable=False),
                        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
                        sa.PrimaryKeyConstraint('name'))
    if 'last_seen_at' not in _columns('center_keys'):
        with op.batch_alter_table('center_keys') as batch:
            batch.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
    missing = [name for name in _BATCH_COLUMNS if name not in _columns('batches')]
    if missing:
        with op.batch_alter_table('batches') as batch:
            for name in missing:
                batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
        op.execute("UPDATE batches SET records_accepted = "
                   "(SELECT count(*) FROM records WHERE records.batch_id = batches.batch_id) + "
                   "(SELECT count(*) FROM student_events WHERE student_events.batch_id = batches.batch_id) "
                   "WHERE state = 'committed' AND records_accepted IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('batches') as batch:
        for name in reversed(_BATCH_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table('center_keys') as batch:
        batch.drop_column('last_seen_at')
    op.drop_table('console_users')
