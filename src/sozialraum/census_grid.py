"""Zensus grid files (2011 and 2022) as published: layout, streaming reader, cell squares.

Core (no importer needed): the app's grid view draws these cells, the Zensus importer
(:mod:`sozialraum.importers.zensus`) aggregates them to districts.

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
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd
import shapely

from sozialraum.atomic import checked_write
from sozialraum.catalog import CATALOG_COLUMNS, Catalog, parse_catalog
from sozialraum.errors import DataError, Problem, ProblemCollector
from sozialraum.slugs import safe_file_name
from sozialraum.text_tables import CODECS, SIGNS, decode_head, machine_numbers, sniff_separator

GRID_CRS = "EPSG:3035"
LICENCE = "Statistische Ämter des Bundes und der Länder, dl-de/by-2-0"
CENSUS_YEARS = (2011, 2022)
DEFAULT_CHUNKSIZE = 200_000
MAX_REPORTED = 20
HEAD_BYTES = 65536  # read to find the layout, encoding and separator of a grid file

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
# Any official sign (or the bullet some files use) where the 2022 files publish no value.
NO_VALUE_2022 = frozenset({*SIGNS, "•"})
_ID_PATTERN = re.compile(r"^gitter_id_(\d+)(km|m)$", re.IGNORECASE)


# --------------------------------------------------------------------------- file layout


def _fail(
    problems: ProblemCollector, code: str, *, row: int | None = None, **params: object
) -> NoReturn:
    problems.add_with(code, params, row=row)
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
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        _fail(problems, "empty_file")
    decoded = decode_head(head, problems)
    problems.raise_if_errors()
    assert decoded is not None
    lines = decoded.text.splitlines()
    # The last line of the head may be cut off; it says nothing about the separator.
    sep = sniff_separator(lines[:-1] if len(head) == HEAD_BYTES and len(lines) > 1 else lines)
    columns = next(csv.reader(lines[:1], delimiter=sep))
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
        encoding=CODECS[decoded.encoding],
        id_column=id_column,
        x_column=x_column,
        y_column=y_column,
        features=features,
        sign_column=by_lower.get(SIGN_COLUMN) if census == 2022 else None,
    )


def add_grid_file(grid_dir: Path, name: str, data: bytes) -> GridLayout:
    """Store an uploaded grid file as ``grid_dir/<name>`` if its header is a grid layout.

    Raises DataError (naming the upload) and leaves ``grid_dir`` unchanged otherwise.
    """
    target = grid_dir / safe_file_name(name)  # no folders, no dot file, short
    with checked_write(target, data) as tmp:
        try:
            layout = sniff_layout(tmp)
        except DataError as exc:
            named = [replace(p, file=target.name) for p in exc.problems]
            raise DataError(named) from None
    return replace(layout, path=target)


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
        dtype=dtype,
        usecols=layout.columns,
        keep_default_na=False,
        na_filter=False,
        chunksize=chunksize,
        encoding=layout.encoding,
        engine="c",
    )
    with reader:
        yield from reader


def _report(
    problems: ProblemCollector, lines: Iterable[int], code: str, column: str, **params: Any
) -> None:
    lines = list(lines)
    for line in lines[:MAX_REPORTED]:
        problems.add_with(code, params, row=line, column=column)
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
    value = machine_numbers(stripped)
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
                {
                    "x": machine_numbers(chunk[layout.x_column]),
                    "y": machine_numbers(chunk[layout.y_column]),
                }
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
                {
                    "x": machine_numbers(chunk[layout.x_column]),
                    "y": machine_numbers(chunk[layout.y_column]),
                }
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
    minx, miny, maxx, maxy = (float(v) for v in shapely.bounds(outline_3035))
    return (minx - cell_size, miny - cell_size, maxx + cell_size, maxy + cell_size)


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
