"""Import the official Zensus grid files (2011 and 2022) as district values of a town.

Input files, as published by the Statistische Ämter des Bundes und der Länder:

* Zensus 2011, ``Zensus_spitze_Werte_1km-Gitter.csv``: one row per 1 km cell with
  ``Gitter_ID_1km;x_mp_1km;y_mp_1km;Einwohner;Frauen_A;Alter_D;unter18_A;ab65_A;
  Auslaender_A;HHGroesse_D;Leerstandsquote;Wohnfl_Bew_D;Wohnfl_Whg_D``, ``;``-separated,
  decimal comma, ``-1`` = no value (nothing there), ``-9`` = suppressed (geheim).
* Zensus 2022 "Gitterzellen" files: one file per feature and cell size, e.g.
  ``Zensus2022_Anteil_Auslaender_100m-Gitter.csv`` with
  ``GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen``.
  Decimal comma; ``–`` where no value is published; the explanatory sign ``KLAMMERN``
  marks values of limited reliability. Some files are ``,``-separated (detected).
  Unpopulated cells are not listed at all.

Cell centres are in EPSG:3035 (ETRS89-LAEA). National files are big (the 2022 100 m files
have about 3.2 million rows), so they are read in chunks and only cells whose centre lies
in the town's bounding box (plus one cell of margin) are kept.

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

import codecs
import csv
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, NoReturn

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.catalog import CATALOG_COLUMNS, Catalog, parse_catalog
from sozialraum.errors import DataError, Problem, ProblemCollector
from sozialraum.loaders import VALUE_FILE_COLUMNS

GRID_CRS = "EPSG:3035"
LICENCE = "Statistische Ämter des Bundes und der Länder, dl-de/by-2-0"
CENSUS_YEARS = (2011, 2022)
DEFAULT_CHUNKSIZE = 200_000
MAX_SUPPRESSED_SHARE = 0.25
MAX_REPORTED = 20

Method = Literal["area", "centre"]
METHODS: tuple[str, ...] = ("area", "centre")

# Cell states: a value as published, nothing there (-1 / not listed), or suppressed.
OK, NONE, SUPP = "", "-", "."

# Published column -> feature (= catalog indicator id, except the helper rent_dwellings).
COLUMNS_2011: dict[str, str] = {
    "einwohner": "population",
    "alter_d": "mean_age",
    "unter18_a": "under18_share",
    "ab65_a": "over65_share",
    "auslaender_a": "foreigners_share",
    "hhgroesse_d": "household_size",
    "leerstandsquote": "vacancy_rate",
    "wohnfl_bew_d": "living_space_per_capita",
}
COLUMNS_2022: dict[str, str] = {
    "einwohner": "population",
    "durchschnittsalter": "mean_age",
    "anteilunter18": "under18_share",
    "anteilueber65": "over65_share",
    "anteilauslaender": "foreigners_share",
    "durchschnhhgroesse": "household_size",
    "leerstandsquote": "vacancy_rate",
    "durchschnflaechejebew": "living_space_per_capita",
    "durchschnmieteqm": "net_rent_zensus2022",
    "anzahlwohnungen": "rent_dwellings",
}
SIGN_COLUMN = "werterlaeuternde_zeichen"
SIGN_UNCERTAIN = frozenset({"KLAMMERN", "()"})
NO_VALUE_2022 = frozenset({"–", "—", "-", ".", "•", "x", "X"})
_ID_PATTERN = re.compile(r"^gitter_id_(\d+)(km|m)$", re.IGNORECASE)


# --------------------------------------------------------------------------- file layout


def _fail(problems: ProblemCollector, code: str, **params: object) -> NoReturn:
    problems.add(code, **params)
    raise DataError(problems.problems)


@dataclass(frozen=True)
class GridLayout:
    """How one grid file is laid out: found from its header, before reading any rows."""

    path: Path
    year: int
    cell_size: int  # metres
    sep: str
    encoding: str
    id_column: str
    x_column: str
    y_column: str
    features: dict[str, str]  # file column -> feature
    sign_column: str | None = None

    @property
    def columns(self) -> list[str]:
        extra = [self.sign_column] if self.sign_column else []
        return [self.id_column, self.x_column, self.y_column, *self.features, *extra]


def _sniff_encoding(head: bytes) -> str:
    """UTF-8 when the first bytes decode as such (a cut multi-byte end is fine), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _cell_size(unit_number: str, unit: str) -> int:
    return int(unit_number) * (1000 if unit.lower() == "km" else 1)


