"""Sozialräume from the grid (sozialraum.regions) on a synthetic grid built here.

The grid: a 12 × 12 block of 100 m cells split into two clusters by an empty column, plus an
island cell far away, inside a square outline. Checks contiguity (islands linked), the
floor, that the regions tile the cells, determinism, unique names, and that missing values
become "." and never 0; then the whole pipeline through the CLI on the fixture town.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from sozialraum.cli import main
from sozialraum.columns import DISTRICT_ID, INDICATOR_ID, STATUS, VALUE
from sozialraum.errors import DataError
from sozialraum.loaders import load_town
from sozialraum.regions import aggregate
from sozialraum.regions.build import dissolve, district_localities
from sozialraum.regions.cells import GRID_CRS, build_cells, read_grid
from sozialraum.regions.naming import (
    Locality,
    known_localities,
    localities_in,
    merge_localities,
    name_regions,
)
from sozialraum.regions.regionalise import regionalise, similarity_attributes

from .conftest import tree_digest

X0, Y0 = 4_100_050.0, 2_900_050.0
FOREIGN = "demography_STAATSANGE_KURZ_2"
VACANT = "dwellings_NUTZUNG_DETAIL_HHGEN_4"
VARIABLES = (FOREIGN, VACANT)


def synthetic_grid() -> pd.DataFrame:
    """Two clusters (columns 0–4 and 6–11 of 12 rows) and one island cell far east."""
    rows = []
    for i in range(12):
        for j in range(12):
            if i == 5:
                continue  # the empty column splits the block in two
            west = i < 5
            rows.append(
                {
                    "x": X0 + 100 * i,
                    "y": Y0 + 100 * j,
                    aggregate.DWELLINGS: 10 + (i * 7 + j * 3) % 11,
                    FOREIGN: (4 if west else 12) if (i + j) % 3 else pd.NA,
                    VACANT: 3 if j % 4 == 0 else pd.NA,
                }
            )
    rows.append({"x": X0 + 2500, "y": Y0 + 500, aggregate.DWELLINGS: 40, FOREIGN: 5, VACANT: pd.NA})
    frame = pd.DataFrame(rows)
    for column in (FOREIGN, VACANT, aggregate.DWELLINGS):
        frame[column] = frame[column].astype("Int32")
    return frame


def square_outline() -> gpd.GeoDataFrame:
    box = shapely.box(X0 - 300, Y0 - 300, X0 + 2800, Y0 + 1400)
    return gpd.GeoDataFrame({"town_id": ["t"]}, geometry=[box], crs=GRID_CRS)


@pytest.fixture(scope="module")
def cells():
    return build_cells(synthetic_grid(), square_outline())


def _size(cells) -> np.ndarray:
    size, ppd = aggregate.cell_sizes(cells.frame, town_population=2600.0)
    assert ppd == pytest.approx(2600.0 / cells.frame[aggregate.DWELLINGS].sum())
    return size


def _regions(cells, floor: float = 300.0, seed: int = 7):
    size = _size(cells)
    attributes = similarity_attributes(cells.frame, VARIABLES, size)
    return regionalise(cells, size, attributes, floor, seed=seed), size


def _connected(members: set[int], neighbours: dict[int, list[int]]) -> bool:
    start = next(iter(members))
    seen, queue = {start}, deque([start])
    while queue:
        for j in neighbours[queue.popleft()]:
            if j in members and j not in seen:
                seen.add(j)
                queue.append(j)
    return seen == members


def test_islands_are_linked_to_their_nearest_part(cells) -> None:
    assert len(cells.frame) == 11 * 12 + 1
    assert cells.islands == 3
    island = int(np.flatnonzero(cells.frame["x"] == X0 + 2500)[0])
    # the island joins the eastern cluster at its nearest cell (column 11, row 5)
    partner = next(b if a == island else a for a, b in cells.links if island in (a, b))
    assert (cells.frame.at[partner, "x"], cells.frame.at[partner, "y"]) == (X0 + 1100, Y0 + 500)
    everything = set(range(len(cells.frame)))
    assert _connected(everything, cells.neighbours)
    # rook contiguity: a corner cell has two neighbours, besides the links
    corner = int(np.flatnonzero((cells.frame["x"] == X0) & (cells.frame["y"] == Y0))[0])
    assert len(cells.neighbours[corner]) == 2


def test_regions_are_contiguous_above_the_floor_and_cover_every_cell(cells) -> None:
    regions, size = _regions(cells)
    assert regions.count >= 4  # 2,600 estimated residents, floor 300
    assert sorted(set(regions.labels.tolist())) == list(range(regions.count))
    for k in range(regions.count):
        members = set(np.flatnonzero(regions.labels == k).tolist())
        assert size[list(members)].sum() >= 300
        assert _connected(members, cells.neighbours), k
    assert size.sum() == pytest.approx(2600.0)


def test_region_polygons_tile_the_cells_without_gaps_or_overlaps(cells) -> None:
    regions, _ = _regions(cells)
    polygons = dissolve(cells, regions.labels, regions.count)
    cell_area = float(cells.frame.area.sum())
    union = shapely.union_all(polygons)
    assert sum(p.area for p in polygons) == pytest.approx(union.area, rel=1e-6)  # no overlaps
    assert union.area == pytest.approx(cell_area, rel=0.03)  # staircases simplified a little
    assert all(p.is_valid and not p.is_empty for p in polygons)
    # every cell centre lies in the polygon of its own region
    for k, polygon in enumerate(polygons):
        members = cells.frame[regions.labels == k]
        inside = shapely.contains_xy(polygon.buffer(1), members["x"], members["y"])
        assert inside.all()


def test_same_seed_same_regions_and_the_global_random_state_is_kept(cells) -> None:
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    first, _ = _regions(cells, seed=5)
    assert np.random.random() == before  # max-p did not consume the caller's random numbers
    second, _ = _regions(cells, seed=5)
    assert np.array_equal(first.labels, second.labels)


def test_floor_above_the_whole_town_is_a_clear_error(cells) -> None:
    with pytest.raises(DataError) as info:
        _regions(cells, floor=10_000)
    assert "Mindestgröße 10000" in info.value.problems[0].message("de")


def test_names_are_unique_with_compass_suffixes_then_numbers() -> None:
    town = Locality("Musterstadt", 0.0, 0.0, 20000)
    village = Locality("Dorf", 5000.0, 0.0, 800)
    points = [(0.0, 100.0), (0.0, 2000.0), (0.0, 2500.0), (-2000.0, 0.0), (5100.0, 0.0)]
    names = name_regions(points, [5, 9, 7, 3, 1], [town, village], "Musterstadt")
    assert names == [
        "Musterstadt-Mitte",
        "Musterstadt-Nord 1",  # the larger of the two northern regions
        "Musterstadt-Nord 2",
        "Musterstadt-West",
        "Dorf",
    ]
    assert len(set(names)) == len(names)
    assert name_regions([(0.0, 0.0)], [1], [], "Leerstadt") == ["Leerstadt"]


def test_known_localities_win_over_far_geonames_places_and_replace_duplicates() -> None:
    # Pirmasens: Horeb and Winzeln are Stadtteile, GeoNames knows only the town itself
    known = known_localities([("Horeb", 7.595, 49.208), ("Winzeln", 7.567, 49.188), ("", 7, 49)])
    assert [k.name for k in known] == ["Horeb", "Winzeln"]  # unnamed rows left out
    frame = gpd.GeoDataFrame(
        {"name": ["Horeb", "Winzeln"]},
        geometry=gpd.points_from_xy([7.595, 7.567], [49.208, 49.188]),
        crs="EPSG:4326",
    )
    assert known_localities(frame) == known
    horeb, winzeln = known
    geonames = [
        Locality("Pirmasens", horeb.x + 3000.0, horeb.y, 40000),  # far: stays a candidate
        Locality("Horeb", horeb.x + 900.0, horeb.y, 600),  # same name: one place
        Locality("Winzeln Ost", winzeln.x + 250.0, winzeln.y, 500),  # within 300 m: one place
    ]
    merged = merge_localities(known, geonames)
    assert [m.name for m in merged] == ["Horeb", "Winzeln", "Pirmasens"]
    points = [
        (horeb.x + 100.0, horeb.y),
        (winzeln.x, winzeln.y + 1000.0),
        (winzeln.x, winzeln.y - 1000.0),
        (horeb.x + 2900.0, horeb.y),
    ]
    names = name_regions(points, [4, 3, 2, 1], merged, "Pirmasens")
    assert names == ["Horeb", "Winzeln-Nord", "Winzeln-Süd", "Pirmasens"]
    # without the known localities, the far GeoNames place would name the Horeb region
    only_geonames = name_regions(points[:1], [4], geonames[:1], "Pirmasens")
    assert only_geonames == ["Pirmasens"]


def test_chosen_localities_override_the_nearest_and_names_stay_unique() -> None:
    a, b = Locality("Altstadt", 0.0, 0.0, 0), Locality("Berg", 4000.0, 0.0, 0)
    points = [(3900.0, 0.0), (3800.0, 1500.0), (100.0, 0.0)]
    assert name_regions(points, [1, 2, 3], [a, b], "X", [0, 0, None]) == [
        "Altstadt-Ost 2",  # both chosen regions lie east of Altstadt: numbered by size
        "Altstadt-Ost 1",
        "Altstadt-Mitte",  # nearest: Altstadt too, within the centre radius
    ]
    # two regions near the locality: only the nearer one is "-Mitte"
    near = [(0.0, 100.0), (0.0, -400.0)]
    assert name_regions(near, [1, 1], [a, b], "X") == ["Altstadt-Mitte", "Altstadt-Süd"]
    with pytest.raises(ValueError, match="one entry per region"):
        name_regions(points, [1, 2, 3], [a, b], "X", [0])


def test_geonames_stay_a_source_inside_the_outline_merged_with_known() -> None:
    pirmasens = gpd.GeoDataFrame(geometry=[shapely.box(7.5, 49.15, 7.7, 49.25)], crs="EPSG:4326")
    from_geonames = localities_in(pirmasens)
    assert "Pirmasens" in [p.name for p in from_geonames]
    known = known_localities([("Horeb", 7.595, 49.208)])
    merged = localities_in(pirmasens, known)
    assert merged[0] == known[0]
    assert [p.name for p in merged[1:]] == [p.name for p in from_geonames if p.name != "Horeb"]


def test_regions_are_named_after_the_district_holding_most_of_their_size(cells) -> None:
    regions, size = _regions(cells)
    # two named districts: west of the empty column and east of it (with the island)
    west = shapely.box(X0 - 300, Y0 - 300, X0 + 500, Y0 + 1400)
    east = shapely.box(X0 + 500, Y0 - 300, X0 + 2800, Y0 + 1400)
    districts = gpd.GeoDataFrame(
        {"name": ["Westend", "Ostheim"]}, geometry=[west, east], crs=GRID_CRS
    ).to_crs("EPSG:4326")
    localities, choice = district_localities(districts, cells, regions.labels, size, regions.count)
    assert [loc.name for loc in localities] == ["Westend", "Ostheim"]
    x = cells.frame["x"].to_numpy()
    for k in range(regions.count):
        members = regions.labels == k
        west_share = size[members & (x < X0 + 500)].sum()
        east_share = size[members & (x >= X0 + 500)].sum()
        assert choice[k] == (0 if west_share > east_share else 1)
    # a locality lies at a populated cell centre of its district
    assert localities[0].x < X0 + 500 <= localities[1].x
    points = [(float(x[regions.labels == k][0]), Y0) for k in range(regions.count)]
    names = name_regions(points, [1.0] * regions.count, localities, "Musterstadt", choice)
    assert len(set(names)) == len(names)
    assert all(n.startswith(("Westend", "Ostheim")) for n in names)


def test_sums_and_rates_with_suppressed_cells_as_dots_never_zero() -> None:
    frame = pd.DataFrame(
        {
            aggregate.DWELLINGS: [20, 20, 10, 5],
            FOREIGN: pd.array([3, pd.NA, pd.NA, pd.NA], dtype="Int32"),
            VACANT: pd.array([4, 3, pd.NA, pd.NA], dtype="Int32"),
        }
    )
    labels = np.array([0, 0, 1, 1])
    size = np.array([40.0, 40.0, 20.0, 10.0])
    values = aggregate.region_values(frame, labels, ["a", "b"], size)
    got = values.set_index([DISTRICT_ID, INDICATOR_ID])
    assert got.loc[("a", "dwellings"), VALUE] == "40"
    assert got.loc[("a", "vacancy_rate"), VALUE] == "17.5"  # (4 + 3) / 40, from the sums
    assert got.loc[("a", "vacancy_rate"), "numerator"] == "7"
    assert got.loc[("a", "foreigners_share_estimated"), VALUE] == "3.8"  # 3 / 80
    # region b: no cell published foreigners or vacancies, and only 15 dwellings
    for indicator in ("foreigners_share_estimated", "vacancy_rate"):
        assert got.loc[("b", indicator), STATUS] == "."
        assert got.loc[("b", indicator), VALUE] == ""
    assert got.loc[("b", "population_estimate"), VALUE] == "30"
    assert not (values[VALUE] == "0").any()


def test_missing_similarity_column_is_named(cells) -> None:
    with pytest.raises(DataError) as info:
        similarity_attributes(cells.frame, ["no_such_column"], _size(cells))
    assert "no_such_column" in info.value.problems[0].message("de")


# --------------------------------------------------------------------------- CLI, stored


def _mini_grid(data_dir: Path, path: Path, *, population: bool) -> Path:
    """A 100 m lattice over a part of the fixture town (~110 cells), as a ;-separated CSV."""
    outline = load_town(data_dir, "musterstadt").outline.to_crs(GRID_CRS)
    xmin, ymin, xmax, ymax = outline.total_bounds
    xs = np.arange(np.floor(xmin / 100) * 100 + 50, xmax, 100)
    ys = np.arange(np.floor(ymin / 100) * 100 + 50, ymax, 100)
    gx, gy = np.meshgrid(xs, ys)
    town = shapely.union_all(outline.geometry.to_numpy())
    centre = shapely.point_on_surface(town)
    near = np.hypot(gx.ravel() - centre.x, gy.ravel() - centre.y) < 600
    inside = shapely.contains_xy(town, gx.ravel(), gy.ravel()) & near
    x, y = gx.ravel()[inside], gy.ravel()[inside]
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "x_mp_100m": x.astype(int),
            "y_mp_100m": y.astype(int),
            aggregate.DWELLINGS: rng.integers(3, 30, len(x)),
            FOREIGN: rng.integers(0, 6, len(x)),
            VACANT: rng.integers(0, 4, len(x)),
        }
    )
    if population:
        frame[aggregate.POPULATION] = frame[aggregate.DWELLINGS] * 2
    frame.to_csv(path, sep=";", index=False)
    return path


def test_cli_builds_stores_and_the_town_loads(mini_dir, tmp_path, capsys) -> None:
    grid = _mini_grid(mini_dir, tmp_path / "grid.csv", population=True)
    total = 2 * int(pd.read_csv(grid, sep=";")[aggregate.DWELLINGS].sum())
    floor = total // 6
    args = ["regions", "--town", "musterstadt", "--grid", str(grid), "--min-pop", str(floor)]
    assert main([*args, "--data-dir", str(mini_dir), "--vars", FOREIGN]) == 0
    out = capsys.readouterr().out
    assert "musterstadt-zensus2011:" in out
    assert "Gespeichert" in out
    data = load_town(mini_dir, "musterstadt-zensus2011")
    assert data.town.data_kind == "zensus-grid"
    assert not data.town.is_demo
    assert "Zensus 2011, dl-de/by-2-0" in " ".join(data.town.attribution)
    assert 2 <= len(data.districts) <= 6
    population = data.values[data.values[INDICATOR_ID] == "dwellings"]
    assert population[VALUE].sum() == total // 2  # every dwelling counted exactly once
    assert data.districts["name"].is_unique
    # named after the town's own districts (the fixture's Stadtteile), not GeoNames
    own = tuple(load_town(mini_dir, "musterstadt").districts["name"])
    assert all(name.startswith(own) for name in data.districts["name"])
    assert "Teilgebiet (Stadt-/Ortsteil) von" in " ".join(data.town.sources)
    assert len(out.strip().splitlines()) == len(data.districts) + 2  # header, regions, stored


def test_cli_without_population_or_with_a_broken_grid_changes_nothing(
    mini_dir, tmp_path, capsys
) -> None:
    before = tree_digest(mini_dir)
    grid = _mini_grid(mini_dir, tmp_path / "grid.csv", population=False)
    args = ["regions", "--town", "musterstadt", "--data-dir", str(mini_dir)]
    assert main([*args, "--grid", str(grid)]) == 1
    assert "amtliche Einwohnerzahl" in capsys.readouterr().err
    broken = tmp_path / "broken.csv"
    broken.write_text("a;b\n1;2\n", encoding="utf-8")
    assert main([*args, "--grid", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.csv" in err
    assert "„x“ fehlt" in err
    assert tree_digest(mini_dir) == before


def test_read_grid_reports_bad_coordinates_by_row(tmp_path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("x;y;n\n4100050;2900050;3\nabc;2900150;4\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_grid(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (3, "x")


def test_town_comparison_shows_each_municipality_once() -> None:
    from types import SimpleNamespace

    from sozialraum.comparison import one_per_municipality

    def town(town_id: str, ags: str) -> SimpleNamespace:
        return SimpleNamespace(town=SimpleNamespace(id=town_id, ags=ags))

    demo, grid, other, loose = (
        town("pirmasens", "07317000"),
        town("pirmasens-zensus2011", "07317000"),
        town("merzig", "10042113"),
        town("musterstadt", ""),
    )
    towns = [demo, other, grid, loose]
    assert one_per_municipality(towns, "merzig") == [demo, other, loose]  # type: ignore[arg-type]
    assert one_per_municipality(towns, "pirmasens-zensus2011") == [other, grid, loose]  # type: ignore[arg-type]
