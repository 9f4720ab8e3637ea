"""What the browser receives: GeoJSON found in websocket frames; gaps, overlaps, vertices.

Streamlit sends ``ForwardMsg`` protobufs over ``/_stcore/stream``. The map's GeoJSON travels
inside them - today as JS source in the st_folium component's JSON arguments, but the
extractor does not rely on that: it scans every string it can reach (the raw frame and the
decoded JSON arguments of custom components) for GeoJSON objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from sozialraum.bench._synthetic import METRIC_CRS, WGS84, transform

_GEOJSON_START = re.compile(r'\{\s*"(?:type|features|bbox|geometry|coordinates)"\s*:')
_GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}
_DECODER = json.JSONDecoder()


@dataclass
class ReceivedGeometry:
    """District geometries (by id) and the town outline as received by the browser."""

    districts: dict[str, shapely.Geometry] = field(default_factory=dict)
    outline: shapely.Geometry | None = None
    source: str = ""  # where they came from: "websocket", "http", or a fallback
    fills: dict[str, str] = field(default_factory=dict)  # fill colours, where sent as data

    @property
    def vertices(self) -> int:
        return vertex_count(self.districts.values())


def vertex_count(geoms: Iterable[shapely.Geometry]) -> int:
    return int(shapely.get_num_coordinates(np.asarray(list(geoms), dtype=object)).sum())


def iter_geojson(text: str) -> Iterator[dict[str, Any]]:
    """Every top-level GeoJSON object (FeatureCollection, Feature, geometry) in ``text``."""
    pos = 0
    while True:
        match = _GEOJSON_START.search(text, pos)
        if match is None:
            return
        try:
            obj, end = _DECODER.raw_decode(text, match.start())
        except ValueError:
            pos = match.start() + 1
            continue
        if isinstance(obj, dict) and (
            obj.get("type") in ("FeatureCollection", "Feature")
            or obj.get("type") in _GEOMETRY_TYPES
        ):
            yield obj
            pos = end
        else:
            pos = match.start() + 1


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def texts_of_frame(payload: bytes | str) -> Iterator[str]:
    """The texts of one websocket frame in which GeoJSON may sit (unescaped)."""
    if isinstance(payload, str):
        yield payload
        return
    yield payload.decode("utf-8", errors="ignore")
    try:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg.FromString(payload)
    except Exception:  # not a ForwardMsg (or a future wire format): the raw text is enough
        return
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    if element.WhichOneof("type") == "component_instance":
        try:
            yield from _strings(json.loads(element.component_instance.json_args))
        except ValueError:
            return


def _features(obj: dict[str, Any]) -> list[dict[str, Any]]:
    if obj.get("type") == "FeatureCollection":
        return [f for f in obj.get("features") or [] if isinstance(f, dict)]
    if obj.get("type") == "Feature":
        return [obj]
    return [{"type": "Feature", "geometry": obj, "properties": {}}]


def _feature_id(feature: dict[str, Any]) -> str | None:
    props = feature.get("properties") or {}
    for value in (feature.get("id"), props.get("district_id"), props.get("id")):
        if value not in (None, ""):
            return str(value)
    return None


def received_geometry(
    texts: Iterable[str], district_ids: Sequence[str], source: str
) -> ReceivedGeometry | None:
    """The districts (the collection matching most of ``district_ids``) and the outline."""
    wanted = set(district_ids)
    best: dict[str, shapely.Geometry] = {}
    fills: dict[str, str] = {}
    outline: shapely.Geometry | None = None
    for text in texts:
        for obj in iter_geojson(text):
            features = _features(obj)
            polygonal = [
                f
                for f in features
                if isinstance(f.get("geometry"), dict)
                and f["geometry"].get("type") in _GEOMETRY_TYPES
            ]
            ids = [_feature_id(f) for f in polygonal]
            matched = {i: f for i, f in zip(ids, polygonal, strict=True) if i in wanted}
            if len(matched) > len(best) and len(matched) >= max(1, len(wanted) // 2):
                best = {i: shape(f["geometry"]) for i, f in matched.items()}
                fills = {i: _fill(f) for i, f in matched.items()}
            elif len(polygonal) == 1 and ids[0] not in wanted:
                outline = shape(polygonal[0]["geometry"])
    if not best:
        return None
    return ReceivedGeometry(best, outline, source, {i: f for i, f in fills.items() if f})


def _fill(feature: dict[str, Any]) -> str:
    props = feature.get("properties") or {}
    style_raw = props.get("style")
    style = style_raw if isinstance(style_raw, dict) else {}
    return str(props.get("fill") or props.get("fillColor") or style.get("fillColor") or "")


@dataclass(frozen=True)
class Tiling:
    """Overlaps between districts and gaps inside outlines, in m² (EPSG:25832)."""

    overlap_m2: float
    gaps_m2: dict[str, float | None]  # per outline name; None = outline not available
    valid_coverage: bool


def tiling_errors(
    districts: Sequence[shapely.Geometry],
    outlines: dict[str, shapely.Geometry | None] | None = None,
) -> Tiling:
    """Overlap = Σ pairwise intersection areas; gap = area of (outline − union of districts).

    Geometries are in EPSG:4326 and measured in EPSG:25832. Each outline yields one gap
    (only what lies inside it counts); the outline ``"shell"`` is always added: the union's
    exteriors with their holes filled, so its gap counts only holes inside the union. When
    the districts form a valid coverage (no overlaps, matching edges) the fast coverage
    union is used, otherwise the general one.
    """
    to_metric = _transformer()
    geoms = transform(np.asarray(districts, dtype=object), to_metric)
    geoms = np.where(shapely.is_valid(geoms), geoms, shapely.make_valid(geoms))
    valid_coverage = bool(shapely.coverage_is_valid(geoms))
    overlap = 0.0
    if not valid_coverage:
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        overlap = float(np.sum(shapely.area(shapely.intersection(geoms[left], geoms[right]))))
    union = shapely.coverage_union_all(geoms) if valid_coverage else shapely.union_all(geoms)
    shell = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(shapely.get_parts(union))))
    gaps: dict[str, float | None] = {}
    for name, outline in {**(outlines or {}), "shell": None}.items():
        if name != "shell" and outline is None:
            gaps[name] = None
            continue
        if outline is None:
            outline_m = shell
        else:
            outline_m = transform(np.asarray([outline], dtype=object), to_metric)[0]
            if not outline_m.is_valid:
                outline_m = shapely.make_valid(outline_m)
        gaps[name] = max(float(shapely.area(shapely.difference(outline_m, union))), 0.0)
    return Tiling(max(overlap, 0.0), gaps, valid_coverage)


def _transformer() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)
