"""The workshop in the app: the store, the current workshop, note forms, badges and map layer.

Used by the Werkstatt page, the map page and the district profile. Everything participants
typed is shown with ``st.text``/escaped markup and reaches the map only as JSON (textContent).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import folium
import shapely
import streamlit as st
from folium.plugins import Draw
from shapely import wkt

from sozialraum.loaders import TownData
from sozialraum.markup import escape_markup
from sozialraum.note_map import NoteMark, add_notes, district_anchors, notes_state
from sozialraum.ui import data
from sozialraum.ui.access import can_edit
from sozialraum.ui.assets import LEAFLET_DRAW_URL
from sozialraum.ui.i18n import t
from sozialraum.ui.state import View
from sozialraum.workshop import (
    Contribution,
    ContributionKind,
    Workshop,
    WorkshopError,
    WorkshopStore,
)
from sozialraum.workshop.store import open_store

CURRENT = "ws_current"  # session key: id of the chosen workshop per town
WHO = "ws_who"  # session key: the name written to the change history


@st.cache_resource(show_spinner=False, max_entries=8)
def _store(root: str, db_url: str) -> WorkshopStore:
    return open_store(Path(root))


def store() -> WorkshopStore:
    """The workshop store of the app's data directory (schema upgraded once per process)."""
    import os

    from sozialraum.db import ENV_DB_URL

    return _store(str(data.data_dir()), os.environ.get(ENV_DB_URL, ""))


def store_exists() -> bool:
    """Whether a workshop database is there (a shared one, or this data directory's file).

    Pages that only read ask this first, so that looking at a town never creates a database
    in its data directory; the first workshop created does.
    """
    import os

    from sozialraum.db import ENV_DB_URL, SQLITE_FILE

    return bool(os.environ.get(ENV_DB_URL, "").strip()) or (data.data_dir() / SQLITE_FILE).exists()


def workshops_of(town_id: str) -> list[Workshop]:
    return store().list_workshops(town_id) if store_exists() else []


def who() -> str:
    """The name the change history records for this session."""
    return str(st.session_state.get(WHO) or "").strip() or "app"


def current_workshop(town_id: str) -> Workshop | None:
    """The session's workshop for this town, else the town's most recent one."""
    workshops = workshops_of(town_id)
    chosen = st.session_state.get(CURRENT, {}).get(town_id)
    for workshop in workshops:
        if workshop.id == chosen:
            return workshop
    return workshops[0] if workshops else None


def choose_workshop(town_id: str, workshop_id: int) -> None:
    st.session_state.setdefault(CURRENT, {})[town_id] = workshop_id


def show_error(exc: WorkshopError, lang: str) -> None:
    st.error(t("ws_refused", lang))
    st.code(exc.report("de" if lang == "de" else "en"), language=None)


def kind_label(kind: ContributionKind | str, lang: str) -> str:
    return ContributionKind(kind).label(lang)


# --------------------------------------------------------------------------- map


def geometry_of(note: Contribution) -> dict[str, Any] | None:
    if not note.geometry_wkt:
        return None
    geojson: dict[str, Any] = json.loads(shapely.to_geojson(wkt.loads(note.geometry_wkt)))
    return geojson


def note_marks(notes: Sequence[Contribution], lang: str) -> list[NoteMark]:
    return [
        NoteMark(
            id=str(n.id),
            text=n.text,
            kind=n.kind.value,
            kind_label=kind_label(n.kind, lang),
            district_id=n.district_id,
            geometry=geometry_of(n),
        )
        for n in notes
    ]


@st.cache_resource(show_spinner=False, max_entries=64)
def _anchors(root: str, signature: str, town_id: str) -> dict[str, tuple[float, float]]:
    return district_anchors(data.town_data(town_id).districts)


def add_notes_layer(
    layer: folium.FeatureGroup, town: TownData, notes: Sequence[Contribution], view: View
) -> None:
    """Draw ``notes`` (badges, hatching, markers) into the map's swappable layer."""
    payload, _ = data.payload(town.town.id)
    state = notes_state(
        note_marks(notes, view.lang),
        _anchors(*data.signature(), town.town.id),
        district_ids=payload.ids,
        lang=view.lang,
        large=view.present,
    )
    add_notes(layer, state)


def add_draw_tools(fmap: folium.Map) -> None:
    """Leaflet.draw (served by the app) with a point and a polygon tool, nothing else."""
    draw = Draw(  # type: ignore[no-untyped-call]
        export=False,
        position="topleft",
        show_geometry_on_click=False,
        draw_options={
            "polyline": False,
            "rectangle": False,
            "circle": False,
            "circlemarker": False,
            "marker": True,
            "polygon": {"allowIntersection": False, "showArea": False},
        },
        edit_options={"edit": False, "remove": True},
    )
    draw.default_js = [("leaflet_draw_js", f"{LEAFLET_DRAW_URL}/leaflet.draw.js")]
    draw.default_css = [("leaflet_draw_css", f"{LEAFLET_DRAW_URL}/leaflet.draw.css")]
    draw.add_to(fmap)


