"""Atomic file and directory writes: readers see the old content or the new, never a part.

A file is written to a temporary file with a unique name in the target's own folder (so
the final rename stays within one file system), flushed to disk (``fsync``), moved over the
target with :func:`os.replace` (atomic on POSIX and Windows), and the folder is synced so
the rename itself survives a crash. Unique names make concurrent writers of one target
safe: each renames its own complete file, the last one wins. On any failure the temporary
file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

# Temporary files are hidden (leading dot) and carry this mark, so cleaners can spot the
# leftovers of a writer that died (see sozialraum.staticcache).
TEMP_MARK = ".tmp-"
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _fsync_dir(folder: Path) -> None:
    """Persist a rename in ``folder``; not possible (nor needed) on some platforms."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{secrets.token_hex(8)}")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is a temporary file of this module (complete or not)."""
    return name.startswith(".") and TEMP_MARK in name


def _write_temp(path: Path, data: bytes) -> Path:
    """A complete, synced copy of ``data`` next to ``path``; removed again on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = _temp_name(path)
        try:
            # 0o666 minus the umask, as for any new file (mkstemp would force 0o600).
            fd = os.open(tmp, _CREATE_FLAGS, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_bytes(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically; creates missing parent folders."""
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


@contextlib.contextmanager
def checked_write(path: Path, data: bytes) -> Iterator[Path]:
    """Write ``data`` to a temporary file, let the block check it, then move it into place.

    If the block raises, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``text`` atomically (written as is: no newline translation)."""
    return write_bytes(path, text.encode(encoding))


def write_files(files: Mapping[Path, str | bytes], encoding: str = "utf-8") -> list[Path]:
    """Write several files: all temporary files first, then move them all into place.

    Nothing is replaced unless every file was written completely. Each file is replaced
    atomically; the set is not (a crash between two renames leaves some files new).
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            data = content.encode(encoding) if isinstance(content, str) else content
            temps.append((_write_temp(Path(path), data), Path(path)))
        for tmp, path in temps:
            tmp.replace(path)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for folder in {path.parent for _, path in temps}:
        _fsync_dir(folder)
    return [path for _, path in temps]


# --------------------------------------------------------------------------- folders


def staging_dir(target: Path, label: str = "staging") -> Path:
    """A new, empty, uniquely named dot folder beside ``target`` (same file system).

    Dot folders are skipped by the data loaders, so a crash never shows a half-built one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = target.parent / f".{label}-{target.name}-{secrets.token_hex(6)}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def replace_dir(staged: Path, target: Path) -> None:
    """Move the folder ``staged`` to ``target``; an existing ``target`` is replaced.

    The old folder is first moved into a dot folder and put back if the move fails, so
    ``target`` is at every moment either the old or the new folder (or, between the two
    renames, briefly absent). If another process swaps ``target`` at the same time, one of
    the two moves fails with OSError (the caller decides whether the winner's folder will do).
    """
    trash = staging_dir(target, "trash") if target.exists() else None
    old = trash / target.name if trash is not None else None
    if old is not None:
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile: nothing to keep
            target.replace(old)
    try:
        staged.replace(target)
    except BaseException:
        if old is not None and old.exists():
            old.replace(target)
        if trash is not None:
            trash.rmdir()  # empty again; never delete what could not be put back
        raise
    _fsync_dir(target.parent)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def remove_dir(folder: Path) -> None:
    """Delete ``folder``: moved into a dot folder first, so it disappears at once."""
    trash = staging_dir(folder, "trash")
    folder.replace(trash / folder.name)
    _fsync_dir(folder.parent)
    shutil.rmtree(trash)
