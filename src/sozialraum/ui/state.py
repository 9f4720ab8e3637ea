"""The view state: session state ⇄ URL query string.

The whole view lives in the URL (``?town=…&indicator=…&year=…&district=…&lang=…``) so it can
be bookmarked, shared and reloaded. On the first run of a session the query string seeds
the widgets' session state; on every run the state is written back, which also restores the
parameters after a page switch (Streamlit clears them on navigation).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

DEFAULTS: dict[str, str] = {
    "lang": "de",
    "scheme": "quantiles",
    "k": "5",
    "basemap": "none",
    "mode": "",
}
# Query keys always written, then optional ones written only when they differ from default.
URL_KEYS = ("town", "indicator", "year", "district", "lang")
OPTIONAL_URL_KEYS = ("scheme", "k", "breaks", "basemap", "mode")
_SEEDED = "_seeded_from_url"


@dataclass(frozen=True)
class View:
    """What the user is looking at; every page renders from this."""

    lang: str
    town_id: str
    topic: str
    indicator_id: str
    year: int
    district: str | None
    scheme: str
    k: int
    breaks: str
    basemap: str
    present: bool


def seed_from_url() -> None:
    """Copy query parameters into session state once per session."""
    if st.session_state.get(_SEEDED):
        return
    params = st.query_params
    for key in (*URL_KEYS, *OPTIONAL_URL_KEYS):
        if key in params and params[key] != "":
            st.session_state[f"q_{key}"] = params[key]
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(f"q_{key}", value)
    st.session_state[_SEEDED] = True


def requested(key: str) -> str | None:
    """The value the URL asked for (or the default), before validation against the data."""
    value = st.session_state.get(f"q_{key}")
    return None if value in (None, "") else str(value)


def write_url(view: View) -> None:
    """Write the view to the query string (only when it changed, to avoid extra reruns)."""
    wanted = {
        "town": view.town_id,
        "indicator": view.indicator_id,
        "year": str(view.year),
        "lang": view.lang,
    }
    if view.district:
        wanted["district"] = view.district
    optional = {
        "scheme": view.scheme,
        "k": str(view.k),
        "basemap": view.basemap,
        "mode": "present" if view.present else "",
    }
    for key, value in optional.items():
        if value != DEFAULTS.get(key, ""):
            wanted[key] = value
    if view.scheme == "custom" and view.breaks:
        wanted["breaks"] = view.breaks
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    # The URL is authoritative for the next page switch too.
    for key, value in wanted.items():
        st.session_state[f"q_{key}"] = value
    for key in (*URL_KEYS, *OPTIONAL_URL_KEYS):
        if key not in wanted:
            st.session_state[f"q_{key}"] = DEFAULTS.get(key, "")


def current_view() -> View:
    """The view computed by the controls in this run (set by :mod:`sozialraum.ui.controls`)."""
    view: View = st.session_state["view"]
    return view


def current_lang() -> str:
    view = st.session_state.get("view")
    return view.lang if view is not None else str(st.session_state.get("q_lang", "de"))
