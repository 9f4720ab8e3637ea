"""Import the official Zensus grid files (2011 and 2022) as district values of a town.

Grid files are read by :mod:`sozialraum.census_grid` (layout, encoding, chunked
streaming limited to the town's bounding box).

Aggregation to districts (see :func:`aggregate`):

* ``area`` (default for 1 km cells): a cell contributes to every district it overlaps with
  weight = share of the cell's area inside the district (population assumed evenly spread
  inside the cell). Counts are summed with that weight; rates are rebuilt from estimated
  counts: foreigners / under-18 / 65+ shares and living space per resident are weighted by
  population; vacancy by dwellings, estimated as population ÷ household size ÷
  (1 − vacancy rate); household size as population ÷ households; mean age is a
  population-weighted mean; 2022 net rent is weighted by the number of dwellings the file
  gives (else by population).
* ``centre`` (default for 100 m cells): a cell belongs wholly to the district containing
  its centre; cells whose centre lies outside the town are dropped.

Suppression: a cell whose value is suppressed (2011 ``-9``, 2022 ``–``) adds nothing to a
district value. A district value is marked ``.`` (geheim) with a warning when fewer than
``min_known_cells`` cells with a value contribute (1 for 1 km, 3 for 100 m cells), or
when more than ``max_suppressed_share`` (25 %) of the district's residents live in cells
whose value is suppressed (measured by population where the cells' population is known,
otherwise by area). A district with no residents at all gets ``-`` (nichts vorhanden) for
rates and means. The loader's own ``min_count`` suppression applies on top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.atomic import write_files
from sozialraum.census_grid import (
    CATALOG_FILE,
    DEFAULT_CHUNKSIZE,
    GRID_CRS,
    LICENCE,
    NONE,
    OK,
    SUPP,
    GridCells,
    ReadStats,
    cell_boxes,
    is_zip,
    merge_cells,
    read_grid,
    sniff_layout,
    town_bbox,
    zensus_catalog,
    zensus_catalog_frame,
)
from sozialraum.columns import (
    DENOMINATOR,
    DISTRICT_ID,
    INDICATOR_ID,
    NUMERATOR,
    SOURCE,
    STATUS,
    VALUE,
    VALUE_FILE_COLUMNS,
    YEAR,
)
from sozialraum.errors import Problem, ProblemCollector
from sozialraum.text_tables import format_number

MAX_SUPPRESSED_SHARE = 0.25

Method = Literal["area", "centre"]
METHODS: tuple[str, ...] = ("area", "centre")


def cell_weights(
    cells: pd.DataFrame, cell_size: int, districts: gpd.GeoSeries, method: Method
) -> pd.DataFrame:
    """Which cell counts for which district, and how much: cell_id, district_id, weight.

    ``area``: weight = share of the cell's area inside the district. ``centre``: weight 1
    for the district containing the cell centre (the first one, on a shared boundary).
    """
    geoms = districts.to_numpy()
    if method == "area":
        boxes = cell_boxes(cells, cell_size)
        tree = shapely.STRtree(boxes)
        district_idx, cell_idx = tree.query(geoms, predicate="intersects")
        pieces = shapely.intersection(boxes[cell_idx], geoms[district_idx])
        weight = shapely.area(pieces) / float(cell_size) ** 2
    else:
        points = shapely.points(cells["x"].to_numpy(float), cells["y"].to_numpy(float))
        tree = shapely.STRtree(geoms)
        cell_idx, district_idx = tree.query(points, predicate="intersects")
        order = np.lexsort((district_idx, cell_idx))
        cell_idx, district_idx = cell_idx[order], district_idx[order]
        first = np.ones(len(cell_idx), dtype=bool)
        first[1:] = cell_idx[1:] != cell_idx[:-1]
        cell_idx, district_idx = cell_idx[first], district_idx[first]
        weight = np.ones(len(cell_idx))
    out = pd.DataFrame(
        {
            "cell_id": cells.index.to_numpy()[cell_idx],
            DISTRICT_ID: districts.index.to_numpy()[district_idx],
            "weight": weight,
        }
    )
    return out[out["weight"] > 1e-9].reset_index(drop=True)


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Derivation:
    """How one district indicator is built from cell features.

    ``compute`` returns per cell the numerator and denominator (for counts: the count and
    NaN) from the features' values, which are NaN unless published.
    """

    indicator_id: str
    kind: Literal["count", "rate", "mean"]
    scale: float
    inputs: tuple[str, ...]
    compute: Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]
    # At least one of these must be present (the weight of a mean), if any are named.
    weight_options: tuple[str, ...] = ()

    def missing(self, features: Sequence[str]) -> str | None:
        """The first feature this indicator needs that is not there, else None."""
        for feature in self.inputs:
            if feature not in features:
                return feature
        if self.weight_options and not set(self.weight_options) & set(features):
            return self.weight_options[0]
        return None


def _pop(cells: pd.DataFrame) -> pd.Series:
    """Population with 'nothing there' as 0 (2011 -1, 2022 cell not listed); NaN unknown."""
    if "population" not in cells.columns:
        return pd.Series(np.nan, index=cells.index)
    return cells["population"].where(cells["population_status"] != NONE, 0.0)


def _share(feature: str) -> Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]:
    def compute(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        pop = _pop(cells)
        return pop * cells[feature] / 100.0, pop

    return compute


def _per_person(feature: str) -> Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]:
    def compute(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        pop = _pop(cells)
        return pop * cells[feature], pop

    return compute


def _population(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    return _pop(cells), pd.Series(np.nan, index=cells.index)


def _household_size(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    pop = _pop(cells)
    size = cells["household_size"].where(cells["household_size"] > 0)
    return pop, pop / size


def _vacancy(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Dwellings ≈ households ÷ (1 − vacancy); households ≈ population ÷ household size."""
    pop = _pop(cells)
    size = cells["household_size"].where(cells["household_size"] > 0)
    rate = cells["vacancy_rate"].where(cells["vacancy_rate"] < 100) / 100.0
    dwellings = pop / size / (1.0 - rate)
    return dwellings * rate, dwellings


