"""records: indexes that hand the queue's pages over in order within a state

Revision ID: 20261202_11
Revises: 20261202_02
Create Date: 2026-12-02 17:00:00

The queue pages a state filter as the merge of one query per state (store/queue.py). With an
index on (state, is_current, the order's columns, id) each of those queries reads its rows in
order and stops at the page's end; with (state, is_current) alone SQLite sorted all 200,000
waiting records in a temporary B-tree for every page (0.3-0.5 s). One index per order the clerk
uses most: the name (the default), the ID number and the registration number.
"""

from __future__ import annotations

from alembic import op

revision = "20261202_11"
down_revision = "20261202_02"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_records_queue_name": ["state", "is_current", "name_pinyin", "id"],
    "ix_records_queue_id_number": ["state", "is_current", "id_number", "id"],
    "ix_records_queue_registration_no": ["state", "is_current", "registration_no", "id"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "records", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="records")
