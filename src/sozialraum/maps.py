"""Folium map builders (pure: no Streamlit), used by the app and rendered to HTML in tests.

The map is split in two parts so that the app can keep the map mounted while the indicator,
year or classification changes (``st_folium(feature_group_to_add=...)``):

* :func:`base_map` holds what stays for a town: basemap, outline, attribution, bounds;
* :func:`choropleth_layer` holds what changes: the districts coloured by class, with
  tooltips. It is a :class:`folium.FeatureGroup` so st_folium can swap it in place.

All text that comes from data (district names, units, labels) is HTML-escaped here, because
Leaflet tooltips insert their content as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.catalog import Indicator
from sozialraum.classify import NO_DATA, SUPPRESSED, Classes
from sozialraum.colors import NO_DATA_COLOR, OUTLINE_COLOR, SUPPRESSED_COLOR

# Where the app serves Leaflet (Streamlit static serving of ./static, see sozialraum.ui.assets).
ASSET_BASE = "/app/static/vendor/leaflet"
COORD_DECIMALS = 5  # ~1 m: enough for district boundaries, and keeps the payload small

_OSM_ATTR = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
BASEMAPS: dict[str, dict[str, str] | None] = {
    "none": None,
    "osm": {
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": _OSM_ATTR,
        "name": "OpenStreetMap",
    },
    "light": {
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": _OSM_ATTR + ' &copy; <a href="https://carto.com/attributions">CARTO</a>',
        "name": "CARTO Positron",
    },
}


def localize_assets(fmap: folium.Map, asset_base: str = ASSET_BASE) -> folium.Map:
    """Load Leaflet from the app's own server instead of CDNs; drop unused libraries.

    folium's defaults pull jQuery, Bootstrap and Font Awesome from CDNs for markers and
    popups we do not use. With basemap "none" this leaves no request to other hosts.
    """
    fmap.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    return fmap


class _MetricScale(MacroElement):
    """Leaflet's scale bar in metres only (folium's default adds miles)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