def drawing_wkt(feature: dict[str, Any] | None) -> str | None:
    """WKT (EPSG:4326) of a drawn point or polygon returned by st_folium, else None."""
    if not feature or not isinstance(feature, dict):
        return None
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Point", "Polygon"):
        return None
    try:
        shape = shapely.from_geojson(json.dumps(geometry))
    except shapely.errors.GEOSException:
        return None
    return None if shape.is_empty or not shape.is_valid else str(shape.wkt)


# --------------------------------------------------------------------------- badges


def district_badge(town_id: str, district_id: str | None, lang: str) -> None:
    """The number of notes and measures of the selected district in the current workshop
    (the same workshop whose notes the map shows)."""
    workshop = current_workshop(town_id) if district_id else None
    if workshop is None or district_id is None:
        return
    counts = store().counts_by_district(workshop.id, town_id).get(district_id)
    notes, measures = (counts.notes, counts.measures) if counts else (0, 0)
    text = t(
        "ws_badge",
        lang,
        notes=t("ws_n_note", lang) if notes == 1 else t("ws_n_notes", lang, n=notes),
        measures=t("ws_n_measure", lang) if measures == 1 else t("ws_n_measures", lang, n=measures),
    )
    st.markdown(f'<p class="sr-ws-badge">{html.escape(text)}</p>', unsafe_allow_html=True)


# --------------------------------------------------------------------------- note form


def note_form(
    view: View,
    town: TownData,
    workshop: Workshop,
    *,
    key: str,
    drawn_wkt: str | None = None,
    on_added: Callable[[Contribution], None] | None = None,
) -> None:
    """A form for one note, linked to the current indicator, year and district.

    ``drawn_wkt`` offers the shape just drawn on the map as the note's place. After a note
    is stored, ``on_added`` runs and the page reruns (so the map shows the new note).
    """
    lang = view.lang
    flash = st.session_state.pop(f"ws-flash-{key}", None)
    if flash:
        st.success(flash)
    indicator = town.catalog[view.indicator_id]
    places = ["town"]
    if view.district:
        places.insert(0, "district")
    if drawn_wkt:
        places.insert(0, "drawn")
    district_name = str(town.districts.at[view.district, "name"]) if view.district else ""
    labels = {
        "drawn": t("ws_place_drawn", lang),
        "district": t("ws_place_district", lang, name=escape_markup(district_name)),
        "town": t("ws_place_town", lang, name=escape_markup(town.town.name)),
    }
    disabled = not can_edit()
    with st.form(f"note-{key}", clear_on_submit=True):
        text = st.text_area(t("ws_note_text", lang), key=f"note-text-{key}", height=110)
        c1, c2 = st.columns(2)
        kind = c1.selectbox(
            t("ws_kind", lang),
            [k.value for k in ContributionKind],
            format_func=lambda k: kind_label(k, lang),
            key=f"note-kind-{key}",
        )
        author = c2.text_input(t("ws_author", lang), key=f"note-author-{key}")
        place = st.radio(
            t("ws_place", lang),
            places,
            format_func=labels.__getitem__,
            key=f"note-place-{key}",
            horizontal=True,
        )
        link = st.checkbox(
            t(
                "ws_link_indicator",
                lang,
                indicator=escape_markup(indicator.label(lang)),
                year=view.year,
            ),
            value=True,
            key=f"note-link-{key}",
        )
        submitted = st.form_submit_button(t("ws_add_note", lang), type="primary", disabled=disabled)
    if not submitted:
        return
    if not can_edit():
        st.error(t("edit_locked", lang))
        return
    try:
        note = store().create_contribution(
            who(),
            workshop_id=workshop.id,
            text=text,
            kind=kind,
            author_label=author or None,
            district_id=view.district if place == "district" else None,
            geometry_wkt=drawn_wkt if place == "drawn" else None,
            indicator_ids=[indicator.id] if link else [],
            years=[view.year] if link else [],
        )
    except WorkshopError as exc:
        show_error(exc, lang)
        return
    if on_added is not None:
        on_added(note)
    st.session_state[f"ws-flash-{key}"] = t("ws_note_added", lang)
    st.rerun()


def workshop_notes(town: TownData, district_id: str, lang: str) -> None:
    """What the room said about one district (current workshop): notes and measures."""
    workshop = current_workshop(town.town.id)
    if workshop is None:
        return
    st.header(t("ws_profile_heading", lang))
    st.caption(escape_markup(workshop.title))
    notes = store().list_contributions(workshop.id, district_id=district_id)
    if not notes:
        st.caption(t("ws_profile_none", lang))
    for note in notes:
        with st.container(border=True):
            st.text(note.text)
            meta = [kind_label(note.kind, lang)]
            meta += [town.catalog[i].label(lang) for i in note.indicator_ids if i in town.catalog]
            meta += [str(y) for y in note.years]
            st.caption(escape_markup(" · ".join(meta)))
    measures = [
        m for m in store().list_measures(workshop_id=workshop.id) if district_id in m.district_ids
    ]
    if measures:
        st.subheader(t("ws_profile_measures", lang))
        for measure in measures:
            st.text(f"{measure.title} ({measure.status.label(lang)})")
