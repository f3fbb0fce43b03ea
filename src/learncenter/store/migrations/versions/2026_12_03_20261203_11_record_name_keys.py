"""records: surname readings in the pinyin keys, and the other keys a name is found by

Revision ID: 20261203_11
Revises: 20261203_01
Create Date: 2026-12-03 08:00:00

The pinyin keys now read a surname as a surname (单田芳 -> shantianfang, 曾志伟 -> zengzhiwei)
from a table made at build time instead of pypinyin at run time (store/name_keys.py). A name is
also found by the common reading of such a surname and, for 李·明 or 阿依古丽·买买提, by its text
without the dot: those keys go to ``record_name_keys``, one row per key, read through its
(kind, key) index. Every version's keys are computed again here; sealed versions too, so the
sealed-version guard is lifted for that one update and put back exactly as it was.

Downgrade drops the side table and leaves the main keys as they are: they are pinyin keys the
older code searches and sorts by just the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261203_11"
down_revision = "20261203_01"
branch_labels = None
depends_on = None

_GUARD = "records_sealed_no_update"
_CHUNK = 5000


def upgrade() -> None:
    from learncenter.store.name_keys import key_rows, name_keys

    op.create_table(
        "record_name_keys",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name="fk_record_name_keys_record_id_records"),
        sa.PrimaryKeyConstraint("record_id", "kind", "key", name="pk_record_name_keys"),
    )
    op.create_index("ix_record_name_keys_kind_key", "record_name_keys", ["kind", "key"])

    conn = op.get_bind()
    guard = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_GUARD,)).scalar()
    if guard:
        conn.exec_driver_sql(f"DROP TRIGGER {_GUARD}")
    rows = conn.exec_driver_sql("SELECT id, name, name_pinyin, name_initials FROM records").fetchall()
    changed: list[dict[str, str]] = []
    keys: list[dict[str, str]] = []
    for record_id, name, pinyin, initials in rows:
        new = name_keys(name)
        if new != (pinyin, initials):
            changed.append({"id": record_id, "p": new[0], "i": new[1]})
        keys += key_rows(record_id, name)
    update = sa.text("UPDATE records SET name_pinyin = :p, name_initials = :i WHERE id = :id")
    insert = sa.text("INSERT INTO record_name_keys (record_id, kind, key) VALUES (:record_id, :kind, :key)")
    for start in range(0, len(changed), _CHUNK):
        conn.execute(update, changed[start:start + _CHUNK])
    for start in range(0, len(keys), _CHUNK):
        conn.execute(insert, keys[start:start + _CHUNK])
    if guard:
        conn.exec_driver_sql(guard)


def downgrade() -> None:
    op.drop_index("ix_record_name_keys_kind_key", table_name="record_name_keys")
    op.drop_table("record_name_keys")
