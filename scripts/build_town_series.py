"""Build ``data/town_series/inkar.csv``: the official INKAR town series of the six towns.

The comparison and trend pages show official town figures first. They come from INKAR
(BBSR), cut down to the six towns in ``../shared/data/open`` (never copied into the
repo). This script runs the project's own INKAR importer
(:func:`sozialraum.importers.inkar.import_inkar`) on that long-form file and its
indicator dictionary, so the shipped series has exactly the format and the level and
edition rules of an imported one (``town_series/inkar.csv`` plus
``town_series/labels/inkar.csv``); a user's later INKAR import merges into it.

Attribution: INKAR, © BBSR Bonn, dl-de/by-2-0 (every row's ``source`` carries it).

Usage: ``python scripts/build_town_series.py [--open-data DIR] [--data-dir DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sozialraum.importers.inkar import import_inkar

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OPEN_DATA = REPO.parent / "shared" / "data" / "open"
VALUES_FILE = "inkar_six_towns_values.csv"
DICTIONARY_FILE = "inkar_indicator_dictionary.csv"


def build(open_data: Path, data_dir: Path) -> list[Path]:
    """Write the town series of ``open_data``'s INKAR extract into ``data_dir``; the files."""
    result = import_inkar(
        data_dir,
        open_data / VALUES_FILE,
        dictionary=open_data / DICTIONARY_FILE,
        replace=True,
    )
    for problem in result.problems:
        print(problem.format("en"), file=sys.stderr)
    print(
        f"{len(result.series)} values, {result.series['indicator_id'].nunique()} indicators, "
        f"{result.series['ags'].nunique()} towns"
    )
    return result.written


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-data", type=Path, default=DEFAULT_OPEN_DATA)
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    args = parser.parse_args(argv)
    if not args.open_data.is_dir():
        print(f"open data directory not found: {args.open_data}", file=sys.stderr)
        return 2
    for path in build(args.open_data, args.data_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
