"""Zensus grid cells of any town as map polygons, with their values as published.

Pure (no Streamlit): the app's grid page calls :func:`grid_cells` and hands the result to
the same map builder as the districts (``GeometryPayload.from_frame(cells)`` and
``choropleth_layer(payload, cells, ...)``). All arguments are hashable, so the page can
wrap the call in ``st.cache_data``.

Cells are the full squares (1 km or 100 m) built from the published centres, for every
cell that intersects the town's outline. They are not clipped to the outline: a cell's
value describes the whole square, and clipping would suggest it describes only the part
inside the town. ``share_in_town`` says how much of each cell lies inside; cells that only
touch the outline (less than :data:`MIN_SHARE` inside: slivers from generalised boundaries)
are left out.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.census_grid import (
    DEFAULT_CHUNKSIZE,
    GRID_CRS,
    OK,
    cell_boxes,
    check_grid,
    read_grid,
    sniff_layout,
    town_bbox,
)
from sozialraum.columns import (
    STATUS,
    VALUE,
)
from sozialraum.errors import Problem, ProblemCollector

CRS = "EPSG:4326"
COLUMNS = ("name", VALUE, STATUS, "rank", "uncertain", "share_in_town")
MIN_SHARE = 1e-4  # of the cell's area: 100 m² of a 1 km cell, 1 m² of a 100 m cell
# The Zensus 2011 1 km cells of the six demo towns that ship in the demo data's grids/
# (built by scripts/build_zensus_grid.py from the open extract; see data/grids/README.md).
SHIPPED_GRID = "Zensus2011_1km-Gitter_sechs_Staedte.csv"


def grid_folder(data_dir: Path) -> Path:
    """Where the app's grid view finds the official grid files of a data directory."""
    return data_dir / "grids"


def grid_files(data_dir: Path) -> list[Path]:
    """The grid files the grid view offers, by name: CSV files and Zensus 2022 topic ZIPs."""
    folder = grid_folder(data_dir)
    return sorted([*folder.glob("*.csv"), *folder.glob("*.zip")]) if folder.is_dir() else []


def default_grid(files: list[Path]) -> int:
    """Index of the grid layer a town page opens with: the shipped cells, else the first."""
    return next((i for i, p in enumerate(files) if p.name == SHIPPED_GRID), 0)


def is_shipped_grid(path: Path) -> bool:
    """Whether ``path`` is the shipped file of official Zensus 2011 cells (by its name)."""
    return Path(path).name == SHIPPED_GRID


def grid_attribution(year: int) -> str:
    """The attribution every Zensus grid layer carries (page text and map)."""
    return f"Statistische Ämter des Bundes und der Länder, Zensus {year}, dl-de/by-2-0"


def check_grid_files(data_dir: Path, *, chunksize: int = DEFAULT_CHUNKSIZE) -> list[Problem]:
    """Every problem of every grid file in ``data_dir`` (each file read completely)."""
    return [p for path in grid_files(data_dir) for p in check_grid(path, chunksize=chunksize)]


def grid_indicators(
    grid_path: Path, year: int | None = None, resolution: str | None = None
) -> list[str]:
    """The indicator ids a grid file provides (e.g. for a select box); ``resolution``
    picks the file inside a topic ZIP."""
    layout = sniff_layout(Path(grid_path), year, resolution=resolution)
    return [f for f in layout.features.values() if f != "rent_dwellings"]


def cell_name(cell_id: str, cell_size: int) -> str:
    """'CRS3035RES1000mN3078000E4296000' -> '1-km-Zelle N3078000 E4296000'."""
    size = f"{cell_size // 1000}-km" if cell_size >= 1000 else f"{cell_size}-m"
    north, east = cell_id.rpartition("N")[2].partition("E")[::2]
    if north.isdigit() and east.isdigit():
        return f"{size}-Zelle N{north} E{east}"
    return f"{size}-Zelle {cell_id}"


def _town_outline(data_dir: Path, town_id: str) -> shapely.Geometry:
    """The town's outline in EPSG:3035 (as the loader defines it for the town)."""
    from sozialraum.loaders import load_town

    outline = load_town(Path(data_dir), town_id).outline.to_crs(GRID_CRS)
    return shapely.union_all(outline.geometry.to_numpy())


def grid_cells(
    data_dir: Path,
    town_id: str,
    grid_path: Path,
    indicator: str,
    *,
    year: int | None = None,
    resolution: str | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> gpd.GeoDataFrame:
    """Cells of ``grid_path`` intersecting the town, with one indicator's published values.

    Index: cell id. Columns: ``name``, ``value`` (NaN unless published), ``status``
    (``""``, ``"-"`` nothing there, ``"."`` suppressed), ``rank`` (1 = highest value),
    ``uncertain`` (2022 ``KLAMMERN``), ``share_in_town`` (0–1), geometry (EPSG:4326).
    Raises DataError when the file lacks the indicator or is not a grid file.
    """
    grid_path = Path(grid_path)
    layout = sniff_layout(grid_path, year, resolution=resolution)
    if indicator not in layout.features.values():
        problems = ProblemCollector(str(grid_path))
        available = ", ".join(grid_indicators(grid_path, layout.year, resolution))
        problems.add("zensus_indicator_not_in_grid", value=indicator, available=available)
        problems.raise_if_errors()
    outline = _town_outline(Path(data_dir), town_id)
    size = layout.cell_size
    cells = read_grid(
        grid_path,
        town_bbox(outline, size),
        year=layout.year,
        resolution=resolution,
        chunksize=chunksize,
    )
    frame = cells.frame.sort_index()
    boxes = cell_boxes(frame, size)
    share = shapely.area(shapely.intersection(boxes, outline)) / float(size) ** 2
    inside = share >= MIN_SHARE
    frame, boxes, share = frame[inside], boxes[inside], share[inside]
    status = frame[f"{indicator}_status"].astype(str)
    value = frame[indicator].where(status == OK).astype(float)
    out = pd.DataFrame(
        {
            "name": [cell_name(str(c), size) for c in frame.index],
            VALUE: value.to_numpy(),
            STATUS: status.to_numpy(),
            "rank": value.rank(ascending=False, method="min").to_numpy(),
            "uncertain": frame[f"{indicator}_uncertain"].astype(bool).to_numpy(),
            "share_in_town": np.round(share, 4),
        },
        index=pd.Index(frame.index.astype(str), name="cell_id"),
    )
    return gpd.GeoDataFrame(out, geometry=list(boxes), crs=GRID_CRS).to_crs(CRS)
