"""Plotly figure builders (pure). Text from data is HTML-escaped: plotly renders a subset of
HTML in labels and hover text, so a district name must never be able to inject markup."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sozialraum.catalog import Indicator
from sozialraum.columns import (
    DISTRICT_ID,
    INDICATOR_ID,
    SOURCE,
    VALUE,
    YEAR,
)
from sozialraum.comparison import OFFICIAL, basis_label
from sozialraum.i18n import text
from sozialraum.loaders import TownData

FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TOWN_COLOR = "#1a1a1a"
# Official town series (INKAR): a dark blue apart from the black demo town line.
OFFICIAL_COLOR = "#08519c"
HIGHLIGHT_COLOR = "#d95f02"
# The second district of a two-district comparison (colour-blind safe against the orange).
COMPARE_COLOR = "#1b7837"
OTHER_COLOR = "rgba(120,120,120,0.35)"
FAVOURABLE_COLOR = "#2166ac"
UNFAVOURABLE_COLOR = "#b2182b"
NEUTRAL_COLOR = "#7570b3"


def _esc(text: object) -> str:
    return html.escape(str(text))


def _hover(label: str, decimals: int, unit: str, x: str = "%{x}", y: str = "%{y}") -> str:
    """Hover template "<label><br>x: y unit" with the value formatted to ``decimals``."""
    return f"{label}<br>{x}: {y[:-1]}:.{decimals}f}} {unit}<extra></extra>"


def _layout(
    fig: go.Figure, title: str, *, height: int, font_size: int = 14, lang: str = "de"
) -> go.Figure:
    fig.update_layout(
        title={"text": _esc(title), "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        font={"family": FONT, "size": font_size, "color": "#1a1a1a"},
        # German number format on axes and hover: decimal comma, thousands dot.
        separators=",." if lang == "de" else ".,",
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font_size": font_size},
    )
    fig.update_xaxes(gridcolor="#e6e6e6", zerolinecolor="#999999", tickfont={"color": "#1a1a1a"})
    fig.update_yaxes(gridcolor="#e6e6e6", zerolinecolor="#999999", tickfont={"color": "#1a1a1a"})
    return fig


def town_series(data: TownData, indicator_id: str) -> pd.Series:
    agg = data.aggregates
    rows = agg[agg[INDICATOR_ID] == indicator_id]
    return rows.set_index(YEAR)[VALUE].astype(float)


def _total_label(data: TownData, lang: str) -> str:
    """'Bad Hersfeld (gesamt, Demo)': a town line from synthetic districts says so."""
    key = "chart_town_total_demo" if data.town.is_demo else "chart_town_total"
    return text(key, lang, town=_esc(data.town.name))


def trend_chart(
    data: TownData,
    indicator: Indicator,
    *,
    highlight: str | None = None,
    official: pd.DataFrame | None = None,
    compare: str | None = None,
    lang: str = "de",
    font_size: int = 14,
) -> go.Figure:
    """All districts over time (thin grey), the town (black) and one district (orange);
    ``compare`` adds a second district (green, dashed) for a side-by-side reading.

    ``official`` (columns year, value, source) adds the town's official series, e.g. from
    INKAR, as diamonds: the reference the district data can be checked against.
    """
    series = data.series(indicator.id)
    fig = go.Figure()
    unit = _esc(indicator.unit(lang))
    for district_id, group in series.groupby(DISTRICT_ID, sort=False):
        if district_id in (highlight, compare):
            continue
        name = _esc(group["name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=group[YEAR],
                y=group[VALUE],
                mode="lines",
                name=name,
                line={"color": OTHER_COLOR, "width": 1.2},
                hovertemplate=_hover(name, indicator.decimals, unit),
                showlegend=False,
            )
        )
    town = town_series(data, indicator.id)
    town_label = _esc(data.town.name)
    if town.notna().any():
        fig.add_trace(
            go.Scatter(
                x=town.index,
                y=town.to_numpy(),
                mode="lines+markers",
                name=_total_label(data, lang),
                line={"color": TOWN_COLOR, "width": 3},
                hovertemplate=_hover(town_label, indicator.decimals, unit),
            )
        )
    if official is not None and len(official):
        source = _esc(official[SOURCE].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=official[YEAR],
                y=official[VALUE],
                mode="markers+lines",
                name=text(
                    "chart_town_official_inkar" if "INKAR" in source else "chart_town_official",
                    lang,
                    town=town_label,
                ),
                legendrank=1,
                line={"color": OFFICIAL_COLOR, "width": 2.5},
                marker={"symbol": "diamond", "size": 10, "color": TOWN_COLOR},
                hovertemplate=_hover(
                    text("chart_town_official_source", lang, town=town_label, source=source),
                    indicator.decimals,
                    unit,
                ),
            )
        )
    # The highlighted district (orange), then the one compared with it (green, dashed).
    picked: tuple[tuple[str | None, dict[str, object], dict[str, str] | None], ...] = (
        (highlight, {"color": HIGHLIGHT_COLOR, "width": 3.5}, None),
        (compare, {"color": COMPARE_COLOR, "width": 3.5, "dash": "dash"}, {"symbol": "square"}),
    )
    for n, (picked_id, line, marker) in enumerate(picked):
        if picked_id is None or picked_id not in data.districts.index:
            continue
        if n == 1 and picked_id == highlight:
            continue
        group = series[series[DISTRICT_ID] == picked_id]
        name = _esc(data.districts.at[picked_id, "name"])
        fig.add_trace(
            go.Scatter(
                x=group[YEAR],
                y=group[VALUE],
                mode="lines+markers",
                name=name,
                line=line,
                marker=marker,
                hovertemplate=_hover(name, indicator.decimals, unit),
            )
        )
    title = f"{indicator.label(lang)} ({indicator.unit(lang)})"
    fig = _layout(fig, title, height=420, font_size=font_size, lang=lang)
    fig.update_layout(legend={"orientation": "h", "y": -0.15})
    fig.update_xaxes(dtick=1 if len(data.years) <= 15 else None, title=None)
    return fig


def small_multiples(
    data: TownData, indicator: Indicator, *, lang: str = "de", columns: int = 4, font_size: int = 12
) -> go.Figure:
    """One small panel per district with the town line for reference; shared y axis."""
    series = data.series(indicator.id)
    ids = list(data.districts.index)
    rows = int(np.ceil(len(ids) / columns))
    titles = [_esc(data.districts.at[i, "name"]) for i in ids]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=titles,
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=min(0.08, 0.5 / max(rows, 1)),
        horizontal_spacing=0.03,
    )
    town = town_series(data, indicator.id)
    for n, district_id in enumerate(ids):
        r, c = divmod(n, columns)
        group = series[series[DISTRICT_ID] == district_id]
        if town.notna().any():
            fig.add_trace(
                go.Scatter(
                    x=town.index,
                    y=town.to_numpy(),
                    mode="lines",
                    line={"color": "#999999", "width": 1, "dash": "dot"},
                    hoverinfo="skip",
                    showlegend=False,
                ),
                row=r + 1,
                col=c + 1,
            )
        fig.add_trace(
            go.Scatter(
                x=group[YEAR],
                y=group[VALUE],
                mode="lines",
                line={"color": HIGHLIGHT_COLOR, "width": 2},
                name=titles[n],
                hovertemplate=_hover(titles[n], indicator.decimals, ""),
                showlegend=False,
            ),
            row=r + 1,
            col=c + 1,
        )
    title = f"{indicator.label(lang)} ({indicator.unit(lang)})"
    fig = _layout(fig, title, height=max(300, 170 * rows + 80), font_size=font_size, lang=lang)
    fig.update_annotations(font_size=font_size)
    return fig


def profile_chart(
    data: TownData, district_id: str, year: int, *, lang: str = "de", font_size: int = 14
) -> go.Figure:
    """Spine chart: every indicator of one district against the town value.

    Bars show the standardised difference (district minus town, in standard deviations
    across districts) so that indicators with different units fit on one axis. Blue is
    favourable, red unfavourable, purple for indicators without a judgement (polarity 0).
    """
    rows = profile_table(data, district_id, year, lang=lang)
    rows = rows.dropna(subset=["z"]).iloc[::-1]
    colors = [
        NEUTRAL_COLOR if p == 0 else (FAVOURABLE_COLOR if z * p > 0 else UNFAVOURABLE_COLOR)
        for z, p in zip(rows["z"], rows["polarity"], strict=True)
    ]
    labels = [_esc(f"{lbl}") for lbl in rows["label"]]
    hover = [
        _esc(text("chart_profile_hover", lang, label=lbl, district=d, town=t, unit=u))
        for lbl, d, t, u in zip(
            rows["label"], rows["district_text"], rows["town_text"], rows["unit"], strict=True
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=rows["z"].clip(-3, 3),
            y=labels,
            orientation="h",
            marker={"color": colors},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    name = str(data.districts.at[district_id, "name"])
    title = text("chart_profile_title", lang, name=name, year=year)
    fig = _layout(fig, title, height=max(400, 24 * len(rows) + 120), font_size=font_size, lang=lang)
    fig.add_vline(x=0, line={"color": TOWN_COLOR, "width": 2})
    axis = text("chart_profile_axis", lang)
    fig.update_xaxes(range=[-3.2, 3.2], title=axis)
    fig.update_yaxes(automargin=True)
    return fig


def profile_pair_chart(
    data: TownData,
    district_id: str,
    other_id: str,
    year: int,
    *,
    lang: str = "de",
    font_size: int = 14,
) -> go.Figure:
    """Two districts' spine bars side by side: per indicator, each district's standardised
    difference from the town (as in :func:`profile_chart`), the first orange, the second
    green and hatched, so the pair reads without colour too."""
    first = profile_table(data, district_id, year, lang=lang)
    second = profile_table(data, other_id, year, lang=lang).set_index(INDICATOR_ID)
    rows = first.dropna(subset=["z"]).iloc[::-1]
    labels = [_esc(lbl) for lbl in rows["label"]]
    fig = go.Figure()
    for n, (did, table) in enumerate(
        ((district_id, rows.set_index(INDICATOR_ID)), (other_id, second))
    ):
        z = table["z"].reindex(rows[INDICATOR_ID])
        values = table["district_text"].reindex(rows[INDICATOR_ID]).fillna("–")
        town_text = table["town_text"].reindex(rows[INDICATOR_ID]).fillna("–")
        units = rows["unit"].to_numpy()
        name = _esc(data.districts.at[did, "name"])
        hover = [
            _esc(text("chart_profile_hover", lang, label=lbl, district=d, town=tv, unit=u))
            for lbl, d, u, tv in zip(rows["label"], values, units, town_text, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=z.clip(-3, 3).to_numpy(),
                y=labels,
                orientation="h",
                name=name,
                marker={
                    "color": HIGHLIGHT_COLOR if n == 0 else COMPARE_COLOR,
                    "pattern": {"shape": "" if n == 0 else "/"},
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    a, b = data.districts.at[district_id, "name"], data.districts.at[other_id, "name"]
    title = text("chart_pair_title", lang, first=a, second=b, year=year)
    fig = _layout(
        fig, _esc(title), height=max(450, 40 * len(rows) + 140), font_size=font_size, lang=lang
    )
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"})
    fig.add_vline(x=0, line={"color": TOWN_COLOR, "width": 2})
    fig.update_xaxes(range=[-3.2, 3.2], title=text("chart_profile_axis", lang))
    fig.update_yaxes(automargin=True)
    return fig


def profile_table(data: TownData, district_id: str, year: int, *, lang: str = "de") -> pd.DataFrame:
    """District value, town value and standardised difference for every indicator."""
    values = data.values[data.values[YEAR] == year]
    agg = data.aggregates
    town_values = agg[agg[YEAR] == year].set_index(INDICATOR_ID)[VALUE]
    records = []
    for ind_id in data.indicator_ids():
        ind = data.catalog[ind_id]
        rows = values[values[INDICATOR_ID] == ind_id]
        if rows.empty:
            continue
        by_district = rows.set_index(DISTRICT_ID)[VALUE]
        value = by_district.get(district_id, np.nan)
        town = float(town_values[ind_id]) if ind_id in town_values.index else np.nan
        spread = float(by_district.std(ddof=0)) if by_district.notna().sum() > 1 else np.nan
        z = (value - town) / spread if spread and np.isfinite(spread) and spread > 0 else np.nan
        if ind.kind == "count":
            z = np.nan  # a count's size is not comparable with the town's total
        records.append(
            {
                INDICATOR_ID: ind_id,
                "label": ind.label(lang),
                "topic": ind.topic_label(lang),
                "unit": ind.unit(lang),
                "polarity": ind.polarity,
                "district": value,
                "town": town,
                "district_text": ind.format_value(value, lang),
                "town_text": ind.format_value(town, lang),
                "z": z,
            }
        )
    return pd.DataFrame(records)


def comparison_chart(
    table: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str = "de",
    font_size: int = 14,
) -> go.Figure:
    """Towns side by side on one indicator; official reference figures as diamonds.

    ``table`` has columns ``town``, ``value`` (aggregate from district data), ``kind``
    (demo/imported) and optionally ``reference`` and ``reference_year``. With the columns
    ``shown``, ``shown_year``, ``basis`` and ``shown_source`` (see
    :func:`sozialraum.comparison.town_table`) the bars are the figures shown first:
    official (INKAR) bars in a dark colour, demo bars light and hatched, each named in the
    legend; the cited reference then only marks towns without an official bar.
    """
    towns = [_esc(t) for t in table["town"]]
    unit = _esc(indicator.unit(lang))
    fig = go.Figure()
    if "shown" in table.columns:
        for basis, group in table.groupby("basis", sort=False):
            official = basis == OFFICIAL
            source = str(group["shown_source"].iloc[0])
            fig.add_trace(
                go.Bar(
                    x=[_esc(t) for t in group["town"]],
                    y=group["shown"],
                    name=_esc(basis_label(str(basis), source, lang)),
                    marker={
                        "color": OFFICIAL_COLOR if official else "#9ecae1",
                        "pattern": {"shape": "" if official else "/"},
                    },
                    customdata=np.stack(
                        [group["shown_year"].astype(int), [_esc(s) for s in group["shown_source"]]],
                        axis=-1,
                    ),
                    legendrank=1 if official else 2,
                    hovertemplate=f"%{{x}}: %{{y:.{indicator.decimals}f}} {unit}"
                    " (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
                )
            )
        fig.update_layout(
            barmode="overlay", xaxis={"categoryorder": "array", "categoryarray": towns}
        )
        table = table.assign(reference=table["reference"].where(table["basis"] != OFFICIAL))
    else:
        any_demo = bool((table["kind"] == "demo").any())
        name = text("chart_from_districts_demo" if any_demo else "chart_from_districts", lang)
        fig.add_trace(
            go.Bar(
                x=towns,
                y=table[VALUE],
                name=name,
                marker={"color": "#6baed6"},
                hovertemplate=f"%{{x}}: %{{y:.{indicator.decimals}f}} {unit}<extra></extra>",
            )
        )
    if "reference" in table.columns and table["reference"].notna().any():
        years = sorted({int(y) for y in table["reference_year"].dropna()})
        ref_years = f" ({', '.join(str(y) for y in years)})" if years else ""
        fig.add_trace(
            go.Scatter(
                x=towns,
                y=table["reference"],
                mode="markers",
                marker={"symbol": "diamond", "size": 14, "color": TOWN_COLOR},
                # The year belongs in the legend: a 2011 census figure next to 2023 bars
                # is a reference point, not the same measurement.
                name=text("chart_official_figure", lang) + ref_years,
                customdata=table.get("reference_year"),
                hovertemplate=_hover(
                    "%{x}", indicator.decimals, f"{unit} (%{{customdata}})", x=""
                ).replace("<br>: ", ": "),
            )
        )
    title = f"{indicator.label(lang)} ({indicator.unit(lang)})"
    fig = _layout(fig, title, height=420, font_size=font_size, lang=lang)
    fig.update_layout(legend={"orientation": "h", "y": -0.2})
    return fig


def official_series_chart(
    table: pd.DataFrame, label: str, *, lang: str = "de", font_size: int = 14
) -> go.Figure:
    """Towns side by side on one official series (``town, value, year, source`` from
    :func:`sozialraum.comparison.official_town_table`); the year of each bar on hover."""
    shown = table[table[VALUE].notna()]
    word = text("basis_official_inkar", lang)
    fig = go.Figure(
        go.Bar(
            x=[_esc(t) for t in shown["town"]],
            y=shown[VALUE],
            name=word,
            marker={"color": OFFICIAL_COLOR},
            customdata=np.stack(
                [shown[YEAR].astype(int), [_esc(s) for s in shown[SOURCE]]], axis=-1
            ),
            hovertemplate="%{x}: %{y:,.2f} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
            showlegend=True,
        )
    )
    fig = _layout(fig, _esc(label), height=380, font_size=font_size, lang=lang)
    fig.update_layout(legend={"orientation": "h", "y": -0.2})
    return fig
