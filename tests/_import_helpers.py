"""Shared helpers for the importer tests: a minimal data directory and tree digests.

The tests do not depend on the demo data (generated elsewhere): a data directory here is the
real indicator catalog plus an empty ``towns.json``.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "data" / "indicators" / "catalog.csv"
TEST_DATA = REPO / "tests" / "data"
GOOD = TEST_DATA / "good"
BAD = TEST_DATA / "bad"

# Four districts near Pirmasens (lon/lat), as in tests/data/good/districts.geojson.
NAMES = ["Altstadt", "Winzeln", "Hohe Lüft", "Neuhof"]


def make_data_dir(path: Path, towns_json: str = "[]") -> Path:
    (path / "indicators").mkdir(parents=True)
    shutil.copyfile(CATALOG, path / "indicators" / "catalog.csv")
    (path / "towns.json").write_text(towns_json, encoding="utf-8")
    return path


def tree_digest(path: Path) -> dict[str, str]:
    """Every file's SHA-256 and every folder, by relative path: equal digests = same tree."""
    digest = {}
    for item in sorted(path.rglob("*")):
        rel = item.relative_to(path).as_posix()
        digest[rel] = "dir" if item.is_dir() else hashlib.sha256(item.read_bytes()).hexdigest()
    return digest


def squares(n: int = 4, size: float = 0.01) -> list[shapely.Polygon]:
    return [
        shapely.box(7.60 + i * size, 49.19, 7.60 + (i + 1) * size, 49.19 + size) for i in range(n)
    ]


def districts_frame(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """The four districts with GIS-style columns, in ``crs``."""
    frame = gpd.GeoDataFrame(
        {"OT_NR": ["01", "02", "03", "04"], "OT_NAME": NAMES, "FLAECHE": [1.0, 2.0, 3.0, 4.0]},
        geometry=squares(),
        crs="EPSG:4326",
    )
    return frame.to_crs(crs)


def shapefile_zip(frame: gpd.GeoDataFrame, path: Path, stem: str = "stadtteile") -> Path:
    """Write ``frame`` as a Shapefile and zip all its parts into ``path``."""
    folder = path.parent / f"{stem}-shp"
    folder.mkdir()
    frame.to_file(folder / f"{stem}.shp", engine="pyogrio")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
    return path
