"""Zensus grid files (2011 and 2022) as published: layout, streaming reader, cell squares.

Core (no importer needed): the app's grid view draws these cells, the Zensus importer
(:mod:`sozialraum.importers.zensus`) aggregates them to districts.

Input files, as published by the Statistische Ämter des Bundes und der Länder:

* Zensus 2011, ``Zensus_spitze_Werte_1km-Gitter.csv``: one row per 1 km cell with
  ``Gitter_ID_1km;x_mp_1km;y_mp_1km;Einwohner;Frauen_A;Alter_D;unter18_A;ab65_A;
  Auslaender_A;HHGroesse_D;Leerstandsquote;Wohnfl_Bew_D;Wohnfl_Whg_D``, ``;``-separated,
  decimal comma, ``-1`` = no value (nothing there), ``-9`` = suppressed (geheim).
* Zensus 2022 "Gitterzellen": one ZIP per topic (e.g. ``Zensus2022_Bevoelkerungszahl.zip``)
  holding the 10 km, 1 km and 100 m CSV files (``Zensus2022_Bevoelkerungszahl_100m-Gitter.csv``
  …) plus an xlsx description. The population file's header is exactly
  ``GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner``; the rate files add the column
  ``werterlaeuternde_Zeichen``, e.g. ``GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;
  werterlaeuternde_Zeichen``. ``;``-separated (``,`` is detected too), decimal comma, mostly
  UTF-8, some Windows-1252; ``–`` where no value is published (secret or zero cases: read
  as unknown, never as 0); the sign ``KLAMMERN`` marks a value of limited reliability,
  kept and flagged in ``<feature>_uncertain``. Unpopulated cells are not listed at all.
  Ids such as ``CRS3035RES100mN2691700E4341100`` name the lower left corner; ``x_mp``/
  ``y_mp`` are the cell centres.

Cell centres are in EPSG:3035 (ETRS89-LAEA). National files are big (the 2022 100 m files
have about 3.1 million rows), so they are streamed in chunks (a ZIP member is decompressed
as it is read) and only cells inside the town's bounding box, or touching its outline, are
kept. Several topic files of one census are joined on the cell id (:func:`read_layer`).
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, NoReturn

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
RESOLUTIONS: dict[str, int] = {"100m": 100, "1km": 1000, "10km": 10000}
# A ZIP member decompresses to at most its declared size (zipfile stops there); the national
# 100 m files are a few hundred MB, so a larger claim is refused rather than streamed.
MAX_MEMBER_BYTES = 4 * 1024**3

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


def _fallback_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes that are not UTF-8 as Windows-1252 (see :data:`FALLBACK_ERRORS`)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


# A grid file whose first 64 KiB are plain ASCII may still be Windows-1252 further down
# (the en dash '–' is byte 0x96 there). Such bytes are read as Windows-1252 instead of
# failing 100 MB into the file; grid files hold only numbers and signs, so nothing that
# could be garbled silently (a UTF-8 dash read this way would not be a known sign).
FALLBACK_ERRORS = "sozialraum-cp1252"
codecs.register_error(FALLBACK_ERRORS, _fallback_cp1252)


@dataclass(frozen=True)
class GridLayout:
    """How one grid file is laid out: found from its header, before reading any rows.

    ``member`` is the CSV inside a topic ZIP (Zensus 2022), ``None`` for a plain CSV file.
    """

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
    member: str | None = None

    @property
    def columns(self) -> list[str]:
        extra = [self.sign_column] if self.sign_column else []
        return [self.id_column, self.x_column, self.y_column, *self.features, *extra]

    @property
    def label(self) -> str:
        """The file as named in messages: ``file.csv`` or ``topic.zip:member.csv``."""
        return f"{self.path}:{self.member}" if self.member else str(self.path)


def resolution_size(resolution: str | int | None) -> int | None:
    """'100m' / '1km' / '10km' (or metres) -> cell size in metres; None stays None."""
    if resolution is None:
        return None
    if isinstance(resolution, int):
        if resolution in RESOLUTIONS.values():
            return resolution
    elif resolution.strip().lower() in RESOLUTIONS:
        return RESOLUTIONS[resolution.strip().lower()]
    problems = ProblemCollector()
    _fail(problems, "zensus_bad_resolution", value=str(resolution), allowed=", ".join(RESOLUTIONS))


def resolution_name(cell_size: int) -> str:
    """100 -> '100m', 1000 -> '1km', 10000 -> '10km'."""
    return f"{cell_size // 1000}km" if cell_size >= 1000 else f"{cell_size}m"


def _cell_size(unit_number: str, unit: str) -> int:
    return int(unit_number) * (1000 if unit.lower() == "km" else 1)


def _census_year(name: str, id_column: str, columns: Sequence[str]) -> int | None:
    """2011 or 2022, from the file name, else from the spelling of the id column."""
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


def is_zip(path: Path) -> bool:
    """A ZIP archive (a Zensus 2022 topic download), by its content, not its name."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


