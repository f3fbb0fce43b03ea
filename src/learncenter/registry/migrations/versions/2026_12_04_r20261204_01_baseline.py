"""baseline: the registry's schema as it stood when it came under Alembic (issue 15)

Revision ID: r20261204_01
Revises:
Create Date: 2026-12-04 09:45:37

Every table the registry had then, with the student status tables of issue 14. A database made
before, by create_all, is stamped at this revision (learncenter.registry.migrate).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'r20261204_01'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('centers',
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.Column('block_first', sa.BigInteger(), nullable=True),
    sa.Column('block_last', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('center_id'),
    sa.UniqueConstraint('block_first')
    )
    op.create_table('certificate_serials',
    sa.Column('school_year', sa.String(length=12), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('school_year')
    )
    op.create_table('changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_center_id'), ['center_id'], unique=False)
        batch_op.create_index('ix_changes_scope', ['kind', 'key', 'center_id'], unique=False)

    op.create_table('materials',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_materials_center_id'), ['center_id'], unique=False)

    op.create_table('person_aliases',
    sa.Column('alias', sa.String(length=64), nullable=False),
    sa.Column('person', sa.String(length=64), nullable=False),
    sa.Column('noted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('alias')
    )
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_aliases_person'), ['person'], unique=False)

    op.create_table('registry_meta',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('review_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('event_uid', sa.String(length=36), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('reviewers',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('seen_requests',
    sa.Column('signature_hash', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('signature_hash')
    )
    with op.batch_alter_table('seen_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_requests_seen_at'), ['seen_at'], unique=False)

    op.create_table('audit_heads',
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('center_id')
    )
    op.create_table('batches',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('state_committed', sa.Integer(), nullable=True),
    sa.Column('header', sa.Text(), nullable=False),
    sa.Column('manifest', sa.LargeBinary(), nullable=False),
    sa.Column('records', sa.Text(), nullable=False),
    sa.Column('blobs', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('batch_id'),
    sa.UniqueConstraint('center_id', 'sequence', 'state_committed')
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_center_id'), ['center_id'], unique=False)

    op.create_table('center_keys',
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('device_name', sa.String(length=200), nullable=False),
    sa.Column('client_version', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('key_id')
    )
    with op.batch_alter_table('center_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_center_keys_center_id'), ['center_id'], unique=False)

    op.create_table('enroll_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_table('persons',
    sa.Column('person', sa.String(length=64), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('person')
    )
    op.create_table('students',
    sa.Column('student_uid', sa.String(length=36), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('person', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('student_uid')
    )
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_students_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_students_person'), ['person'], unique=False)

    op.create_table('batch_streams',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('start', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('end', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.batch_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('batch_id', 'sha256', 'start')
    )
    op.create_table('certificates',
    sa.Column('number', sa.String(length=18), nullable=False),
    sa.Column('verification_code', sa.String(length=16), nullable=False),
    sa.Column('student_uid', sa.String(length=36), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('certificate_type', sa.String(length=16), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('lost', sa.Boolean(), nullable=False),
    sa.Column('lost_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.ForeignKeyConstraint(['student_uid'], ['students.student_uid'], ),
    sa.PrimaryKeyConstraint('number'),
    sa.UniqueConstraint('student_uid'),
    sa.UniqueConstraint('verification_code')
    )
    op.create_table('receipts',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.batch_id'], ),
    sa.PrimaryKeyConstraint('batch_id')
    )
    op.create_table('records',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('person', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.batch_id'], ),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.PrimaryKeyConstraint('record_id', 'version')
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_person'), ['person'], unique=False)

    op.create_table('student_events',
    sa.Column('event_uid', sa.String(length=36), nullable=False),
    sa.Column('student_uid', sa.String(length=36), nullable=False),
    sa.Column('center_id', sa.String(length=20), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.batch_id'], ),
    sa.ForeignKeyConstraint(['center_id'], ['centers.center_id'], ),
    sa.ForeignKeyConstraint(['student_uid'], ['students.student_uid'], ),
    sa.PrimaryKeyConstraint('event_uid')
    )
    with op.batch_alter_table('student_events', schema=None) as batch_op:
        batch_op.create_index('ix_student_events_state', ['state', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_student_events_student_uid'), ['student_uid'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('student_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_events_student_uid'))
        batch_op.drop_index('ix_student_events_state')

    op.drop_table('student_events')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_person'))
        batch_op.drop_index(batch_op.f('ix_records_center_id'))
        batch_op.drop_index(batch_op.f('ix_records_batch_id'))

    op.drop_table('records')
    op.drop_table('receipts')
    op.drop_table('certificates')
    op.drop_table('batch_streams')
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_students_person'))
        batch_op.drop_index(batch_op.f('ix_students_center_id'))

    op.drop_table('students')
    op.drop_table('persons')
    op.drop_table('enroll_codes')
    with op.batch_alter_table('center_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_center_keys_center_id'))

    op.drop_table('center_keys')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_center_id'))

    op.drop_table('batches')
    op.drop_table('audit_heads')
    with op.batch_alter_table('seen_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_requests_seen_at'))

    op.drop_table('seen_requests')
    op.drop_table('reviewers')
    op.drop_table('review_log')
    op.drop_table('registry_meta')
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_aliases_person'))

    op.drop_table('person_aliases')
    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_materials_center_id'))

    op.drop_table('materials')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index('ix_changes_scope')
        batch_op.drop_index(batch_op.f('ix_changes_center_id'))

    op.drop_table('changes')
    op.drop_table('certificate_serials')
    op.drop_table('centers')
    op.drop_table('blobs')