def _census_year(path: Path, id_column: str, columns: Sequence[str]) -> int | None:
    """2011 or 2022, from the file name, else from the spelling of the id column."""
    name = path.name
    for year in CENSUS_YEARS:
        if str(year) in name:
            return year
    lowered = {c.lower() for c in columns}
    if lowered & (set(COLUMNS_2011) - {"einwohner", "leerstandsquote"}):
        return 2011
    if SIGN_COLUMN in lowered or lowered & (set(COLUMNS_2022) - {"einwohner", "leerstandsquote"}):
        return 2022
    if id_column.startswith("GITTER_ID"):
        return 2022
    if id_column.startswith("Gitter_ID"):
        return 2011
    return None


def sniff_layout(path: Path, year: int | None = None) -> GridLayout:
    """Read the header of a grid file and tell its census year, cell size and columns."""
    problems = ProblemCollector(str(path))
    if not path.exists():
        _fail(problems, "file_missing")
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        _fail(problems, "empty_file")
    encoding = _sniff_encoding(head)
    header_line = head.decode(encoding, errors="replace").splitlines()[0].lstrip("\ufeff")
    sep = ";" if header_line.count(";") >= header_line.count(",") else ","
    columns = next(csv.reader([header_line], delimiter=sep))
    columns = [c.strip() for c in columns]
    by_lower = {c.lower(): c for c in columns}
    id_column = next((c for c in columns if _ID_PATTERN.match(c)), "")
    match = _ID_PATTERN.match(id_column)
    suffix = id_column.lower().removeprefix("gitter_id_")
    x_column = by_lower.get(f"x_mp_{suffix}")
    y_column = by_lower.get(f"y_mp_{suffix}")
    if match is None or x_column is None or y_column is None:
        _fail(problems, "zensus_unknown_layout", row=1)
    census = year or _census_year(path, id_column, columns)
    if census is None or census not in CENSUS_YEARS:
        _fail(problems, "zensus_unknown_year", row=1)
    known = COLUMNS_2011 if census == 2011 else COLUMNS_2022
    features = {c: known[c.lower()] for c in columns if c.lower() in known}
    if not features:
        _fail(problems, "zensus_no_feature", row=1, expected=", ".join(list(known)[:5]))
    return GridLayout(
        path=path,
        year=census,
        cell_size=_cell_size(match.group(1), match.group(2)),
        sep=sep,
        encoding=encoding,
        id_column=id_column,
        x_column=x_column,
        y_column=y_column,
        features=features,
        sign_column=by_lower.get(SIGN_COLUMN) if census == 2022 else None,
    )


# --------------------------------------------------------------------------- reading


@dataclass
class ReadStats:
    """What streaming a file did: lets tests (and users) see that memory stayed bounded."""

    rows_read: int = 0
    rows_kept: int = 0
    chunks: int = 0
    max_chunk_rows: int = 0


@dataclass
class GridCells:
    """Cells of one census (one or several files merged), indexed by cell id.

    Columns: ``x``, ``y`` (cell centre, EPSG:3035) and per feature ``<feature>`` (float,
    NaN unless published) and ``<feature>_status`` (``""``, ``"-"`` nothing, ``"."``
    suppressed), plus ``<feature>_uncertain`` (bool, 2022 ``KLAMMERN``).
    """

    year: int
    cell_size: int
    frame: pd.DataFrame
    features: tuple[str, ...]
    sources: tuple[Path, ...]
    problems: list[Problem] = field(default_factory=list)


