"""Sozialräume from the real Zensus 2011 100 m cells of Pirmasens, and the shipped data set.

The grid comes from ../shared/data/open (skipped when absent, failing under CI=true); the
shipped towns ``<town>-zensus2011`` (built by scripts/build_zensus_regions.py) are checked
for the promised properties and opened in the app.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from sozialraum.columns import INDICATOR_ID, STATUS, VALUE
from sozialraum.loaders import load_town
from sozialraum.regions import aggregate
from sozialraum.regions.build import Settings, build_regions, dissolve
from sozialraum.regions.cells import read_grid

from .conftest import REPO, SIX_TOWNS

FLOOR = 1000.0
GRID = "zensus2011_100m_six_towns.parquet"


@pytest.fixture(scope="module")
def pirmasens(open_data, repo_data_dir):
    grid = read_grid(open_data / GRID)
    # one construction pass keeps the test quick; the shipped data uses the defaults
    settings = Settings(min_pop=FLOOR, construction_iterations=1)
    return build_regions(repo_data_dir, "pirmasens", grid, settings), grid


def _connected(members: set[int], neighbours: dict[int, list[int]]) -> bool:
    start = next(iter(members))
    seen, todo = {start}, [start]
    while todo:
        for j in neighbours[todo.pop()]:
            if j in members and j not in seen:
                seen.add(j)
                todo.append(j)
    return seen == members


def test_pirmasens_regions_are_contiguous_above_the_floor_and_tile_the_cells(pirmasens) -> None:
    build, grid = pirmasens
    cells = build.cells
    assert len(cells.frame) == (grid["AGS"] == "07317000").sum()  # every published cell
    assert 20 <= build.count <= 45
    assert (build.sizes >= FLOOR).all()
    # estimated residents add up to the official population (40,176 on 31.12.2020)
    assert build.sizes.sum() == pytest.approx(40176)
    for k in range(build.count):
        members = set(np.flatnonzero(build.labels == k).tolist())
        assert _connected(members, cells.neighbours), k
    polygons = dissolve(cells, build.labels, build.count)
    union = shapely.union_all(polygons)
    assert sum(p.area for p in polygons) == pytest.approx(union.area, rel=1e-6)
    assert union.area == pytest.approx(float(cells.frame.area.sum()), rel=0.03)
    assert build.files.districts["name"].is_unique
    names = set(build.files.districts["name"])
    # the Stadtteile name the regions (GeoNames alone has hardly more than "Pirmasens")
    assert {"Horeb", "Winzeln", "Erlenbrunn"} <= {n.split("-")[0] for n in names}
    assert not any(n.startswith("Pirmasens") for n in names)


def test_pirmasens_sums_are_the_cell_sums(pirmasens) -> None:
    build, grid = pirmasens
    values = build.files.values
    dwellings = values[values[INDICATOR_ID] == "dwellings"][VALUE].astype(int).sum()
    assert dwellings == grid.loc[grid["AGS"] == "07317000", aggregate.DWELLINGS].sum()


@pytest.mark.parametrize("town", SIX_TOWNS)
def test_shipped_zensus_town_is_real_labelled_and_above_the_floor(town, repo_data_dir) -> None:
    data = load_town(repo_data_dir, f"{town}-zensus2011")
    assert data.town.data_kind == "zensus-grid"
    assert not data.town.is_demo
    assert data.town.name.endswith("(Zensus 2011, Sozialräume aus dem Raster)")
    assert "Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0" in (
        data.town.attribution
    )
    assert data.districts["name"].is_unique
    # named after the town's Stadtteile/Ortsteile (its demo districts), not "Town-Süd 8"
    localities = tuple(load_town(repo_data_dir, town).districts["name"])
    assert all(name.startswith(localities) for name in data.districts["name"])
    size = data.values[data.values[INDICATOR_ID] == aggregate.SIZE_ESTIMATE]
    assert (size[VALUE] >= FLOOR - 0.5).all()
    assert len(size) == len(data.districts)
    # suppressed values are "." without a number, never 0
    rows = data.values
    assert rows.loc[rows[STATUS] == ".", VALUE].isna().all()
    meta = json.loads((repo_data_dir / "imported" / f"{town}-zensus2011" / "town.json").read_text())
    assert meta["ags"] == data.town.ags


def test_shipped_zensus_data_stays_small() -> None:
    files = [p for p in (REPO / "data" / "imported").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1_000_000


def test_shipped_zensus_town_opens_on_the_map_page(repo_data_dir, monkeypatch) -> None:
    monkeypatch.setenv("SOZIALRAUM_DATA_DIR", str(repo_data_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.query_params["town"] = "pirmasens-zensus2011"
    at.query_params["indicator"] = "vacancy_rate"
    at.query_params["year"] = "2011"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    town_box = next(s for s in at.selectbox if s.value == "pirmasens-zensus2011")
    label = town_box.format_func(town_box.value)
    assert label == "Pirmasens (Zensus 2011, Sozialräume aus dem Raster)"
    assert "Demo" not in label
    shown = " ".join(m.value for m in at.markdown)
    assert "Leerstandsquote" in shown or "Leerstandsquote" in " ".join(
        h.value for h in at.subheader
    )
    at.switch_page("src/sozialraum/ui/pages/methods.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Sozialräume aus dem Zensus-Raster" in [h.value for h in at.header]
    methods = " ".join(m.value for m in at.markdown)
    assert "Untergrenzen" in methods
    assert "max-p" in methods