def _round_coords(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.set_precision(geom, 10.0**-COORD_DECIMALS, mode="pointwise")


@dataclass(frozen=True)
class GeometryPayload:
    """District geometries as GeoJSON-ready dicts, computed once per town and reused."""

    ids: tuple[str, ...]
    geometries: tuple[dict[str, Any], ...]
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy (lon/lat)

    @classmethod
    def from_frame(cls, districts: gpd.GeoDataFrame) -> GeometryPayload:
        geoms = [_round_coords(g) for g in districts.geometry]
        mapping = [json.loads(shapely.to_geojson(g)) for g in geoms]
        minx, miny, maxx, maxy = districts.total_bounds
        return cls(
            tuple(str(i) for i in districts.index),
            tuple(mapping),
            (float(minx), float(miny), float(maxx), float(maxy)),
        )


def base_map(
    outline: gpd.GeoDataFrame,
    *,
    basemap: str = "none",
    attribution: Sequence[str] = (),
    asset_base: str = ASSET_BASE,
) -> folium.Map:
    """A Leaflet map fitted to the town's outline, without tiles unless asked for."""
    minx, miny, maxx, maxy = outline.total_bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=12,
        tiles=None,
        control_scale=False,  # replaced by a metric-only scale below
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    localize_assets(fmap, asset_base)
    _MetricScale().add_to(fmap)
    # Without tiles Leaflet's default grey looks like a failed load; paper white reads as a map.
    fmap.get_root().header.add_child(
        Element("<style>.leaflet-container { background: #ffffff; }</style>"), name="sr_style"
    )
    tiles = BASEMAPS.get(basemap)
    if tiles is not None:
        folium.TileLayer(tiles=tiles["tiles"], attr=tiles["attr"], name=tiles["name"]).add_to(fmap)
    outline_geom = _round_coords(shapely.union_all(outline.geometry.array))
    folium.GeoJson(
        json.loads(shapely.to_geojson(outline_geom)),
        name="outline",
        style_function=lambda _f: {
            "color": OUTLINE_COLOR,
            "weight": 2.5,
            "fill": False,
            "interactive": False,
        },
        interactive=False,
        control=False,
        attribution=" | ".join(html.escape(a) for a in attribution),
    ).add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


@dataclass(frozen=True)
class FeatureStyle:
    fill: str
    label: str  # value text for the tooltip, already formatted


def class_colors(
    values: pd.Series, statuses: pd.Series, classes: Classes, palette: Sequence[str]
) -> list[str]:
    """Fill colour per district: class colour, or the no-data / suppressed colours."""
    idx = classes.assign(values.to_numpy(dtype=float))
    idx = np.where(statuses.to_numpy() == ".", SUPPRESSED, idx)
    colors = []
    for i in idx:
        if i == SUPPRESSED:
            colors.append(SUPPRESSED_COLOR)
        elif i == NO_DATA:
            colors.append(NO_DATA_COLOR)
        else:
            colors.append(palette[int(i)])
    return colors


def status_text(status: str, lang: str) -> str:
    from sozialraum.loaders import STATUS_SIGNS

    if status in STATUS_SIGNS:
        de, en = STATUS_SIGNS[status]
        return de if lang == "de" else en
    return "keine Daten" if lang == "de" else "no data"


def choropleth_layer(
    payload: GeometryPayload,
    frame: pd.DataFrame,
    indicator: Indicator,
    classes: Classes,
    palette: Sequence[str],
    *,
    year: int,
    lang: str = "de",
    selected: str | None = None,
    value_label: str | None = None,
) -> folium.FeatureGroup:
    """Districts coloured by class, with tooltips: name, value, unit, year, rank.

    ``frame`` is indexed by district_id (same order as ``payload``) with columns
    ``name``, ``value``, ``status`` and ``rank``.
    """
    frame = frame.reindex(list(payload.ids))
    fills = class_colors(frame["value"], frame["status"].fillna(""), classes, palette)
    unit = indicator.unit(lang)
    n_ranked = int(frame["value"].notna().sum())
    of = "von" if lang == "de" else "of"
    features = []
    for district_id, geometry, fill, rec in zip(
        payload.ids, payload.geometries, fills, frame.to_dict("records"), strict=True
    ):
        value = rec["value"]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            shown = status_text(rec.get("status") or "", lang)
            rank = "–"
        else:
            shown = f"{indicator.format_value(value, lang)} {unit}".strip()
            rank = f"{int(rec['rank'])} {of} {n_ranked}" if not np.isnan(rec["rank"]) else "–"
        features.append(
            {
                "type": "Feature",
                "id": district_id,
                "geometry": geometry,
                "properties": {
                    "district_id": html.escape(district_id),
                    "name": html.escape(str(rec["name"])),
                    "value": html.escape(shown),
                    "year": str(year),
                    "rank": rank,
                    "fill": fill,
                    "selected": district_id == selected,
                },
            }
        )
    labels = (
        ("Bezirk", value_label or indicator.label_de, "Jahr", "Rang")
        if lang == "de"
        else ("District", value_label or indicator.label_en, "Year", "Rank")
    )
    group = folium.FeatureGroup(name="choropleth", control=False)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="districts",
        style_function=_district_style,
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value", "year", "rank"],
            aliases=[html.escape(a) for a in labels],
            sticky=True,
            labels=True,
        ),
    ).add_to(group)
    return group


def _district_style(feature: dict[str, Any]) -> dict[str, Any]:
    selected = feature["properties"]["selected"]
    return {
        "fillColor": feature["properties"]["fill"],
        "fillOpacity": 0.85,
        "color": "#000000" if selected else "#555555",
        "weight": 3.5 if selected else 0.8,
    }


def choropleth_map(
    outline: gpd.GeoDataFrame,
    payload: GeometryPayload,
    frame: pd.DataFrame,
    indicator: Indicator,
    classes: Classes,
    palette: Sequence[str],
    *,
    year: int,
    lang: str = "de",
    basemap: str = "none",
    attribution: Sequence[str] = (),
    selected: str | None = None,
) -> folium.Map:
    """The complete map in one object (for HTML export and tests)."""
    fmap = base_map(outline, basemap=basemap, attribution=attribution)
    choropleth_layer(
        payload, frame, indicator, classes, palette, year=year, lang=lang, selected=selected
    ).add_to(fmap)
    return fmap
