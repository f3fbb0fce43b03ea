"""The registry's schema under Alembic (issue 15): where a database stands and bringing it to head.

A database made before the registry had migrations (``create_all``) is recognised by its tables
without a version row: the tables it lacks are added the old way once, then it is stamped at the
baseline and upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "registry_schema_version"
BASELINE = "r20261204_01"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        if "centers" in tables and VERSION_TABLE not in tables:  # made by create_all, before migrations
            from learncenter.registry.store import Base

            Base.metadata.create_all(connection)
            command.stamp(alembic_config(connection), BASELINE)
        command.upgrade(alembic_config(connection), target)


def downgrade(engine: Engine, target: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), target)
