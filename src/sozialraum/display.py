"""Table cells as people read them: formatted numbers, official signs, never "None" or "nan".

A table widget draws a missing number as the word "None"; a float year as
2021.0000000000002. Display tables therefore carry text: the value formatted with the
indicator's decimals and the reader's decimal separator, the official sign for a value that
is not published (``.`` geheim, ``-`` nichts vorhanden, ``x`` nicht sinnvoll, ``...`` fällt
später an) and ``–`` for a value that is simply missing. :func:`signs_note` says what they mean.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd

from sozialraum.text_tables import SIGN_LABELS as STATUS_SIGNS

MISSING = "–"


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def cell_text(value: object, status: object, fmt: Callable[[float], str]) -> str:
    """One value as text: formatted, else its official sign, else "–"."""
    if not _is_missing(value):
        return fmt(float(value))  # type: ignore[arg-type]
    if isinstance(status, str) and status in STATUS_SIGNS:
        return status
    return MISSING


def value_texts(
    values: Iterable[object],
    fmt: Callable[[float], str],
    statuses: Iterable[object] | None = None,
) -> list[str]:
    """:func:`cell_text` for a column (statuses default to none)."""
    values = list(values)
    status_list = list(statuses) if statuses is not None else [""] * len(values)
    return [cell_text(v, s, fmt) for v, s in zip(values, status_list, strict=True)]


def rank_texts(ranks: Iterable[object]) -> list[str]:
    """Ranks as whole numbers, "–" where a district has no rank."""
    return [MISSING if _is_missing(r) else str(int(r)) for r in ranks]  # type: ignore[call-overload]


def year_text(year: object) -> str:
    """A year as four digits, also when it arrived as a float (2021.0000000000002 → "2021")."""
    if _is_missing(year) or year == "":
        return MISSING
    return str(round(float(year)))  # type: ignore[arg-type]


def signs_note(lang: str) -> str:
    """The legend of the signs used in tables (the official ones, then "–")."""
    de = lang == "de"
    quote = ("„{}“" if de else "'{}'").format
    parts = [f"{quote(sign)} = {names[0 if de else 1]}" for sign, names in STATUS_SIGNS.items()]
    parts[0] += " (zu kleine Fallzahl)" if de else " (too few cases)"
    parts.append(f"{quote(MISSING)} = {'keine Daten' if de else 'no data'}")
    return ("Zeichen: " if de else "Signs: ") + ", ".join(parts) + "."