BBox = tuple[float, float, float, float]


def _chunks(layout: GridLayout, chunksize: int, numeric_xy: bool) -> Iterator[pd.DataFrame]:
    """The file in chunks of at most ``chunksize`` rows (only the needed columns), as text.

    With ``numeric_xy`` the C parser reads the cell centres as numbers directly, which is
    several times faster than converting text; it raises ValueError on a bad coordinate.
    """
    dtype: dict[str, str] = dict.fromkeys(layout.columns, "str")
    if numeric_xy:
        dtype.update({layout.x_column: "float64", layout.y_column: "float64"})
    reader = pd.read_csv(
        layout.path,
        sep=layout.sep,
        dtype=dtype,  # type: ignore[arg-type]
        usecols=layout.columns,
        keep_default_na=False,
        na_filter=False,
        chunksize=chunksize,
        encoding=layout.encoding,
        engine="c",
    )
    with reader:
        yield from reader


def _to_float(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.str.strip().str.replace(",", ".", regex=False), errors="coerce")


def _report(
    problems: ProblemCollector, lines: Iterable[int], code: str, column: str, **params: object
) -> None:
    lines = list(lines)
    for line in lines[:MAX_REPORTED]:
        problems.add(code, row=line, column=column, **params)
    if len(lines) > MAX_REPORTED:
        problems.add("more_rows", column=column, count=len(lines) - MAX_REPORTED)


def _parse_values(
    text: pd.Series, year: int, lines: pd.Series, problems: ProblemCollector, column: str
) -> tuple[pd.Series, pd.Series]:
    """Published text -> (value, state).

    2011: ``-1`` nothing there, ``-9`` suppressed. 2022: ``–`` unknown (see below),
    empty: nothing there.
    """
    stripped = text.str.strip()
    value = _to_float(stripped)
    state = pd.Series(OK, index=text.index, dtype=object)
    if year == 2011:
        state[value == -1] = NONE
        state[value == -9] = SUPP
    else:
        # The 2022 grid files show '–' where no value is published; they do not tell
        # secrecy from "nothing" there, so such a cell counts as unknown (suppressed).
        state[stripped.isin(NO_VALUE_2022)] = SUPP
        state[stripped == ""] = NONE
    bad = value.isna() & (state == OK)
    if bad.any():
        _report(problems, lines[bad], "not_a_number", column, value="…")
    value = value.where(state == OK)
    return value, state


def _parse_chunk(
    chunk: pd.DataFrame, xy: pd.DataFrame, layout: GridLayout, problems: ProblemCollector
) -> pd.DataFrame:
    lines = pd.Series(chunk.index.to_numpy() + 2, index=chunk.index)  # header is line 1
    out = pd.DataFrame(index=chunk[layout.id_column].astype(str).str.strip().to_numpy())
    out.index.name = "cell_id"
    out["x"] = xy["x"].to_numpy(dtype=float)
    out["y"] = xy["y"].to_numpy(dtype=float)
    signs = (
        chunk[layout.sign_column].str.strip()
        if layout.sign_column
        else pd.Series("", index=chunk.index)
    )
    for column, feature in layout.features.items():
        value, state = _parse_values(chunk[column], layout.year, lines, problems, column)
        out[feature] = value.to_numpy()
        out[f"{feature}_status"] = state.to_numpy()
        out[f"{feature}_uncertain"] = signs.isin(SIGN_UNCERTAIN).to_numpy()
    if layout.sign_column:
        out["_sign"] = signs.to_numpy()
    return out


