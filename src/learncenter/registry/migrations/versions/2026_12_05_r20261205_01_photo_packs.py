"""photo packs: a batch's photos stored as one object, each row saying where its bytes are

Revision ID: r20261205_01
Revises: r20261204_c1
Create Date: 2026-12-05 00:10:00

``blobs.pack`` (the SHA-256 naming ``packs/<sha256>`` in the object store), ``pack_offset`` and
``pack_length``: a batch's photos, sealed one by one, go to the store as one object instead of one
object each. Rows written before keep their ``blobs/<sha256>`` object (or their bytes) and stay
readable. Skipped where the columns are there already (a database adopted from create_all). Down:
only when no row's bytes are in a pack (a schema without these columns could not find them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'r20261205_01'
down_revision = 'r20261204_c1'
branch_labels = None
depends_on = None

_COLUMNS = (('pack', sa.String(length=64)), ('pack_offset', sa.BigInteger()), ('pack_length', sa.BigInteger()))


def _columns() -> set[str]:
    return {column['name'] for column in sa.inspect(op.get_bind()).get_columns('blobs')}


def upgrade() -> None:
    present = _columns()
    with op.batch_alter_table('blobs') as batch:
        for name, kind in _COLUMNS:
            if name not in present:
                batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    packed = op.get_bind().execute(sa.text("SELECT count(*) FROM blobs WHERE pack IS NOT NULL")).scalar()
    if packed:
        raise RuntimeError(f"{packed} photos are kept in packs of the object store: a schema without "
                           "packs would lose them")
    with op.batch_alter_table('blobs') as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)
