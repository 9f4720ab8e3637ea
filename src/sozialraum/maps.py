"""Folium map builders (pure: no Streamlit), used by the app and rendered to HTML in tests.

Speed comes from sending each thing once:

* :class:`GeometryPayload` — the district geometries, simplified as a coverage (shared edges
  stay shared) and serialised once per town. The app writes it to a content-addressed static
  file that the map fetches (and the browser caches); HTML exports embed it inline.
* :func:`base_map` — what stays for a town: outline, district shapes, tooltips, hover. Its
  script is identical on every rerun, so st_folium keeps the map mounted (zoom and position
  survive) and never re-sends the geometry.
* :func:`choropleth_layer` — what changes: a tiny feature group whose script only hands a new
  style state (class per district, value and rank text) to the already drawn shapes. It is
  what ``st_folium(feature_group_to_add=...)`` swaps on an indicator or year switch.

Text from data (district names, units, labels) reaches the browser as JSON and is put into the
page with ``textContent``, never as HTML, so names cannot inject markup.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from shapely.ops import polylabel

from sozialraum import staticcache
from sozialraum.catalog import Indicator
from sozialraum.classify import NO_DATA, SUPPRESSED, Classes
from sozialraum.colors import NO_DATA_COLOR, OUTLINE_COLOR, SUPPRESSED_COLOR
from sozialraum.columns import STATUS, VALUE
from sozialraum.i18n import text
from sozialraum.markup import escape_markup
from sozialraum.text_tables import SIGN_LABELS

# Where the app serves Leaflet (Streamlit static serving of ./static, see sozialraum.ui.assets).
ASSET_BASE = "/app/static/vendor/leaflet"
COORD_DECIMALS = 5  # ~1 m: enough for district boundaries, and keeps the payload small
# SVG draws crisp, individually addressable shapes; above this many, canvas is much faster.
CANVAS_ABOVE = 1500

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


def to_script_json(value: object) -> str:
    """JSON that is safe inside an inline ``<script>`` (no ``</script>`` break-out)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def localize_assets(fmap: folium.Map, asset_base: str = ASSET_BASE) -> folium.Map:
    """Load Leaflet from the app's own server instead of CDNs; drop unused libraries.

    folium's defaults pull jQuery, Bootstrap and Font Awesome from CDNs for markers and
    popups we do not use. With basemap "none" this leaves no request to other hosts.
    """
    fmap.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    return fmap


class _Macro(MacroElement):
    """A MacroElement with a typed constructor."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves it unannotated


class _FocusWithoutScrolling(_Macro):
    """Keep keyboard navigation, but focus the map without scrolling the page.

    Leaflet focuses its container on mouse-down. In the app the map sits in an iframe that
    may reach below the window; the browser then scrolls the page to show it, between
    mouse-down and mouse-up, so the click lands on another district.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          var keyboard = map.keyboard;
          if (!keyboard) { return; }
          keyboard.disable();
          keyboard._onMouseDown = function () {
            if (!this._focused) { this._map._container.focus({preventScroll: true}); }
          };
          keyboard.enable();
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


