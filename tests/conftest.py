"""Shared fixtures: the tiny shipped fixture, the embedded demo data, the official open data."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "data" / "mini"
OPEN_DATA = REPO.parent / "shared" / "data" / "open"
SIX_TOWNS = ("bad-hersfeld", "merzig", "muehlacker", "pirmasens", "saalfeld", "weissenfels")


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the four-district fixture town 'musterstadt'."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def repo_data_dir() -> Path:
    return REPO / "data"


@pytest.fixture(scope="session")
def open_data() -> Path:
    """The real official data beside the repo; required under CI, else skipped when absent."""
    if not OPEN_DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"official open data missing at {OPEN_DATA} (required under CI)")
        pytest.skip(f"official open data not found at {OPEN_DATA}")
    return OPEN_DATA


def tree_digest(root: Path) -> dict[str, str]:
    """Hash of every file below ``root`` (to prove a failed operation changed nothing)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- databases

PG_URL_VAR = "SOZIALRAUM_TEST_PG_URL"


def _postgres_admin_url() -> str:
    url = os.environ.get(PG_URL_VAR, "").strip()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_URL_VAR} not set: PostgreSQL is required under CI (see scripts/test)")
        pytest.skip(f"no PostgreSQL: {PG_URL_VAR} not set (./scripts/test starts a cluster)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """A fresh, empty database per test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sozialraum.sqlite'}"
        return
    from sozialraum.workshop.stress import fresh_postgres_database

    with fresh_postgres_database(_postgres_admin_url()) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> object:
    """A workshop store on a migrated, empty database (both backends)."""
    from sozialraum.db import create_db_engine, upgrade
    from sozialraum.workshop import WorkshopStore

    engine = create_db_engine(db_url)
    upgrade(engine)
    yield WorkshopStore(engine)
    engine.dispose()
