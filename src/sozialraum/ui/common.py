"""Pieces every page uses: the demo banner, classification of the current view, the legend."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from sozialraum.catalog import Indicator
from sozialraum.charts import trend_chart
from sozialraum.classify import Classes, ClassificationError, classify, parse_breaks
from sozialraum.colors import reading_rule, sequential
from sozialraum.columns import (
    INDICATOR_ID,
    STATUS,
    VALUE,
    YEAR,
)
from sozialraum.display import rank_texts, value_texts
from sozialraum.errors import DataError
from sozialraum.legend import LegendEntry, legend_entries_for, legend_html
from sozialraum.loaders import TownData, indicator_frame
from sozialraum.maps import GeometryPayload, base_map
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.i18n import t
from sozialraum.ui.state import View

# On a phone the full demo warning wraps to a dozen lines and pushes the map below the
# fold: there (and in presentation mode) a one-line badge says the same in short.
BANNER_CSS = """<style>
.st-key-sr_demo_badge { display: none; }
@media (max-width: 640px) {
  .st-key-sr_demo_full { display: none; }
  .st-key-sr_demo_badge { display: block; }
}
.sr-demo-badge { display: inline-block; background: #fff3cd; color: #664d03;
  border: 1px solid #ffe69c; border-radius: 4px; padding: 0 .5em; font-weight: 600;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 100%; }
</style>"""


def show_data_error(exc: DataError, lang: str) -> None:
    """The located report of broken input files, as ``sozialraum validate`` prints it."""
    st.error(t("data_error", lang))
    st.code(exc.report(lang), language=None)


def _demo_badge(lang: str) -> None:
    text = html.escape(t("demo_badge", lang))
    st.markdown(
        f'<span class="sr-demo-badge" title="{text}">⚠ {text}</span>', unsafe_allow_html=True
    )


def town_banner(town: TownData, lang: str, *, compact: bool = False) -> None:
    """Say plainly what kind of data is shown: demo data gets a visible warning (a one-line
    badge when ``compact``, as in presentation mode, and on narrow screens)."""
    if town.town.is_demo:
        if compact:
            _demo_badge(lang)
            return
        st.markdown(BANNER_CSS, unsafe_allow_html=True)
        with st.container(key="sr_demo_full"):
            st.warning(t("demo_banner", lang), icon="⚠️")
        with st.container(key="sr_demo_badge"):
            _demo_badge(lang)
    elif compact:
        st.caption(t("imported_badge", lang, town=town.town.name))
    else:
        sources = "; ".join(town.town.sources) or town.town.name
        st.info(t("imported_banner", lang, sources=escape_markup(sources)), icon="ℹ️")


def attribution(town: TownData, lang: str, extra: tuple[str, ...] = ()) -> None:
    lines = [*town.town.attribution, *town.town.sources, *extra]
    text = " · ".join(escape_markup(line) for line in dict.fromkeys(lines))
    st.markdown(
        f'<p class="sr-attribution">{t("attribution", lang)}: {text}</p>', unsafe_allow_html=True
    )


@dataclass(frozen=True)
class Choropleth:
    """Everything the map, legend, table and ranking need for one indicator and year."""

    indicator: Indicator
    frame: pd.DataFrame  # by district_id: name, value, status, rank, class, color
    classes: Classes
    palette: list[str]
    legend: list[LegendEntry]
    town_value: float | None
    breaks_error: bool


def choropleth(town: TownData, view: View, indicator_id: str, year: int) -> Choropleth:
    """Classify one indicator-year with the view's scheme; fall back to quantiles on bad breaks.

    Cached per town, data version and view settings: switching back and forth between
    indicators (what a workshop does) costs a dictionary lookup.
    """
    root, signature = data.signature()
    return _choropleth(
        root,
        signature,
        town.town.id,
        indicator_id,
        year,
        view.scheme,
        view.k,
        view.breaks,
        view.lang,
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def _choropleth(
    root: str,
    signature: str,
    town_id: str,
    indicator_id: str,
    year: int,
    scheme: str,
    k: int,
    breaks_text: str,
    lang: str,
) -> Choropleth:
    town = data.town_data(town_id)
    indicator = town.catalog[indicator_id]
    frame = indicator_frame(town, indicator, year)
    classes, breaks_error = classify_view(frame[VALUE], scheme, k, breaks_text)
    palette = sequential(max(classes.k, 1), indicator.polarity)
    return _finish(town, indicator, frame, classes, palette, year, lang, breaks_error)


def timeline(town: TownData, view: View, indicator_id: str) -> list[tuple[int, Choropleth]]:
    """Every year of one indicator classified with one set of classes over all years.

    Played in sequence the colours must mean the same in every year, so the view's scheme
    is applied to the values of all years together (cached like :func:`choropleth`).
    """
    root, signature = data.signature()
    return _timeline(
        root, signature, town.town.id, indicator_id, view.scheme, view.k, view.breaks, view.lang
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _timeline(
    root: str,
    signature: str,
    town_id: str,
    indicator_id: str,
    scheme: str,
    k: int,
    breaks_text: str,
    lang: str,
) -> list[tuple[int, Choropleth]]:
    town = data.town_data(town_id)
    indicator = town.catalog[indicator_id]
    years = town.years_of(indicator_id)
    frames = {year: indicator_frame(town, indicator, year) for year in years}
    pooled = pd.concat([f[VALUE] for f in frames.values()], ignore_index=True)
    classes, breaks_error = classify_view(pooled, scheme, k, breaks_text)
    palette = sequential(max(classes.k, 1), indicator.polarity)
    # One legend for all years: counts are district-years, like the shared classes.
    entries = legend_entries_for(
        pd.concat(frames.values()),
        classes,
        palette,
        lambda v: indicator.format_value(v, lang),
        lang=lang,
    )
    return [
        (
            year,
            dataclasses.replace(
                _finish(town, indicator, frame, classes, palette, year, lang, breaks_error),
                legend=entries,
            ),
        )
        for year, frame in frames.items()
    ]


def _finish(
    town: TownData,
    indicator: Indicator,
    frame: pd.DataFrame,
    classes: Classes,
    palette: list[str],
    year: int,
    lang: str,
    breaks_error: bool,
) -> Choropleth:
    from sozialraum.maps import class_colors

    frame = frame.copy()
    frame["color"] = class_colors(frame[VALUE], frame[STATUS], classes, palette)
    labels = [
        f"{indicator.format_value(lo, lang)} – {indicator.format_value(hi, lang)}"
        for lo, hi in classes.intervals()
    ]
    idx = classes.assign(frame[VALUE].to_numpy(dtype=float))
    frame["class"] = [labels[i] if i >= 0 else "" for i in idx]
    entries = legend_entries_for(
        frame, classes, palette, lambda v: indicator.format_value(v, lang), lang=lang
    )
    agg = town.aggregates
    row = agg[(agg[INDICATOR_ID] == indicator.id) & (agg[YEAR] == year)]
    town_value = float(row[VALUE].iloc[0]) if len(row) and pd.notna(row[VALUE].iloc[0]) else None
    return Choropleth(indicator, frame, classes, palette, entries, town_value, breaks_error)


def legend(choro: Choropleth, lang: str, title: str | None = None, note: str | None = None) -> None:
    ind = choro.indicator
    st.markdown(
        legend_html(
            title or ind.label(lang),
            ind.unit(lang),
            choro.legend,
            note=note if note is not None else reading_rule(ind.polarity, lang),
            lang=lang,
        ),
        unsafe_allow_html=True,
    )


def town_value_line(choro: Choropleth, town: TownData, lang: str) -> None:
    ind = choro.indicator
    if choro.town_value is None:
        text = f"{t('town_value', lang)}: {t('no_town_value', lang)}"
    else:
        value = f"{ind.format_value(choro.town_value, lang)} {ind.unit(lang)}"
        text = f"{t('town_value', lang)} {town.town.name}: {value}"
    st.markdown(f'<p class="sr-town-value">{escape_markup(text)}</p>', unsafe_allow_html=True)


def table_alternative(choro: Choropleth, lang: str) -> pd.DataFrame:
    """The map as a table (for screen readers and for reading exact values)."""
    ind = choro.indicator
    frame = choro.frame
    from sozialraum.maps import status_text

    order = frame["rank"].sort_values(na_position="last", kind="stable").index
    frame = frame.loc[order]
    table = pd.DataFrame(
        {
            t("col_district", lang): frame["name"],
            f"{t('col_value', lang)} ({ind.unit(lang)})": value_texts(
                frame[VALUE], lambda v: ind.format_value(v, lang), frame[STATUS]
            ),
            t("col_class", lang): frame["class"],
            t("col_rank", lang): rank_texts(frame["rank"]),
            t("col_status", lang): [
                status_text(s, lang) if pd.isna(v) else ""
                for s, v in zip(frame[STATUS], frame[VALUE], strict=True)
            ],
        }
    )
    return table.reset_index(drop=True)


def trend_figure(
    town: TownData, indicator: Indicator, view: View, compare: str | None = None
) -> go.Figure:
    """The districts' lines over time, the selected one highlighted (and ``compare``, a
    second district), with the official series."""
    return trend_chart(
        town,
        indicator,
        highlight=view.district,
        compare=compare,
        official=data.official_series(town.town.ags, indicator.id),
        lang=view.lang,
        font_size=font_size(view),
    )


def font_size(view: View) -> int:
    return 20 if view.present else 14


def table_height(rows: int, limit: int = 900) -> int:
    """Pixel height that shows every row of a dataframe (up to ``limit``): no half-cut rows."""
    return min(limit, 35 * (rows + 1) + 3)


def classify_view(values: pd.Series, scheme: str, k: int, breaks_text: str) -> tuple[Classes, bool]:
    """Classify with the view's settings; bad custom breaks fall back to quantiles (True)."""
    try:
        breaks = parse_breaks(breaks_text) if scheme == "custom" else None
        return classify(values, scheme, k, breaks), False
    except ClassificationError:
        return classify(values, "quantiles", k), True


