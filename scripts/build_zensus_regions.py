"""Build the grid-built Sozialräume of the six towns: ``data/imported/<town>-zensus2011/``.

A second, real data set per town next to the demo: contiguous districts formed from the
town's populated Zensus 2011 100 m cells by max-p regionalisation (at least
:data:`MIN_POP` estimated residents each), with their Zensus 2011 sums and rates. It runs
the project's own ``sozialraum regions`` pipeline (:mod:`sozialraum.regions`) on
``../shared/data/open/zensus2011_100m_six_towns.parquet`` (never copied into the repo; only
the region aggregates are stored) and prints, per town, the number of regions, the
smallest, median and largest region and the run time.

Attribution: Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0;
© GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0 (in every town's ``town.json``).

Usage: ``python scripts/build_zensus_regions.py [--open-data DIR] [--data-dir DIR]
[--min-pop N] [--town ID ...]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sozialraum.regions.build import Settings, build_regions, size_summary, store_regions
from sozialraum.regions.cells import read_grid

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OPEN_DATA = REPO.parent / "shared" / "data" / "open"
GRID_FILE = "zensus2011_100m_six_towns.parquet"
TOWNS = ("bad-hersfeld", "merzig", "muehlacker", "pirmasens", "saalfeld", "weissenfels")
MIN_POP = 1000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-data", type=Path, default=DEFAULT_OPEN_DATA)
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--min-pop", type=float, default=MIN_POP)
    parser.add_argument("--town", nargs="+", default=list(TOWNS))
    args = parser.parse_args(argv)
    grid_path = args.open_data / GRID_FILE
    if not grid_path.is_file():
        print(f"Rasterdatei fehlt: {grid_path}", file=sys.stderr)
        return 1
    grid = read_grid(grid_path)
    settings = Settings(min_pop=args.min_pop)
    builds = []
    for town_id in args.town:
        build = build_regions(args.data_dir, town_id, grid, settings, grid_source=GRID_FILE)
        store_regions(args.data_dir, build)
        builds.append(build)
        print(size_summary([build]).to_string(index=False, header=False), flush=True)
    print()
    print(size_summary(builds).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
