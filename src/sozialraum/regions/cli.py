"""Sub-command ``regions`` (registered in ``sozialraum.cli``): Sozialräume from the grid."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sozialraum.errors import ProblemCollector
from sozialraum.i18n import text
from sozialraum.paths import source_checkout

OPEN_GRID = Path("shared") / "data" / "open" / "zensus2011_100m_six_towns.parquet"


def default_grid() -> Path | None:
    """The open Zensus 2011 100 m extract beside a source checkout, if it is there."""
    root = source_checkout()
    return root.parent / OPEN_GRID if root is not None else None


def cmd_regions(args: argparse.Namespace) -> int:
    from sozialraum.regions.build import Settings, build_regions, size_summary, store_regions
    from sozialraum.regions.cells import read_grid

    grid_path = args.grid or default_grid()
    if grid_path is None or not grid_path.is_file():
        problems = ProblemCollector()
        problems.add("regions_no_grid", value=str(grid_path or OPEN_GRID))
        problems.raise_if_errors()
    assert grid_path is not None
    settings = Settings(
        min_pop=args.min_pop,
        variables=tuple(args.vars) if args.vars else Settings().variables,
        seed=Settings().seed if args.seed is None else args.seed,
        known_localities=not args.geonames_only,
    )
    grid = read_grid(grid_path)
    build = build_regions(
        args.data_dir,
        args.town,
        grid,
        settings,
        new_id=args.id,
        name=args.name,
        grid_source=str(grid_path),
    )
    row = {str(k): v for k, v in size_summary([build]).iloc[0].to_dict().items()}
    print(text("cli_regions_header", args.lang, **row))
    districts = build.files.districts
    for district_id, name in zip(districts["district_id"], districts["name"], strict=True):
        k = int(district_id[1:]) - 1
        cells = int(np.sum(build.labels == k))
        print(f"  {district_id}  {name:<32} {build.sizes[district_id]:>8.0f}  {cells:>4} Zellen")
    if not args.dry_run:
        store_regions(args.data_dir, build)
        print(text("cli_regions_stored", args.lang, value=build.files.town["id"]))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the sub-command; ``--data-dir`` and ``--lang`` are added by the main CLI."""
    p = sub.add_parser(
        "regions",
        help="build contiguous Sozialräume of a town from populated 100 m census cells",
    )
    p.add_argument("--town", required=True, help="town id (gives outline and AGS)")
    p.add_argument(
        "--min-pop",
        type=float,
        default=1000.0,
        help="minimum residents per region (estimated from dwellings where the grid has none)",
    )
    p.add_argument(
        "--vars",
        nargs="+",
        default=None,
        metavar="COLUMN",
        help="grid count columns whose per-resident rates regions should be similar on",
    )
    p.add_argument("--grid", type=Path, default=None, help="100 m grid (Parquet or CSV)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default fixed)")
    p.add_argument("--id", default=None, help="id of the new town (default <town>-zensus2011)")
    p.add_argument("--name", default=None, help="name of the new town")
    p.add_argument(
        "--geonames-only",
        action="store_true",
        help="name regions after GeoNames places only, not after the town's own districts",
    )
    p.add_argument("--dry-run", action="store_true", help="build and check, store nothing")
    p.set_defaults(func=cmd_regions)
