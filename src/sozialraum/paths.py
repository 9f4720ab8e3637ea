"""Where things live, in a source checkout and in an installed package.

The writable data directory, by precedence: ``--data-dir``, else ``SOZIALRAUM_DATA_DIR``, else
the repository's ``data/`` in a source checkout (the developer flow), else a per-user data
directory (``platformdirs``) seeded from the shipped demo data on first use.

The demo data and the Streamlit settings are package data of the wheel (``_demo_data``,
``_streamlit``; see ``[tool.hatch.build.targets.wheel.force-include]``); in a source checkout
they are the repository's ``data/`` and ``.streamlit/``, the one source both come from.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import platformdirs

from sozialraum.atomic import staging_dir

ENV_VAR = "SOZIALRAUM_DATA_DIR"
APP_NAME = "sozialraum"

_PACKAGE = Path(__file__).resolve().parent
# In a source checkout the package lives in <repo>/src/sozialraum.
_REPO_ROOT = _PACKAGE.parents[1]
_SHIPPED_DEMO = _PACKAGE / "_demo_data"
_SHIPPED_STREAMLIT = _PACKAGE / "_streamlit"
# The file that makes a directory a data directory (see docs/data-format.md).
_MARKER = "towns.json"


def source_checkout() -> Path | None:
    """The repository root when running from a git checkout (not from an installed wheel)."""
    if _SHIPPED_DEMO.is_dir():
        return None
    root = _REPO_ROOT
    if (root / "pyproject.toml").is_file() and (root / "data" / _MARKER).is_file():
        return root
    return None


def demo_data_dir() -> Path:
    """The demo data that ships with the package (read it; write to :func:`resolve_data_dir`)."""
    if _SHIPPED_DEMO.is_dir():
        return _SHIPPED_DEMO
    return _REPO_ROOT / "data"


# Kept for callers that read the standard catalog: the shipped demo is that directory.
default_data_dir = demo_data_dir


def streamlit_config() -> Path:
    """The app's Streamlit settings (``config.toml``), shipped or in the checkout."""
    shipped = _SHIPPED_STREAMLIT / "config.toml"
    return shipped if shipped.is_file() else _REPO_ROOT / ".streamlit" / "config.toml"


def user_data_dir() -> Path:
    """The per-user writable data directory of an installed package."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "data"


def runtime_dir() -> Path:
    """A writable per-user folder for the app launcher and its static files (a cache)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "app"


def seed_data_dir(target: Path, demo: Path | None = None) -> Path:
    """Fill ``target`` with a copy of the demo data unless it exists already; return it.

    Safe when several processes start at once: each copies into its own staging folder and
    renames it into place; the rename is atomic, exactly one wins, the others drop their copy.
    A directory that exists and is not empty is left alone (it is somebody's data).
    """
    if target.is_dir() and any(target.iterdir()):
        return target
    # First one wins (unlike atomic.replace_dir, which replaces): a seeded folder is user data.
    staging = staging_dir(target, "seed")
    try:
        shutil.copytree(demo or demo_data_dir(), staging, dirs_exist_ok=True)
        try:
            # POSIX rename replaces an empty directory and fails on a non-empty one.
            staging.rename(target)
        except OSError:
            if not (target.is_dir() and any(target.iterdir())):
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to use, by precedence (see the module docstring)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    checkout = source_checkout()
    if checkout is not None:
        return checkout / "data"
    return seed_data_dir(user_data_dir())
