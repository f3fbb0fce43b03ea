"""Alembic environment of the registry's database: always run from learncenter.registry.migrate on
an open connection (SQLite or PostgreSQL)."""

from __future__ import annotations

from alembic import context

from learncenter.registry.store import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the registry's migrations through learncenter.registry.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite rebuilds a table to ALTER it
    compare_type=True,
    version_table="registry_schema_version",
)
with context.begin_transaction():
    context.run_migrations()
