"""District profile: every indicator against the town, and the trend of the chosen one."""

from __future__ import annotations

import streamlit as st

from sozialraum.charts import profile_chart, profile_pair_chart, profile_table
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.common import attribution, font_size, table_height, town_banner, trend_figure
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view
from sozialraum.ui.workshop import district_badge, workshop_notes

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
indicator = town.catalog[view.indicator_id]

if not view.district:
    st.title(t("page_profile", lang))
    town_banner(town, lang)
    st.info(t("profile_pick", lang))
    st.stop()

name = str(town.districts.at[view.district, "name"])
st.title(t("profile_heading", lang, name=escape_markup(name)))
town_banner(town, lang)
district_badge(town.town.id, view.district, lang)
st.caption(t("profile_explain", lang))
others = [d for d in town.districts.index if d != view.district]
if st.session_state.get("w_profile_other") not in [None, *others]:
    st.session_state["w_profile_other"] = None
other = st.selectbox(
    t("profile_compare_with", lang),
    [None, *others],
    key="w_profile_other",
    format_func=lambda d: (
        t("no_district", lang) if d is None else str(town.districts.at[d, "name"])
    ),
)
rows = profile_table(town, view.district, view.year, lang=lang)
if rows["z"].notna().any():
    if other is None:
        spine = profile_chart(town, view.district, view.year, lang=lang, font_size=font_size(view))
    else:
        spine = profile_pair_chart(
            town, view.district, other, view.year, lang=lang, font_size=font_size(view)
        )
    st.plotly_chart(spine, width="stretch")
else:
    # No bar to draw: say why instead of showing an empty frame.
    lacking = town.indicators_without_counts()
    if lacking:
        names = ", ".join(town.catalog[i].label(lang) for i in lacking)
        st.info(t("profile_no_counts", lang, names=names))
    else:
        st.info(t("profile_no_bars", lang, year=view.year))

workshop_notes(town, view.district, lang)

st.header(t("profile_trend", lang, indicator=escape_markup(indicator.label(lang))))
st.plotly_chart(
    trend_figure(town, indicator, view, compare=other),
    width="stretch",
)

st.header(t("profile_table", lang))
st.dataframe(
    rows[["topic", "label", "district_text", "town_text", "unit"]].rename(
        columns={
            "topic": t("col_topic", lang),
            "label": t("col_indicator", lang),
            "district_text": name,
            "town_text": t("col_town", lang),
            "unit": t("col_unit", lang),
        }
    ),
    hide_index=True,
    width="stretch",
    height=table_height(len(rows)),
)
attribution(town, lang)