def _stream(
    layout: GridLayout,
    bbox: BBox | None,
    chunksize: int,
    stats: ReadStats,
    problems: ProblemCollector,
    *,
    numeric_xy: bool,
) -> list[pd.DataFrame]:
    """Read chunk by chunk; keep (and parse) only rows whose centre lies in ``bbox``."""
    kept: list[pd.DataFrame] = []
    for chunk in _chunks(layout, chunksize, numeric_xy):
        stats.chunks += 1
        stats.rows_read += len(chunk)
        stats.max_chunk_rows = max(stats.max_chunk_rows, len(chunk))
        if numeric_xy:
            xy = pd.DataFrame({"x": chunk[layout.x_column], "y": chunk[layout.y_column]})
        else:
            xy = pd.DataFrame(
                {"x": _to_float(chunk[layout.x_column]), "y": _to_float(chunk[layout.y_column])}
            )
        bad = xy["x"].isna() | xy["y"].isna()
        if bad.any():
            column = layout.x_column if xy["x"].isna().any() else layout.y_column
            lines = (chunk.index[bad.to_numpy()] + 2).tolist()
            _report(problems, lines, "not_a_number", column, value="…")
            continue
        if bbox is not None:
            inside = xy["x"].between(bbox[0], bbox[2]) & xy["y"].between(bbox[1], bbox[3])
            chunk, xy = chunk[inside], xy[inside]
        if len(chunk):
            kept.append(_parse_chunk(chunk, xy, layout, problems))
    return kept


def read_grid(
    path: Path,
    bbox: BBox | None = None,
    *,
    year: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    stats: ReadStats | None = None,
) -> GridCells:
    """Stream one grid file, keeping only cells whose centre lies in ``bbox`` (EPSG:3035).

    At most ``chunksize`` rows are held as text at any time; only kept rows are parsed
    beyond their coordinates. Raises DataError for unreadable files or bad numbers.
    """
    layout = sniff_layout(path, year)
    stats = stats if stats is not None else ReadStats()
    start = replace(stats)
    problems = ProblemCollector(str(path))
    kept: list[pd.DataFrame] = []
    try:
        try:
            kept = _stream(layout, bbox, chunksize, stats, problems, numeric_xy=True)
        except ValueError:
            # A centre is not a plain number: read again as text to say which rows.
            stats.__dict__.update(start.__dict__)
            problems.problems.clear()
            kept = _stream(layout, bbox, chunksize, stats, problems, numeric_xy=False)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        problems.add("zensus_unreadable", detail=str(exc).splitlines()[0][:200])
    problems.raise_if_errors()
    if kept:
        frame = pd.concat(kept)
    else:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in layout.columns})
        frame = _parse_chunk(empty, pd.DataFrame({"x": [], "y": []}), layout, problems)
    stats.rows_kept += len(frame)
    _sign_warnings(frame, layout, problems)
    frame = frame.drop(columns=["_sign"], errors="ignore")
    return GridCells(
        year=layout.year,
        cell_size=layout.cell_size,
        frame=frame,
        features=tuple(layout.features.values()),
        sources=(path,),
        problems=problems.problems,
    )


def check_grid(path: Path, *, chunksize: int = DEFAULT_CHUNKSIZE) -> list[Problem]:
    """Every problem of a whole grid file: header, cell centres and each published value.

    Streams the file like :func:`read_grid` but keeps no cells (``sozialraum validate`` checks
    national files this way); stops early once more than ``MAX_REPORTED`` problems are found.
    """
    try:
        layout = sniff_layout(path)
    except DataError as exc:
        return exc.problems
    problems = ProblemCollector(str(path))
    try:
        for chunk in _chunks(layout, chunksize, numeric_xy=False):
            xy = pd.DataFrame(
                {"x": _to_float(chunk[layout.x_column]), "y": _to_float(chunk[layout.y_column])}
            )
            for column, numbers in ((layout.x_column, xy["x"]), (layout.y_column, xy["y"])):
                lines = (chunk.index[numbers.isna().to_numpy()] + 2).tolist()  # header: line 1
                _report(problems, lines, "not_a_number", column, value="…")
            good = (xy["x"].notna() & xy["y"].notna()).to_numpy()
            _parse_chunk(chunk[good], xy[good], layout, problems)
            if len(problems.problems) > MAX_REPORTED:
                break
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        problems.add("zensus_unreadable", detail=str(exc).splitlines()[0][:200])
    return problems.problems


