"""Cached data access for the app.

Loaded towns are cached as resources (shared, not copied: a rerun must not deserialize a
GeoDataFrame) and keyed by a signature of the data directory's files, so an import or a
changed file is picked up on the next rerun without restarting the server.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from sozialraum.db import SQLITE_FILE, database_url
from sozialraum.loaders import TownData, load_town
from sozialraum.maps import GeometryPayload
from sozialraum.paths import resolve_data_dir
from sozialraum.reference import load_reference
from sozialraum.town_series import load_town_series
from sozialraum.town_series import official_series as town_series_rows
from sozialraum.towns import Town, load_towns
from sozialraum.ui.assets import publish

if TYPE_CHECKING:
    from sozialraum.actors import ActorStore


def data_dir() -> Path:
    return resolve_data_dir()


def data_signature(root: Path) -> str:
    """A hash of the names, sizes and modification times of the data files."""
    digest = hashlib.blake2b(digest_size=12)
    for folder, dirs, files in os.walk(root):
        # Skip staging/trash folders of imports in progress and the users' original files.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "original")
        for name in sorted(files):
            if name.startswith(SQLITE_FILE):
                continue  # the workshop/actor database changes on every edit; towns do not
            stat = Path(folder, name).stat()
            digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _towns(root: str, signature: str) -> list[Town]:
    return load_towns(Path(root))


@st.cache_resource(show_spinner=False, max_entries=64)
def _town_data(root: str, town_id: str, signature: str) -> TownData:
    return load_town(Path(root), town_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _payload(root: str, town_id: str, signature: str) -> GeometryPayload:
    return GeometryPayload.from_frame(_town_data(root, town_id, signature).districts)


@st.cache_resource(show_spinner=False, max_entries=8)
def _reference(root: str, signature: str) -> pd.DataFrame:
    return load_reference(Path(root))


@st.cache_resource(show_spinner=False, max_entries=8)
def _town_series(root: str, signature: str) -> pd.DataFrame:
    return load_town_series(Path(root))


def signature() -> tuple[str, str]:
    """(data directory, signature of its files) for keying caches of derived results."""
    return _signature()


def _signature() -> tuple[str, str]:
    root = data_dir()
    # One walk per script run: pages call these helpers several times.
    run_cache = st.session_state.setdefault("_signature_run", {})
    run_id = st.session_state.get("_run_counter", 0)
    if run_cache.get("run") != run_id:
        run_cache.clear()
        run_cache.update(run=run_id, signature=data_signature(root))
    return str(root), run_cache["signature"]


def new_run() -> None:
    """Mark the start of a script run (so the data signature is computed once per run)."""
    st.session_state["_run_counter"] = st.session_state.get("_run_counter", 0) + 1


def towns() -> list[Town]:
    return _towns(*_signature())


def town_data(town_id: str) -> TownData:
    root, signature = _signature()
    return _town_data(root, town_id, signature)


def payload(town_id: str) -> tuple[GeometryPayload, str]:
    """The town's simplified geometry and the URL the map fetches it from."""
    root, signature = _signature()
    geometry = _payload(root, town_id, signature)
    # Content-addressed file: the browser fetches each geometry once and may cache it for
    # good. Written (if missing: one stat per run) outside the cache so a cleaned folder heals.
    return geometry, publish("cache", geometry.write)


def reference() -> pd.DataFrame:
    return _reference(*_signature())


def town_series() -> pd.DataFrame:
    """Official town-level time series (e.g. INKAR): ags, indicator_id, year, value, source."""
    return _town_series(*_signature())


def official_series(ags: str, indicator_id: str) -> pd.DataFrame:
    """One town's official series for one indicator (year, value, source), maybe empty."""
    return town_series_rows(town_series(), ags, indicator_id)


@st.cache_resource(show_spinner=False, max_entries=8)
def _actor_store(url: str, root: str) -> ActorStore:
    from sozialraum.actors import open_actor_store

    return open_actor_store(Path(root))


def actor_store() -> ActorStore:
    """The actor store of the data directory's database (schema upgraded once)."""
    root = data_dir()
    return _actor_store(database_url(root), str(root))
