"""Alembic environment: runs on the engine handed over by :func:`sozialraum.db.upgrade`."""

from __future__ import annotations

from alembic import context

# Importing the model modules registers their tables on Base.metadata (for autogenerate).
from sozialraum.actors import models as _actor_models  # noqa: F401
from sozialraum.db import Base
from sozialraum.workshop import models as _workshop_models  # noqa: F401

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
