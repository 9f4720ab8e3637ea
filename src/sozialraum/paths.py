"""Where the data directory is: ``--data-dir``, else ``SOZIALRAUM_DATA_DIR``, else repo data."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SOZIALRAUM_DATA_DIR"

# The package lives in src/sozialraum; the embedded demo data sits at the repo root in data/.
_REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The embedded data directory that ships with the repository."""
    return _REPO_ROOT / "data"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to use, by precedence: argument, environment, default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_data_dir()
