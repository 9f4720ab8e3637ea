"""The ranking of districts as an HTML bar list (pure; escaped).

The map page is the landing page: drawing the ranking with HTML and CSS instead of a plotly
figure keeps the plotly bundle off it, so the map appears sooner, and the ranking is a real
list that screen readers and printouts handle as text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sozialraum.catalog import Indicator
from sozialraum.i18n import text
from sozialraum.markup import escape_markup


def ranking_html(
    frame: pd.DataFrame,
    indicator: Indicator,
    colors: Sequence[str],
    *,
    town_value: float | None,
    town_name: str,
    lang: str = "de",
    selected: str | None = None,
    max_rows: int = 40,
) -> str:
    """Districts by value, highest first, bars coloured like the map, the town as a line.

    ``frame`` is indexed by district id with columns ``name`` and ``value``. With more than
    ``max_rows`` districts the middle is left out (and says how many): the table next to the
    map lists them all.
    """
    ranked = frame.assign(color=list(colors)).dropna(subset=["value"])
    ranked = ranked.sort_values("value", ascending=False, kind="stable")
    if ranked.empty:
        return ""
    values = ranked["value"].to_numpy(dtype=float)
    reference = [] if town_value is None or not np.isfinite(town_value) else [town_value]
    low = min([0.0, float(values.min()), *reference])
    high = max([float(values.max()), *reference])
    span = (high - low) or 1.0

    def position(value: float) -> float:
        return round(100.0 * (value - low) / span, 2)

    # Only the rows shown are turned into records: the national overview has 11,000.
    hidden = 0
    if len(ranked) > max_rows:
        half = max_rows // 2
        hidden = len(ranked) - 2 * half
        shown = pd.concat([ranked.iloc[:half], ranked.iloc[-half:]])
    else:
        shown = ranked
    records = list(
        zip(
            (str(i) for i in shown.index),
            shown["name"].astype(str),
            shown["value"].astype(float),
            shown["color"].astype(str),
            strict=True,
        )
    )
    rows: list[tuple[str, str, float, str] | None] = list(records)
    if hidden:
        rows = [*records[:half], None, *records[half:]]
    town_at = position(town_value) if town_value is not None and reference else None
    items = []
    for rank, row in enumerate(rows, start=1):
        if row is None:
            more = text("ranking_more", lang, count=hidden)
            items.append(f'<li class="gap">{more}</li>')
            continue
        district_id, name, value, color = row
        css_class = ' class="selected"' if district_id == selected else ""
        number = rank if rank <= max_rows // 2 or not hidden else rank + hidden - 1
        line = f'<span class="town" style="left:{town_at}%"></span>' if town_at is not None else ""
        value_text = f"{indicator.format_value(value, lang)} {indicator.unit(lang)}"
        items.append(
            f"<li{css_class}>"
            f'<span class="rank">{number}.</span>'
            f'<span class="name">{escape_markup(name)}</span>'
            f'<span class="track"><span class="bar" style="width:{position(value)}%;'
            f'background:{html.escape(color)}"></span>{line}</span>'
            f'<span class="value">{escape_markup(value_text)}</span></li>'
        )
    legend = ""
    if town_at is not None and town_value is not None:
        town_text = indicator.format_value(town_value, lang)
        label = f"{town_name}: {town_text} {indicator.unit(lang)}"
        legend = (
            f'<p class="sr-ranking-town"><span class="town-key"></span>{escape_markup(label)}</p>'
        )
    label = escape_markup(text("ranking_title", lang, indicator=indicator.label(lang)))
    return f'<div class="sr-ranking">{legend}<ol aria-label="{label}">{"".join(items)}</ol></div>'


RANKING_CSS = """
.sr-ranking ol { list-style: none; margin: 0; padding: 0; }
.sr-ranking li { display: grid; grid-template-columns: 2.6em minmax(7em, 14em) 1fr 7.5em;
  align-items: center; gap: .5em; padding: .12em 0; }
.sr-ranking li.selected { font-weight: 700; background: #fff3e0; }
.sr-ranking li.gap { display: block; text-align: center; color: #444; }
.sr-ranking .rank { text-align: right; color: #444; }
.sr-ranking .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sr-ranking .track { position: relative; height: 1.1em; background: #f2f2f2; }
.sr-ranking .bar { position: absolute; left: 0; top: 0; bottom: 0; border: 1px solid #555; }
.sr-ranking .town, .sr-ranking .town-key { position: absolute; top: -.2em; bottom: -.2em;
  border-left: 2px dashed #1a1a1a; }
.sr-ranking .town-key { position: static; display: inline-block; height: 1em;
  margin-right: .5em; vertical-align: middle; }
.sr-ranking .value { text-align: right; font-variant-numeric: tabular-nums; }
"""
