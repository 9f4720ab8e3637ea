"""Map page: choropleth of one indicator and year, legend, table alternative, ranking."""

from __future__ import annotations

import streamlit as st

from sozialraum.charts import profile_table
from sozialraum.colors import reading_rule
from sozialraum.columns import INDICATOR_ID
from sozialraum.display import signs_note
from sozialraum.mapimage import render_map_page
from sozialraum.maps import GeometryPayload, animation_state, choropleth_state, state_layer
from sozialraum.markup import escape_markup
from sozialraum.ranking import ranking_html
from sozialraum.ui import data
from sozialraum.ui.access import edit_access
from sozialraum.ui.app import page
from sozialraum.ui.common import (
    Choropleth,
    attribution,
    choropleth,
    legend,
    map_export,
    show_map,
    table_alternative,
    table_height,
    timeline,
    town_banner,
    town_value_line,
)
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view
from sozialraum.ui.workshop import (
    add_notes_layer,
    current_workshop,
    district_badge,
    note_form,
    store,
)

LARGE_TABLE = 300  # units
NAME_PX = 13  # district name labels on the map, px
NAME_PX_PRESENT = 18  # ... at projector size
# Presentation mode: the map's frame fills the window below the controls, title and badge
# (the frame reports where it starts as --sr-map-top, see sozialraum.maps._FitWindow),
# so the whole map and its legend are visible on a projector without scrolling.
PRESENT_MAP_CSS = """<style>
iframe[title="streamlit_folium.st_folium"] {
  height: max(260px, calc(100vh - var(--sr-map-top, 340px) - 16px)) !important; }
/* A small projector (1280x720): the controls wrap to two rows and already name town,
   indicator and year, so the page title gives its height to the map. */
@media (max-width: 1400px) and (max-height: 800px) {
  [data-testid="stHeading"]:has(h1) { display: none; } }
.leaflet-control-attribution, .leaflet-control-scale-line { font-size: 15px !important; }
</style>"""
# On a phone the help line under the switches wraps to four lines and pushes the town
# itself below the first screen: a phone reader taps anyway.
PHONE_MAP_CSS = """<style>
@media (max-width: 640px) { .st-key-sr_map_help { display: none; } }
</style>"""
PLAY_INTERVAL_MS = 1500  # one year per step when the years are played

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
choro = choropleth(town, view, view.indicator_id, view.year)
indicator = choro.indicator

st.title(
    t(
        "map_heading",
        lang,
        indicator=escape_markup(indicator.label(lang)),
        town=escape_markup(town.town.name),
        year=view.year,
    )
)
town_banner(town, lang, compact=view.present)
if choro.breaks_error:
    st.error(t("bad_breaks", lang))

map_key = f"map-{view.town_id}-{view.basemap}{'-present' if view.present else ''}"


payload, geometry_url = data.payload(view.town_id)


def _select_clicked_district() -> None:
    """st_folium callback: the district under the clicked point becomes the selection."""
    clicked = (st.session_state.get(map_key) or {}).get("last_clicked") or {}
    if "lat" in clicked and "lng" in clicked:
        district_id = payload.district_at(town.districts, clicked["lat"], clicked["lng"])
        if district_id is not None:
            st.session_state["w_district"] = district_id


