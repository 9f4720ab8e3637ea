"""Safe reading of zip archives uploaded by users (zipped Shapefiles, XLSX workbooks).

A zip can name files outside the target folder (``../``, absolute paths), contain symlinks,
or decompress to far more than it occupies (a zip bomb). Every member name is checked
before anything is written, and members are decompressed in chunks while counting the bytes
actually produced, so a lying header cannot push past the limits.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sozialraum.errors import ProblemCollector
from sozialraum.importers.limits import human_size

_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ZipLimits:
    """Limits for one archive. The defaults fit any real district file with a wide margin."""

    max_total_bytes: int = 500 * 1024 * 1024
    max_files: int = 1000
    max_ratio: float = 100.0
    # The ratio is only judged for members larger than this: tiny files compress oddly.
    ratio_min_bytes: int = 1024 * 1024


def is_junk(name: str) -> bool:
    """macOS adds ``__MACOSX/`` and ``._*`` resource forks; they are checked but not used."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.parts[:1] == ("__MACOSX",) or path.name.startswith("._")


def _check_name(info: zipfile.ZipInfo, problems: ProblemCollector) -> None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        problems.add("zip_absolute_path", member=info.filename)
    elif ".." in name.split("/"):
        problems.add("zip_path_traversal", member=info.filename)
    if stat.S_ISLNK(info.external_attr >> 16):
        problems.add("zip_symlink", member=info.filename)
    if info.flag_bits & 0x1:
        problems.add("zip_encrypted", member=info.filename)


def _checked_members(
    archive: zipfile.ZipFile, limits: ZipLimits, problems: ProblemCollector
) -> list[zipfile.ZipInfo]:
    """The file members, after checking names, count and declared sizes (a cheap first look)."""
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        problems.add("zip_too_many_files", count=len(infos), limit=limits.max_files)
        return []
    seen: set[str] = set()
    for info in infos:
        _check_name(info, problems)
        key = info.filename.replace("\\", "/").rstrip("/")
        if key in seen:
            problems.add("zip_duplicate_member", member=info.filename)
        seen.add(key)
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_bytes:
        problems.add("zip_too_large", limit=human_size(limits.max_total_bytes))
    return [i for i in infos if not i.is_dir()]


class _Budget:
    """Counts decompressed bytes across the whole archive and per member."""

    def __init__(self, limits: ZipLimits, problems: ProblemCollector) -> None:
        self.limits = limits
        self.problems = problems
        self.total = 0

    def consume(self, info: zipfile.ZipInfo, member_bytes: int, chunk: int) -> bool:
        """Account ``chunk`` bytes; False (with a problem added) when a limit is exceeded."""
        self.total += chunk
        if self.total > self.limits.max_total_bytes:
            self.problems.add("zip_too_large", limit=human_size(self.limits.max_total_bytes))
            return False
        ratio = member_bytes / max(info.compress_size, 1)
        if member_bytes > self.limits.ratio_min_bytes and ratio > self.limits.max_ratio:
            self.problems.add("zip_bomb", member=info.filename, ratio=int(ratio))
            return False
        return True


def _stream_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, out: BinaryIO | None
) -> bool:
    """Decompress one member chunk by chunk, stopping as soon as a limit is exceeded."""
    written = 0
    with archive.open(info) as src:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if not budget.consume(info, written, len(chunk)):
                return False
            if out is not None:
                out.write(chunk)
    return True


def _walk(
    path: Path,
    limits: ZipLimits,
    display_name: str,
    sink: Callable[[zipfile.ZipInfo], BinaryIO | None],
) -> list[zipfile.ZipInfo]:
    """Check and decompress every member; ``sink`` gives each member's output (or None)."""
    problems = ProblemCollector(display_name)
    done: list[zipfile.ZipInfo] = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive, limits, problems)
            problems.raise_if_errors()
            budget = _Budget(limits, problems)
            for info in members:
                out = sink(info)
                try:
                    complete = _stream_member(archive, info, budget, out)
                finally:
                    if out is not None:
                        out.close()
                if not complete:
                    break
                done.append(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        problems.add("bad_zip", detail=str(exc)[:200] or type(exc).__name__)
    problems.raise_if_errors()
    return done


def scan_zip(path: Path, limits: ZipLimits | None = None, display_name: str | None = None) -> None:
    """Check ``path`` without writing anything (e.g. an XLSX before openpyxl opens it).

    Raises :class:`DataError` for an unsafe or broken archive.
    """
    _walk(path, limits or ZipLimits(), display_name or path.name, lambda _info: None)


def extract_zip(
    path: Path, dest: Path, limits: ZipLimits | None = None, display_name: str | None = None
) -> list[Path]:
    """Extract ``path`` into the existing folder ``dest``; return the extracted files.

    Raises :class:`DataError` (nothing usable is returned) for an unsafe or broken archive;
    ``dest`` may then hold partial output and belongs to the caller to delete.
    """
    root = dest.resolve()
    written: list[Path] = []

    def sink(info: zipfile.ZipInfo) -> BinaryIO | None:
        if is_junk(info.filename):
            return None
        target = (root / info.filename.replace("\\", "/")).resolve()
        if not target.is_relative_to(root):  # already rejected by name; belt and braces
            raise zipfile.BadZipFile(f"unsafe member {info.filename!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(target)
        return target.open("xb")

    _walk(path, limits or ZipLimits(), display_name or path.name, sink)
    return written