class _MetricScale(_Macro):
    """Leaflet's scale bar in metres only (folium's default adds miles)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


# --------------------------------------------------------------------------- geometry


def simplification_tolerance(districts: gpd.GeoDataFrame) -> float:
    """Tolerance in metres: about a third of a screen pixel when the whole area is shown.

    A town of 10 km fits ~1,000 px, so 1 px ≈ 10 m; the national overview (~900 km) gets
    ~300 m. Below a pixel nothing visible changes, but the vertex count drops several-fold.
    """
    minx, miny, maxx, maxy = districts.to_crs(3857).total_bounds
    extent = max(maxx - minx, maxy - miny)
    return max(2.0, extent / 3000.0)


def _crs_of(frame: gpd.GeoDataFrame) -> pyproj.CRS:
    if frame.crs is None:
        raise ValueError("geometry without a CRS cannot be measured in metres")
    return frame.crs


def simplify_coverage(districts: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoSeries:
    """Simplify shared boundaries once, as a coverage, so neighbours keep identical edges.

    Per-polygon simplification would move each side of a shared edge differently and open
    gaps. Input that is not a valid coverage (overlaps) is left as it is.
    """
    source_crs = _crs_of(districts)
    geoms = districts.geometry.to_crs(3857).to_numpy()
    if not bool(shapely.coverage_is_valid(geoms)):
        return districts.geometry
    simplified = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True)
    return gpd.GeoSeries(simplified, index=districts.index, crs=3857).to_crs(source_crs)


def label_points(districts: gpd.GeoDataFrame) -> list[tuple[float, float, float]]:
    """(lat, lon, area m²) per district: the label anchor is the pole of inaccessibility
    (``shapely.ops.polylabel``) of its largest part, computed in metres.

    The centroid of a crescent or an L-shaped district lies outside it; the pole of
    inaccessibility is the inner point farthest from the edge, where a name fits best.
    """
    metric = districts.geometry.to_crs(3857)
    fallback = metric.representative_point()
    points: list[shapely.geometry.base.BaseGeometry] = []
    for geom, spare in zip(metric, fallback, strict=True):
        polygons = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, shapely.Polygon)]
        if not polygons:
            points.append(spare)
            continue
        largest = max(polygons, key=lambda g: g.area)
        tolerance = max(largest.length / 1000, 1.0)
        points.append(polylabel(largest, tolerance=tolerance))
    areas = metric.area.to_numpy()
    anchors = gpd.GeoSeries(points, crs=3857).to_crs(4326)
    return [
        (float(lat), float(lon), float(area))
        for lat, lon, area in zip(anchors.y, anchors.x, areas, strict=True)
    ]


@dataclass(frozen=True)
class GeometryPayload:
    """District geometries and outline as compact JSON, computed once per town and reused."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    json_text: str = field(repr=False)  # {"districts": FeatureCollection, "outline": geometry}
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy (lon/lat)
    vertices: int
    digest: str

    @classmethod
    def from_frame(
        cls, districts: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None = None
    ) -> GeometryPayload:
        simplified = simplify_coverage(districts, simplification_tolerance(districts))
        rounded = shapely.set_precision(
            simplified.to_numpy(), 10.0**-COORD_DECIMALS, mode="pointwise"
        )
        anchors = label_points(districts)
        features = [
            {
                "type": "Feature",
                "id": str(district_id),
                "properties": {
                    "i": i,
                    "name": str(name),
                    # label anchor [lat, lon] and area in m² (larger districts label first)
                    "lp": [round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS)],
                    "a": round(area),
                },
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
            for i, (district_id, name, geom, (lat, lon, area)) in enumerate(
                zip(districts.index, districts["name"], rounded, anchors, strict=True)
            )
        ]
        if outline is None:
            # The districts tile the town: their union is the outline, with the same edges.
            outline_geom = shapely.coverage_union_all(rounded)
        else:
            tolerance = simplification_tolerance(districts)
            metric = outline.geometry.to_crs(3857).simplify(tolerance).to_crs(_crs_of(districts))
            outline_geom = shapely.set_precision(
                shapely.union_all(metric.to_numpy()), 10.0**-COORD_DECIMALS, mode="pointwise"
            )
        text = to_script_json(
            {
                "districts": {"type": "FeatureCollection", "features": features},
                "outline": json.loads(shapely.to_geojson(outline_geom)),
            }
        )
        minx, miny, maxx, maxy = districts.total_bounds
        return cls(
            ids=tuple(str(i) for i in districts.index),
            names=tuple(str(n) for n in districts["name"]),
            json_text=text,
            bounds=(float(minx), float(miny), float(maxx), float(maxy)),
            vertices=int(shapely.get_num_coordinates(rounded).sum()),
            digest=hashlib.blake2b(text.encode(), digest_size=10).hexdigest(),
        )

    @property
    def file_name(self) -> str:
        return f"geo-{self.digest}.json"

    def write(self, folder: Path) -> Path:
        """Publish the JSON in ``folder`` under its content hash (see sozialraum.staticcache)."""
        return staticcache.publish(folder, self.file_name, self.json_text.encode("utf-8"))

    def district_at(self, districts: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
        """The district containing a clicked point (None outside all districts)."""
        hits = districts.sindex.query(shapely.Point(lon, lat), predicate="intersects")
        return str(districts.index[hits[0]]) if len(hits) else None


class _DistrictShapes(_Macro):
    """The outline and the district shapes with tooltips and hover, drawn once per town.

    ``window.__sr`` is the small API the choropleth state talks to: ``setState`` stores a
    state and restyles when the shapes are there (the geometry may still be loading).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var sr = window.__sr = window.__sr || {};
  sr.map = map;
  sr.layer = null;
  var renderer = {{ "L.canvas({padding: 0.3})" if this.canvas else "L.svg()" }};
  function baseStyle() {
    return {color: "#555555", weight: 0.8, fillColor: "#eeeeee", fillOpacity: 0.85};
  }
  sr.styleOf = function (i) {
    var s = sr.state, selected = s && s.sel === i;
    var c = s ? s.c[i] : -1;
    var fill = c >= 0 ? s.p[c] : (c === {{ this.suppressed }} ? {{ this.suppressed_color }}
                                                              : {{ this.no_data_color }});
    return {fillColor: fill, fillOpacity: 0.85,
            color: selected ? "#000000" : "#555555", weight: selected ? 3.5 : 0.8};
  };
  sr.tooltip = function (f) {
    var s = sr.state, i = f.properties.i;
    var table = document.createElement("table");
    table.className = "sr-tip";
    var rows = s ? [[s.labels[0], f.properties.name], [s.labels[1], s.v[i]],
                    [s.labels[2], s.year], [s.labels[3], s.r[i]]]
                 : [["", f.properties.name]];
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.textContent = r[0];
      var td = document.createElement("td"); td.textContent = r[1];
      tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
    });
    return table;
  };
  sr.apply = function () {
    if (!sr.layer || !sr.state) { return; }
    var selected = null;
    sr.layer.eachLayer(function (l) {
      l.setStyle(sr.styleOf(l.feature.properties.i));
      if (sr.state.sel === l.feature.properties.i) { selected = l; }
    });
    if (selected && selected.bringToFront) { selected.bringToFront(); }
    if (sr.outline && sr.outline.bringToFront) { sr.outline.bringToFront(); }
    if (sr.layoutLabels) { sr.layoutLabels(); }
    map.getContainer().setAttribute("data-sr-state", sr.state.key);
  };
  sr.setState = function (state) { sr.state = state; sr.apply(); };
  // Playing the years: every frame is a complete style state, all sent at once, so a
  // step only restyles the drawn shapes (no request, no remount). The current year is
  // shown in a control on the map (textContent).
  sr.timer = null;
  sr.yearBox = null;
  sr.stop = function () {
    if (sr.timer) { clearInterval(sr.timer); sr.timer = null; }
    if (sr.yearBox) { sr.yearBox.remove(); sr.yearBox = null; }
    map.getContainer().removeAttribute("data-sr-playing");
  };
  sr.play = function (anim) {
    sr.stop();
    var box = L.control({position: "topright"});
    box.onAdd = function () {
      var div = L.DomUtil.create("div", "sr-year");
      div.setAttribute("aria-live", "polite");
      return div;
    };
    box.addTo(map);
    sr.yearBox = box;
    var n = 0;
    function step() {
      var frame = anim.frames[n];
      sr.setState(frame);
      box.getContainer().textContent = frame.year;
      map.getContainer().setAttribute("data-sr-year", frame.year);
      n = (n + 1) % anim.frames.length;
    }
    map.getContainer().setAttribute("data-sr-playing", "1");
    step();
    sr.timer = setInterval(step, anim.interval);
  };
  // District names: one label per district at its pole of inaccessibility, larger
  // districts first; a label whose box would overlap an already placed (larger
  // district's) label is hidden at this zoom. Text via textContent, never HTML.
  map.createPane("srLabels");
  map.getPane("srLabels").style.zIndex = 640;
  map.getPane("srLabels").style.pointerEvents = "none";
  sr.labels = [];
  sr.layoutLabels = function () {
    var on = !!(sr.state && sr.state.names);
    var pane = map.getPane("srLabels");
    pane.style.display = on ? "" : "none";
    map.getContainer().setAttribute("data-sr-labels", on ? "on" : "off");
    if (!on) { return; }
    var placed = [], shown = 0;
    var px = (sr.state && sr.state.namepx) || 13;
    sr.labels.forEach(function (lab) {
      lab.span.style.fontSize = px + "px";
      lab.span.style.visibility = "visible";
      var r = lab.span.getBoundingClientRect();
      var box = {l: r.left - 2, t: r.top - 1, r: r.right + 2, b: r.bottom + 1};
      var clash = placed.some(function (o) {
        return box.l < o.r && box.r > o.l && box.t < o.b && box.b > o.t;
      });
      if (clash) { lab.span.style.visibility = "hidden"; return; }
      placed.push(box);
      shown += 1;
    });
    map.getContainer().setAttribute("data-sr-labels-shown", String(shown));
  };
  function drawLabels(features) {
    features.slice().sort(function (a, b) { return b.properties.a - a.properties.a; })
      .forEach(function (f) {
        var span = document.createElement("span");
        span.className = "sr-label";
        span.textContent = f.properties.name;
        var icon = L.divIcon({className: "sr-label-anchor", html: span, iconSize: null});
        L.marker(f.properties.lp, {icon: icon, pane: "srLabels", interactive: false,
                                   keyboard: false}).addTo(map);
        sr.labels.push({span: span, i: f.properties.i});
      });
    map.on("zoomend moveend resize", sr.layoutLabels);
  }
  function draw(data) {
    sr.layer = L.geoJSON(data.districts, {
      renderer: renderer,
      style: baseStyle,
      onEachFeature: function (f, l) {
        l.bindTooltip(function () { return sr.tooltip(f); }, {sticky: true});
        l.on("mouseover", function () { l.setStyle({weight: 3, color: "#000000"}); });
        l.on("mouseout", function () { l.setStyle(sr.styleOf(f.properties.i)); });
      }
    }).addTo(map);
    // The outline goes on top so the town's edge stays visible over filled shapes.
    sr.outline = L.geoJSON(data.outline, {renderer: renderer, interactive: false,
      attribution: {{ this.attribution }},
      style: {color: {{ this.outline_color }}, weight: 2.5, fill: false}}).addTo(map);
    drawLabels(data.districts.features);
    sr.apply();
    // Overlays that need the shapes (e.g. the workshop's notes) wait for this.
    sr.drawn = true;
    (sr.onDrawn || []).forEach(function (f) { f(); });
  }
  {% if this.url %}
  fetch({{ this.url }}).then(function (r) { return r.json(); }).then(draw);
  {% else %}
  draw({{ this.inline }});
  {% endif %}
})();
{% endmacro %}"""
    )

    def __init__(self, payload: GeometryPayload, url: str | None, attribution: str) -> None:
        super().__init__()
        self._name = "DistrictShapes"
        self.url = to_script_json(url) if url else None
        self.inline = None if url else payload.json_text
        self.canvas = len(payload.ids) > CANVAS_ABOVE
        self.attribution = to_script_json(attribution)
        self.suppressed = SUPPRESSED
        self.suppressed_color = to_script_json(SUPPRESSED_COLOR)
        self.no_data_color = to_script_json(NO_DATA_COLOR)
        self.outline_color = to_script_json(OUTLINE_COLOR)


