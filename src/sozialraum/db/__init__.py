"""The project's database: SQLite in the data directory by default, PostgreSQL on request.

``SOZIALRAUM_DB_URL`` (e.g. ``postgresql+psycopg://user@host/db``) lets several app processes
share one database; without it each data directory has its own SQLite file. Every table of
the project (workshop, actors, …) derives from :class:`Base` and is created by the Alembic
migrations in :mod:`sozialraum.db.migrations` — run :func:`upgrade` (or
``sozialraum db upgrade``) before use.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event, inspect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool

ENV_DB_URL = "SOZIALRAUM_DB_URL"
SQLITE_FILE = "sozialraum.sqlite"
# How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).with_name("migrations")

# Stable constraint names, so that later migrations can alter them on every backend.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table of the project."""

    metadata = MetaData(naming_convention=_NAMING)


def database_url(data_dir: Path) -> str:
    """``SOZIALRAUM_DB_URL`` if set, else a SQLite file in ``data_dir``."""
    from_env = os.environ.get(ENV_DB_URL, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{Path(data_dir).resolve() / SQLITE_FILE}"


def _configure_sqlite(engine: Engine) -> None:
    """WAL journal (readers never block the writer), a busy timeout and foreign keys.

    The driver's own transaction handling is switched off so that SQLAlchemy emits BEGIN
    itself: writers ask for ``BEGIN IMMEDIATE`` (execution option ``sqlite_begin``), which
    takes the write lock up front — a deferred transaction that later upgrades to writing
    fails at once with "database is locked" instead of waiting when another writer holds it.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_db_engine(url: str) -> Engine:
    """A new engine for ``url`` with the project's settings (see :func:`get_engine`)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # One connection per use: SQLite connections are cheap, and a pool would keep file
        # handles open across forks of the stress tests' writer processes.
        engine = create_engine(url, poolclass=NullPool)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(data_dir: Path) -> Engine:
    """The engine for ``data_dir`` (or ``SOZIALRAUM_DB_URL``), cached per URL."""
    url = database_url(data_dir)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = create_db_engine(url)
        return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def writer(engine: Engine) -> Engine:
    """The same engine, taking SQLite's write lock when a transaction begins."""
    return engine.execution_options(sqlite_begin="IMMEDIATE") if is_sqlite(engine) else engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


# Alembic keeps its running context in module globals: one migration per process at a time.
# Between processes, the migration environment takes a database lock (see migrations/env.py).
_ALEMBIC_LOCK = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest) with the Alembic migrations.

    Safe to call from several threads and processes at once: one migrates, the others wait
    and then find the schema current.
    """
    from alembic import command

    with _ALEMBIC_LOCK:
        command.upgrade(_alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with _ALEMBIC_LOCK:
        command.downgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(
        _alembic_config(create_engine("sqlite://"))
    ).get_current_head()


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


__all__ = [
    "ENV_DB_URL",
    "Base",
    "create_db_engine",
    "current_revision",
    "database_url",
    "downgrade",
    "get_engine",
    "head_revision",
    "is_sqlite",
    "table_names",
    "upgrade",
    "writer",
]
