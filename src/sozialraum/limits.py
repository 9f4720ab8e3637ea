"""Content limits of untrusted files, checked while a file streams past, before it is built.

A table of a million rows or a GeoJSON of ten million vertices must be refused after reading
the first rows or vertices beyond the limit, not after building it in memory: one upload must
not stall a small municipal server. The readers check :class:`ContentLimits` as they go (CSV:
:func:`check_line_count` before decoding, then :func:`sozialraum.text_tables.split_rows`;
XLSX: the declared sheet size, then the rows; GeoJSON: a streaming pre-scan). Each limit can
be set by an environment variable (see ``ENV``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sozialraum.errors import DataError, ProblemCollector

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
