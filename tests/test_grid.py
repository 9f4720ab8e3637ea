"""Grid view core: Zensus cells of a town as polygons with their published values."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from sozialraum.catalog import load_catalog
from sozialraum.classify import classify
from sozialraum.colors import sequential
from sozialraum.errors import DataError
from sozialraum.grid import grid_cells, grid_indicators
from sozialraum.maps import GeometryPayload, choropleth_layer

HERE = Path(__file__).parent
FIXTURES = HERE / "data" / "zensus"
TOWN = FIXTURES / "town"
GRID_2011 = FIXTURES / "Zensus_spitze_Werte_1km-Gitter_test.csv"
FOREIGN_2022 = FIXTURES / "Zensus2022_Anteil_Auslaender_100m-Gitter.csv"
RENT_2022 = FIXTURES / "Zensus2022_Durchschn_Nettokaltmiete_Anzahl_der_Wohnungen_100m-Gitter.csv"
REPO_CATALOG = HERE.parent / "data" / "indicators" / "catalog.csv"
OPEN = Path(__file__).parents[2] / "shared" / "data" / "open"
TOWN_IDS = {
    "06632002": "bad-hersfeld",
    "10042113": "merzig",
    "08236040": "muehlacker",
    "07317000": "pirmasens",
    "16073077": "saalfeld",
    "15084550": "weissenfels",
}


def test_cells_of_the_synthetic_town() -> None:
    cells = grid_cells(TOWN, "testtown", GRID_2011, "foreigners_share")
    assert cells.crs.to_epsg() == 4326
    assert cells.index.name == "cell_id"
    # six cells cover the town; the one west of it only touches the edge, two are far away
    assert len(cells) == 6
    assert "CRS3035RES1000mN3000000E3999000" not in cells.index
    c1 = cells.loc["CRS3035RES1000mN3000000E4000000"]
    assert c1["name"] == "1-km-Zelle N3000000 E4000000"
    assert (c1["value"], c1["status"], c1["rank"]) == (10.0, "", 1.0)
    assert c1["share_in_town"] == pytest.approx(1.0, abs=1e-3)
    suppressed = cells.loc["CRS3035RES1000mN3000000E4002000"]  # Auslaender_A = -9
    assert suppressed["status"] == "."
    assert np.isnan(suppressed["value"])
    empty = cells.loc["CRS3035RES1000mN3001000E4000000"]  # -1: nobody lives there
    assert empty["status"] == "-"
    assert np.isnan(empty["rank"])
    assert cells.loc["CRS3035RES1000mN3000000E4001000", "value"] == 5.0
    # full squares, not clipped: about 1 km² each
    area = cells.to_crs(3035).area
    assert area.between(0.999e6, 1.001e6).all()


def test_2022_cells_keep_the_reliability_sign() -> None:
    cells = grid_cells(TOWN, "testtown", FOREIGN_2022, "foreigners_share")
    assert len(cells) == 5  # the far cell is left out
    bracketed = cells.loc["CRS3035RES100mN3000000E4000200"]
    assert bracketed["value"] == 20.0
    assert bool(bracketed["uncertain"])
    assert cells.loc["CRS3035RES100mN3000000E4000100", "status"] == "."  # '–'
    assert cells.loc["CRS3035RES100mN3000000E4000000", "name"] == "100-m-Zelle N3000000 E4000000"


def test_indicator_must_be_in_the_file() -> None:
    assert grid_indicators(RENT_2022) == ["net_rent_zensus2022"]
    with pytest.raises(DataError) as exc:
        grid_cells(TOWN, "testtown", RENT_2022, "foreigners_share")
    problem = exc.value.problems[0]
    assert problem.code == "zensus_indicator_not_in_grid"
    assert "net_rent_zensus2022" in problem.message("en")


def test_cells_feed_the_district_map_builder() -> None:
    cells = grid_cells(TOWN, "testtown", GRID_2011, "population")
    indicator = load_catalog(REPO_CATALOG)["population"]
    classes = classify(cells["value"].to_numpy(), "quantiles", 3)
    payload = GeometryPayload.from_frame(cells)
    layer = choropleth_layer(
        payload, cells, indicator, classes, sequential(classes.k, 0), year=2011
    )
    state = json.loads(next(iter(layer._children.values())).state)
    assert len(state["c"]) == 6
    # five of the six cells publish a population; one has none (-1) and gets no class
    assert sum(c >= 0 for c in state["c"]) == 5
    features = json.loads(payload.json_text)["districts"]["features"]
    names = {f["properties"]["name"] for f in features}
    assert "1-km-Zelle N3000000 E4000000" in names


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def six_towns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the six real outlines (one district each), from shared/."""
    outlines = OPEN / "gemeinden_six_towns_vg250.geojson"
    if (
        not (OPEN / "Zensus_spitze_Werte_1km-Gitter_six_towns.csv").exists()
        or not outlines.exists()
    ):
        reason = f"official open data not found in {OPEN}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    data = tmp_path_factory.mktemp("six") / "data"
    shutil.copytree(TOWN, data)
    frame = gpd.read_file(outlines)
    frame["town_id"] = frame["AGS"].map(TOWN_IDS)
    frame[["town_id", "AGS", "geometry"]].to_file(data / "geo" / "municipalities.geojson")
    towns = []
    for rec in frame.itertuples():
        towns.append({"id": rec.town_id, "name": rec.town_id, "ags": rec.AGS})
        one = gpd.GeoDataFrame(
            {"district_id": ["gesamt"], "name": ["Gesamt"]}, geometry=[rec.geometry], crs=frame.crs
        )
        one.to_file(data / "geo" / "districts" / f"{rec.town_id}.geojson")
        (data / "indicators" / "values" / f"{rec.town_id}.csv").write_text(
            "district_id,indicator_id,year,value\n", encoding="utf-8"
        )
    (data / "towns.json").write_text(json.dumps(towns), encoding="utf-8")
    return data


