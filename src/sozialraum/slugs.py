"""ASCII slugs for ids made from names: towns, districts, indicators.

German names fold the way Germans write them without umlauts (``ü`` → ``ue``, ``ß`` →
``ss``); other accents are dropped (``é`` → ``e``); every run of anything else becomes one
separator. The result is stable, so ids derived from the same name always match.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: umlauts transliterated (ü → ue), other accents dropped."""
    text = text.casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, sep: str = "-", max_length: int | None = None) -> str:
    """ASCII slug of ``text``: ``"Hohe Lüft"`` → ``"hohe-lueft"``; ``""`` if nothing is left.

    ``max_length`` cuts the slug (never leaving a separator at the end).
    """
    slug = _NON_ALNUM.sub(sep, ascii_fold(text)).strip(sep)
    if max_length is not None:
        slug = slug[:max_length].rstrip(sep)
    return slug


_UNSAFE_FILE_CHARS = re.compile(r"[^\w.\-]+")
# Longer user-given file names are shortened for messages and for names on disk (file systems
# allow 255 bytes per name; a 1,000,000-character upload name must never reach one).
MAX_FILE_NAME_CHARS = 100


def shorten_file_name(name: str, limit: int = MAX_FILE_NAME_CHARS) -> str:
    """``name`` cut to ``limit`` characters, keeping a short suffix visible."""
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix) <= 10 else ""
    return name[: limit - len(suffix) - 1] + "…" + suffix


def safe_file_name(display: str) -> str:
    """A safe name to store a user's file under: no separators, no leading dots, short."""
    display = display.replace("\\", "/").rsplit("/", 1)[-1]
    safe = _UNSAFE_FILE_CHARS.sub("_", display).strip("._") or "upload"
    return shorten_file_name(safe).replace("…", "_")
