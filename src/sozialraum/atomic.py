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

_TMP_SUFFIX = ".tmp"
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
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{_TMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of this module's temporary files (e.g. left by a killed writer)."""
    return name.startswith(".") and name.endswith(_TMP_SUFFIX)


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


@contextlib.contextmanager
def staged_dir(target: Path, label: str = "staging") -> Iterator[Path]:
    """A staging folder for ``target``, swapped in if the block succeeds, removed in any case."""
    staged = staging_dir(target, label)
    try:
        yield staged
        replace_dir(staged, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def replace_dir(staged: Path, target: Path) -> None:
    """Move the folder ``staged`` to ``target``; an existing ``target`` is replaced.

    The old folder is first moved into a dot folder and restored if the move fails, so
    ``target`` is at every moment either the old or the new folder (or, between the two
    renames, briefly absent).
    """
    if not target.exists():
        staged.replace(target)
        _fsync_dir(target.parent)
        return
    trash = staging_dir(target, "trash")
    old = trash / target.name
    target.replace(old)
    try:
        staged.replace(target)
    except BaseException:
        old.replace(target)
        shutil.rmtree(trash, ignore_errors=True)
        raise
    _fsync_dir(target.parent)
    shutil.rmtree(trash, ignore_errors=True)


def remove_dir(folder: Path) -> None:
    """Delete ``folder``: moved into a dot folder first, so it disappears at once."""
    trash = staging_dir(folder, "trash")
    folder.replace(trash / folder.name)
    _fsync_dir(folder.parent)
    shutil.rmtree(trash)
