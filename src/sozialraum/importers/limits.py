"""Limits checked before or while a file is read, so an oversized upload is refused early.

The upload size is checked before anything is read (a 5 GB "CSV" must not be parsed first).
The content limits (:class:`ContentLimits`: rows, columns, cell length, features, vertices,
JSON nesting depth) are checked by the readers while they stream through a file, so a table
of a million rows is refused after reading the first rows beyond the limit, not after
building it in memory. Each limit can be set by an environment variable (see ``ENV``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sozialraum.errors import DataError, ProblemCollector

ENV_MAX_UPLOAD_MB = "SOZIALRAUM_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 200.0
_MB = 1024 * 1024


def max_upload_bytes(explicit_mb: float | None = None) -> int:
    """The limit in bytes: the argument, else ``SOZIALRAUM_MAX_UPLOAD_MB``, else 200 MB.

    An unparsable or non-positive environment value falls back to the default rather than
    disabling the limit.
    """
    if explicit_mb is not None:
        return int(explicit_mb * _MB)
    raw = os.environ.get(ENV_MAX_UPLOAD_MB, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int((mb if mb > 0 else DEFAULT_MAX_UPLOAD_MB) * _MB)


def check_input_file(path: Path, problems: ProblemCollector, limit_bytes: int) -> bool:
    """Report a missing, empty or too large file; True if the file may be read."""
    try:
        if not path.is_file():
            problems.add("file_missing")
            return False
        size = path.stat().st_size
    except OSError as exc:  # e.g. a file name longer than the file system allows
        problems.add("unreadable_file", detail=exc.strerror or type(exc).__name__)
        return False
    if size == 0:
        problems.add("empty_file")
        return False
    if size > limit_bytes:
        problems.add("file_too_large", size=human_size(size), limit=human_size(limit_bytes))
        return False
    return True


def human_size(n_bytes: int) -> str:
    """``1536`` → ``"1.5 KB"``; for messages only."""
    size = float(n_bytes)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


# (environment variable, default): generous for real town data, far below what hurts a server.
# A long table of 300 districts x 60 indicators x 25 years has 450,000 rows.
ENV: dict[str, tuple[str, int]] = {
    "max_rows": ("SOZIALRAUM_MAX_ROWS", 500_000),
    "max_columns": ("SOZIALRAUM_MAX_COLUMNS", 1_000),
    "max_cell_chars": ("SOZIALRAUM_MAX_CELL_CHARS", 2_000),
    "max_features": ("SOZIALRAUM_MAX_FEATURES", 20_000),
    "max_vertices": ("SOZIALRAUM_MAX_VERTICES", 5_000_000),
    "max_depth": ("SOZIALRAUM_MAX_JSON_DEPTH", 64),
}


def _from_env(name: str) -> int:
    """The limit named ``name``: its environment variable if a positive integer, else default."""
    variable, default = ENV[name]
    raw = os.environ.get(variable, "").strip().replace("_", "")
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else default


@dataclass(frozen=True)
class ContentLimits:
    """What one uploaded file may contain; defaults come from the environment (see ``ENV``)."""

    max_rows: int = field(default_factory=lambda: _from_env("max_rows"))
    max_columns: int = field(default_factory=lambda: _from_env("max_columns"))
    max_cell_chars: int = field(default_factory=lambda: _from_env("max_cell_chars"))
    max_features: int = field(default_factory=lambda: _from_env("max_features"))
    max_vertices: int = field(default_factory=lambda: _from_env("max_vertices"))
    max_depth: int = field(default_factory=lambda: _from_env("max_depth"))


_CHUNK = 1 << 20


def check_line_count(path: Path, file: str, limits: ContentLimits) -> None:
    """Refuse a text table with more lines than ``limits.max_rows``, counting line breaks in
    1 MB chunks before anything is decoded or parsed (a million rows take well under a second).

    Raises :class:`DataError`. Works for UTF-16 as well (its line feed contains the byte 0x0A).
    """
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            if lines > limits.max_rows:
                problems = ProblemCollector(file)
                problems.add("too_many_rows", limit=limits.max_rows)
                raise DataError(problems.problems)
