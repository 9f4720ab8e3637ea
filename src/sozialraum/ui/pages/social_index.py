"""Sozialindex: status × dynamics per district (MSS method) as a bivariate map and a table."""

from __future__ import annotations

import streamlit as st

from sozialraum.index_map import index_state, index_table, legend_grid_html
from sozialraum.indices import (
    DEFAULT_INDICATORS,
    METHODS,
    MIN_UNITS,
    REGION_LEVELS,
    IndexSpec,
    SocialIndexError,
    compute_index,
    eligible_indicators,
    index_years,
    reference_from_series,
    reference_units,
)
from sozialraum.maps import state_layer
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.common import attribution, show_map, table_height, town_banner
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view

# Below this many entering districts the page warns that z-scores are unstable.
FEW_DISTRICTS = 8

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
catalog = town.catalog
eligible = eligible_indicators(catalog, town.indicator_ids())
defaults = [i for i in DEFAULT_INDICATORS if i in eligible] or eligible[:1]


def _label(ind_id: str) -> str:
    return catalog[ind_id].label(lang)


with st.expander(t("index_settings", lang), expanded=False):
    for key in ("w_si_status", "w_si_dynamics"):
        chosen = [i for i in st.session_state.get(key, defaults) if i in eligible]
        st.session_state[key] = chosen
    status_ids = st.multiselect(
        t("index_status_inputs", lang), eligible, key="w_si_status", format_func=_label
    )
    dynamics_ids = st.multiselect(
        t("index_dynamics_inputs", lang), eligible, key="w_si_dynamics", format_func=_label
    )
    method = st.radio(
        t("index_method", lang),
        list(METHODS),
        key="w_si_method",
        format_func=lambda m: t(f"index_method_{m}", lang),
    )
    region = st.radio(
        t("index_region", lang),
        list(REGION_LEVELS),
        key="w_si_region",
        format_func=lambda r: t(f"index_region_{r}", lang),
        horizontal=True,
        disabled=method != "reference",
    )
    draft = IndexSpec(year=0, status_ids=tuple(status_ids), dynamics_ids=tuple(dynamics_ids))
    years = index_years({i: town.years_of(i) for i in eligible}, draft)
    if years:
        if st.session_state.get("w_si_year") not in years:
            st.session_state["w_si_year"] = years[-1]
        year = st.selectbox(t("index_year", lang), years, key="w_si_year")


def _stop_with(message_key: str) -> None:
    """No index to show: say why, under the town's title and data banner."""
    st.title(f"{t('page_index', lang)}: {escape_markup(town.town.name)}")
    town_banner(town, lang)
    st.error(t(message_key, lang))
    st.stop()


if not status_ids or not dynamics_ids:
    _stop_with("index_err_no_indicators")
if not years:
    _stop_with("index_no_years")

spec = IndexSpec(
    year=int(year),
    status_ids=tuple(status_ids),
    dynamics_ids=tuple(dynamics_ids),
    method=method,
    region=region,
)
st.title(
    t(
        "index_heading",
        lang,
        town=escape_markup(town.town.name),
        base=spec.base_year,
        year=spec.year,
    )
)
town_banner(town, lang)
st.caption(t("index_intro", lang, year=spec.year, base=spec.base_year))

reference = None
if method == "reference":
    reference = reference_from_series(data.town_series(), town.town.ags, spec)
    if reference is not None:
        units = reference_units(reference, spec)
        st.caption(t("index_reference_units", lang, prefix=reference.prefix, **units))
try:
    result = compute_index(town.values, catalog, list(town.districts.index), spec, reference)
except SocialIndexError as exc:
    params = dict(exc.params)
    if "indicator" in params and str(params["indicator"]) in catalog:
        params["indicator"] = _label(str(params["indicator"]))
    st.error(t(f"index_err_{exc.code}", lang, **params))
    st.stop()

if "no_population" in result.warnings:
    st.warning(t("index_no_population", lang))
entering = int((result.status.flag == "").sum())
if method != "reference" and MIN_UNITS <= entering < FEW_DISTRICTS:
    st.info(t("index_few_districts", lang, n=entering))

payload, geometry_url = data.payload(view.town_id)
map_col, side_col = st.columns([2.7, 1.3], gap="medium")
with map_col:
    layer = state_layer(index_state(payload, result, lang=lang, selected=view.district))
    show_map(
        view,
        payload,
        geometry_url,
        layer,
        key=f"index-{view.town_id}-{view.basemap}",
        attribution=town.town.attribution,
    )
with side_col:
    st.markdown(legend_grid_html(result, lang), unsafe_allow_html=True)

st.header(t("index_table", lang))
table = index_table(result, town.districts["name"], lang)
st.dataframe(
    table.round(2),
    hide_index=True,
    width="stretch",
    height=table_height(len(table)),
)
attribution(town, lang)
