"""students: student status, its events, year registrations and certificates (issue 14)

Revision ID: 20261204_11
Revises: 20261204_03
Create Date: 2026-12-04 09:00:00

A student holds one status per study period; every change is a dated event, decided here (the
admission stage) or requested here and decided by the registry, and travels up in the signed
batches (student_batch_items, like sync_batch_items for records); a registered certificate is
kept as the registry registered it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261204_11"
down_revision = "20261204_03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("record_id", sa.String(length=36), sa.ForeignKey("records.id"), nullable=True),
        sa.Column("term", sa.String(length=32), nullable=False),
        sa.Column("candidate_no", sa.String(length=32), nullable=False),
        sa.Column("student_no", sa.String(length=32), nullable=True, unique=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("ethnicity", sa.String(length=2), nullable=False),
        sa.Column("political_status", sa.String(length=2), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("major_code", sa.String(length=16), nullable=False),
        sa.Column("major_name", sa.String(length=100), nullable=False),
        sa.Column("minor", sa.String(length=100), nullable=False),
        sa.Column("learning_form", sa.String(length=24), nullable=False),
        sa.Column("programme_length", sa.String(length=4), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("enrolment_date", sa.Date(), nullable=False),
        sa.Column("expected_graduation", sa.Date(), nullable=False),
        sa.Column("admission_type", sa.String(length=24), nullable=True),
        sa.Column("prior_school", sa.String(length=100), nullable=False),
        sa.Column("prior_certificate_no", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("hold", sa.String(length=200), nullable=False),
        sa.Column("graduation_photo_sha256", sa.String(length=64), sa.ForeignKey("blobs.sha256"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_students_id_number", "students", ["id_number"])
    op.create_index("ix_students_filter", "students", ["status", "grade", "level", "major_code"])
    op.create_table(
        "student_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(length=36), nullable=False, unique=True),
        sa.Column("student_id", sa.String(length=36), sa.ForeignKey("students.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status_before", sa.String(length=24), nullable=True),
        sa.Column("status_after", sa.String(length=24), nullable=True),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("sync_state", sa.String(length=12), nullable=True),
    )
    op.create_index("ix_student_events_student", "student_events", ["student_id", "id"])
    op.create_index("ix_student_events_state", "student_events", ["state"])
    op.create_index("ix_student_events_sync_state", "student_events", ["sync_state"])
    op.create_table(
        "student_batch_items",
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("student_events.id"), primary_key=True),
        sa.Column("batch_id", sa.String(length=36), sa.ForeignKey("sync_batches.batch_id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("part", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_student_batch_items_batch_id", "student_batch_items", ["batch_id"])
    op.create_table(
        "year_registrations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("student_id", sa.String(length=36), sa.ForeignKey("students.id"), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("student_id", "academic_year"),
    )
    op.create_table(
        "certificates",
        sa.Column("number", sa.String(length=18), primary_key=True),
        sa.Column("student_id", sa.String(length=36), sa.ForeignKey("students.id"), nullable=False, unique=True),
        sa.Column("certificate_type", sa.String(length=16), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("verification_code", sa.String(length=16), nullable=False, unique=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("lost", sa.Boolean(), nullable=False),
        sa.Column("proof", sa.JSON(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("certificates")
    op.drop_table("year_registrations")
    op.drop_index("ix_student_batch_items_batch_id", table_name="student_batch_items")
    op.drop_table("student_batch_items")
    op.drop_index("ix_student_events_sync_state", table_name="student_events")
    op.drop_index("ix_student_events_state", table_name="student_events")
    op.drop_index("ix_student_events_student", table_name="student_events")
    op.drop_table("student_events")
    op.drop_index("ix_students_filter", table_name="students")
    op.drop_index("ix_students_id_number", table_name="students")
    op.drop_table("students")
