"""Town comparison: the towns side by side on key indicators, with official figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.charts import comparison_chart, official_series_chart
from sozialraum.comparison import (
    comparable_ids,
    default_selection,
    official_first_summary,
    official_only_ids,
    official_town_table,
    one_per_municipality,
    reference_rows,
    town_table,
)
from sozialraum.display import year_text
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
loaded = one_per_municipality(loaded, view.town_id)
if any(town.town.is_demo for town in loaded):
    st.warning(t("demo_banner", lang), icon="⚠️")

key_ids = comparable_ids(current.catalog, view.indicator_id)
if "w_compare" not in st.session_state:
    st.session_state["w_compare"] = default_selection(key_ids, view.indicator_id)
st.session_state["w_compare"] = [i for i in st.session_state["w_compare"] if i in key_ids]
chosen = st.multiselect(
    t("compare_indicators", lang),
    key_ids,
    key="w_compare",
    format_func=lambda i: current.catalog[i].label(lang),
)
reference = data.reference()
town_series = data.town_series()

cols = st.columns(2)
for n, indicator_id in enumerate(chosen):
    indicator = current.catalog[indicator_id]
    table = town_table(loaded, indicator_id, view.year, town_series, reference)
    with cols[n % 2]:
        st.subheader(escape_markup(f"{indicator.label(lang)}, {view.year}"))
        st.plotly_chart(
            comparison_chart(table, indicator, lang=lang, font_size=font_size(view)),
            width="stretch",
        )

st.header(t("compare_table", lang))
summary = official_first_summary(loaded, key_ids, view.year, current.catalog, town_series, lang)
st.dataframe(
    summary,
    column_config={
        "town": st.column_config.TextColumn(t("town", lang), pinned=True),
        "indicator_id": t("col_indicator", lang),
        "value": t("col_value", lang),
        "year": st.column_config.NumberColumn(t("year", lang), format="plain"),
        "basis": t("compare_basis", lang),
        "source": st.column_config.TextColumn(t("m_source", lang), width="large"),
    },
    hide_index=True,
    width="stretch",
    height=table_height(len(summary), limit=500),
)

official_ids = official_only_ids(town_series)
if official_ids:
    st.header(t("official_series_heading", lang))
    st.caption(t("official_series_explain", lang))
    labels = dict(zip(town_series["indicator_id"], town_series["label_de"], strict=False))

    def _official_label(indicator_id: str) -> str:
        if indicator_id in current.catalog:
            return current.catalog[indicator_id].label(lang)
        return labels.get(indicator_id) or indicator_id

    picked = st.selectbox(
        t("official_series_pick", lang),
        official_ids,
        key="w_official_series",
        format_func=_official_label,
    )
    official_table = official_town_table(loaded, town_series, picked, view.year)
    st.plotly_chart(
        official_series_chart(
            official_table, _official_label(picked), lang=lang, font_size=font_size(view)
        ),
        width="stretch",
    )

refs = reference_rows(reference, loaded, current.catalog, lang)
if len(refs):
    st.subheader(t("reference_heading", lang))
    decimal = "," if lang == "de" else "."
    cited = pd.DataFrame(
        {
            t("town", lang): refs["town"],
            t("col_indicator", lang): refs["figure"],
            # As cited: the figure's own digits, with the reader's decimal separator.
            t("col_value", lang): [f"{v:.10g}".replace(".", decimal) for v in refs["value"]],
            t("year", lang): [year_text(y) for y in refs["year"]],
            t("m_source", lang): refs["source"],
        }
    )
    st.dataframe(
        cited,
        column_config={t("m_source", lang): st.column_config.TextColumn(width="large")},
        hide_index=True,
        width="stretch",
        height=table_height(len(cited), limit=600),
    )