def _sign_warnings(frame: pd.DataFrame, layout: GridLayout, problems: ProblemCollector) -> None:
    if not layout.sign_column or frame.empty:
        return
    signs = frame["_sign"]
    uncertain = int(signs.isin(SIGN_UNCERTAIN).sum())
    if uncertain:
        problems.add("zensus_uncertain_cells", severity="warning", count=uncertain)
    unknown = signs[(signs != "") & ~signs.isin(SIGN_UNCERTAIN) & ~signs.isin(NO_VALUE_2022)]
    for sign, count in unknown.value_counts().items():
        problems.add("zensus_unknown_sign", severity="warning", value=sign, count=int(count))


def merge_cells(parts: Sequence[GridCells]) -> GridCells:
    """Join the files of one census (2022: one file per feature) on the cell id.

    A cell missing from a 2022 file has nothing to report for that feature (the files list
    populated cells only), so its state becomes ``-``.
    """
    year = parts[0].year
    problems = ProblemCollector()
    sizes = sorted({p.cell_size for p in parts})
    if len(sizes) > 1:
        problems.add("zensus_mixed_cell_sizes", year=year, sizes=", ".join(f"{s} m" for s in sizes))
    seen: dict[str, Path] = {}
    for part in parts:
        for feature in part.features:
            if feature in seen:
                problems.add(
                    "zensus_duplicate_feature", file=str(part.sources[0]), value=feature, year=year
                )
            seen[feature] = part.sources[0]
    problems.raise_if_errors()
    frame = parts[0].frame
    for part in parts[1:]:
        other = part.frame
        xy = frame[["x", "y"]].combine_first(other[["x", "y"]])
        frame = frame.drop(columns=["x", "y"]).join(other.drop(columns=["x", "y"]), how="outer")
        frame = xy.join(frame)
    features = tuple(f for p in parts for f in p.features)
    for feature in features:
        status = frame[f"{feature}_status"]
        frame[f"{feature}_status"] = status.where(status.notna(), NONE)
        uncertain = frame[f"{feature}_uncertain"]
        frame[f"{feature}_uncertain"] = uncertain.where(uncertain.notna(), False).astype(bool)
    return GridCells(
        year=year,
        cell_size=sizes[0],
        frame=frame,
        features=features,
        sources=tuple(s for p in parts for s in p.sources),
        problems=[q for p in parts for q in p.problems],
    )


# --------------------------------------------------------------------------- geometry


def cell_boxes(cells: pd.DataFrame, cell_size: int) -> np.ndarray:
    """Square cell polygons (EPSG:3035) around the cell centres."""
    half = cell_size / 2
    x = cells["x"].to_numpy(dtype=float)
    y = cells["y"].to_numpy(dtype=float)
    return shapely.box(x - half, y - half, x + half, y + half)


def town_bbox(outline_3035: shapely.Geometry, cell_size: int) -> BBox:
    """The outline's bounding box plus one cell of margin: a superset of relevant centres."""
    minx, miny, maxx, maxy = outline_3035.bounds
    return (minx - cell_size, miny - cell_size, maxx + cell_size, maxy + cell_size)


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
            "district_id": districts.index.to_numpy()[district_idx],
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
            "district_id": rows["district_id"],
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
    return frame.groupby("district_id").sum()


