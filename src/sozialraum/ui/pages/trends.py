"""Trends: all districts over time, and a change map between two years."""

from __future__ import annotations

import streamlit as st

from sozialraum.change import MEASURES, district_change
from sozialraum.charts import small_multiples
from sozialraum.classify import symmetric_classes
from sozialraum.colors import change_note, change_palette
from sozialraum.columns import (
    STATUS,
    VALUE,
)
from sozialraum.display import signs_note, value_texts
from sozialraum.legend import legend_entries_for, legend_html
from sozialraum.mapimage import render_map_page
from sozialraum.maps import choropleth_layer
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.common import (
    attribution,
    font_size,
    map_export,
    show_map,
    town_banner,
    trend_figure,
)
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
indicator = town.catalog[view.indicator_id]

st.title(
    f"{t('page_trends', lang)}: " + escape_markup(f"{indicator.label(lang)} – {town.town.name}")
)
town_banner(town, lang)

mode = st.radio(
    t("trend_view", lang),
    ["lines", "multiples"],
    format_func=lambda m: t(f"trend_{m}", lang),
    horizontal=True,
    key="w_trend_view",
)
if mode == "lines":
    fig = trend_figure(town, indicator, view)
else:
    fig = small_multiples(town, indicator, lang=lang, font_size=font_size(view) - 2)
st.plotly_chart(fig, width="stretch")

st.header(t("change_heading", lang))
years = town.years_of(indicator.id)
c1, c2, c3 = st.columns([1, 1, 2])
if st.session_state.get("w_change_from") not in years:
    st.session_state["w_change_from"] = years[0]
if st.session_state.get("w_change_to") not in years:
    st.session_state["w_change_to"] = years[-1]
year_from = c1.selectbox(t("change_from", lang), years, key="w_change_from")
year_to = c2.selectbox(t("change_to", lang), years, key="w_change_to")
measure = c3.radio(
    t("change_mode", lang),
    MEASURES,
    format_func=lambda m: t(f"change_{m}", lang),
    horizontal=True,
    key="w_change_measure",
)
if year_from == year_to:
    st.info(t("change_same_year", lang))
    st.stop()

label = t("change_legend", lang, a=year_from, b=year_to)
change = district_change(town, indicator, year_from, year_to, measure, label=label, lang=lang)
frame, change_indicator, unit = change.frame, change.indicator, change.unit
classes = symmetric_classes(frame[VALUE])
swatches = change_palette(max(classes.k, 1), indicator.polarity, lang)
palette = [color for color, _ in swatches]

map_col, side_col = st.columns([2.7, 1.3], gap="medium")
with map_col:
    payload, geometry_url = data.payload(view.town_id)
    layer = choropleth_layer(
        payload,
        frame,
        change_indicator,
        classes,
        palette,
        year=year_to,
        lang=lang,
        selected=view.district,
        value_label=label,
    )
    show_map(
        view,
        payload,
        geometry_url,
        layer,
        key=f"change-{view.town_id}-{view.basemap}",
        attribution=town.town.attribution,
    )
with side_col:
    entries = legend_entries_for(
        frame, classes, palette, lambda v: change_indicator.format_value(v, lang), lang=lang
    )
    rule = change_note(swatches, indicator.polarity, lang)
    st.markdown(legend_html(label, unit, entries, note=rule, lang=lang), unsafe_allow_html=True)
    map_export(
        lambda fmt, paper: (
            render_map_page(
                town,
                frame,
                classes,
                palette,
                title=f"{indicator.label(lang)}: {label} – {town.town.name}",
                unit=unit,
                entries=entries,
                note=rule,
                fmt=fmt,
                paper=paper,
                lang=lang,
            ).data
        ),
        f"{town.town.id}-{indicator.id}-{year_from}-{year_to}",
        lang,
        key="change_export",
    )

with st.expander(t("table_alternative", lang)):
    ordered = frame.sort_values(VALUE, ascending=False, na_position="last")
    st.dataframe(
        {
            t("col_district", lang): ordered["name"],
            f"{label} ({unit})": value_texts(
                ordered[VALUE],
                lambda v: change_indicator.format_value(v, lang),
                ordered[STATUS],
            ),
        },
        hide_index=True,
        width="stretch",
    )
    st.caption(signs_note(lang))
attribution(town, lang)
