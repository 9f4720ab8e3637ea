"""The view controls (sidebar, or a row on top in presentation mode) → :class:`View`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from sozialraum.catalog import TOPICS
from sozialraum.classify import MAX_K, MIN_K, SCHEMES
from sozialraum.loaders import TownData
from sozialraum.towns import Town
from sozialraum.ui import data
from sozialraum.ui.i18n import t
from sozialraum.ui.state import View, requested


def _coerce(key: str, options: Sequence[Any], preferred: Any) -> None:
    """Make sure the widget ``key`` holds a valid option before the widget is created."""
    current = st.session_state.get(key)
    if current in options:
        return
    st.session_state[key] = preferred if preferred in options else options[0]


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _clear_district() -> None:
    st.session_state["w_district"] = ""


def _set_mode(present: bool) -> None:
    st.session_state["q_mode"] = "present" if present else ""


def render_controls(towns: Sequence[Town], present: bool) -> View:
    """Draw the controls and return the resulting view."""
    lang = requested("lang") or "de"
    _coerce("w_lang", ["de", "en"], lang)
    lang = st.session_state["w_lang"]
    if present:
        # Keyed: the presentation style sizes these controls (.st-key-sr-controls).
        box = st.container(key="sr-controls")
        cols = box.columns([2.3, 2, 3.3, 1.3, 2.5, 1.5], gap="small")
    else:
        box = st.sidebar
        box.radio(
            t("language", lang),
            ["de", "en"],
            key="w_lang",
            format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
            horizontal=True,
        )
        lang = st.session_state["w_lang"]
        cols = [box] * 6

    town_ids = [town.id for town in towns]
    names = {town.id: town.name + (" (Demo)" if town.is_demo else "") for town in towns}
    _coerce("w_town", town_ids, requested("town"))
    town_id = cols[0].selectbox(
        t("town", lang),
        town_ids,
        key="w_town",
        format_func=names.__getitem__,
        on_change=_clear_district,
    )
    town = data.town_data(town_id)

    indicator_ids = town.indicator_ids()
    wanted_indicator = requested("indicator")
    if wanted_indicator not in indicator_ids:
        key_ids = [i for i in indicator_ids if town.catalog[i].key]
        wanted_indicator = key_ids[0] if key_ids else indicator_ids[0]
    topics = [
        topic
        for topic in town.catalog.topics()
        if any(town.catalog[i].topic == topic for i in indicator_ids)
    ]
    if st.session_state.get("w_topic") not in topics or (
        st.session_state.get("w_indicator") is None and wanted_indicator in town.catalog
    ):
        st.session_state["w_topic"] = town.catalog[wanted_indicator].topic
    topic = cols[1].selectbox(
        t("topic", lang),
        topics,
        key="w_topic",
        format_func=lambda tp: TOPICS.get(tp, (tp, tp))[0 if lang == "de" else 1],
    )
    in_topic = [i for i in indicator_ids if town.catalog[i].topic == topic]
    _coerce("w_indicator", in_topic, wanted_indicator)
    indicator_id = cols[2].selectbox(
        t("indicator", lang),
        in_topic,
        key="w_indicator",
        format_func=lambda i: town.catalog[i].label(lang),
    )

    years = town.years_of(indicator_id)
    wanted_year = _int_or_none(requested("year"))
    _coerce("w_year", years, wanted_year if wanted_year in years else years[-1])
    year = cols[3].selectbox(t("year", lang), years, key="w_year")

    district = _district_control(town, lang, cols[4] if present else st.sidebar)
    if present:
        cols[5].button(
            t("present_exit", lang),
            on_click=_set_mode,
            args=(False,),
            help=t("present_off", lang),
            width="stretch",
        )
        scheme, k, breaks, basemap = _classification_state()
    else:
        scheme, k, breaks, basemap = _classification_controls(lang)
        st.sidebar.button(
            t("present_on", lang),
            on_click=_set_mode,
            args=(True,),
            help=t("present_help", lang),
            width="stretch",
        )
    return View(
        lang=lang,
        town_id=town_id,
        topic=topic,
        indicator_id=indicator_id,
        year=int(year),
        district=district or None,
        scheme=scheme,
        k=k,
        breaks=breaks,
        basemap=basemap,
        present=present,
    )


def _district_control(town: TownData, lang: str, box: Any) -> str:
    ids = ["", *town.districts.index]
    if "w_district" not in st.session_state:
        st.session_state["w_district"] = requested("district") or ""
    _coerce("w_district", ids, "")
    # A plain dict: the national overview has 11,000 options, and pandas indexing per
    # option costs more than the rest of the rerun.
    names = {
        "": t("no_district", lang),
        **dict(zip(ids[1:], town.districts["name"].astype(str), strict=True)),
    }
    return str(box.selectbox(t("district", lang), ids, key="w_district", format_func=names.get))


def _classification_state() -> tuple[str, int, str, str]:
    scheme = st.session_state.get("w_scheme") or requested("scheme") or "quantiles"
    k = _int_or_none(str(st.session_state.get("w_k") or requested("k"))) or 5
    breaks = str(st.session_state.get("w_breaks") or requested("breaks") or "")
    basemap = st.session_state.get("w_basemap") or requested("basemap") or "none"
    return str(scheme), int(k), breaks, str(basemap)


def _classification_controls(lang: str) -> tuple[str, int, str, str]:
    scheme, k, breaks, basemap = _classification_state()
    with st.sidebar.expander(t("classification", lang), expanded=False):
        _coerce("w_scheme", list(SCHEMES), scheme)
        scheme = st.selectbox(
            t("scheme", lang),
            list(SCHEMES),
            key="w_scheme",
            format_func=lambda s: SCHEMES[s][0 if lang == "de" else 1],
        )
        _coerce("w_k", list(range(MIN_K, MAX_K + 1)), k)
        k = st.slider(
            t("classes", lang),
            MIN_K,
            MAX_K,
            key="w_k",
            disabled=scheme in ("std_mean", "custom"),
        )
        if scheme == "custom":
            st.session_state.setdefault("w_breaks", breaks)
            breaks = st.text_input(t("custom_breaks", lang), key="w_breaks")
        _coerce("w_basemap", ["none", "osm", "light"], basemap)
        basemap = st.selectbox(
            t("basemap", lang),
            ["none", "osm", "light"],
            key="w_basemap",
            format_func=lambda b: t(f"basemap_{b}", lang),
        )
    return str(scheme), int(k), str(breaks), str(basemap)
