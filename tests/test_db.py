"""The database layer: URL choice, SQLite settings, migrations match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from sozialraum import db
from sozialraum.workshop import models as _models  # noqa: F401 - registers the tables


def test_database_url_prefers_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(db.ENV_DB_URL, raising=False)
    assert db.database_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'sozialraum.sqlite'}"
    monkeypatch.setenv(db.ENV_DB_URL, "postgresql+psycopg://u@h/d")
    assert db.database_url(tmp_path) == "postgresql+psycopg://u@h/d"


def test_get_engine_is_cached_per_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(db.ENV_DB_URL, raising=False)
    assert db.get_engine(tmp_path) is db.get_engine(tmp_path)
    assert db.get_engine(tmp_path) is not db.get_engine(tmp_path / "other")


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    engine = db.create_db_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.SQLITE_BUSY_TIMEOUT_MS


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = db.create_db_engine(db_url)
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.Base.metadata)
    assert diff == []
    db.downgrade(engine, "base")
    assert db.table_names(engine) == ["alembic_version"]
    db.upgrade(engine)
    assert "contribution" in db.table_names(engine)
    engine.dispose()


def test_foreign_keys_enforced(db_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    engine = db.create_db_engine(db_url)
    db.upgrade(engine)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO field_of_action"
                " (workshop_id, title, description, position, created_at)"
                " VALUES (4711, 't', '', 0, CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()


def test_concurrent_upgrades_migrate_once(db_url: str) -> None:
    """App processes (and threads) starting together all run upgrade(); none fails."""
    import subprocess
    import sys
    import threading

    code = "import sys; from sozialraum import db; db.upgrade(db.create_db_engine(sys.argv[1]))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    engines = [db.create_db_engine(db_url) for _ in range(3)]
    errors: list[BaseException] = []

    def migrate(engine: object) -> None:
        try:
            db.upgrade(engine)  # type: ignore[arg-type]
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=migrate, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err
    assert errors == []
    assert db.current_revision(engines[0]) == db.head_revision()
    assert "contribution" in db.table_names(engines[0])
    for engine in engines:
        engine.dispose()
