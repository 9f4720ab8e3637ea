"""Build ``data/grids/Zensus2011_1km-Gitter_sechs_Staedte.csv``: the six towns' 1 km cells.

The census grid page shows official Zensus grid files from ``<data dir>/grids/``. So that it
shows real official data at first start, the demo data carries the Zensus 2011 1 km cells
touching the six towns, cut from the open extract in ``../shared/data/open`` (never copied
into the repo as a whole):

* every row of ``Zensus_spitze_Werte_1km-Gitter_six_towns.csv`` as published (official
  layout: ``;``-separated, decimal comma, ``-1`` = no value, ``-9`` = suppressed; the value
  texts are copied unchanged, so nothing suppressed or empty can turn into a number),
* plus three columns from ``zensus2011_1km_six_towns.geojson``: ``AGS`` and ``GEN`` of the
  town the cell touches and ``share_in_town`` (fraction of the cell's area inside the town,
  decimal comma). The grid reader ignores columns it does not know, so the file stays a
  grid file in the published layout that any Zensus 2011 reader understands.

Rows keep the order of the published file. The script refuses (exit 1) when the two inputs
disagree: a cell in only one of them, or a different population of the same cell.

Attribution: Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0
(see ``data/grids/README.md``).

Usage: ``python scripts/build_zensus_grid.py [--open-data DIR] [--data-dir DIR]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OPEN_DATA = REPO.parent / "shared" / "data" / "open"
GRID_CSV = "Zensus_spitze_Werte_1km-Gitter_six_towns.csv"
GRID_GEOJSON = "zensus2011_1km_six_towns.geojson"
SHIPPED = "Zensus2011_1km-Gitter_sechs_Staedte.csv"
EXTRA_COLUMNS = ("AGS", "GEN", "share_in_town")
SEP = ";"


class BuildError(Exception):
    """The open data extract is not what this script expects."""


def _town_of_cells(geojson: Path) -> dict[str, tuple[str, str, float, int]]:
    """cell id -> (AGS, town name, share in town, population) from the polygon extract."""
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    towns: dict[str, tuple[str, str, float, int]] = {}
    for feature in features:
        props = feature["properties"]
        cell = str(props["cell_id"])
        if cell in towns:
            raise BuildError(f"{geojson.name}: cell {cell} listed twice")
        share = float(props["share_in_town"])
        if not 0 < share <= 1:
            raise BuildError(f"{geojson.name}: cell {cell} share_in_town {share} not in (0, 1]")
        towns[cell] = (str(props["AGS"]), str(props["GEN"]), share, int(props["Einwohner"]))
    return towns


def _decimal_comma(share: float) -> str:
    return f"{share:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def grid_text(open_data: Path) -> str:
    """The shipped file's text, built from ``open_data``."""
    towns = _town_of_cells(open_data / GRID_GEOJSON)
    lines = (open_data / GRID_CSV).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(SEP)
    if header[:3] != ["Gitter_ID_1km", "x_mp_1km", "y_mp_1km"] or "Einwohner" not in header:
        raise BuildError(f"{GRID_CSV}: unexpected header {lines[0]!r}")
    population = header.index("Einwohner")
    out = [SEP.join([*header, *EXTRA_COLUMNS])]
    seen: set[str] = set()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(SEP)
        if len(fields) != len(header):
            raise BuildError(f"{GRID_CSV}, line {number}: {len(fields)} fields, not {len(header)}")
        cell = fields[0]
        if cell not in towns:
            raise BuildError(f"{GRID_CSV}, line {number}: cell {cell} not in {GRID_GEOJSON}")
        if cell in seen:
            raise BuildError(f"{GRID_CSV}, line {number}: cell {cell} listed twice")
        seen.add(cell)
        ags, name, share, inhabitants = towns[cell]
        if int(fields[population]) != inhabitants:
            raise BuildError(f"{GRID_CSV}, line {number}: Einwohner differs from {GRID_GEOJSON}")
        out.append(SEP.join([*fields, ags, name, _decimal_comma(share)]))
    missing = sorted(set(towns) - seen)
    if missing:
        raise BuildError(
            f"{GRID_GEOJSON}: {len(missing)} cells not in {GRID_CSV}, e.g. {missing[0]}"
        )
    return "\n".join(out) + "\n"


def build(open_data: Path, data_dir: Path) -> Path:
    """Write the grid file of ``open_data``'s 1 km extract into ``data_dir/grids``."""
    target = data_dir / "grids" / SHIPPED
    target.parent.mkdir(parents=True, exist_ok=True)
    text = grid_text(open_data)
    target.write_bytes(text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 1} cells, {target.stat().st_size:,} bytes")
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-data", type=Path, default=DEFAULT_OPEN_DATA)
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    args = parser.parse_args(argv)
    if not args.open_data.is_dir():
        print(f"open data directory not found: {args.open_data}", file=sys.stderr)
        return 2
    try:
        path = build(args.open_data, args.data_dir)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
