"""The workshop's notes on the indicator map (pure: plain records in, a folium element out).

Notes pinned to a district hatch that district and get a numbered badge at a point inside it;
notes pinned to a drawn point get a marker, to a drawn polygon a dashed, hatched outline. The
element goes into the same feature group as the choropleth state (``feature_group_to_add``),
so the base map stays mounted while notes come and go.

Participant text reaches the browser only as JSON (:func:`sozialraum.maps.to_script_json`)
and is put into tooltips with ``textContent`` — never parsed as HTML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from sozialraum.maps import to_script_json

# Marker fill per kind of note (ColorBrewer Set2: distinct on blue and red choropleths alike,
# with a black outline for contrast on any fill).
KIND_COLORS: dict[str, str] = {
    "observation": "#ffd92f",
    "question": "#a6d854",
    "idea": "#e78ac3",
    "concern": "#fc8d62",
}
TOOLTIP_NOTES = 6  # a district badge's tooltip lists at most this many notes
TOOLTIP_CHARS = 160  # and shortens each to this many characters


@dataclass(frozen=True)
class NoteMark:
    """One note as the map needs it (built from a stored contribution by the caller)."""

    id: str
    text: str
    kind: str
    kind_label: str
    district_id: str | None = None
    geometry: Mapping[str, Any] | None = None  # GeoJSON geometry in EPSG:4326


def district_anchors(districts: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """A point inside each district (lat, lon) where its badge sits."""
    points = shapely.point_on_surface(districts.geometry.to_crs(4326).to_numpy())
    return {
        str(i): (round(float(p.y), 6), round(float(p.x), 6))
        for i, p in zip(districts.index, points, strict=True)
    }


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TOOLTIP_CHARS else text[: TOOLTIP_CHARS - 1] + "…"


def notes_state(
    notes: Sequence[NoteMark],
    anchors: Mapping[str, tuple[float, float]],
    *,
    district_ids: Sequence[str],
    lang: str = "de",
    large: bool = False,
) -> dict[str, Any]:
    """Everything the browser draws for the notes, as plain JSON-able data.

    ``district_ids`` is the order of the drawn shapes (``GeometryPayload.ids``): hatching
    finds its shape by that index. Notes on unknown districts are left out.
    """
    position = {district_id: i for i, district_id in enumerate(district_ids)}
    by_district: dict[str, list[NoteMark]] = {}
    shapes = []
    for note in notes:
        if note.geometry is not None:
            shapes.append(
                {
                    "g": dict(note.geometry),
                    "k": note.kind_label,
                    "t": _short(note.text),
                    "c": KIND_COLORS.get(note.kind, "#ffffff"),
                }
            )
        elif note.district_id is not None and note.district_id in position:
            by_district.setdefault(note.district_id, []).append(note)
    badges = []
    for district_id, marks in by_district.items():
        if district_id not in anchors:
            continue
        lines = [f"{m.kind_label}: {_short(m.text)}" for m in marks[:TOOLTIP_NOTES]]
        if len(marks) > TOOLTIP_NOTES:
            more = len(marks) - TOOLTIP_NOTES
            lines.append(f"… {more} weitere" if lang == "de" else f"… {more} more")
        badges.append(
            {
                "i": position[district_id],
                "at": list(anchors[district_id]),
                "n": len(marks),
                "lines": lines,
            }
        )
    title = "Beiträge" if lang == "de" else "Notes"
    state: dict[str, Any] = {"badges": badges, "shapes": shapes, "title": title, "large": large}
    state["key"] = hashlib.blake2b(to_script_json(state).encode(), digest_size=6).hexdigest()
    return state


class _Notes(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var state = {{ this.state }};
  var sr = window.__sr = window.__sr || {};
  function tip(title, lines) {
    var box = document.createElement("div");
    box.className = "sr-note-tip";
    var head = document.createElement("strong");
    head.textContent = title;
    box.appendChild(head);
    lines.forEach(function (line) {
      var p = document.createElement("div");
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }
  function hatchPattern() {
    var svg = sr.layer && sr.layer.getLayers().length && sr.layer.getLayers()[0]._path &&
              sr.layer.getLayers()[0]._path.ownerSVGElement;
    if (!svg || svg.getElementById("sr-hatch")) { return !!svg; }
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", "sr-hatch");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "9");
    pattern.setAttribute("height", "9");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
    line.setAttribute("x2", "0"); line.setAttribute("y2", "9");
    line.setAttribute("stroke", "#000000"); line.setAttribute("stroke-width", "1.6");
    line.setAttribute("stroke-opacity", "0.55");
    pattern.appendChild(line); defs.appendChild(pattern); svg.insertBefore(defs, svg.firstChild);
    return true;
  }
  function draw() {
    var map = sr.map;
    if (sr.notes) { map.removeLayer(sr.notes); }
    var group = sr.notes = L.featureGroup().addTo(map);
    var svg = hatchPattern();
    var byIndex = {};
    if (sr.layer) {
      sr.layer.eachLayer(function (l) { byIndex[l.feature.properties.i] = l; });
    }
    var size = state.large ? 40 : 28;
    state.badges.forEach(function (b) {
      var shape = byIndex[b.i];
      if (shape && svg) {
        L.geoJSON(shape.feature, {interactive: false, style: {
          stroke: false, fillColor: "url(#sr-hatch)", fillOpacity: 1}}).addTo(group);
      }
      var el = document.createElement("div");
      el.className = "sr-note-badge";
      el.textContent = String(b.n);
      el.style.cssText = "width:" + size + "px;height:" + size + "px;line-height:" + size +
        "px;border-radius:50%;background:#000;color:#fff;font-weight:700;text-align:center;" +
        "font-size:" + (state.large ? 22 : 15) + "px;border:2px solid #fff;" +
        "box-shadow:0 0 0 1px #000;";
      var icon = L.divIcon({html: el, className: "sr-note-icon", iconSize: [size, size]});
      L.marker(b.at, {icon: icon, keyboard: false})
        .bindTooltip(tip(state.title + " (" + b.n + ")", b.lines), {direction: "top"})
        .addTo(group);
    });
    state.shapes.forEach(function (s) {
      var point = {radius: state.large ? 13 : 9, color: "#000000", weight: 2,
                   fillColor: s.c, fillOpacity: 1};
      var area = {color: "#000000", weight: 2.5, dashArray: "6 5",
                  fillColor: svg ? "url(#sr-hatch)" : s.c, fillOpacity: svg ? 1 : 0.3};
      var layer = L.geoJSON(s.g, {
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, point); },
        // geoJSON applies "style" to circle markers too: points keep their own.
        style: function (f) { return f.geometry.type === "Point" ? point : area; }
      });
      layer.bindTooltip(tip(s.k, [s.t]), {sticky: true});
      layer.addTo(group);
    });
    map.getContainer().setAttribute("data-sr-notes", state.key);
  }
  if (sr.drawn) { draw(); } else {
    sr.onDrawn = (sr.onDrawn || []).filter(function (f) { return !f.srNotes; });
    draw.srNotes = true;
    sr.onDrawn.push(draw);
  }
})();
{% endmacro %}"""
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Notes"
        self.state = to_script_json(state)


def add_notes(group: folium.FeatureGroup, state: dict[str, Any]) -> folium.FeatureGroup:
    """Add the notes of ``state`` (from :func:`notes_state`) to a map's feature group."""
    _Notes(state).add_to(group)
    return group
