"""Folium map builders, rendered to HTML: shapes, style state, escaping, local assets."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from sozialraum import load_town
from sozialraum.classify import NO_DATA, SUPPRESSED, classify
from sozialraum.colors import sequential
from sozialraum.legend import legend_entries, legend_html
from sozialraum.loaders import indicator_frame
from sozialraum.maps import (
    ASSET_BASE,
    GeometryPayload,
    base_map,
    choropleth_map,
    class_colors,
)

from .conftest import SIX_TOWNS

HOSTILE = "<img src=x onerror=alert(1)>"


def _render(data, indicator_id: str, year: int, **kwargs) -> tuple[str, list[str]]:
    indicator = data.catalog[indicator_id]
    frame = indicator_frame(data, indicator, year)
    classes = classify(frame["value"], "quantiles", 3)
    palette = sequential(classes.k, indicator.polarity)
    fmap = choropleth_map(
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


def _state(html: str) -> dict:
    return json.loads(re.search(r"var state = (\{.*?\});\n", html).group(1))


def _shapes(html: str) -> list[dict]:
    data = json.loads(re.search(r"draw\((\{.*\})\);\n", html).group(1))
    return data["districts"]["features"]


def test_one_shape_per_district_and_class_per_district(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, palette = _render(data, "sgb2_rate", 2022)
    shapes = _shapes(html)
    assert [f["id"] for f in shapes] == ["nord-west", "nord-ost", "sued-west", "sued-ost"]
    assert [f["properties"]["i"] for f in shapes] == [0, 1, 2, 3]
    state = _state(html)
    by_id = dict(zip(data.districts.index, state["c"], strict=True))
    # sued-ost has 40 residents: below min_count → the "geheim" class
    assert by_id["sued-ost"] == SUPPRESSED
    # highest SGB-II rate (nord-west, 12 %) is in the darkest class for "higher is worse"
    assert by_id["nord-west"] == len(palette) - 1
    assert by_id["sued-west"] == 0
    assert state["p"] == palette
    assert state["year"] == "2022"


def test_no_data_and_tooltip_texts(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "vacancy_rate", 2022)
    state = _state(html)
    i = list(data.districts.index).index
    assert state["c"][i("sued-west")] == NO_DATA
    assert state["v"][i("sued-west")] == "nichts vorhanden"
    assert state["v"][i("nord-west")] == "5,0 %"
    assert state["r"][i("nord-west")] == "1 von 2"
    assert state["labels"] == ["Bezirk", "Leerstandsquote", "Jahr", "Rang"]


def test_fill_colours_follow_the_classes(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    indicator = data.catalog["foreigners_share"]
    frame = indicator_frame(data, indicator, 2020)
    classes = classify(frame["value"], "quantiles", 3)
    palette = sequential(3, 0)
    colors = class_colors(frame["value"], frame["status"], classes, palette)
    assert colors == [palette[2], palette[1], palette[0], "#bdbdbd"]


def test_names_from_data_cannot_inject_markup(mini_dir: Path) -> None:
    districts = mini_dir / "geo" / "districts" / "musterstadt.geojson"
    collection = json.loads(districts.read_text())
    collection["features"][0]["properties"]["name"] = HOSTILE + "</script><script>alert(2)"
    districts.write_text(json.dumps(collection))
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "population", 2021)
    assert "<img" not in html
    assert "</script><script>alert(2)" not in html
    # the name arrives intact as data, and the page puts it in with textContent
    assert _shapes(html)[0]["properties"]["name"] == HOSTILE + "</script><script>alert(2)"
    assert "td.textContent = r[1]" in html
    assert ".innerHTML" not in html


def test_map_loads_only_local_assets(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "population", 2021)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == [f"{ASSET_BASE}/leaflet.js"]
    assert styles == [f"{ASSET_BASE}/leaflet.css"]
    assert "https://" not in html


def test_geometry_can_be_fetched_instead_of_embedded(mini_dir: Path, tmp_path: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    payload = GeometryPayload.from_frame(data.districts)
    written = payload.write(tmp_path)
    assert written.name == f"geo-{payload.digest}.json"
    assert json.loads(written.read_text())["districts"]["features"][0]["id"] == "nord-west"
    html = base_map(payload, geometry_url="/app/static/cache/" + written.name).get_root().render()
    assert 'fetch("/app/static/cache/geo-' in html
    assert '"features"' not in html  # the geometry is not in the page


@pytest.mark.parametrize(
    ("basemap", "host"), [("osm", "tile.openstreetmap.org"), ("light", "cartocdn")]
)
def test_basemaps_carry_their_attribution(mini_dir: Path, basemap: str, host: str) -> None:
    data = load_town(mini_dir, "musterstadt")
    html = base_map(GeometryPayload.from_frame(data.districts), basemap=basemap)
    text = html.get_root().render()
    assert host in text
    assert "OpenStreetMap" in text


def test_selected_district_is_in_the_state(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    html, _ = _render(data, "population", 2020, selected="nord-ost")
    assert _state(html)["sel"] == 1
    html, _ = _render(data, "population", 2020, selected="unknown")
    assert _state(html)["sel"] == -1


def test_clicked_point_finds_its_district(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    payload = GeometryPayload.from_frame(data.districts)
    assert payload.district_at(data.districts, 51.03, 10.03) == "nord-ost"
    assert payload.district_at(data.districts, 51.005, 10.005) == "sued-west"
    assert payload.district_at(data.districts, 52.0, 10.0) is None


@pytest.mark.parametrize("town", SIX_TOWNS)
def test_simplified_districts_still_tile_the_town(repo_data_dir: Path, town: str) -> None:
    data = load_town(repo_data_dir, town)
    payload = GeometryPayload.from_frame(data.districts)
    sent = json.loads(payload.json_text)
    shapes = gpd.GeoDataFrame.from_features(sent["districts"]["features"], crs=4326).to_crs(25832)
    outline = gpd.GeoSeries([shapely.from_geojson(json.dumps(sent["outline"]))], crs=4326)
    geoms = shapes.geometry.array
    overlap = sum(
        shapely.intersection(geoms[i], geoms[j]).area
        for i in range(len(geoms))
        for j in range(i + 1, len(geoms))
    )
    gap = outline.to_crs(25832).area.iloc[0] - shapely.union_all(geoms).area
    assert overlap < 1.0  # m², i.e. only floating-point noise
    assert abs(gap) < 1.0
    assert payload.vertices <= shapely.get_num_coordinates(data.districts.geometry.array).sum()
    assert len(payload.json_text.encode()) < 40_000


def test_detailed_boundaries_are_simplified_as_a_coverage(mini_dir: Path) -> None:
    """Imported boundaries often carry a vertex every metre: the map needs far fewer."""
    data = load_town(mini_dir, "musterstadt")
    metric = data.districts.to_crs(25832)
    wobbly = metric.geometry.segmentize(2.0)  # a vertex every 2 m along each edge
    detailed = data.districts.set_geometry(wobbly.to_crs(4326))
    payload = GeometryPayload.from_frame(detailed)
    before = shapely.get_num_coordinates(detailed.geometry.array).sum()
    assert payload.vertices * 20 < before
    sent = json.loads(payload.json_text)["districts"]["features"]
    shapes = gpd.GeoDataFrame.from_features(sent, crs=4326).to_crs(25832).geometry.array
    assert shapely.union_all(shapes).area == pytest.approx(metric.area.sum(), rel=1e-6)


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
    out = legend_html("<b>Titel</b>", "%", entries)
    assert "<b>" not in out
    assert "<b>Titel</b>" in html.unescape(out)
    assert out.count("<li>") == 4


def test_label_anchor_lies_inside_a_concave_district() -> None:
    from sozialraum.maps import label_points

    # A U-shaped district (its centroid lies in the notch, outside) and a small square.
    u_shape = shapely.Polygon(
        [(0, 0), (3000, 0), (3000, 3000), (2000, 3000), (2000, 1000), (1000, 1000),
         (1000, 3000), (0, 3000)]
    )  # fmt: skip
    square = shapely.box(4000, 0, 4500, 500)
    districts = gpd.GeoDataFrame(
        {"name": ["U", "klein"]}, geometry=[u_shape, square], crs=25832
    ).to_crs(4326)
    metric = districts.to_crs(3857)
    assert not metric.geometry.iloc[0].contains(metric.geometry.iloc[0].centroid)
    anchors = label_points(districts)
    for (lat, lon, _area), geom in zip(anchors, districts.geometry, strict=True):
        assert geom.contains(shapely.Point(lon, lat))
    # larger districts are labelled first: the areas are the true areas in m²
    assert anchors[0][2] > anchors[1][2] * 10


def test_names_are_part_of_the_style_state(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    page, _ = _render(data, "sgb2_rate", 2022)
    assert _state(page)["names"] is False
    shapes = _shapes(page)
    for feature in shapes:
        lat, lon = feature["properties"]["lp"]
        district = data.districts.geometry.loc[feature["id"]]
        assert district.contains(shapely.Point(lon, lat))
    # the name text reaches the page as data for textContent, never as markup
    assert "span.textContent = f.properties.name" in page
