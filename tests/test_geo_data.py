"""Checks of the geometry data of the six demo towns (data/geo, built by scripts/build_geo.py)."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import sys
from functools import cache
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

REPO = Path(__file__).parents[1]
GEO = REPO / "data" / "geo"
OPEN_DATA = Path(__file__).parents[2] / "shared" / "data" / "open"
METRIC_CRS = "EPSG:25832"

TOWNS = {
    "bad-hersfeld": "06632002",
    "merzig": "10042113",
    "muehlacker": "08236040",
    "pirmasens": "07317000",
    "saalfeld": "16073077",
    "weissenfels": "15084550",
}
DISTRICT_COLUMNS = {"district_id", "name", "kind", "geometry_quality", "geometry"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
MAX_TOWN_FILE_BYTES = 30 * 1024
TILING_TOLERANCE = 0.001  # 0.1 % of the town's area
OFFICIAL_AREA_TOLERANCE = 0.02


def open_data(name: str) -> Path:
    """A file of ../shared/data/open; skip when it is missing, fail on CI."""
    path = OPEN_DATA / name
    if not path.exists():
        reason = f"real open data not available: {path} is missing"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@cache
def districts(town_id: str, geo_dir: Path = GEO) -> gpd.GeoDataFrame:
    return gpd.read_file(geo_dir / "districts" / f"{town_id}.geojson")


@cache
def municipalities(geo_dir: Path = GEO) -> gpd.GeoDataFrame:
    return gpd.read_file(geo_dir / "municipalities.geojson")


def outline(town_id: str, geo_dir: Path = GEO) -> shapely.Geometry:
    frame = municipalities(geo_dir)
    rows = frame[frame["town_id"] == town_id]
    assert len(rows) == 1, f"{town_id}: {len(rows)} outlines"
    return rows.geometry.iloc[0]


def metric(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    return geoms.to_crs(METRIC_CRS)


def load_build_geo():
    path = REPO / "scripts" / "build_geo.py"
    spec = importlib.util.spec_from_file_location("build_geo", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_geo"] = module  # dataclasses need the module to be registered
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- municipalities


def test_municipalities_one_feature_per_town():
    frame = municipalities()
    assert set(frame.columns) == {"town_id", "ags", "name", "geometry"}
    assert sorted(frame["town_id"]) == sorted(TOWNS)
    assert dict(zip(frame["town_id"], frame["ags"], strict=True)) == TOWNS
    assert frame.crs is not None
    assert frame.crs.to_epsg() == 4326
    assert all(frame.geometry.is_valid)
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}


def test_municipalities_match_towns_json():
    towns = json.loads((REPO / "data" / "towns.json").read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in towns if t["id"] in TOWNS}
    assert set(by_id) == set(TOWNS)
    frame = municipalities()
    for row in frame.itertuples():
        assert row.ags == by_id[row.town_id]["ags"]
        assert row.name == by_id[row.town_id]["name"]


# --------------------------------------------------------------------------- districts


@pytest.mark.parametrize("town_id", sorted(TOWNS))
def test_district_properties(town_id):
    frame = districts(town_id)
    assert set(frame.columns) == DISTRICT_COLUMNS
    assert 8 <= len(frame) <= 25
    ids = list(frame["district_id"])
    assert len(set(ids)) == len(ids), "district ids must be unique"
    assert ids == sorted(ids), "features are sorted by district_id"
    assert all(SLUG.match(i) for i in ids), ids
    assert all(isinstance(n, str) and n.strip() for n in frame["name"])
    assert set(frame["kind"]) <= {"core", "village"}
    assert 2 <= (frame["kind"] == "core").sum() <= 5
    assert set(frame["geometry_quality"]) == {"schematic"}


@pytest.mark.parametrize("town_id", sorted(TOWNS))
def test_district_geometries_valid(town_id):
    geoms = districts(town_id).geometry
    assert not geoms.is_empty.any()
    assert geoms.is_valid.all()
    assert set(geoms.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("town_id", sorted(TOWNS))
def test_districts_tile_the_outline(town_id):
    geoms = list(metric(districts(town_id).geometry))
    town = metric(gpd.GeoSeries([outline(town_id)], crs=4326)).iloc[0]
    area = town.area
    overlap = sum(
        geoms[i].intersection(geoms[j]).area
        for i in range(len(geoms))
        for j in range(i + 1, len(geoms))
    )
    union = shapely.union_all(geoms)
    gap = town.difference(union).area
    assert overlap < TILING_TOLERANCE * area, f"overlap {overlap:.1f} m²"
    assert gap < TILING_TOLERANCE * area, f"gap {gap:.1f} m²"
    assert abs(union.area - area) < TILING_TOLERANCE * area


@pytest.mark.parametrize("town_id", sorted(TOWNS))
def test_district_file_small_and_rounded(town_id):
    path = GEO / "districts" / f"{town_id}.geojson"
    assert path.stat().st_size <= MAX_TOWN_FILE_BYTES
    data = json.loads(path.read_text(encoding="utf-8"))
    coords = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in data["features"]]
    )
    assert (coords.round(6) == coords).all(), "coordinates have at most 6 decimals"


# --------------------------------------------------------------------------- real open data


@pytest.mark.realdata
@pytest.mark.parametrize("town_id", sorted(TOWNS))
def test_outline_area_matches_official_area(town_id):
    with open_data("gv100ad_2021_six_towns.csv").open(encoding="utf-8", newline="") as handle:
        official = {row["ags"]: float(row["area_ha"]) * 1e4 for row in csv.DictReader(handle)}
    area = metric(gpd.GeoSeries([outline(town_id)], crs=4326)).iloc[0].area
    expected = official[TOWNS[town_id]]
    assert abs(area - expected) <= OFFICIAL_AREA_TOLERANCE * expected, (area, expected)


@pytest.mark.realdata
def test_regeneration_from_open_data_matches_repo(tmp_path):
    source = open_data("gemeinden_six_towns_vg250.geojson")
    build_geo = load_build_geo()
    build_geo.build(source, tmp_path)
    new_geo = tmp_path / "geo"
    for town_id in sorted(TOWNS):
        repo = metric(districts(town_id).set_index("district_id").geometry)
        new = metric(gpd.read_file(new_geo / "districts" / f"{town_id}.geojson"))
        new = new.set_index("district_id").geometry
        assert sorted(new.index) == sorted(repo.index), town_id
        difference = sum(repo[i].symmetric_difference(new[i]).area for i in repo.index)
        assert difference < 1.0, f"{town_id}: {difference:.3f} m² differ"
    repo_outlines = metric(municipalities().set_index("town_id").geometry)
    new_outlines = metric(gpd.read_file(new_geo / "municipalities.geojson").set_index("town_id"))
    for town_id in TOWNS:
        difference = repo_outlines[town_id].symmetric_difference(new_outlines.geometry[town_id])
        assert difference.area < 1.0, town_id