@st.cache_resource(show_spinner=False, max_entries=512)
def _state(
    key: tuple[object, ...], _payload: GeometryPayload, _choro: Choropleth, names: bool
) -> dict[str, object]:
    """The map's style state for one view (``key``), computed once."""
    return choropleth_state(
        _payload,
        _choro.frame,
        _choro.indicator,
        _choro.classes,
        _choro.palette,
        year=view.year,
        lang=lang,
        selected=view.district,
        names=names,
        name_px=NAME_PX_PRESENT if view.present else NAME_PX,
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _play_state(
    key: tuple[object, ...], _payload: GeometryPayload, names: bool
) -> dict[str, object]:
    """All years of the indicator as one animation state (classes shared by all years)."""
    frames = [
        choropleth_state(
            _payload,
            year_choro.frame,
            year_choro.indicator,
            year_choro.classes,
            year_choro.palette,
            year=year,
            lang=lang,
            selected=view.district,
            names=names,
            name_px=NAME_PX_PRESENT if view.present else NAME_PX,
        )
        for year, year_choro in timeline(town, view, view.indicator_id)
    ]
    return animation_state(frames, interval_ms=PLAY_INTERVAL_MS)


# On a projector nobody can hover: names are on by default in presentation mode (a
# separate widget key per mode, so each mode starts from its own default).
names_key = "w_names_present" if view.present else "w_names"
workshop = current_workshop(view.town_id)
map_col, side_col = st.columns([2.7, 1.3], gap="medium")
st.markdown(PRESENT_MAP_CSS if view.present else PHONE_MAP_CSS, unsafe_allow_html=True)
with map_col:
    # On a projector every pixel of height goes to the map: the switches sit beside it.
    switches = side_col if view.present else map_col
    legend_slot = side_col.container()  # the legend first, the switches below it
    names_col, play_col = switches.columns(2)
    show_names = names_col.toggle(
        t("map_names", lang), value=view.present, key=names_key, help=t("map_names_help", lang)
    )
    playing = play_col.toggle(t("map_play", lang), key="w_play", help=t("map_play_help", lang))
    if not view.present:
        with st.container(key="sr_map_help"):
            st.caption(t("map_help", lang))
    layers = []
    if switches.toggle(t("map_actors", lang), key="w_map_actors"):
        from sozialraum.actors.network import actor_layer

        layers.append(
            actor_layer(data.actor_store().list_actors(view.town_id), town.districts, lang=lang)
        )
    key = (
        *data.signature(),
        view.town_id,
        view.indicator_id,
        view.scheme,
        view.k,
        view.breaks,
        lang,
        view.district,
        show_names,
    )
    if playing:
        layer = state_layer(_play_state(key, payload, show_names))
    else:
        layer = state_layer(_state((*key, view.year), payload, choro, show_names))
    if workshop is not None:
        add_notes_layer(layer, town, store().list_contributions(workshop.id), view)
    show_map(
        view,
        payload,
        geometry_url,
        [layer, *layers],
        key=map_key,
        attribution=town.town.attribution,
        returned_objects=["last_clicked"],
        on_change=_select_clicked_district,
    )
with legend_slot:
    if playing:
        played = timeline(town, view, view.indicator_id)
        first, last = played[0][0], played[-1][0]
        legend(played[0][1], lang, note=t("map_play_legend", lang, first=first, last=last))
    else:
        legend(choro, lang)
with side_col:
    map_export(
        lambda fmt, paper: (
            render_map_page(
                town,
                choro.frame,
                choro.classes,
                choro.palette,
                title=f"{indicator.label(lang)} {view.year} – {town.town.name}",
                unit=indicator.unit(lang),
                entries=choro.legend,
                note=reading_rule(indicator.polarity, lang),
                fmt=fmt,
                paper=paper,
                names=show_names,
                lang=lang,
            ).data
        ),
        f"{town.town.id}-{indicator.id}-{view.year}",
        lang,
        key="map_export",
    )
    town_value_line(choro, town, lang)
    if view.district:
        name = str(town.districts.at[view.district, "name"])
        st.subheader(t("profile_heading", lang, name=escape_markup(name)), anchor="profile")
        district_badge(view.town_id, view.district, lang)
        rows = profile_table(town, view.district, view.year, lang=lang)
        shown = rows[rows[INDICATOR_ID] == indicator.id]
        if len(shown):
            row = shown.iloc[0]
            st.metric(
                escape_markup(f"{indicator.label(lang)} ({indicator.unit(lang)})"),
                row["district_text"],
                delta=None,
                help=f"{t('town_value', lang)}: {row['town_text']}",
            )
        key_ids = [i for i in town.catalog if town.catalog[i].key and not view.present]
        key_rows = rows[rows[INDICATOR_ID].isin(key_ids)]
        # Two columns fit the narrow side panel: the district's value and the town's.
        # (On a projector the big number above is what people read; no table there.)
        if len(key_rows):
            st.dataframe(
                {
                    t("col_indicator", lang): key_rows["label"],
                    f"{name} / {t('col_town', lang)}": (
                        key_rows["district_text"]
                        + " / "
                        + key_rows["town_text"]
                        + " "
                        + key_rows["unit"]
                    ),
                },
                hide_index=True,
                width="stretch",
                height=table_height(len(key_rows)),
            )
        st.page_link(
            page("profile.py"), label=t("open_profile", lang), icon=":material/arrow_forward:"
        )
    # The room's notes, taken while everyone looks at this map.
    if workshop is None:
        st.caption(t("ws_map_no_workshop", lang))
    else:
        with st.expander(t("ws_map_note", lang), expanded=view.present):
            st.caption(escape_markup(workshop.title))
            if edit_access(lang, key="map"):
                note_form(view, town, workshop, key="map")
    st.page_link(page("workshop.py"), label=t("ws_open_page", lang))

with st.expander(t("table_alternative", lang), expanded=False):
    # Streamlit sends an expander's content even when closed; for thousands of units the
    # table would dominate every switch, so large maps build it only when asked for.
    if len(choro.frame) <= LARGE_TABLE or st.toggle(t("show_table", lang), key="w_big_table"):
        st.dataframe(table_alternative(choro, lang), hide_index=True, width="stretch")
        st.caption(signs_note(lang))

st.header(t("ranking", lang))
st.markdown(
    ranking_html(
        choro.frame,
        indicator,
        choro.frame["color"].tolist(),
        town_value=choro.town_value,
        town_name=town.town.name,
        lang=lang,
        selected=view.district,
    ),
    unsafe_allow_html=True,
)
attribution(town, lang)
