"""Match the districts named in a table to the districts of the boundaries.

Tables name districts by id ("03"), by name ("Hohe Luft") or by both in two columns, with
varying case and spacing. Near misses get a suggestion ("Winzlen" → "Winzeln"), because
a typo is the most common reason a district is not found.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from sozialraum.importers._text import normalize_label, tokens

# A row of the whole town ("Stadt insgesamt") is not a district; it is skipped if unmatched.
TOTAL_WORDS = frozenset({"gesamt", "insgesamt", "summe", "total", "gesamtstadt", "zusammen"})


def is_total(text: str) -> bool:
    return bool(TOTAL_WORDS & set(tokens(text)))


def _numeric_key(text: str) -> str | None:
    """``"007"`` and ``"7"`` are the same district number."""
    return str(int(text)) if text.isdigit() else None


class DistrictMatcher:
    """Finds a district id for a text: exact id, exact name, then case/space-insensitive."""

    def __init__(self, ids: Sequence[str], names: Sequence[str]) -> None:
        self._ids = list(ids)
        self._names = list(names)
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str | None] = {}
        for district_id in ids:  # ids win over names that look like ids
            self._exact.setdefault(district_id, district_id)
        for district_id, name in zip(ids, names, strict=True):
            self._exact.setdefault(name, district_id)
            for key in (
                normalize_label(district_id),
                normalize_label(name),
                _numeric_key(district_id),
            ):
                if key is None:
                    continue
                # A key shared by two districts (two "Neustadt") cannot decide; drop it.
                known = self._folded.get(key, district_id)
                self._folded[key] = district_id if known == district_id else None

    def match(self, text: str) -> str | None:
        if not text:
            return None
        if text in self._exact:
            return self._exact[text]
        for key in (normalize_label(text), _numeric_key(text)):
            if key is not None and self._folded.get(key):
                return self._folded[key]
        return None

    def suggest(self, text: str) -> str | None:
        """The closest district name (or id) to ``text``, if any is close enough."""
        choices = {normalize_label(n): n for n in [*self._ids, *self._names]}  # names win
        close = difflib.get_close_matches(normalize_label(text), list(choices), n=1, cutoff=0.7)
        return choices[close[0]] if close else None
