"""Map legends: class colours with bounds, plus separate "keine Daten" and "geheim" classes."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from sozialraum.classify import Classes
from sozialraum.colors import NO_DATA_COLOR, SUPPRESSED_COLOR
from sozialraum.columns import (
    STATUS,
    VALUE,
)
from sozialraum.i18n import text
from sozialraum.markup import escape_markup


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    count: int


def legend_entries(
    classes: Classes,
    palette: Sequence[str],
    fmt: Callable[[float], str],
    *,
    n_no_data: int,
    n_suppressed: int,
    lang: str = "de",
) -> list[LegendEntry]:
    """One entry per class (low → high), then "geheim" and "keine Daten" if present."""
    entries = [
        LegendEntry(color, f"{fmt(low)} – {fmt(high)}", count)
        for color, (low, high), count in zip(
            palette, classes.intervals(), classes.counts, strict=False
        )
    ]
    if n_suppressed:
        label = text("legend_suppressed", lang)
        entries.append(LegendEntry(SUPPRESSED_COLOR, label, n_suppressed))
    if n_no_data:
        entries.append(LegendEntry(NO_DATA_COLOR, text("no_data", lang), n_no_data))
    return entries


def legend_entries_for(
    frame: pd.DataFrame,
    classes: Classes,
    palette: Sequence[str],
    fmt: Callable[[float], str],
    *,
    lang: str = "de",
) -> list[LegendEntry]:
    """Legend entries for a map frame (columns ``value`` and ``status``): counts the
    suppressed (status ".") and the otherwise empty units itself."""
    n_suppressed = int((frame[STATUS] == ".").sum())
    return legend_entries(
        classes,
        palette,
        fmt,
        n_no_data=int(frame[VALUE].isna().sum()) - n_suppressed,
        n_suppressed=n_suppressed,
        lang=lang,
    )


# What the map's units are called, singular and plural, per language.
def _count_text(count: int, lang: str, units: str) -> str:
    """``units`` is ``districts`` or ``cells`` (texts count_<units>_one / _many)."""
    return text(f"count_{units}_{'one' if count == 1 else 'many'}", lang, count=count)


def legend_html(
    title: str,
    unit: str,
    entries: Sequence[LegendEntry],
    note: str = "",
    lang: str = "de",
    units: str = "districts",
) -> str:
    """An accessible HTML legend (a list with colour swatches); all text is escaped."""
    items = "".join(
        f'<li><span class="swatch" style="background:{html.escape(e.color)}" aria-hidden="true">'
        f'</span><span class="range">{escape_markup(e.label)}</span>'
        f'<span class="count">{_count_text(e.count, lang, units)}</span></li>'
        for e in entries
    )
    unit_text = f" ({escape_markup(unit)})" if unit else ""
    note_text = f'<p class="legend-note">{escape_markup(note)}</p>' if note else ""
    aria = text("legend_aria", lang)
    return (
        f'<figure class="sr-legend" role="group" aria-label="{aria}">'
        f"<figcaption>{escape_markup(title)}{unit_text}</figcaption>"
        f"<ul>{items}</ul>{note_text}</figure>"
    )