def _net_rent(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Weighted by the dwellings the rent refers to when the file gives them, else people."""
    weight = _pop(cells)
    if "rent_dwellings" in cells.columns:
        weight = cells["rent_dwellings"].where(cells["rent_dwellings_status"] == OK, weight)
    return cells["net_rent_zensus2022"] * weight, weight


DERIVATIONS: tuple[Derivation, ...] = (
    Derivation("population", "count", 1, ("population",), _population),
    Derivation(
        "foreigners_share",
        "rate",
        100,
        ("population", "foreigners_share"),
        _share("foreigners_share"),
    ),
    Derivation(
        "under18_share", "rate", 100, ("population", "under18_share"), _share("under18_share")
    ),
    Derivation("over65_share", "rate", 100, ("population", "over65_share"), _share("over65_share")),
    Derivation("mean_age", "mean", 1, ("population", "mean_age"), _per_person("mean_age")),
    Derivation(
        "living_space_per_capita",
        "rate",
        1,
        ("population", "living_space_per_capita"),
        _per_person("living_space_per_capita"),
    ),
    Derivation("household_size", "rate", 1, ("population", "household_size"), _household_size),
    Derivation(
        "vacancy_rate", "rate", 100, ("population", "household_size", "vacancy_rate"), _vacancy
    ),
    Derivation(
        "net_rent_zensus2022",
        "mean",
        1,
        ("net_rent_zensus2022",),
        _net_rent,
        weight_options=("rent_dwellings", "population"),
    ),
)


def _cell_states(cells: pd.DataFrame, inputs: Sequence[str]) -> pd.Series:
    """Combined state of the inputs: suppressed wins, then 'nothing', else OK.

    No residents means nothing to describe, whatever the other features say.
    """
    state = pd.Series(OK, index=cells.index, dtype=object)
    for feature in inputs:
        state[cells[f"{feature}_status"] == NONE] = NONE
    for feature in inputs:
        state[cells[f"{feature}_status"] == SUPP] = SUPP
    if "population" in inputs:
        state[(cells["population_status"] == NONE) | (cells["population"] == 0)] = NONE
    return state


def cell_contributions(cells: pd.DataFrame, derivation: Derivation) -> pd.DataFrame:
    """Per cell: numerator, denominator, state and population (for the suppressed share)."""
    num, den = derivation.compute(cells)
    state = _cell_states(cells, derivation.inputs)
    if derivation.kind == "count":
        broken = (state == OK) & num.isna()
    else:
        broken = (state == OK) & (num.isna() | den.isna() | ~(den > 0))
    state[broken] = NONE
    pop = _pop(cells)
    if "population" in cells.columns:
        pop = pop.where(cells["population_status"] != SUPP)
    return pd.DataFrame({"num": num, "den": den, "state": state, "pop": pop}, index=cells.index)


# --------------------------------------------------------------------------- aggregation


@dataclass(frozen=True)
class SuppressionRule:
    """When a district value built from grid cells is too thin to publish (see module doc)."""

    min_known_cells: int = 1
    max_suppressed_share: float = MAX_SUPPRESSED_SHARE

    @classmethod
    def for_cell_size(cls, cell_size: int) -> SuppressionRule:
        return cls(min_known_cells=1 if cell_size >= 1000 else 3)


def _district_sums(contrib: pd.DataFrame, weights: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = weights.join(contrib, on="cell_id")
    w = rows["weight"]
    ok = rows["state"] == OK
    supp = rows["state"] == SUPP
    relevant = ok & ((rows["num"] > 0) if kind == "count" else (rows["den"] > 0))
    relevant_or_supp = relevant | supp
    frame = pd.DataFrame(
        {
            DISTRICT_ID: rows[DISTRICT_ID],
            "num": (rows["num"] * w).where(ok, 0.0),
            "den": (rows["den"] * w).where(ok, 0.0),
            "known": relevant.astype(int),
            "supp_pop": (rows["pop"] * w).where(supp, 0.0),
            "all_pop": (rows["pop"] * w).where(relevant_or_supp, 0.0),
            "supp_area": w.where(supp, 0.0),
            "all_area": w.where(relevant_or_supp, 0.0),
            "pop_unknown": (rows["pop"].isna() & relevant_or_supp).astype(int),
        }
    )
    return frame.groupby(DISTRICT_ID).sum()


def aggregate(
    cells: GridCells,
    weights: pd.DataFrame,
    district_ids: Sequence[str],
    derivation: Derivation,
    rule: SuppressionRule,
) -> tuple[pd.DataFrame, list[Problem]]:
    """District rows (district_id, value, numerator, denominator, status) for one indicator."""
    contrib = cell_contributions(cells.frame, derivation)
    sums = _district_sums(contrib, weights, derivation.kind).reindex(
        list(district_ids), fill_value=0
    )
    by_pop = sums["pop_unknown"] == 0
    share_array = np.where(
        by_pop,
        sums["supp_pop"] / sums["all_pop"].where(sums["all_pop"] > 0),
        sums["supp_area"] / sums["all_area"].where(sums["all_area"] > 0),
    )
    share = pd.Series(np.nan_to_num(share_array, nan=0.0), index=sums.index)
    known, supp_area = sums["known"], sums["supp_area"]
    num = sums["num"].round(2)
    den = sums["den"].round(2)
    problems: list[Problem] = []
    rows = []
    for district_id in district_ids:
        status = OK
        if share[district_id] > rule.max_suppressed_share:
            status = SUPP
            problems.append(
                Problem(
                    "zensus_suppressed_share",
                    severity="warning",
                    params={
                        "district": district_id,
                        "value": derivation.indicator_id,
                        "share": float(share[district_id]),
                        "limit": rule.max_suppressed_share,
                    },
                )
            )
        elif derivation.kind != "count" and known[district_id] < rule.min_known_cells:
            if known[district_id] == 0 and supp_area[district_id] == 0:
                status = NONE  # nobody lives there: nothing to describe
            else:
                status = SUPP
                problems.append(
                    Problem(
                        "zensus_few_cells",
                        severity="warning",
                        params={
                            "district": district_id,
                            "value": derivation.indicator_id,
                            "known": int(known[district_id]),
                            "minimum": rule.min_known_cells,
                        },
                    )
                )
        elif derivation.kind != "count" and not den[district_id] > 0:
            status = NONE
        rows.append(_value_row(district_id, derivation, status, num[district_id], den[district_id]))
    return pd.DataFrame(rows), problems


def _value_row(
    district_id: str, derivation: Derivation, status: str, num: float, den: float
) -> dict[str, object]:
    row: dict[str, object] = {
        DISTRICT_ID: district_id,
        VALUE: np.nan,
        NUMERATOR: np.nan,
        DENOMINATOR: np.nan,
        STATUS: status,
    }
    if status != OK:
        return row
    if derivation.kind == "count":
        row[VALUE] = num
    elif derivation.kind == "rate":
        row.update(value=num / den * derivation.scale, numerator=num, denominator=den)
    else:
        row.update(value=num / den, denominator=den)
    return row


# --------------------------------------------------------------------------- output


def to_text_table(values: pd.DataFrame) -> pd.DataFrame:
    """The value rows as the strings written to the CSV (index = line number)."""
    out = pd.DataFrame(
        {
            DISTRICT_ID: values[DISTRICT_ID].astype(str),
            INDICATOR_ID: values[INDICATOR_ID].astype(str),
            YEAR: values[YEAR].astype(int).astype(str),
            VALUE: values[VALUE].map(format_number),
            NUMERATOR: values[NUMERATOR].map(format_number),
            DENOMINATOR: values[DENOMINATOR].map(format_number),
            STATUS: values[STATUS].astype(str),
            SOURCE: values[SOURCE].astype(str),
        },
        columns=VALUE_FILE_COLUMNS,
    ).astype(object)
    out.index = pd.RangeIndex(2, len(out) + 2)
    return out


def _csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n")


# --------------------------------------------------------------------------- import


@dataclass
class ZensusImport:
    """Result of an import: the files written and the warnings to show."""

    written: list[Path]
    values: pd.DataFrame
    problems: list[Problem]
    stats: ReadStats


def layer_path(data_dir: Path, town_id: str, year: int) -> Path:
    return data_dir / "layers" / town_id / f"zensus{year}.csv"


def source_text(year: int, cell_size: int, method: Method) -> str:
    grid = f"{cell_size // 1000}-km-Gitter" if cell_size >= 1000 else f"{cell_size}-m-Gitter"
    how = "flächengewichtet" if method == "area" else "nach Zellmittelpunkt"
    return f"Zensus {year}, {grid} ({how} auf Bezirke); {LICENCE}"


def default_method(cell_size: int) -> Method:
    return "area" if cell_size >= 1000 else "centre"


def district_values(
    cells: GridCells,
    districts_3035: gpd.GeoSeries,
    method: Method,
    rule: SuppressionRule | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """All indicators derivable from ``cells`` for every district, as value rows."""
    rule = rule or SuppressionRule.for_cell_size(cells.cell_size)
    weights = cell_weights(cells.frame, cells.cell_size, districts_3035, method)
    problems: list[Problem] = []
    parts = []
    for derivation in DERIVATIONS:
        if derivation.indicator_id not in cells.features:
            continue
        missing = derivation.missing(cells.features)
        if missing:
            problems.append(
                Problem(
                    "zensus_feature_skipped",
                    severity="warning",
                    params={"value": derivation.indicator_id, "missing": missing},
                )
            )
            continue
        rows, found = aggregate(cells, weights, list(districts_3035.index), derivation, rule)
        rows.insert(1, INDICATOR_ID, derivation.indicator_id)
        parts.append(rows)
        problems.extend(found)
    values = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=VALUE_FILE_COLUMNS)
    )
    values[YEAR] = cells.year
    values[SOURCE] = source_text(cells.year, cells.cell_size, method)
    values = values.sort_values([DISTRICT_ID, INDICATOR_ID, YEAR], ignore_index=True)
    return values[list(VALUE_FILE_COLUMNS)], problems


def import_zensus(
    data_dir: Path,
    town_id: str,
    grid_paths: Sequence[Path],
    *,
    method: Method | None = None,
    year: int | None = None,
    resolution: str | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> ZensusImport:
    """Aggregate grid files to the districts of ``town_id`` and write its Zensus layers.

    ``grid_paths`` are grid CSV files or Zensus 2022 topic ZIPs as published; for a ZIP,
    ``resolution`` ('100m', '1km', '10km') picks the file inside (needed when it holds
    several); a plain CSV file is read at its own resolution. Only cells touching the
    town's outline are kept while streaming.

    One layer per census year: ``layers/<town_id>/zensus<year>.csv``, replaced on re-run,
    plus the catalog entries of new indicators in ``indicators/catalog_zensus.csv``.
    Everything is checked (as the loader will) before anything is written.
    """
    from sozialraum.catalog import load_catalog_for
    from sozialraum.loaders import load_town, parse_values

    if method is not None and method not in METHODS:
        bad_method = ProblemCollector()
        bad_method.add("zensus_bad_method", value=method)
        bad_method.raise_if_errors()
    town = load_town(data_dir, town_id)
    districts = town.districts.geometry.to_crs(GRID_CRS)
    outline = shapely.union_all(town.outline.to_crs(GRID_CRS).geometry.to_numpy())
    stats = ReadStats()
    by_year: dict[int, list[GridCells]] = {}
    shapely.prepare(outline)
    for path in grid_paths:
        chosen_resolution = resolution if is_zip(Path(path)) else None
        layout = sniff_layout(Path(path), year, resolution=chosen_resolution)
        bbox = town_bbox(outline, layout.cell_size)
        part = read_grid(
            Path(path),
            bbox,
            year=layout.year,
            resolution=chosen_resolution,
            within=outline,
            chunksize=chunksize,
            stats=stats,
        )
        by_year.setdefault(part.year, []).append(part)

    catalog = load_catalog_for(data_dir, town.town.folder).merged(zensus_catalog())
    problems: list[Problem] = []
    files: dict[Path, str] = {}
    tables = []
    for census_year, parts in sorted(by_year.items()):
        cells = merge_cells(parts)
        problems.extend(cells.problems)
        if not _cells_touch(cells, outline):
            collector = ProblemCollector(", ".join(str(p) for p in cells.sources))
            collector.add("zensus_no_cells", value=town.town.name)
            collector.raise_if_errors()
        chosen: Method = method or default_method(cells.cell_size)
        values, found = district_values(cells, districts, chosen)
        problems.extend(found)
        path = layer_path(data_dir, town_id, census_year)
        problems = [_with_file(p, str(path)) for p in problems]
        table = to_text_table(values)
        parse_values(table, str(path), catalog, town.districts.index)  # raises like the loader
        files[path] = _csv_text(table)
        tables.append(values)

    catalog_path = data_dir / "indicators" / CATALOG_FILE
    catalog_text = _csv_text(zensus_catalog_frame())
    if not catalog_path.exists() or catalog_path.read_text(encoding="utf-8") != catalog_text:
        files = {catalog_path: catalog_text, **files}
    write_files(files)
    all_values = (
        pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=VALUE_FILE_COLUMNS)
    )
    return ZensusImport(written=list(files), values=all_values, problems=problems, stats=stats)


def _with_file(problem: Problem, file: str) -> Problem:
    if problem.file:
        return problem
    return Problem(
        problem.code, file, problem.row, problem.column, problem.severity, problem.params
    )


def _cells_touch(cells: GridCells, outline: shapely.Geometry) -> bool:
    if cells.frame.empty:
        return False
    boxes = cell_boxes(cells.frame, cells.cell_size)
    return bool(shapely.intersects(boxes, outline).any())
