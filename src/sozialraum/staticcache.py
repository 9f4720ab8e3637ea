"""The static file cache the app serves (content-addressed geometry), bounded in size.

Files are named by their content hash, written atomically (unique temporary names, so any
number of threads or server processes may publish the same file at once) and pruned least
recently used first once the folder exceeds its cap (``SOZIALRAUM_STATIC_CACHE_MB``).
Using a file marks it as recently used (its mtime, refreshed at most every
``TOUCH_INTERVAL_S``); a pruner never removes the file being published nor any file used within
``MIN_AGE_S``, since a page that was just sent may still fetch it. So the cap is exceeded only
while more than the cap is in active use; the cap is a bound on what is kept for later.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sozialraum.atomic import is_temp_name, write_bytes

CAP_ENV_VAR = "SOZIALRAUM_STATIC_CACHE_MB"
DEFAULT_CAP_MB = 256.0
# A page fetches its geometry within seconds of being sent; ten minutes is generous.
MIN_AGE_S = 600.0
# Refresh the use mark at most this often, so the file's Last-Modified rarely changes.
TOUCH_INTERVAL_S = 60.0
# Temporary files of a writer that died are removed after this long.
STALE_TEMP_S = 3600.0


def cap_bytes() -> int:
    """The configured cap (``SOZIALRAUM_STATIC_CACHE_MB``, default 256 MB) in bytes."""
    raw = os.environ.get(CAP_ENV_VAR, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_CAP_MB
    except ValueError:
        megabytes = DEFAULT_CAP_MB
    return max(0, int(megabytes * 1024 * 1024))


def publish(folder: Path, name: str, data: bytes, *, cap: int | None = None) -> Path:
    """Make ``folder/name`` hold ``data`` (content-addressed: same name, same bytes); return it.

    Existing files are only marked as used. A new file is written atomically, then the folder
    is pruned to ``cap`` bytes (default :func:`cap_bytes`), never removing this file.
    """
    target = folder / name
    try:
        stat = target.stat()
    except FileNotFoundError:
        write_bytes(target, data)
        prune(folder, cap_bytes() if cap is None else cap, keep=(name,))
        return target
    now = time.time()
    if now - stat.st_mtime > TOUCH_INTERVAL_S:
        try:
            os.utime(target, (now, now))
        except FileNotFoundError:  # pruned between stat and touch: write it again
            write_bytes(target, data)
    return target


@dataclass(frozen=True)
class _Entry:
    path: Path
    size: int
    mtime: float


def _entries(folder: Path) -> list[_Entry]:
    entries = []
    try:
        children = list(folder.iterdir())
    except FileNotFoundError:
        return []
    for path in children:
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed by another pruner meanwhile
            continue
        if path.is_file():
            entries.append(_Entry(path, stat.st_size, stat.st_mtime))
    return entries


def folder_size(folder: Path) -> int:
    """Bytes of the files directly in ``folder``."""
    return sum(entry.size for entry in _entries(folder))


def prune(
    folder: Path,
    cap: int,
    *,
    keep: Collection[str] = (),
    min_age_s: float | None = None,
    now: float | None = None,
) -> list[Path]:
    """Remove least recently used files until ``folder`` holds at most ``cap`` bytes.

    Never removes the names in ``keep`` or files used within ``min_age_s``. Safe with
    concurrent writers and pruners: a file is re-checked just before removal and skipped if it
    was used meanwhile; a file removed by someone else is simply gone. Returns what it removed.
    """
    now = time.time() if now is None else now
    min_age_s = MIN_AGE_S if min_age_s is None else min_age_s
    removed: list[Path] = []
    entries = _entries(folder)
    for entry in entries:
        if is_temp_name(entry.path.name) and now - entry.mtime > STALE_TEMP_S:
            with contextlib.suppress(FileNotFoundError):
                entry.path.unlink()
                removed.append(entry.path)
    live = [e for e in entries if not is_temp_name(e.path.name)]
    total = sum(e.size for e in live)
    for entry in sorted(live, key=lambda e: e.mtime):
        if total <= cap:
            break
        if entry.path.name in keep or now - entry.mtime < min_age_s:
            continue
        try:
            if entry.path.stat().st_mtime != entry.mtime:
                continue  # used since we looked
            entry.path.unlink()
        except FileNotFoundError:
            pass  # another pruner was quicker; it is gone either way
        else:
            removed.append(entry.path)
        total -= entry.size
    return removed