def aggregate(
    cells: GridCells,
    weights: pd.DataFrame,
    district_ids: Sequence[str],
    derivation: Derivation,
    rule: SuppressionRule,
) -> tuple[pd.DataFrame, list[Problem]]:
    """District rows (district_id, value, numerator, denominator, status) for one indicator."""
    contrib = cell_contributions(cells.frame, derivation)
    sums = _district_sums(contrib, weights, derivation.kind).reindex(district_ids, fill_value=0)
    by_pop = sums["pop_unknown"] == 0
    share = np.where(
        by_pop,
        sums["supp_pop"] / sums["all_pop"].where(sums["all_pop"] > 0),
        sums["supp_area"] / sums["all_area"].where(sums["all_area"] > 0),
    )
    share = pd.Series(np.nan_to_num(share, nan=0.0), index=sums.index)
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
        elif derivation.kind != "count" and sums.at[district_id, "known"] < rule.min_known_cells:
            if sums.at[district_id, "known"] == 0 and sums.at[district_id, "supp_area"] == 0:
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
                            "known": int(sums.at[district_id, "known"]),
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
        "district_id": district_id,
        "value": np.nan,
        "numerator": np.nan,
        "denominator": np.nan,
        "status": status,
    }
    if status != OK:
        return row
    if derivation.kind == "count":
        row["value"] = num
    elif derivation.kind == "rate":
        row.update(value=num / den * derivation.scale, numerator=num, denominator=den)
    else:
        row.update(value=num / den, denominator=den)
    return row


# --------------------------------------------------------------------------- catalog


CATALOG_FILE = "catalog_zensus.csv"
_CATALOG_SOURCE = f"Zensus 2011 / Zensus 2022, Gitterzellen; {LICENCE}"
ZENSUS_CATALOG_ROWS: tuple[dict[str, str], ...] = (
    {
        "id": "mean_age",
        "topic": "demography",
        "label_de": "Durchschnittsalter",
        "label_en": "Mean age",
        "unit_de": "Jahre",
        "unit_en": "years",
        "definition_de": "Mittleres Alter der Einwohner in Jahren (Zensus-Gitterzellen, mit "
        "der Einwohnerzahl der Zellen gewichtet).",
        "definition_en": "Mean age of residents in years (census grid cells, weighted by the "
        "cells' population).",
        "denominator_de": "Einwohner (Gewicht)",
        "denominator_en": "residents (weight)",
        "kind": "mean",
        "scale": "1",
        "aggregation": "weighted_mean",
        "polarity": "0",
        "min_count": "30",
        "value_min": "0",
        "value_max": "100",
        "decimals": "1",
    },
    {
        "id": "household_size",
        "topic": "demography",
        "label_de": "Haushaltsgröße",
        "label_en": "Household size",
        "unit_de": "Personen je Haushalt",
        "unit_en": "persons per household",
        "definition_de": "Einwohner je Haushalt. Die Zahl der Haushalte ist aus den Zensus-"
        "Gitterzellen geschätzt (Einwohner ÷ mittlere Haushaltsgröße der Zelle).",
        "definition_en": "Residents per household. Households are estimated from the census "
        "grid cells (residents ÷ the cell's mean household size).",
        "numerator_de": "Einwohner",
        "denominator_de": "Haushalte (geschätzt)",
        "numerator_en": "residents",
        "denominator_en": "households (estimated)",
        "kind": "rate",
        "scale": "1",
        "aggregation": "ratio",
        "polarity": "0",
        "min_count": "10",
        "value_min": "1",
        "value_max": "10",
        "decimals": "2",
    },
    {
        "id": "net_rent_zensus2022",
        "topic": "housing",
        "label_de": "Nettokaltmiete (Zensus 2022)",
        "label_en": "Net rent (census 2022)",
        "unit_de": "€/m²",
        "unit_en": "€/m²",
        "definition_de": "Durchschnittliche Nettokaltmiete je m² Wohnfläche der vermieteten "
        "Wohnungen am 15.05.2022 (Bestandsmieten, keine Angebotsmieten).",
        "definition_en": "Mean net rent excluding heating per m² of rented dwellings on "
        "15 May 2022 (existing tenancies, not asking rents).",
        "denominator_de": "Mietwohnungen laut Gitterdatei, sonst Einwohner (Gewicht)",
        "denominator_en": "rented dwellings per grid file, else residents (weight)",
        "kind": "mean",
        "scale": "1",
        "aggregation": "weighted_mean",
        "polarity": "-1",
        "min_count": "5",
        "value_min": "1",
        "value_max": "40",
        "decimals": "2",
    },
)


