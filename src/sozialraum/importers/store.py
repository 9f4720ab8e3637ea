"""Write an imported town into ``<data-dir>/imported/<town-id>/``, all or nothing.

Everything is first written to a staging folder ``imported/.staging-<random>/`` laid out
as a small data directory of its own (catalog + the one imported town), and the real
loader (:func:`sozialraum.loaders.load_town`) loads it from there. Only a town that loads
is moved into place by :func:`sozialraum.atomic.replace_dir` (renames, atomic within one
file system). Re-importing a town moves the old folder to ``.trash-*`` first and restores it
if the swap fails. Dot folders are ignored by :func:`sozialraum.towns.load_towns`, so a
crash mid-import never shows a half-written town.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from sozialraum.atomic import remove_dir, replace_dir, staging_dir
from sozialraum.catalog import CATALOG_COLUMNS
from sozialraum.columns import (
    DISTRICT_ID,
    VALUE_FILE_COLUMNS,
)
from sozialraum.errors import DataError, Problem, ProblemCollector
from sozialraum.loaders import TownData, load_town
from sozialraum.towns import TOWN_ID_PATTERN

IMPORTED = "imported"
ORIGINAL = "original"
COORD_DECIMALS = 6


@dataclass(frozen=True)
class TownFiles:
    """Everything an imported town folder holds, in memory."""

    town: dict[str, object]  # town.json
    districts: gpd.GeoDataFrame  # district_id, name, geometry (EPSG:4326)
    values: pd.DataFrame  # VALUE_FILE_COLUMNS, all text
    catalog_rows: Sequence[dict[str, str]] = ()
    originals: Sequence[tuple[Path, str]] = ()  # (file to copy, name in original/)
    outline: gpd.GeoDataFrame | None = None  # outline.geojson; None = union of the districts
    geometry_quality: str = "official"  # per district feature

    @property
    def town_id(self) -> str:
        return str(self.town["id"])


# --------------------------------------------------------------------------- writing


def _round(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, COORD_DECIMALS)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def districts_geojson(districts: gpd.GeoDataFrame, geometry_quality: str = "official") -> str:
    """RFC 7946 GeoJSON, coordinates rounded to 6 decimals, properties per the contract."""
    features = [
        {
            "type": "Feature",
            "properties": {
                DISTRICT_ID: str(district_id),
                "name": str(name),
                "geometry_quality": geometry_quality,
            },
            "geometry": _round(json.loads(shapely.to_geojson(geom))),
        }
        for district_id, name, geom in zip(
            districts[DISTRICT_ID], districts["name"], districts.geometry, strict=True
        )
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def outline_geojson(outline: gpd.GeoDataFrame) -> str:
    """The outline (EPSG:4326, with its ``town_id``), coordinates rounded like the districts."""
    features = [
        {
            "type": "Feature",
            "properties": {"town_id": str(town_id)},
            "geometry": _round(json.loads(shapely.to_geojson(geom))),
        }
        for town_id, geom in zip(outline["town_id"], outline.geometry, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_csv(path: Path, columns: Sequence[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def write_town_folder(folder: Path, files: TownFiles) -> None:
    """Write all files of the town into the (new, empty) ``folder``."""
    folder.mkdir(parents=True)
    (folder / "town.json").write_text(
        json.dumps(files.town, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / "districts.geojson").write_text(
        districts_geojson(files.districts, files.geometry_quality), encoding="utf-8"
    )
    if files.outline is not None:
        (folder / "outline.geojson").write_text(outline_geojson(files.outline), encoding="utf-8")
    values = files.values[list(VALUE_FILE_COLUMNS)].astype(str)
    _write_csv(folder / "values.csv", VALUE_FILE_COLUMNS, values.to_numpy().tolist())
    if files.catalog_rows:
        rows = [[row.get(c, "") for c in CATALOG_COLUMNS] for row in files.catalog_rows]
        _write_csv(folder / "catalog.csv", CATALOG_COLUMNS, rows)
    if files.originals:
        original = folder / ORIGINAL
        original.mkdir()
        for source, name in files.originals:
            shutil.copyfile(source, original / name)


# --------------------------------------------------------------------------- staging


def _stage(root: Path, data_dir: Path, files: TownFiles) -> Path:
    """Lay out ``root`` as a data directory with the base catalog and the new town."""
    catalog = data_dir / "indicators" / "catalog.csv"
    if catalog.exists():
        (root / "indicators").mkdir(parents=True)
        shutil.copyfile(catalog, root / "indicators" / "catalog.csv")
    layers = data_dir / "layers" / files.town_id
    if layers.is_dir():  # extra layers for this id are loaded with the town; check them too
        shutil.copytree(layers, root / "layers" / files.town_id)
    folder = root / IMPORTED / files.town_id
    write_town_folder(folder, files)
    return folder


def _relative_problems(problems: list[Problem], folder: Path) -> list[Problem]:
    """Problems of staged files, named as the stored files (the staging folder is gone)."""
    out = []
    for p in problems:
        file = p.file
        if file and Path(file).is_relative_to(folder):
            file = Path(file).relative_to(folder).as_posix()
        out.append(dataclasses.replace(p, file=file))
    return out


def _validate(root: Path, folder: Path, town_id: str) -> TownData:
    try:
        return load_town(root, town_id)
    except DataError as exc:
        raise DataError(_relative_problems(exc.problems, folder)) from None


def store_town(data_dir: Path, files: TownFiles, *, dry_run: bool = False) -> TownData:
    """Stage, validate with the real loader, then move into place (unless ``dry_run``).

    Returns the town as loaded from the staged files. Raises DataError if it does not load;
    the data directory is then unchanged (the staging folder is removed in every case).
    """
    imported = data_dir / IMPORTED
    created_imported = False
    if dry_run:
        root = Path(tempfile.mkdtemp(prefix="sozialraum-dry-run-"))
    else:
        created_imported = not imported.exists()
        imported.mkdir(parents=True, exist_ok=True)
        root = staging_dir(imported / files.town_id)
    target = imported / files.town_id
    try:
        folder = _stage(root, data_dir, files)
        data = _validate(root, folder, files.town_id)
        if not dry_run:
            replace_dir(folder, target)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if created_imported and not target.exists() and not any(imported.iterdir()):
            imported.rmdir()  # leave no trace of a failed first import
    return data


# --------------------------------------------------------------------------- removing


def embedded_town_ids(data_dir: Path) -> set[str]:
    """Ids in ``towns.json``, read leniently: a broken entry elsewhere must not block this."""
    try:
        raw = json.loads((data_dir / "towns.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(raw, list):
        return set()
    return {str(t.get("id")) for t in raw if isinstance(t, dict)}


def remove_town(data_dir: Path, town_id: str) -> Path:
    """Delete an imported town; embedded (demo) towns cannot be removed.

    Returns the removed folder. The folder is first renamed to a dot folder, so the town
    disappears at once even if deleting its files takes a moment.
    """
    problems = ProblemCollector(str(data_dir))
    if not TOWN_ID_PATTERN.match(town_id):
        problems.add("bad_town_id", value=town_id)
        problems.raise_if_errors()
    folder = data_dir / IMPORTED / town_id
    if (folder / "town.json").is_file():
        remove_dir(folder)
        return folder
    if town_id in embedded_town_ids(data_dir):
        problems.add("cannot_remove_embedded", value=town_id)
    else:
        problems.add("unknown_town", value=town_id)
    raise DataError(problems.problems)