def show_map(
    view: View,
    payload: GeometryPayload,
    geometry_url: str,
    layer: folium.FeatureGroup | Sequence[folium.FeatureGroup],
    *,
    key: str,
    attribution: Sequence[str],
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
    decorate: Callable[[folium.Map], None] | None = None,
) -> dict[str, Any] | None:
    """The one way pages show a map: constant base map per ``key``, swappable style layer.

    ``key`` must name what the base map depends on (town, basemap, …): while it stays the
    same, st_folium keeps the map mounted and only the layer changes. ``decorate`` adds
    fixed parts to the base map (e.g. drawing tools); returns what st_folium returns.
    """
    fmap = base_map(
        payload,
        basemap=view.basemap,
        attribution=attribution,
        geometry_url=geometry_url,
        fit_window=view.present,
    )
    if decorate is not None:
        decorate(fmap)
    result: dict[str, Any] | None = st_folium(
        fmap,
        key=key,
        feature_group_to_add=layer if isinstance(layer, folium.FeatureGroup) else list(layer),
        returned_objects=list(returned_objects),
        height=760 if view.present else 600,
        use_container_width=True,
        on_change=on_change,
    )
    return result


def map_export(build: Callable[[str, str], bytes], stem: str, lang: str, key: str) -> None:
    """The 'export map' control: format and page size, then a download of the page that
    ``build(fmt, paper)`` renders on the server (made on request: a page takes a second)."""
    with st.popover(t("export_map", lang), icon=":material/download:"):
        fmt = st.radio(t("export_format", lang), ["pdf", "png"], horizontal=True, key=f"{key}_fmt")
        paper = st.radio(
            t("export_paper", lang),
            ["a4", "slide"],
            format_func=lambda p: t(f"export_paper_{p}", lang),
            horizontal=True,
            key=f"{key}_paper",
        )
        made = st.session_state.get(f"{key}_file")
        wanted = (stem, fmt, paper)
        if st.button(t("export_make", lang), key=f"{key}_make"):
            made = (wanted, build(fmt, paper))
            st.session_state[f"{key}_file"] = made
        if made is not None and made[0] == wanted:
            st.download_button(
                t("export_download", lang),
                data=made[1],
                file_name=f"{stem}-{paper}.{fmt}",
                mime="application/pdf" if fmt == "pdf" else "image/png",
                key=f"{key}_download",
                icon=":material/download:",
            )
