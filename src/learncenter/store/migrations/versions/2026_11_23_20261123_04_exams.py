"""exams: sessions, subjects, venues, rooms, seat assignments, notice-number blocks

Revision ID: 20261123_04
Revises: 20261123_03
Create Date: 2026-11-23 08:15:00

New tables only; no existing table is rebuilt, so the record and audit guards stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261123_04"
down_revision = "20261123_03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("exam_category", sa.String(length=64), nullable=False),
        sa.Column("term", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("registry_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_sessions")),
        sa.UniqueConstraint("code", name=op.f("uq_exam_sessions_code")),
    )
    op.create_table(
        "notice_number_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_number_blocks")),
    )
    op.create_table(
        "exam_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["exam_sessions.id"],
                                name=op.f("fk_exam_subjects_session_id_exam_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_subjects")),
    )
    with op.batch_alter_table("exam_subjects", schema=None) as batch_op:
        batch_op.create_index("ix_exam_subjects_session_id", ["session_id"], unique=False)

    op.create_table(
        "exam_venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["exam_sessions.id"],
                                name=op.f("fk_exam_venues_session_id_exam_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_venues")),
        sa.UniqueConstraint("session_id", "code", name=op.f("uq_exam_venues_session_id_code")),
    )
    op.create_table(
        "exam_rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("layout_columns", sa.Integer(), nullable=True),
        sa.Column("seats_kept_free", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["exam_sessions.id"],
                                name=op.f("fk_exam_rooms_session_id_exam_sessions")),
        sa.ForeignKeyConstraint(["venue_id"], ["exam_venues.id"], name=op.f("fk_exam_rooms_venue_id_exam_venues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_rooms")),
        sa.UniqueConstraint("session_id", "code", name=op.f("uq_exam_rooms_session_id_code")),
    )
    with op.batch_alter_table("exam_rooms", schema=None) as batch_op:
        batch_op.create_index("ix_exam_rooms_venue_id", ["venue_id"], unique=False)

    op.create_table(
        "seat_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("room_code", sa.String(length=32), nullable=False),
        sa.Column("seat", sa.String(length=16), nullable=False),
        sa.Column("notice_number", sa.String(length=32), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name=op.f("fk_seat_assignments_record_id_records")),
        sa.ForeignKeyConstraint(["session_id"], ["exam_sessions.id"],
                                name=op.f("fk_seat_assignments_session_id_exam_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_assignments")),
        sa.UniqueConstraint("notice_number", name=op.f("uq_seat_assignments_notice_number")),
        sa.UniqueConstraint("session_id", "id_number", name=op.f("uq_seat_assignments_session_id_id_number")),
        sa.UniqueConstraint("session_id", "room_code", "seat",
                            name=op.f("uq_seat_assignments_session_id_room_code_seat")),
    )
    with op.batch_alter_table("seat_assignments", schema=None) as batch_op:
        batch_op.create_index("ix_seat_assignments_record_id", ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seat_assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_seat_assignments_record_id")
    op.drop_table("seat_assignments")
    with op.batch_alter_table("exam_rooms", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_rooms_venue_id")
    op.drop_table("exam_rooms")
    op.drop_table("exam_venues")
    with op.batch_alter_table("exam_subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_subjects_session_id")
    op.drop_table("exam_subjects")
    op.drop_table("notice_number_blocks")
    op.drop_table("exam_sessions")