class _FitWindow(_Macro):
    """Presentation mode: the map's frame reaches down to the bottom of the window.

    How far down the map starts depends on the controls above it (they wrap on narrow
    screens), so the frame measures its own top and hands it to the page's CSS as
    ``--sr-map-top`` (the page sizes the frame with it); then the town is fitted again.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          var frame = window.frameElement;
          if (!frame) { return; }
          var root = frame.ownerDocument.documentElement;
          var bounds = {{ this.bounds }};
          function refit() {
            map.invalidateSize({pan: false});
            map.fitBounds(bounds, {animate: false, padding: [10, 10]});
          }
          function fit() {
            var top = frame.getBoundingClientRect().top;
            if (top < 0) { return; }
            root.style.setProperty("--sr-map-top", Math.round(top) + "px");
            setTimeout(refit, 50);
          }
          fit();
          frame.ownerDocument.defaultView.addEventListener("resize", fit);
          window.addEventListener("resize", refit);
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._name = "FitWindow"
        minx, miny, maxx, maxy = bounds
        self.bounds = to_script_json([[miny, minx], [maxy, maxx]])


def base_map(
    payload: GeometryPayload,
    *,
    basemap: str = "none",
    attribution: Sequence[str] = (),
    geometry_url: str | None = None,
    asset_base: str = ASSET_BASE,
    fit_window: bool = False,
) -> folium.Map:
    """A Leaflet map fitted to the town, with outline and district shapes (unstyled).

    With ``geometry_url`` the shapes are fetched from there; otherwise they are embedded.
    With ``fit_window`` the map's frame reports its top to the page (see :class:`_FitWindow`).
    """
    minx, miny, maxx, maxy = payload.bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=12,
        tiles=None,
        control_scale=False,  # replaced by a metric-only scale below
        zoom_snap=0.25,
    )
    localize_assets(fmap, asset_base)
    _MetricScale().add_to(fmap)
    _FocusWithoutScrolling().add_to(fmap)
    # Without tiles Leaflet's default grey looks like a failed load; paper white reads as a map.
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium.Map's root is always its Figure
    if fit_window:
        _FitWindow(payload.bounds).add_to(fmap)
        # The page sizes the map's frame (see _FitWindow); the map fills that frame.
        root.header.add_child(
            Element("<style>#map_div { height: 100vh !important; }</style>"), name="sr_fit"
        )
    root.header.add_child(
        Element(
            "<style>.leaflet-container { background: #ffffff; }"
            ".sr-tip th { text-align: left; padding-right: .6em; font-weight: 600; }"
            # A label centred on its anchor, dark text with a white halo to stay
            # readable on every class colour.
            ".sr-label-anchor { background: none; border: none; }"
            ".sr-year { background: rgba(255,255,255,.9); padding: 2px 10px; border-radius: 4px;"
            " font: 700 28px/1.2 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }"
            ".sr-label { position: absolute; transform: translate(-50%, -50%);"
            " white-space: nowrap; font: 600 13px/1.15 system-ui, sans-serif; color: #111;"
            " text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }</style>"
        ),
        name="sr_style",
    )
    tiles = BASEMAPS.get(basemap)
    if tiles is not None:
        folium.TileLayer(tiles=tiles["tiles"], attr=tiles["attr"], name=tiles["name"]).add_to(fmap)
    # Leaflet shows attributions as HTML: text from data must arrive escaped.
    text = " | ".join(escape_markup(a) for a in attribution)
    _DistrictShapes(payload, geometry_url, text).add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


# --------------------------------------------------------------------------- choropleth state


def class_indices(values: pd.Series, statuses: pd.Series, classes: Classes) -> np.ndarray:
    """Class per district: 0..k-1, NO_DATA, or SUPPRESSED (status ".")."""
    idx = classes.assign(values.to_numpy(dtype=float))
    return np.where(statuses.fillna("").to_numpy() == ".", SUPPRESSED, idx)


def class_colors(
    values: pd.Series, statuses: pd.Series, classes: Classes, palette: Sequence[str]
) -> list[str]:
    """Fill colour per district: class colour, or the no-data / suppressed colours."""
    colors = []
    for i in class_indices(values, statuses, classes):
        if i == SUPPRESSED:
            colors.append(SUPPRESSED_COLOR)
        elif i == NO_DATA:
            colors.append(NO_DATA_COLOR)
        else:
            colors.append(palette[int(i)])
    return colors


def status_text(status: str, lang: str) -> str:
    if status in SIGN_LABELS:
        de, en = SIGN_LABELS[status]
        return de if lang == "de" else en
    return text("no_data", lang)


def choropleth_state(
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
    names: bool = False,
    name_px: int = 13,
) -> dict[str, Any]:
    """The style state for the drawn shapes: class, value text and rank per district,
    and whether district names are shown (``names``, at ``name_px`` pixels).

    ``frame`` is indexed by district_id with columns ``value``, ``status`` and ``rank``.
    Lists are in ``payload.ids`` order, which is how the shapes find their entry.
    """
    frame = frame.reindex(list(payload.ids))
    unit = indicator.unit(lang)
    n_ranked = int(frame[VALUE].notna().sum())
    values, ranks = [], []
    for value, status, rank in zip(frame[VALUE], frame[STATUS], frame["rank"], strict=True):
        if pd.isna(value):
            values.append(status_text(status if isinstance(status, str) else "", lang))
            ranks.append("–")
        else:
            values.append(f"{indicator.format_value(float(value), lang)} {unit}".strip())
            ranks.append(
                text("rank_of", lang, rank=int(rank), total=n_ranked) if pd.notna(rank) else "–"
            )
    labels = [
        text("tooltip_district", lang),
        value_label or indicator.label(lang),
        text("tooltip_year", lang),
        text("tooltip_rank", lang),
    ]
    indices = class_indices(frame[VALUE], frame[STATUS], classes)
    return style_state(
        payload,
        [int(i) for i in indices],
        palette,
        values,
        ranks,
        year=str(year),
        labels=labels,
        selected=selected,
        names=names,
        name_px=name_px,
    )


def style_state(
    payload: GeometryPayload,
    classes: Sequence[int],
    palette: Sequence[str],
    values: Sequence[str],
    ranks: Sequence[str],
    *,
    year: str,
    labels: Sequence[str],
    selected: str | None = None,
    names: bool = False,
    name_px: int = 13,
) -> dict[str, Any]:
    """The style state the drawn shapes read, for any categorical map (``names``: district
    names shown, at ``name_px`` pixels).

    Per district in ``payload.ids`` order: a class index into ``palette`` (or NO_DATA /
    SUPPRESSED), and the two texts of the tooltip's second and fourth rows; ``labels`` are
    the tooltip's four row headings.
    """
    state: dict[str, Any] = {
        "c": list(classes),
        "p": list(palette),
        "v": list(values),
        "r": list(ranks),
        "sel": payload.ids.index(selected) if selected in payload.ids else -1,
        "year": year,
        "labels": list(labels),
        "names": names,
        "namepx": name_px,
    }
    # A short fingerprint, written to the map container, lets tests and the benchmark see
    # exactly when a new state has been painted.
    state["key"] = hashlib.blake2b(to_script_json(state).encode(), digest_size=6).hexdigest()
    return state


class _SetState(_Macro):
    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var state = {{ this.state }};
  var sr = window.__sr = window.__sr || {};
  if (state.frames) {
    if (sr.play) { sr.play(state); } else { sr.state = state.frames[0]; }
  } else {
    if (sr.stop) { sr.stop(); }
    if (sr.setState) { sr.setState(state); } else { sr.state = state; }
  }
})();
{% endmacro %}"""
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "SetState"
        self.state = to_script_json(state)


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
    names: bool = False,
    name_px: int = 13,
) -> folium.FeatureGroup:
    """A feature group that restyles the drawn districts (for ``feature_group_to_add``)."""
    state = choropleth_state(
        payload,
        frame,
        indicator,
        classes,
        palette,
        year=year,
        lang=lang,
        selected=selected,
        value_label=value_label,
        names=names,
        name_px=name_px,
    )
    return state_layer(state)


def animation_state(frames: Sequence[dict[str, Any]], interval_ms: int = 1200) -> dict[str, Any]:
    """A state that plays ``frames`` (one :func:`choropleth_state` per year) in a loop,
    one every ``interval_ms``; sent once, each step only restyles the drawn shapes."""
    if not frames:
        raise ValueError("animation_state needs at least one frame")
    state: dict[str, Any] = {"frames": list(frames), "interval": int(interval_ms)}
    state["key"] = "play-" + "-".join(str(f["key"]) for f in frames)[:64]
    return state


def state_layer(state: dict[str, Any]) -> folium.FeatureGroup:
    """The feature group for a ready state (callers may cache :func:`choropleth_state`)."""
    group = folium.FeatureGroup(name="choropleth", control=False)
    _SetState(state).add_to(group)
    return group


def choropleth_map(
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
    names: bool = False,
) -> folium.Map:
    """The complete, self-contained map in one object (for HTML export and tests)."""
    fmap = base_map(payload, basemap=basemap, attribution=attribution)
    choropleth_layer(
        payload,
        frame,
        indicator,
        classes,
        palette,
        year=year,
        lang=lang,
        selected=selected,
        names=names,
    ).add_to(fmap)
    return fmap