def zensus_catalog_frame() -> pd.DataFrame:
    """The catalog rows this importer adds (string table in the catalog's column order)."""
    rows = [{c: r.get(c, "") for c in CATALOG_COLUMNS} for r in ZENSUS_CATALOG_ROWS]
    for row in rows:
        row["source"] = _CATALOG_SOURCE
        row["key"] = "0"
    frame = pd.DataFrame(rows, columns=CATALOG_COLUMNS, dtype=object)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def zensus_catalog() -> Catalog:
    return parse_catalog(zensus_catalog_frame(), CATALOG_FILE)


# --------------------------------------------------------------------------- output


def format_number(value: object) -> str:
    """At most 6 decimals, no trailing zeros, '' for NaN: regeneration is byte-identical."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_text_table(values: pd.DataFrame) -> pd.DataFrame:
    """The value rows as the strings written to the CSV (index = line number)."""
    out = pd.DataFrame(
        {
            "district_id": values["district_id"].astype(str),
            "indicator_id": values["indicator_id"].astype(str),
            "year": values["year"].astype(int).astype(str),
            "value": values["value"].map(format_number),
            "numerator": values["numerator"].map(format_number),
            "denominator": values["denominator"].map(format_number),
            "status": values["status"].astype(str),
            "source": values["source"].astype(str),
        },
        columns=VALUE_FILE_COLUMNS,
    ).astype(object)
    out.index = pd.RangeIndex(2, len(out) + 2)
    return out


def _csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n")


def write_atomic(files: dict[Path, str]) -> None:
    """Write every file to a temp file first, then move them all into place.

    Nothing is replaced unless every temp file was written completely.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            temps.append((Path(tmp), path))
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in temps:
        tmp.replace(path)  # atomic on POSIX (os.replace)


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
    grid = "1-km-Gitter" if cell_size >= 1000 else f"{cell_size}-m-Gitter"
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
        rows.insert(1, "indicator_id", derivation.indicator_id)
        parts.append(rows)
        problems.extend(found)
    values = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=VALUE_FILE_COLUMNS)
    )
    values["year"] = cells.year
    values["source"] = source_text(cells.year, cells.cell_size, method)
    values = values.sort_values(["district_id", "indicator_id", "year"], ignore_index=True)
    return values[list(VALUE_FILE_COLUMNS)], problems


def import_zensus(
    data_dir: Path,
    town_id: str,
    grid_paths: Sequence[Path],
    *,
    method: Method | None = None,
    year: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> ZensusImport:
    """Aggregate grid files to the districts of ``town_id`` and write its Zensus layers.

    One layer per census year: ``layers/<town_id>/zensus<year>.csv``, replaced on re-run,
    plus the catalog entries of new indicators in ``indicators/catalog_zensus.csv``.
    Everything is checked (as the loader will) before anything is written.
    """
    from sozialraum.catalog import load_catalog_for
    from sozialraum.loaders import load_town, parse_values

    if method is not None and method not in METHODS:
        _fail(ProblemCollector(), "zensus_bad_method", value=method)
    town = load_town(data_dir, town_id)
    districts = town.districts.geometry.to_crs(GRID_CRS)
    outline = shapely.union_all(town.outline.to_crs(GRID_CRS).geometry.array)
    stats = ReadStats()
    by_year: dict[int, list[GridCells]] = {}
    for path in grid_paths:
        layout = sniff_layout(Path(path), year)
        bbox = town_bbox(outline, layout.cell_size)
        part = read_grid(Path(path), bbox, year=layout.year, chunksize=chunksize, stats=stats)
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
    write_atomic(files)
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