def _published() -> pd.DataFrame:
    grid = pd.read_csv(OPEN / "Zensus_spitze_Werte_1km-Gitter_six_towns.csv", sep=";", decimal=",")
    return grid.set_index("Gitter_ID_1km")


def _reference_shares(ags: str) -> pd.Series:
    cells = json.loads((OPEN / "zensus2011_1km_six_towns.geojson").read_text(encoding="utf-8"))
    props = pd.DataFrame([f["properties"] for f in cells["features"]])
    return props[props["AGS"] == ags].set_index("cell_id")["share_in_town"]


@pytest.mark.realdata
@pytest.mark.parametrize("ags", sorted(TOWN_IDS))
def test_real_cells_for_each_town(six_towns: Path, ags: str) -> None:
    town_id = TOWN_IDS[ags]
    grid = OPEN / "Zensus_spitze_Werte_1km-Gitter_six_towns.csv"
    cells = grid_cells(six_towns, town_id, grid, "foreigners_share")
    assert len(cells) > 20
    outline = gpd.read_file(six_towns / "geo" / "municipalities.geojson")
    outline = shapely.union_all(outline[outline["town_id"] == town_id].geometry.array)
    assert shapely.intersects(cells.geometry.array, outline).all()

    # the same cells (and shares) as the official cut-down geometry file, up to slivers
    reference = _reference_shares(ags)
    assert set(cells.index) <= set(reference.index)
    assert set(reference[reference >= 0.01].index) <= set(cells.index)
    shared = cells.index.intersection(reference.index)
    assert np.allclose(cells.loc[shared, "share_in_town"], reference[shared], atol=0.01)

    # values as published, for three sampled cells: the most populous, a suppressed one
    # (or the least populous) and one drawn at random
    published = _published().loc[cells.index]
    populated = published[published["Einwohner"] > 0]
    suppressed = published[published["Auslaender_A"] == -9]
    sample = [
        populated["Einwohner"].idxmax(),
        suppressed.index[0] if len(suppressed) else populated["Einwohner"].idxmin(),
        populated.sample(1, random_state=7).index[0],
    ]
    for cell_id in sample:
        raw = published.at[cell_id, "Auslaender_A"]
        row = cells.loc[cell_id]
        if raw == -9:
            assert row["status"] == "."
            assert np.isnan(row["value"])
        elif raw == -1:
            assert row["status"] == "-"
        else:
            assert (row["status"], row["value"]) == ("", pytest.approx(raw))
