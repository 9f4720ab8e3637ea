"""Text helpers shared by the importers: comparing column names, labels and district names.

Users' files name the same thing in many ways ("Stadtteil-Nr.", "STADTTEIL_NR",
"stadtteil nr"); comparisons therefore go through :func:`normalize`, which folds case,
umlauts and punctuation, so that matching does not depend on spelling details.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sozialraum.slugs import slugify


def cell_text(value: object) -> str:
    """A cell or attribute as stripped text; integral floats lose their ``.0`` (ids, years)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def normalize(text: str) -> str:
    """Key for comparing column names: ``"Stadtteil-Nr."`` → ``"stadtteil_nr"``."""
    return slugify(text, "_")


def normalize_label(text: str) -> str:
    """Key for comparing labels and names: case and whitespace folded, punctuation kept."""
    return " ".join(text.casefold().split())


def tokens(text: str) -> list[str]:
    return [t for t in normalize(text).split("_") if t]


def find_columns(columns: Sequence[str], candidates: Iterable[str]) -> list[str]:
    """Columns matching ``candidates``, best first.

    Exact matches (after :func:`normalize`) come first in candidate order, then columns
    containing a candidate as a word (``"OT_NR"`` contains ``"nr"``).
    """
    candidates = list(candidates)
    exact = [c for cand in candidates for c in columns if normalize(c) == cand]
    partial = [c for cand in candidates for c in columns if cand in tokens(c)]
    return list(dict.fromkeys([*exact, *partial]))


def find_column_by_name(columns: Sequence[str], wanted: str) -> str | None:
    """The column the user named, compared case- and whitespace-insensitively."""
    for column in columns:
        if column == wanted:
            return column
    key = normalize_label(wanted)
    for column in columns:
        if normalize_label(column) == key:
            return column
    return None
