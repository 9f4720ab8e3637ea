"""The real Zensus 2011 1 km file (official layout) read by the streaming reader, limited to
each town's outline, and each town's population recounted against the official register.

Recount: the 1 km cells' residents weighted by ``share_in_town`` (the share of the cell's
area inside the town, from ``zensus2011_1km_six_towns.geojson``), compared with the
population on 31.12.2020 (GV100AD). The census counted residents on 9 May 2011 and people
are not spread evenly inside a cell, so ±10 % is the tolerance; the measured ratios are
0.93 (Bad Hersfeld, Mühlacker) to 1.07 (Saalfeld/Saale, which grew by merger in 2019).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from sozialraum.census_grid import GRID_CRS, NONE, ReadStats, cell_boxes, read_grid

GRID = "Zensus_spitze_Werte_1km-Gitter_six_towns.csv"
TOWNS = {
    "06632002": "Bad Hersfeld",
    "07317000": "Pirmasens",
    "08236040": "Mühlacker",
    "10042113": "Merzig",
    "15084550": "Weißenfels",
    "16073077": "Saalfeld/Saale",
}


@pytest.fixture(scope="module")
def outlines(open_data: Path) -> gpd.GeoDataFrame:
    towns = gpd.read_file(open_data / "gemeinden_six_towns_vg250.geojson").to_crs(GRID_CRS)
    return towns.set_index("AGS")


@pytest.fixture(scope="module")
def shares(open_data: Path) -> pd.DataFrame:
    cells = json.loads((open_data / "zensus2011_1km_six_towns.geojson").read_text("utf-8"))
    return pd.DataFrame([f["properties"] for f in cells["features"]])


@pytest.fixture(scope="module")
def register(open_data: Path) -> pd.Series:
    gv = pd.read_csv(open_data / "gv100ad_2021_six_towns.csv", dtype={"ags": str})
    return gv.set_index("ags")["population_2020_12_31"]


@pytest.mark.realdata
@pytest.mark.parametrize("ags", list(TOWNS))
def test_town_population_recounted_from_1km_cells(
    open_data: Path,
    outlines: gpd.GeoDataFrame,
    shares: pd.DataFrame,
    register: pd.Series,
    ags: str,
) -> None:
    outline = shapely.union_all(outlines.loc[[ags]].geometry.to_numpy())
    stats = ReadStats()
    cells = read_grid(open_data / GRID, within=outline, chunksize=100, stats=stats)
    frame = cells.frame
    assert (cells.year, cells.cell_size) == (2011, 1000)
    assert stats.chunks > 1  # streamed, not read at once
    town_cells = shares[shares["AGS"] == ags].set_index("cell_id")["share_in_town"]
    # the reader keeps every cell the official cut gives a real share of the town
    assert set(town_cells[town_cells > 0.001].index) <= set(frame.index)
    # and its own share of each kept cell agrees with the official cut
    own = shapely.area(shapely.intersection(cell_boxes(frame, 1000), outline)) / 1e6
    own_share = pd.Series(own, index=frame.index).reindex(town_cells.index)
    assert (own_share.fillna(0) - town_cells).abs().max() < 0.01

    residents = frame["population"].where(frame["population_status"] != NONE, 0.0)
    assert residents.notna().all()  # 2011 never suppresses the population count
    recount = float((residents.reindex(town_cells.index).fillna(0) * town_cells).sum())
    ratio = recount / float(register[ags])
    assert ratio == pytest.approx(1.0, abs=0.10), f"{TOWNS[ags]}: {recount:.0f}, ratio {ratio:.3f}"