@contextmanager
def _open_binary(path: Path, member: str | None) -> Iterator[IO[bytes]]:
    """The bytes of a grid file or of one CSV inside a ZIP, as a stream (never all at once)."""
    if member is None:
        with Path(path).open("rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        yield handle


def _read_head(path: Path, member: str | None) -> bytes:
    with _open_binary(path, member) as handle:
        return handle.read(HEAD_BYTES)


def _zip_csv_members(path: Path, problems: ProblemCollector) -> list[str]:
    """The CSV files in a ZIP (macOS resource forks and folders left out)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        _fail(problems, "zensus_unreadable", detail=str(exc).splitlines()[0][:200])
    members = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        base = name.rsplit("/", 1)[-1]
        if info.is_dir() or name.startswith("__MACOSX/") or base.startswith("._"):
            continue
        if base.lower().endswith((".csv", ".txt")):
            members.append(info.filename)
    return members


def _layout_from_head(
    path: Path, member: str | None, head: bytes, year: int | None, problems: ProblemCollector
) -> GridLayout:
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
    name = f"{path.name} {member or ''}"
    census = year or _census_year(name, id_column, columns)
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
        member=member,
    )


def _grid_id_size(head: bytes) -> int | None:
    """Cell size named by the first header field of a CSV head (``GITTER_ID_100m``), if any."""
    first = head.split(b"\n", 1)[0].decode("latin-1").lstrip("\ufeffï»¿").strip()
    for field_name in re.split(r"[;,\t|]", first):
        match = _ID_PATTERN.match(field_name.strip().strip('"'))
        if match:
            return _cell_size(match.group(1), match.group(2))
    return None


def zip_resolutions(path: Path) -> dict[int, list[str]]:
    """Cell size -> CSV members of a topic ZIP holding grid cells of that size."""
    problems = ProblemCollector(str(path))
    found: dict[int, list[str]] = {}
    for member in _zip_csv_members(path, problems):
        try:
            head = _read_head(path, member)
        except (RuntimeError, zipfile.BadZipFile, NotImplementedError, OSError):
            continue  # encrypted or broken member: not offered
        size = _grid_id_size(head)
        if size is not None:
            found.setdefault(size, []).append(member)
    return dict(sorted(found.items()))


def sniff_layouts(
    path: Path, year: int | None = None, *, resolution: str | int | None = None
) -> list[GridLayout]:
    """The layout of a grid file, or of each grid CSV of the chosen resolution in a ZIP.

    A topic ZIP holds the 10 km, 1 km and 100 m files; ``resolution`` ('100m', '1km',
    '10km') picks one. Without it a ZIP must hold one resolution only.
    """
    path = Path(path)
    problems = ProblemCollector(str(path))
    if not path.exists():
        _fail(problems, "file_missing")
    size = resolution_size(resolution)
    if not is_zip(path):
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        layout = _layout_from_head(path, None, head, year, problems)
        if size is not None and layout.cell_size != size:
            _fail(
                problems,
                "zensus_wrong_resolution",
                value=resolution_name(size),
                found=resolution_name(layout.cell_size),
            )
        return [layout]
    by_size = zip_resolutions(path)
    available = ", ".join(resolution_name(s) for s in by_size)
    if not by_size:
        _fail(problems, "zensus_zip_no_grid")
    if size is None:
        if len(by_size) > 1:
            _fail(problems, "zensus_pick_resolution", available=available)
        size = next(iter(by_size))
    if size not in by_size:
        _fail(
            problems, "zensus_zip_no_resolution", value=resolution_name(size), available=available
        )
    layouts = []
    for member in by_size[size]:
        member_problems = ProblemCollector(f"{path}:{member}")
        with zipfile.ZipFile(path) as archive:
            declared = archive.getinfo(member).file_size
        if declared > MAX_MEMBER_BYTES:
            _fail(member_problems, "zensus_zip_too_large", size=declared // 1024**2)
        try:
            head = _read_head(path, member)
        except (RuntimeError, zipfile.BadZipFile, NotImplementedError, OSError) as exc:
            _fail(member_problems, "zensus_unreadable", detail=str(exc).splitlines()[0][:200])
        layouts.append(_layout_from_head(path, member, head, year, member_problems))
    return layouts


def sniff_layout(
    path: Path, year: int | None = None, *, resolution: str | int | None = None
) -> GridLayout:
    """Read the header of a grid file and tell its census year, cell size and columns.

    For a ZIP: the first grid CSV of the chosen resolution (see :func:`sniff_layouts`).
    """
    return sniff_layouts(path, year, resolution=resolution)[0]


def add_grid_file(grid_dir: Path, name: str, data: bytes) -> GridLayout:
    """Store an uploaded grid file as ``grid_dir/<name>`` if its header is a grid layout.

    A topic ZIP is stored as it is when it holds at least one grid CSV (the layout returned
    is its finest resolution). Raises DataError (naming the upload) and leaves ``grid_dir``
    unchanged otherwise.
    """
    target = grid_dir / safe_file_name(name)  # no folders, no dot file, short
    with checked_write(target, data) as tmp:
        try:
            resolution = None
            if is_zip(tmp):
                sizes = zip_resolutions(tmp)
                resolution = min(sizes) if sizes else None
            layout = sniff_layout(tmp, resolution=resolution)
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
    A ZIP member is decompressed as it is read: neither it nor the file is held whole.
    """
    dtype: dict[str, str] = dict.fromkeys(layout.columns, "str")
    if numeric_xy:
        dtype.update({layout.x_column: "float64", layout.y_column: "float64"})
    errors = FALLBACK_ERRORS if layout.encoding.startswith("utf-8") else "strict"
    with _open_binary(layout.path, layout.member) as handle:
        reader = pd.read_csv(
            handle,
            sep=layout.sep,
            dtype=dtype,
            usecols=layout.columns,
            keep_default_na=False,
            na_filter=False,
            chunksize=chunksize,
            encoding=layout.encoding,
            encoding_errors=errors,
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

    2011: ``-1`` nothing there, ``-9`` suppressed. 2022: ``–`` (and the other official
    signs) no value published, empty: nothing there.
    """
    stripped = text.str.strip()
    value = machine_numbers(stripped)
    state = pd.Series(OK, index=text.index, dtype=object)
    if year == 2011:
        state[value == -1] = NONE
        state[value == -9] = SUPP
    else:
        # The 2022 legend gives '–' for "no value": secret, or zero cases. The files do not
        # tell the two apart, so such a cell counts as unknown (suppressed), never as 0.
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
        out[f"{feature}_uncertain"] = (signs.isin(SIGN_UNCERTAIN) & (state == OK)).to_numpy()
    if layout.sign_column:
        out["_sign"] = signs.to_numpy()
    return out


def _inside(
    xy: pd.DataFrame, bbox: BBox | None, within: shapely.Geometry | None, cell_size: int
) -> np.ndarray:
    """Which rows to keep: centre inside ``bbox`` and cell square touching ``within``."""
    x = xy["x"].to_numpy(dtype=float)
    y = xy["y"].to_numpy(dtype=float)
    keep = np.ones(len(xy), dtype=bool)
    if bbox is not None:
        keep &= (x >= bbox[0]) & (x <= bbox[2]) & (y >= bbox[1]) & (y <= bbox[3])
    if within is not None and keep.any():
        half = cell_size / 2
        idx = np.flatnonzero(keep)
        boxes = shapely.box(x[idx] - half, y[idx] - half, x[idx] + half, y[idx] + half)
        keep[idx] = shapely.intersects(within, boxes)
    return keep


def _stream(
    layout: GridLayout,
    bbox: BBox | None,
    within: shapely.Geometry | None,
    chunksize: int,
    stats: ReadStats,
    problems: ProblemCollector,
    *,
    numeric_xy: bool,
) -> list[pd.DataFrame]:
    """Read chunk by chunk; keep (and parse) only rows whose cell lies in the area."""
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
        if bbox is not None or within is not None:
            inside = _inside(xy, bbox, within, layout.cell_size)
            chunk, xy = chunk[inside], xy[inside]
        if len(chunk):
            kept.append(_parse_chunk(chunk, xy, layout, problems))
    return kept


def _read_one(
    layout: GridLayout,
    bbox: BBox | None,
    within: shapely.Geometry | None,
    chunksize: int,
    stats: ReadStats,
) -> GridCells:
    problems = ProblemCollector(layout.label)
    start = replace(stats)
    kept: list[pd.DataFrame] = []
    try:
        try:
            kept = _stream(layout, bbox, within, chunksize, stats, problems, numeric_xy=True)
        except ValueError:
            # A centre is not a plain number: read again as text to say which rows.
            stats.__dict__.update(start.__dict__)
            problems.problems.clear()
            kept = _stream(layout, bbox, within, chunksize, stats, problems, numeric_xy=False)
    except (ValueError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile, RuntimeError) as exc:
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
        sources=(layout.path,),
        problems=problems.problems,
    )


def read_grid(
    path: Path,
    bbox: BBox | None = None,
    *,
    year: int | None = None,
    resolution: str | int | None = None,
    within: shapely.Geometry | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    stats: ReadStats | None = None,
) -> GridCells:
    """Stream one grid file (a CSV, or a topic ZIP as published), keeping only the area.

    Kept are cells whose centre lies in ``bbox`` (EPSG:3035) and whose square touches
    ``within`` (an outline in EPSG:3035; its bounding box is used when ``bbox`` is None).
    For a ZIP, ``resolution`` ('100m', '1km', '10km') picks the CSV inside. At most
    ``chunksize`` rows are held as text at any time; only kept rows are parsed beyond
    their coordinates. Raises DataError for unreadable files or bad numbers.
    """
    layouts = sniff_layouts(Path(path), year, resolution=resolution)
    stats = stats if stats is not None else ReadStats()
    if within is not None:
        shapely.prepare(within)
    parts = []
    for layout in layouts:
        area = bbox
        if area is None and within is not None:
            area = town_bbox(within, layout.cell_size)
        parts.append(_read_one(layout, area, within, chunksize, stats))
    return parts[0] if len(parts) == 1 else merge_cells(parts)


def read_layer(
    paths: Sequence[Path],
    *,
    resolution: str | int | None = None,
    bbox: BBox | None = None,
    within: shapely.Geometry | None = None,
    year: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    stats: ReadStats | None = None,
) -> GridCells:
    """Several grid files or topic ZIPs of one census, read and joined on the cell id.

    Every file is streamed as in :func:`read_grid` (same resolution and area), so a layer
    of many topics for one town costs no more memory than its cells.
    """
    stats = stats if stats is not None else ReadStats()
    parts = [
        read_grid(
            Path(p),
            bbox,
            year=year,
            resolution=resolution,
            within=within,
            chunksize=chunksize,
            stats=stats,
        )
        for p in paths
    ]
    years = sorted({p.year for p in parts})
    if len(years) > 1:
        problems = ProblemCollector()
        problems.add("zensus_mixed_years", years=", ".join(str(y) for y in years))
        problems.raise_if_errors()
    return parts[0] if len(parts) == 1 else merge_cells(parts)


def check_grid(
    path: Path, *, chunksize: int = DEFAULT_CHUNKSIZE, resolution: str | int | None = None
) -> list[Problem]:
    """Every problem of a whole grid file: header, cell centres and each published value.

    Streams the file like :func:`read_grid` but keeps no cells (``sozialraum validate`` checks
    national files this way); stops early once more than ``MAX_REPORTED`` problems are found.
    A topic ZIP is checked at ``resolution``, or at every resolution it holds.
    """
    try:
        if resolution is None and is_zip(Path(path)):
            layouts = [
                layout
                for size in zip_resolutions(Path(path))
                for layout in sniff_layouts(Path(path), resolution=size)
            ]
            if not layouts:
                layouts = sniff_layouts(Path(path))  # raises: no grid in the ZIP
        else:
            layouts = sniff_layouts(Path(path), resolution=resolution)
    except DataError as exc:
        return exc.problems
    found: list[Problem] = []
    for layout in layouts:
        found.extend(_check_one(layout, chunksize))
    return found


def _check_one(layout: GridLayout, chunksize: int) -> list[Problem]:
    problems = ProblemCollector(layout.label)
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
    except (ValueError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile, RuntimeError) as exc:
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
