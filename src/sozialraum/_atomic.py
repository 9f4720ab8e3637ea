"""Write a file atomically: unique temporary name beside it, fsync, then ``os.replace``.

Readers see the old file or the complete new one, never a partial one, and concurrent writers
of the same path never trip over each other's temporary file (each has its own name).
(Private to the static cache and launcher until the shared atomic-write module of issue 10
item 3 lands; then these call sites move to it.)
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

TEMP_MARK = ".tmp-"


def temp_name(target: Path) -> Path:
    """A temporary path beside ``target``, unique per call, hidden (leading dot)."""
    return target.with_name(f".{target.name}{TEMP_MARK}{uuid.uuid4().hex}")


def write_bytes_atomic(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (creating the folder); return ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(target)
    try:
        with tmp.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(target)  # os.replace: atomic
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return target


def write_text_atomic(target: Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes_atomic(target, text.encode(encoding))
