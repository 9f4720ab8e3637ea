"""Max-p regionalisation of grid cells (PySAL ``spopt``), with its result checked.

Max-p (Duque, Anselin & Rey 2012; heuristic of Wei, Rey & Knaap 2021) forms as many
contiguous regions as possible such that each region's sum of the size variable reaches a
floor, and among those partitions prefers regions whose cells are similar on the chosen
variables (sum of pairwise city-block distances of their z-scores, improved by simulated
annealing). The heuristic is randomised; a fixed seed makes it repeatable. It is a
heuristic: the number of regions is a good, not a proven maximum.

The similarity variables are per-cell rates (a count divided by the cell's size variable,
0 where the size is 0), standardised to z-scores, so that large cells do not dominate.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from spopt.region import MaxPHeuristic

from sozialraum.errors import ProblemCollector
from sozialraum.regions.cells import Cells, components

SEED = 20111509  # Zensus 2011 reference day 9 May 2011, reversed: any fixed number would do
CONSTRUCTION_ITERATIONS = 3
ANNEALING_ITERATIONS = 1
SIZE = "_size"


@dataclass(frozen=True)
class Regions:
    """Region number per cell (0 … count-1, numbered from north to south)."""

    labels: np.ndarray
    count: int


def similarity_attributes(
    frame: pd.DataFrame, variables: Sequence[str], size: np.ndarray
) -> pd.DataFrame:
    """z-scores of ``variable / size`` per cell (0 where size is 0; constant columns give 0)."""
    problems = ProblemCollector()
    for name in variables:
        if name not in frame.columns:
            problems.add("missing_column", column=name)
    problems.raise_if_errors()
    out = {}
    safe = np.where(size > 0, size, 1.0)
    for name in variables:
        counts = pd.to_numeric(frame[name], errors="coerce").fillna(0).to_numpy(dtype=float)
        rate = np.where(size > 0, counts / safe, 0.0)
        spread = rate.std()
        out[f"z_{name}"] = (rate - rate.mean()) / spread if spread > 0 else np.zeros_like(rate)
    return pd.DataFrame(out, index=frame.index)


def _number_north_to_south(raw: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Renumber region labels 0 … p-1 by their northernmost cell (then westernmost)."""
    keys = {}
    for label in np.unique(raw):
        members = np.flatnonzero(raw == label)
        first = members[np.lexsort((x[members], -y[members]))[0]]
        keys[int(label)] = (-y[first], x[first])
    order = sorted(keys, key=lambda label: keys[label])
    mapping = {label: number for number, label in enumerate(order)}
    return np.array([mapping[int(label)] for label in raw], dtype=np.int64)


def regionalise(
    cells: Cells,
    size: np.ndarray,
    attributes: pd.DataFrame,
    floor: float,
    *,
    seed: int = SEED,
    construction_iterations: int = CONSTRUCTION_ITERATIONS,
    annealing_iterations: int = ANNEALING_ITERATIONS,
) -> Regions:
    """Max-p regions of the cells: contiguous, each with ``size`` summing to ≥ ``floor``.

    Raises DataError when even the whole town stays below the floor. The global NumPy
    random state is restored afterwards.
    """
    total = float(size.sum())
    problems = ProblemCollector()
    if floor <= 0:
        problems.add("regions_bad_floor", value=floor)
    elif total < floor:
        problems.add("regions_below_floor", value=round(total), floor=round(floor))
    problems.raise_if_errors()
    frame = gpd.GeoDataFrame(
        attributes.assign(**{SIZE: size}),
        geometry=cells.frame.geometry.to_numpy(),
        crs=cells.frame.crs,
    ).reset_index(drop=True)
    x = cells.frame["x"].to_numpy(dtype=float)
    y = cells.frame["y"].to_numpy(dtype=float)
    if total < 2 * floor:  # one region: nothing to choose
        labels = np.zeros(len(frame), dtype=np.int64)
        check_regions(cells, labels, size, floor)
        return Regions(labels=labels, count=1)
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        with warnings.catch_warnings():
            # spopt 0.7 calls GeoDataFrame.drop(inplace=True), deprecated in pandas 3.1
            warnings.filterwarnings("ignore", message="The inplace keyword")
            model = MaxPHeuristic(
                frame,
                cells.weights,
                list(attributes.columns),
                SIZE,
                floor,
                top_n=2,
                max_iterations_construction=construction_iterations,
                max_iterations_sa=annealing_iterations,
            )
            model.solve()
    finally:
        np.random.set_state(state)
    labels = _number_north_to_south(np.asarray(model.labels_), y, x)
    check_regions(cells, labels, size, floor)
    return Regions(labels=labels, count=int(labels.max()) + 1)


def check_regions(cells: Cells, labels: np.ndarray, size: np.ndarray, floor: float) -> None:
    """Every cell in exactly one region, each region contiguous and at or above the floor.

    Contiguity is checked on the cell graph including the island links. Raises
    AssertionError (a bug, not bad input) when a condition fails.
    """
    if len(labels) != len(cells.frame) or (labels < 0).any():
        raise AssertionError("not every cell belongs to a region")
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if size[members].sum() < floor - 1e-9:
            raise AssertionError(f"region {label} below the floor")
        position = {cell: k for k, cell in enumerate(members.tolist())}
        sub = {
            position[i]: [position[j] for j in cells.neighbours[i] if j in position]
            for i in position
        }
        if len(np.unique(components(sub))) != 1:
            raise AssertionError(f"region {label} is not contiguous")
