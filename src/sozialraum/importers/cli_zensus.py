"""Sub-commands ``import-zensus`` and ``import-inkar`` (registered in ``sozialraum.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sozialraum.columns import (
    AGS,
    INDICATOR_ID,
    STATUS,
)
from sozialraum.errors import Problem
from sozialraum.i18n import text


def _print(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        print(problem.format(lang), file=sys.stderr)


def cmd_import_zensus(args: argparse.Namespace) -> int:
    from sozialraum.importers.zensus import import_zensus

    result = import_zensus(
        args.data_dir,
        args.town,
        [Path(p) for p in args.grid],
        method=args.method,
        year=args.year,
        resolution=args.resolution,
    )
    _print(result.problems, args.lang)
    counted = result.values.groupby(STATUS).size().to_dict() if len(result.values) else {}
    for path in result.written:
        print(path)
    shown = counted.get("", 0)
    hidden = len(result.values) - shown
    print(
        text(
            "cli_zensus_summary", args.lang, shown=shown, hidden=hidden, rows=result.stats.rows_read
        )
    )
    return 0


def cmd_import_inkar(args: argparse.Namespace) -> int:
    from sozialraum.importers.inkar import import_inkar

    result = import_inkar(
        args.data_dir,
        Path(args.file),
        dictionary=Path(args.dictionary) if args.dictionary else None,
        edition=args.edition,
        replace=args.replace,
        only_ags=args.ags or None,
    )
    _print(result.problems, args.lang)
    for path in result.written:
        print(path)
    towns = result.series[AGS].nunique()
    indicators = result.series[INDICATOR_ID].nunique()
    print(f"{len(result.series)} rows, {towns} AGS, {indicators} indicators")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the two sub-commands; ``--data-dir`` and ``--lang`` are added by the main CLI."""
    p = sub.add_parser(
        "import-zensus",
        help="aggregate official Zensus grid files (2011/2022) to a town's districts",
    )
    p.add_argument("--town", required=True, help="town id")
    p.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="FILE",
        help="grid CSV or Zensus 2022 topic ZIP as published; repeat for several topics",
    )
    p.add_argument(
        "--resolution",
        choices=("100m", "1km", "10km"),
        default=None,
        help="which grid of a topic ZIP to read (the ZIPs hold 10km, 1km and 100m files)",
    )
    p.add_argument(
        "--method",
        choices=("area", "centre"),
        default=None,
        help="area-weighted (default for 1 km cells) or by cell centre (default for 100 m)",
    )
    p.add_argument(
        "--year", type=int, choices=(2011, 2022), default=None, help="census year, if not detected"
    )
    p.set_defaults(func=cmd_import_zensus)

    p = sub.add_parser("import-inkar", help="import INKAR town-level time series")
    p.add_argument(
        "--file",
        required=True,
        help="INKAR CSV: bulk download (Bereich;ID;Indikator;…), long form or web-tool export",
    )
    p.add_argument(
        "--ags",
        action="append",
        default=None,
        metavar="AGS",
        help="keep only this municipality (8-digit key); repeat for several",
    )
    p.add_argument(
        "--dictionary",
        default=None,
        help="INKAR indicator dictionary (edition,table,kuerzel,indicator) for labels",
    )
    p.add_argument("--edition", default="INKAR", help="edition label for web exports")
    p.add_argument(
        "--replace", action="store_true", help="replace town_series/inkar.csv instead of merging"
    )
    p.set_defaults(func=cmd_import_inkar)
