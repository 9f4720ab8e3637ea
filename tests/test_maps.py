"""Folium map builders, rendered to HTML: features, colours, escaping, local assets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sozialraum import load_town
from sozialraum.classify import classify
from sozialraum.colors import NO_DATA_COLOR, SUPPRESSED_COLOR, sequential
from sozialraum.legend import legend_entries, legend_html
from sozialraum.loaders import indicator_frame
from sozialraum.maps import ASSET_BASE, GeometryPayload, base_map, choropleth_layer, choropleth_map

HOSTILE = "<img src=x onerror=alert(1)>"


def _render(data, indicator_id: str, year: int, **kwargs) -> tuple[str, list[str]]:
    indicator = data.catalog[indicator_id]
    frame = indicator_frame(data, indicator, year)
    classes = classify(frame["value"], "quantiles", 3)
    palette = sequential(classes.k, indicator.polarity)
    fmap = choropleth_map(
        data.outline,
        GeometryPayload.from_frame(data.districts),
        frame,
        indicator,
        classes,
        palette,
        year=year,
        attribution=data.town.attribution,
        **kwargs,
    )
    return fmap.get_root().render(), palette


def _features(html: str) -> list[dict]:
    """The district features embedded in the rendered map."""
    collections = [json.loads(m) for m in re.findall(r"_add\((\{.*?\})\);", html, flags=re.S)]
    return [f for c in collections for f in c["features"] if "fill" in f.get("properties", {})]


def test_one_feature_per_district_with_class_colours(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, palette = _render(data, "sgb2_rate", 2022)
    features = _features(html)
    assert [f["id"] for f in features] == list(data.districts.index)
    fills = {f["id"]: f["properties"]["fill"] for f in features}
    # sued-ost has 40 residents: below min_count → the "geheim" colour
    assert fills["sued-ost"] == SUPPRESSED_COLOR
    # highest SGB-II rate (nord-west, 12 %) is in the darkest class for a "higher is worse"
    assert fills["nord-west"] == palette[-1]
    assert fills["sued-west"] == palette[0]
    # and the colours reach Leaflet's style function
    for colour in {*fills.values()}:
        assert colour in html


def test_no_data_gets_its_own_colour_and_tooltip_text(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "vacancy_rate", 2022)
    by_id = {f["id"]: f["properties"] for f in _features(html)}
    assert by_id["sued-west"]["fill"] == NO_DATA_COLOR
    assert by_id["sued-west"]["value"] == "nichts vorhanden"
    assert by_id["nord-west"]["value"] == "5,0 %"
    assert by_id["nord-west"]["rank"] == "1 von 2"
    assert by_id["nord-west"]["year"] == "2022"


def test_tooltip_text_from_data_is_escaped(mini_dir: Path) -> None:
    districts = mini_dir / "geo" / "districts" / "musterstadt.geojson"
    collection = json.loads(districts.read_text())
    collection["features"][0]["properties"]["name"] = HOSTILE
    districts.write_text(json.dumps(collection))
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "population", 2021)
    assert "<img src=x" not in html
    names = {f["id"]: f["properties"]["name"] for f in _features(html)}
    assert names["nord-west"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_map_loads_only_local_assets(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "population", 2021)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == [f"{ASSET_BASE}/leaflet.js"]
    assert styles == [f"{ASSET_BASE}/leaflet.css"]
    assert not re.search(r"https?://(?!www\.openstreetmap|carto)", html.split("<body>")[0])
    assert "tile.openstreetmap.org" not in html  # basemap "none" loads no tiles


@pytest.mark.parametrize(
    ("basemap", "host"), [("osm", "tile.openstreetmap.org"), ("light", "cartocdn")]
)
def test_basemaps_carry_their_attribution(mini_dir: Path, basemap: str, host: str) -> None:
    data = load_town(mini_dir, "musterstadt")
    html = base_map(data.outline, basemap=basemap).get_root().render()
    assert host in html
    assert "OpenStreetMap" in html


def test_selected_district_is_outlined(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    indicator = data.catalog["population"]
    frame = indicator_frame(data, indicator, 2020)
    classes = classify(frame["value"], "quantiles", 3)
    layer = choropleth_layer(
        GeometryPayload.from_frame(data.districts),
        frame,
        indicator,
        classes,
        sequential(classes.k, 0),
        year=2020,
        selected="nord-ost",
    )
    geojson = next(iter(layer._children.values()))
    styles = {f["id"]: geojson.style_function(f) for f in geojson.data["features"]}
    assert styles["nord-ost"]["weight"] > styles["nord-west"]["weight"]
    assert styles["nord-ost"]["color"] == "#000000"


def test_geometry_payload_is_compact(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    payload = GeometryPayload.from_frame(data.districts)
    text = json.dumps(payload.geometries)
    assert max(len(n.split(".")[-1]) for n in re.findall(r"\d+\.\d+", text)) <= 5


def test_legend_lists_classes_and_special_classes_escaped() -> None:
    classes = classify([1.0, 2.0, 3.0, 4.0], "quantiles", 2)
    entries = legend_entries(
        classes, ["#aaaaaa", "#bbbbbb"], lambda v: f"{v:.1f}", n_no_data=1, n_suppressed=2
    )
    assert [e.label for e in entries] == [
        "1.0 – 2.5",
        "2.5 – 4.0",
        "geheim (zu kleine Fallzahl)",
        "keine Daten",
    ]
    assert [e.count for e in entries] == [2, 2, 2, 1]
    html = legend_html("<b>Titel</b>", "%", entries)
    assert "&lt;b&gt;Titel&lt;/b&gt;" in html
    assert html.count("<li>") == 4
