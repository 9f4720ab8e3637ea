"""ASCII slugs for ids made from names: towns, districts, indicators.

German names fold the way Germans write them without umlauts (``ü`` → ``ue``, ``ß`` →
``ss``); other accents are dropped (``é`` → ``e``); every run of anything else becomes one
separator. The result is stable, so ids derived from the same name always match.
"""

from __future__ import annotations

import re
import unicodedata

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
