"""initial schema: users, records (versioned), blobs, hash-chained audit log, outbox, settings

The triggers make two promises hold even against code that forgets them: the audit log is
append-only, and the content of a sealed record version never changes in place.

Revision ID: 20261123_01
Revises: 
Create Date: 2026-11-23 05:54:05.094089
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '20261123_01'
down_revision = None
branch_labels = None
depends_on = None


# Columns of a record version that are its content; on a sealed version only its state (as the
# registry answers), whether it is the current version, and updated_at may change.
_SEALED_CONTENT = (
    "id version replaces_id source term name name_pinyin name_initials gender birth_date "
    "id_number id_number_entered level major_code major_name ethnicity political_status "
    "learning_form registration_no phone address prior_education prior_school "
    "prior_certificate_no prior_graduation_date chsi_code cert_report_no photo_sha256 verdict "
    "refusal_reason sealed_at sealed_by correction_reason approved_by created_at"
).split()

TRIGGERS = {
    "audit_log_no_update": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    ),
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    ),
    "records_sealed_no_update": (
        "CREATE TRIGGER records_sealed_no_update BEFORE UPDATE ON records "
        "WHEN OLD.sealed_at IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _SEALED_CONTENT)
        + ") BEGIN SELECT RAISE(ABORT, 'sealed record version cannot change'); END"
    ),
    "records_sealed_no_delete": (
        "CREATE TRIGGER records_sealed_no_delete BEFORE DELETE ON records "
        "WHEN OLD.sealed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'sealed record version cannot be deleted'); END"
    ),
}


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before_digest', sa.String(length=64), nullable=True),
    sa.Column('after_digest', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('records',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.String(length=36), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('term', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_pinyin', sa.String(length=300), nullable=False),
    sa.Column('name_initials', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('id_number_entered', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('major_code', sa.String(length=16), nullable=False),
    sa.Column('major_name', sa.String(length=100), nullable=False),
    sa.Column('ethnicity', sa.String(length=2), nullable=False),
    sa.Column('political_status', sa.String(length=2), nullable=False),
    sa.Column('learning_form', sa.String(length=24), nullable=False),
    sa.Column('registration_no', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('prior_education', sa.String(length=32), nullable=True),
    sa.Column('prior_school', sa.String(length=100), nullable=False),
    sa.Column('prior_certificate_no', sa.String(length=32), nullable=False),
    sa.Column('prior_graduation_date', sa.Date(), nullable=True),
    sa.Column('chsi_code', sa.String(length=32), nullable=False),
    sa.Column('cert_report_no', sa.String(length=16), nullable=False),
    sa.Column('photo_sha256', sa.String(length=64), nullable=True),
    sa.Column('verdict', sa.JSON(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('sealed_at', sa.DateTime(), nullable=True),
    sa.Column('sealed_by', sa.String(length=64), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['photo_sha256'], ['blobs.sha256'], name=op.f('fk_records_photo_sha256_blobs')),
    sa.ForeignKeyConstraint(['replaces_id'], ['records.id'], name=op.f('fk_records_replaces_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records'))
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index('ix_records_id_number', ['id_number'], unique=False)
        batch_op.create_index('ix_records_name', ['name'], unique=False)
        batch_op.create_index('ix_records_name_initials', ['name_initials'], unique=False)
        batch_op.create_index('ix_records_name_pinyin', ['name_pinyin'], unique=False)
        batch_op.create_index('ix_records_registration_no', ['registration_no'], unique=False)
        batch_op.create_index('ix_records_state', ['state'], unique=False)
        batch_op.create_index('uq_records_current_application', ['term', 'id_number'], unique=True, sqlite_where=sa.text('is_current = 1'), postgresql_where=sa.text('is_current'))

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('record_version', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_outbox_record_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_state', ['state'], unique=False)

    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state')

    op.drop_table('outbox')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('uq_records_current_application', sqlite_where=sa.text('is_current = 1'), postgresql_where=sa.text('is_current'))
        batch_op.drop_index('ix_records_state')
        batch_op.drop_index('ix_records_registration_no')
        batch_op.drop_index('ix_records_name_pinyin')
        batch_op.drop_index('ix_records_name_initials')
        batch_op.drop_index('ix_records_name')
        batch_op.drop_index('ix_records_id_number')

    op.drop_table('records')
    op.drop_table('users')
    op.drop_table('settings')
    op.drop_table('blobs')
    op.drop_table('audit_log')
