"""Read district boundaries from GeoJSON, GeoPackage or a zipped Shapefile, checked and repaired.

The result is what will be stored: EPSG:4326, coordinates on a 1e-6° grid (the storage
precision of the data contract), one row per feature in file order, so that problems can
name the feature number the user sees in their GIS.

Policies, because a wrong guess here silently misplaces every district:

* a missing CRS is an error, never assumed;
* invalid polygons are repaired with ``shapely.make_valid`` only where the result is still
  polygonal and its area differs by less than 1 % (each repair is reported as a warning);
  anything else is an error the user must fix in their GIS.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from sozialraum.columns import DISTRICT_ID
from sozialraum.errors import DataError, Problem
from sozialraum.importers._text import cell_text, find_column_by_name, find_columns
from sozialraum.importers.geoscan import scan_geojson
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.importers.safezip import ZipLimits, extract_zip
from sozialraum.limits import ContentLimits
from sozialraum.offline import disable_network, is_remote_path
from sozialraum.slugs import slugify

# Uploaded files are read by GDAL: it must never follow a URL found in one.
disable_network()

CRS = "EPSG:4326"
GRID = 1e-6  # storage precision: 6 decimals of a degree (~0.1 m)
MAX_AREA_CHANGE = 0.01
# Rough bounding box of Germany (lon/lat) with a margin; districts outside get a warning.
GERMANY = (5.0, 47.0, 16.0, 55.5)

GEOJSON_SUFFIXES = (".geojson", ".json")
# District ids and names are shown in every table, legend and tooltip.
MAX_NAME_CHARS = 200
SUPPORTED = ".geojson, .json, .gpkg, .zip (Shapefile)"
# A bare "id" comes last: GIS exports often carry a technical feature id under that name,
# while "schluessel" or "OT_NR" are the statistics office's own district keys.
ID_CANDIDATES = (
    DISTRICT_ID,
    "schluessel",
    "nr",
    "nummer",
    "kennung",
    "code",
    "key",
)
GENERIC_ID = ("id",)
NAME_CANDIDATES = (
    "name",
    "bezeichnung",
    "stadtteil",
    "ortsteil",
    "bezirk",
    "sozialraum",
    "quartier",
    "gebiet",
    "district",
    "gen",
)


@dataclass(frozen=True)
class BoundaryOptions:
    """What the user told us; ``None`` means: detect and say what was chosen."""

    id_column: str | None = None
    name_column: str | None = None
    layer: str | None = None
    zip_limits: ZipLimits = field(default_factory=ZipLimits)
    content_limits: ContentLimits = field(default_factory=ContentLimits)


@dataclass
class Boundaries:
    """Checked districts: columns ``district_id``, ``name``, ``feature``, geometry (EPSG:4326)."""

    districts: gpd.GeoDataFrame
    file: str
    id_column: str  # the user's column, for messages ("" when ids were made from names)
    name_column: str
    layer: str | None
    notes: list[Note]
    warnings: list[Problem]


# --------------------------------------------------------------------------- sources


@dataclass
class _Source:
    """A readable geodata file (possibly extracted from a zip) and its layers."""

    path: Path
    layers: list[str]


def list_layers(path: Path, zip_limits: ZipLimits | None = None) -> list[str]:
    """Layer names of a boundary file (the app's layer chooser); one entry for GeoJSON."""
    problems = CappedCollector(path.name)
    with tempfile.TemporaryDirectory(prefix="sozialraum-geo-") as tmp:
        options = BoundaryOptions(zip_limits=zip_limits or ZipLimits())
        source = _open_source(path, path.name, Path(tmp), options, problems)
    problems.raise_if_errors()
    return source.layers if source else []


# GDAL picks a driver by content, not by name: a ".gpkg" holding VRT XML would be opened as a
# VRT, which may point at any file or URL. So each format must start with its own signature.
_SIGNATURES = {".gpkg": b"SQLite format 3\x00", ".shp": b"\x00\x00\x27\x0a"}


def _has_signature(path: Path, problems: CappedCollector) -> bool:
    signature = _SIGNATURES[path.suffix.lower()]
    with path.open("rb") as handle:
        if handle.read(len(signature)) == signature:
            return True
    problems.add("unreadable_geo", detail=f"not a {path.suffix.lower()} file")
    return False


def _open_source(
    path: Path, file: str, tmp: Path, options: BoundaryOptions, problems: CappedCollector
) -> _Source | None:
    suffix = path.suffix.lower()
    if is_remote_path(path):
        problems.add("remote_path", value=str(path)[:120])
        return None
    if suffix in GEOJSON_SUFFIXES:
        ok = _precheck_geojson(path, problems, options.content_limits)
        return _Source(path, [path.stem]) if ok else None
    if suffix == ".gpkg":
        if not _has_signature(path, problems):
            return None
        return _Source(path, _gpkg_layers(path, problems))
    if suffix == ".zip":
        return _open_zip(path, file, tmp, options, problems)
    if suffix in (".shp", ".shx", ".dbf", ".prj"):
        problems.add("shapefile_needs_zip")
    else:
        problems.add("unsupported_format", suffix=suffix or "—", supported=SUPPORTED)
    return None


def _precheck_geojson(path: Path, problems: CappedCollector, limits: ContentLimits) -> bool:
    """Scan the JSON ourselves, streaming: GDAL's messages for broken JSON name no line, and
    GDAL must never see a nesting bomb, a million vertices or a ``crs`` link."""
    return scan_geojson(path, problems, limits).ok


def _gpkg_layers(path: Path, problems: CappedCollector) -> list[str]:
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        problems.add("unreadable_geo", detail=_first_line(exc))
        return []
    return [str(name) for name, _geom_type in layers]


def _open_zip(
    path: Path, file: str, tmp: Path, options: BoundaryOptions, problems: CappedCollector
) -> _Source | None:
    """Extract safely; a zip holds Shapefiles (one layer each) or one GeoPackage/GeoJSON."""
    try:
        files = extract_zip(path, tmp, options.zip_limits, display_name=file)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    shapefiles = sorted(f for f in files if f.suffix.lower() == ".shp")
    others = sorted(f for f in files if f.suffix.lower() in (".gpkg", *GEOJSON_SUFFIXES))
    folders = {f.parent for f in shapefiles}
    if not all(_has_signature(f, problems) for f in shapefiles):
        return None
    if len(folders) == 1:
        # One folder of Shapefiles is one data source with a layer per file.
        folder = shapefiles[0].parent
        source = folder if len(shapefiles) > 1 else shapefiles[0]
        return _Source(source, [f.stem for f in shapefiles])
    if shapefiles:
        problems.add("several_layers", layers=", ".join(f.name for f in shapefiles))
        return None
    if len(others) == 1:
        return _open_source(others[0], file, tmp, options, problems)
    if others:
        problems.add("several_layers", layers=", ".join(f.name for f in others))
        return None
    problems.add("zip_no_geodata")
    return None


def _choose_layer(
    source: _Source, requested: str | None, problems: CappedCollector, notes: list[Note]
) -> str | None:
    layers = source.layers
    if not layers:
        problems.add("no_features")
        return None
    if requested is not None:
        if requested in layers:
            return requested
        problems.add("unknown_layer", value=requested, layers=", ".join(layers))
        return None
    if len(layers) > 1:
        problems.add("several_layers", layers=", ".join(layers))
        return None
    if source.path.suffix.lower() in GEOJSON_SUFFIXES:
        return None  # a GeoJSON file has exactly one layer; let GDAL pick it
    notes.append(Note("note_layer", {"layer": layers[0]}))
    return layers[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _read_frame(
    path: Path, layer: str | None, problems: CappedCollector, limits: ContentLimits
) -> gpd.GeoDataFrame | None:
    try:
        # The feature count is in the file's header (GeoPackage, Shapefile): check it first.
        count = pyogrio.read_info(path, layer=layer).get("features", -1)
        if count > limits.max_features:
            problems.add("too_many_features", limit=limits.max_features)
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL warns about e.g. missing .cpg files
            return gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:
        problems.add("unreadable_geo", detail=_first_line(exc))
        return None


# --------------------------------------------------------------------------- columns


def _pick_column(
    frame: gpd.GeoDataFrame,
    explicit: str | None,
    candidates: tuple[str, ...],
    *,
    fallback: tuple[str, ...] = (),
    exclude: str | None,
    problems: CappedCollector,
) -> tuple[str | None, bool]:
    """The column to use and whether it was detected (False = named by the user)."""
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    if explicit is not None:
        found = find_column_by_name(columns, explicit)
        if found is None:
            problems.add("column_not_found", value=explicit, columns=", ".join(columns) or "—")
        return found, False
    detected = [*find_columns(columns, candidates), *find_columns(columns, fallback)]
    matches = [c for c in dict.fromkeys(detected) if c != exclude]
    # Prefer a candidate whose values are unique and complete: that is what an id is.
    for column in matches:
        texts = frame[column].map(cell_text)
        if texts.ne("").all() and texts.is_unique:
            return column, True
    return (matches[0] if matches else None), True


def _columns(
    frame: gpd.GeoDataFrame, options: BoundaryOptions, problems: CappedCollector, notes: list[Note]
) -> tuple[str | None, str | None]:
    id_col, id_auto = _pick_column(
        frame,
        options.id_column,
        ID_CANDIDATES,
        fallback=GENERIC_ID,
        exclude=None,
        problems=problems,
    )
    name_col, name_auto = _pick_column(
        frame, options.name_column, NAME_CANDIDATES, exclude=id_col, problems=problems
    )
    if problems.has_errors:
        return None, None
    if name_col is None:
        columns = [str(c) for c in frame.columns if c != frame.geometry.name]
        problems.add("no_name_column", columns=", ".join(columns) or "—")
        return None, None
    if id_col is not None and id_auto:
        notes.append(Note("note_id_column", {"column": id_col}))
    if name_auto:
        notes.append(Note("note_name_column", {"column": name_col}))
    if id_col is None:
        notes.append(Note("note_ids_from_names", {"column": name_col}))
    return id_col, name_col


def _ids_and_names(
    frame: gpd.GeoDataFrame,
    id_col: str | None,
    name_col: str,
    problems: CappedCollector,
) -> tuple[list[str], list[str]]:
    names = [cell_text(v) for v in frame[name_col]]
    if id_col is None:
        ids = [slugify(n) for n in names]
        column = name_col
    else:
        ids = [cell_text(v) for v in frame[id_col]]
        column = id_col
    for column_name, texts in ((column, ids), (name_col, names)):
        for i, text in enumerate(texts, start=1):
            if len(text) > MAX_NAME_CHARS:
                problems.add(
                    "name_too_long",
                    row=i,
                    column=column_name,
                    length=len(text),
                    limit=MAX_NAME_CHARS,
                )
                texts[i - 1] = text[:MAX_NAME_CHARS]  # later messages quote it: keep them short
    seen: set[str] = set()
    for i, district_id in enumerate(ids, start=1):
        if not district_id:
            problems.add("empty_cell", row=i, column=column)
        elif district_id in seen:
            problems.add("duplicate_district", row=i, column=column, value=district_id)
        seen.add(district_id)
    for i, (district_id, name) in enumerate(zip(ids, names, strict=True), start=1):
        if not name and district_id:
            problems.add(
                "name_missing", row=i, column=name_col, severity="warning", value=district_id
            )
            names[i - 1] = district_id
    return ids, names


# --------------------------------------------------------------------------- geometry


def repair(geom: shapely.Geometry) -> shapely.Geometry | None:
    """``make_valid`` if that keeps a polygonal shape of (almost) the same area, else None.

    A bow-tie (a ring crossing itself) has a signed area near zero; made valid it becomes
    two triangles of a clearly different area, so it is refused rather than "repaired" into
    a shape the user never drew.
    """
    fixed = shapely.make_valid(geom)
    if shapely.get_type_id(fixed) == 7:  # GeometryCollection: keep its areas, drop slivers
        parts = [p for p in shapely.get_parts(fixed) if shapely.get_type_id(p) in (3, 6)]
        fixed = shapely.union_all(parts) if parts else shapely.Polygon()
    if shapely.is_empty(fixed) or shapely.get_type_id(fixed) not in (3, 6):
        return None
    new_area = shapely.area(fixed)
    if new_area <= 0 or abs(new_area - shapely.area(geom)) / new_area >= MAX_AREA_CHANGE:
        return None
    return fixed


def _check_crs(frame: gpd.GeoDataFrame, problems: CappedCollector, notes: list[Note]) -> bool:
    if frame.crs is None:
        problems.add("missing_crs")
        return False
    epsg = frame.crs.to_epsg()
    if epsg != 4326:
        notes.append(Note("note_crs", {"crs": f"EPSG:{epsg}" if epsg else frame.crs.name}))
    return True


def _check_geometries(
    geoms: np.ndarray, problems: CappedCollector, limits: ContentLimits
) -> np.ndarray:
    """Empty/non-polygon features are errors; invalid polygons are repaired where safe."""
    out = geoms.copy()
    vertices = int(shapely.get_num_coordinates(geoms).sum())
    if vertices > limits.max_vertices:  # GeoJSON was refused earlier, by the pre-scan
        problems.add("too_many_vertices", column="geometry", limit=limits.max_vertices)
        return out
    for i, geom in enumerate(geoms):
        row = i + 1
        if geom is None or shapely.is_empty(geom):
            problems.add("empty_geometry", row=row, column="geometry")
            continue
        if shapely.get_type_id(geom) not in (3, 6):
            problems.add("not_polygon", row=row, column="geometry", geom_type=geom.geom_type)
            continue
        coords = shapely.get_coordinates(geom)
        if not np.isfinite(coords).all():  # NaN/inf: GEOS would fail with an exception
            bad = coords[~np.isfinite(coords).all(axis=1)][0]
            problems.add("non_finite_coordinate", row=row, column="geometry", value=str(bad))
            continue
        geom = shapely.force_2d(geom)
        if not shapely.is_valid(geom):
            fixed = repair(geom)
            if fixed is None:
                reason = shapely.is_valid_reason(geom)
                problems.add("invalid_geometry", row=row, column="geometry", detail=reason)
                continue
            problems.add(
                "geometry_repaired",
                row=row,
                column="geometry",
                severity="warning",
                detail=shapely.is_valid_reason(geom),
            )
            geom = fixed
        out[i] = geom
    return out


def _to_storage(geoms: np.ndarray, problems: CappedCollector) -> np.ndarray:
    """Snap to the 1e-6° grid keeping validity; a district that vanishes is an error."""
    snapped = shapely.set_precision(geoms, GRID)
    for i in np.flatnonzero(shapely.is_empty(snapped)):
        problems.add("empty_geometry", row=int(i) + 1, column="geometry")
    return snapped


def _check_lonlat(frame: gpd.GeoDataFrame, problems: CappedCollector) -> bool:
    """Coordinates outside ±180/±90 mean metres read as degrees: a CRS was not declared."""
    minx, miny, maxx, maxy = frame.total_bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        problems.add("coordinates_out_of_range")
        return False
    west, south, east, north = GERMANY
    if maxx < west or minx > east or maxy < south or miny > north:
        problems.add("outside_germany", severity="warning")
    return True


# --------------------------------------------------------------------------- public


def read_boundaries(
    path: Path, options: BoundaryOptions | None = None, *, display_name: str | None = None
) -> Boundaries:
    """Read, check, reproject and repair the district boundaries in ``path``.

    Raises :class:`~sozialraum.errors.DataError` with every problem found; warnings (e.g.
    repaired geometries) are returned in :attr:`Boundaries.warnings`.
    """
    options = options or BoundaryOptions()
    file = display_name or path.name
    problems = CappedCollector(file)
    notes: list[Note] = []
    with tempfile.TemporaryDirectory(prefix="sozialraum-geo-") as tmp:
        source = _open_source(path, file, Path(tmp), options, problems)
        frame, layer = None, None
        if source is not None and not problems.has_errors:
            layer = _choose_layer(source, options.layer, problems, notes)
            if not problems.has_errors:
                frame = _read_frame(source.path, layer, problems, options.content_limits)
    result = _check_frame(frame, options, problems, notes) if frame is not None else None
    final = problems.finish()
    if result is None or any(p.severity == "error" for p in final):
        raise DataError(final)
    districts, id_col, name_col = result
    return Boundaries(
        districts=districts,
        file=file,
        id_column=id_col or "",
        name_column=name_col,
        layer=layer,
        notes=notes,
        warnings=final,
    )


def _check_frame(
    frame: gpd.GeoDataFrame,
    options: BoundaryOptions,
    problems: CappedCollector,
    notes: list[Note],
) -> tuple[gpd.GeoDataFrame, str | None, str] | None:
    if len(frame) == 0:
        problems.add("no_features")
        return None
    id_col, name_col = _columns(frame, options, problems, notes)
    has_crs = _check_crs(frame, problems, notes)
    if name_col is None or not has_crs:
        return None
    ids, names = _ids_and_names(frame, id_col, name_col, problems)
    geoms = _check_geometries(frame.geometry.array.to_numpy(), problems, options.content_limits)
    if problems.has_errors:
        return None
    out = gpd.GeoDataFrame(
        {DISTRICT_ID: ids, "name": names, "feature": np.arange(1, len(frame) + 1)},
        geometry=list(geoms),
        crs=frame.crs,
    ).to_crs(CRS)
    if not _check_lonlat(out, problems):
        return None
    out = out.set_geometry(_to_storage(out.geometry.array.to_numpy(), problems))
    if problems.has_errors:
        return None
    return out, id_col, name_col
