"""Alembic environment: runs on the engine handed over by :func:`sozialraum.db.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

# Importing the model modules registers their tables on Base.metadata (for autogenerate).
from sozialraum.actors import models as _actor_models  # noqa: F401
from sozialraum.db import Base, writer
from sozialraum.workshop import models as _workshop_models  # noqa: F401

# Any number, the same in every process: the key of PostgreSQL's advisory migration lock.
_PG_MIGRATION_LOCK = 0x50_5A_4D_31

config = context.config
# Several app processes may start at once and all try to migrate: the first takes the lock
# (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), the others wait, then find the
# schema current and do nothing.
engine = writer(config.attributes["engine"])

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        context.run_migrations()
    connection.commit()
