"""Alembic environment: always run from learncenter.store.migrate on an open connection."""

from __future__ import annotations

from alembic import context

from learncenter.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through learncenter.store.migrate, which supplies the keyed connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
