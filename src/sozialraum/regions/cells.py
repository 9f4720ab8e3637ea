"""Populated grid cells of one town: squares clipped to the outline, and their contiguity.

The grid is a table with one row per published cell: ``x``/``y`` (or ``x_mp_100m``/
``y_mp_100m``) are the cell centres in EPSG:3035, all other numeric columns are counts.
Only listed cells are used (the census lists populated cells only); a cell belongs to the
town when its centre lies inside the outline (or its ``AGS`` column names the town).

Contiguity is rook contiguity on the lattice: two cells are neighbours when they share an
edge. Cells separated from the rest (a hamlet, a settlement beyond a forest) form islands;
each island is linked to the nearest cell of the other cells by one extra edge
(:func:`link_islands`, repeated until the graph is connected), so a region may consist of a
village and the nearest part of the town, joined across open land.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from libpysal.weights import W

from sozialraum.errors import ProblemCollector

GRID_CRS = "EPSG:3035"
CELL_SIZE = 100.0
_X_NAMES = ("x", "x_mp_100m")
_Y_NAMES = ("y", "y_mp_100m")


@dataclass(frozen=True)
class Cells:
    """The town's cells (EPSG:3035, squares clipped to the outline) and their neighbours.

    ``links`` are the extra edges that join islands (pairs of row positions).
    """

    frame: gpd.GeoDataFrame
    neighbours: dict[int, list[int]]
    links: tuple[tuple[int, int], ...]

    @property
    def weights(self) -> W:
        return W(self.neighbours, silence_warnings=True)

    @property
    def islands(self) -> int:
        """Number of connected parts before linking."""
        return len(self.links) + 1


def read_grid(path: Path) -> pd.DataFrame:
    """Read a grid table (Parquet, or CSV with ``;`` or ``,``) with columns ``x``, ``y``."""
    problems = ProblemCollector(str(path))
    if not path.is_file():
        problems.add("file_missing")
        problems.raise_if_errors()
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, sep=None, engine="python", decimal=",", dtype={"AGS": str})
    x = next((c for c in _X_NAMES if c in frame.columns), None)
    y = next((c for c in _Y_NAMES if c in frame.columns), None)
    for found, name in ((x, "x"), (y, "y")):
        if found is None:
            problems.add("missing_column", column=name)
    problems.raise_if_errors()
    assert x is not None
    assert y is not None
    frame = frame.rename(columns={x: "x", y: "y"})
    for column in ("x", "y"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = np.flatnonzero(numbers.isna().to_numpy())
        for i in bad[:20]:
            problems.add("not_a_number", row=int(i) + 2, column=column, value=frame[column].iloc[i])
        frame[column] = numbers
    problems.raise_if_errors()
    return frame


def town_cells(
    grid: pd.DataFrame, outline: gpd.GeoDataFrame, *, ags: str = "", source: str = ""
) -> gpd.GeoDataFrame:
    """The cells of one town as squares clipped to its outline (EPSG:3035).

    Cells are chosen by ``AGS`` when the grid has that column and ``ags`` is given, else by
    centre in the outline. Cells whose square lies wholly outside the outline are dropped.
    """
    boundary = shapely.union_all(outline.to_crs(GRID_CRS).geometry.to_numpy())
    if ags and "AGS" in grid.columns:
        rows = grid[grid["AGS"].astype(str).str.zfill(8) == ags]
    else:
        inside = shapely.contains_xy(boundary, grid["x"].to_numpy(), grid["y"].to_numpy())
        rows = grid[inside]
    if rows.empty:
        problems = ProblemCollector(source or None)
        problems.add("regions_no_cells", value=ags or "-")
        problems.raise_if_errors()
    rows = rows.drop_duplicates(["x", "y"]).sort_values(["y", "x"]).reset_index(drop=True)
    half = CELL_SIZE / 2
    x = rows["x"].to_numpy(dtype=float)
    y = rows["y"].to_numpy(dtype=float)
    squares = shapely.box(x - half, y - half, x + half, y + half)
    clipped = shapely.intersection(squares, boundary)
    keep = ~shapely.is_empty(clipped) & (shapely.area(clipped) > 0)
    frame = gpd.GeoDataFrame(
        rows[keep].reset_index(drop=True), geometry=clipped[keep], crs=GRID_CRS
    )
    frame["geometry"] = shapely.make_valid(frame.geometry.to_numpy())
    return frame


def rook_neighbours(x: np.ndarray, y: np.ndarray) -> dict[int, list[int]]:
    """Cells sharing an edge on the lattice (centres one cell size apart along x or y)."""
    col = np.rint((x - x.min()) / CELL_SIZE).astype(np.int64).tolist()
    row = np.rint((y - y.min()) / CELL_SIZE).astype(np.int64).tolist()
    index = {(c, r): i for i, (c, r) in enumerate(zip(col, row, strict=True))}
    out: dict[int, list[int]] = {}
    for i, (c, r) in enumerate(zip(col, row, strict=True)):
        around = ((c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1))
        out[i] = [index[key] for key in around if key in index]
    return out


def components(neighbours: dict[int, list[int]]) -> np.ndarray:
    """Label of the connected part each cell belongs to (parts numbered by their first cell)."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(neighbours)
    graph.add_edges_from((i, j) for i, js in neighbours.items() for j in js)
    labels = np.empty(len(neighbours), dtype=np.int64)
    parts = sorted(nx.connected_components(graph), key=min)
    for number, part in enumerate(parts):
        labels[list(part)] = number
    return labels


def link_islands(
    neighbours: dict[int, list[int]], x: np.ndarray, y: np.ndarray
) -> tuple[dict[int, list[int]], tuple[tuple[int, int], ...]]:
    """Join every disconnected part to its nearest other part by one edge (closest cells).

    Repeated from the smallest part up until one part remains. Deterministic: ties are
    broken by cell order.
    """
    linked = {i: list(js) for i, js in neighbours.items()}
    links: list[tuple[int, int]] = []
    points = np.column_stack([x, y])
    while True:
        labels = components(linked)
        parts, sizes = np.unique(labels, return_counts=True)
        if len(parts) <= 1:
            break
        smallest = parts[np.lexsort((parts, sizes))[0]]
        inner = np.flatnonzero(labels == smallest)
        outer = np.flatnonzero(labels != smallest)
        gaps = np.hypot(
            points[inner, 0][:, None] - points[outer, 0][None, :],
            points[inner, 1][:, None] - points[outer, 1][None, :],
        )
        k, m = np.unravel_index(int(np.argmin(gaps)), gaps.shape)
        a, b = int(inner[k]), int(outer[m])
        linked[a].append(b)
        linked[b].append(a)
        links.append((a, b))
    return linked, tuple(links)


def build_cells(
    grid: pd.DataFrame, outline: gpd.GeoDataFrame, *, ags: str = "", source: str = ""
) -> Cells:
    """Cells of the town with rook contiguity, islands linked to their nearest neighbours."""
    frame = town_cells(grid, outline, ags=ags, source=source)
    x = frame["x"].to_numpy(dtype=float)
    y = frame["y"].to_numpy(dtype=float)
    linked, links = link_islands(rook_neighbours(x, y), x, y)
    return Cells(frame=frame, neighbours=linked, links=links)
