"""Upload size limit, checked before a file is read (a 5 GB "CSV" must not be parsed first).

The content limits (rows, columns, cell length, features, vertices, nesting depth) live in
:mod:`sozialraum.limits`, since the core's text-table reader checks them too.
"""

from __future__ import annotations

import os
from pathlib import Path

from sozialraum.errors import ProblemCollector

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
