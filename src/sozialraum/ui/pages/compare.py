"""Town comparison: the towns side by side on key indicators, with official figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.charts import comparison_chart
from sozialraum.errors import DataError
from sozialraum.loaders import TownData
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.common import font_size, table_height
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view

view = current_view()
lang = view.lang
st.title(t("compare_heading", lang))
st.caption(t("compare_explain", lang))

loaded: list[TownData] = []
for town in data.towns():
    try:
        loaded.append(data.town_data(town.id))
    except DataError as exc:
        st.warning(escape_markup(f"{town.name}: {exc.problems[0].format(lang)}"))
current = data.town_data(view.town_id)
if any(town.town.is_demo for town in loaded):
    st.warning(t("demo_banner", lang), icon="⚠️")

key_ids = [i for i in current.catalog if current.catalog[i].key]
if view.indicator_id not in key_ids:
    key_ids = [view.indicator_id, *key_ids]
default = [view.indicator_id, *[i for i in key_ids if i != view.indicator_id][:3]]
if "w_compare" not in st.session_state:
    st.session_state["w_compare"] = default
st.session_state["w_compare"] = [i for i in st.session_state["w_compare"] if i in key_ids]
chosen = st.multiselect(
    t("compare_indicators", lang),
    key_ids,
    key="w_compare",
    format_func=lambda i: current.catalog[i].label(lang),
)
reference = data.reference()


def town_table(indicator_id: str, year: int) -> pd.DataFrame:
    """Town values from district data, with an official figure: the imported series (e.g.
    INKAR) for that year where there is one, else the cited reference figure."""
    rows = []
    for town in loaded:
        agg = town.aggregates
        hit = agg[(agg["indicator_id"] == indicator_id) & (agg["year"] == year)]
        official = data.official_series(town.town.ags, indicator_id) if town.town.ags else None
        if official is not None and (official["year"] == year).any():
            ref = official[official["year"] == year].iloc[0]
            ref_value, ref_year, ref_source = float(ref["value"]), year, str(ref["source"])
        else:
            cited = reference[
                (reference["town_id"] == town.town.id) & (reference["figure"] == indicator_id)
            ]
            ref_value = float(cited["value"].iloc[0]) if len(cited) else float("nan")
            ref_year = int(cited["year"].iloc[0]) if len(cited) else None
            ref_source = str(cited["source"].iloc[0]) if len(cited) else ""
        rows.append(
            {
                "town": town.town.name,
                "kind": town.town.data_kind,
                "value": float(hit["value"].iloc[0]) if len(hit) else float("nan"),
                "reference": ref_value,
                "reference_year": ref_year,
                "reference_source": ref_source,
            }
        )
    return pd.DataFrame(rows)


cols = st.columns(2)
for n, indicator_id in enumerate(chosen):
    indicator = current.catalog[indicator_id]
    table = town_table(indicator_id, view.year)
    with cols[n % 2]:
        st.subheader(escape_markup(f"{indicator.label(lang)}, {view.year}"))
        st.plotly_chart(
            comparison_chart(table, indicator, lang=lang, font_size=font_size(view)),
            width="stretch",
        )

st.header(t("compare_table", lang))
summary = pd.DataFrame({"town": [town.town.name for town in loaded]})
columns = {"town": st.column_config.TextColumn(t("town", lang), pinned=True)}
for indicator_id in key_ids:
    indicator = current.catalog[indicator_id]
    values = town_table(indicator_id, view.year)["value"].round(indicator.decimals)
    summary[indicator_id] = values.to_numpy()
    columns[indicator_id] = st.column_config.NumberColumn(
        f"{indicator.label(lang)} ({indicator.unit(lang)})", format="localized"
    )
st.dataframe(summary, column_config=columns, hide_index=True, width="stretch")

refs = reference.merge(
    pd.DataFrame({"town_id": [x.town.id for x in loaded], "town": [x.town.name for x in loaded]}),
    on="town_id",
)
if len(refs):
    st.subheader(t("reference_heading", lang))
    labels = {i: current.catalog[i].label(lang) for i in current.catalog}
    labels["area_ha"] = "Fläche (ha)" if lang == "de" else "Area (ha)"
    refs = refs.assign(figure=refs["figure"].map(labels).fillna(refs["figure"]))
    st.dataframe(
        refs[["town", "figure", "value", "year", "source"]],
        column_config={
            "town": t("town", lang),
            "figure": t("col_indicator", lang),
            "value": st.column_config.NumberColumn(t("col_value", lang), format="localized"),
            "year": st.column_config.NumberColumn(t("year", lang), format="plain"),
            "source": st.column_config.TextColumn(t("m_source", lang), width="large"),
        },
        hide_index=True,
        width="stretch",
        height=table_height(len(refs), limit=600),
    )
