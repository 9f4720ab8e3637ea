"""Run the benchmark (the same code as ``sozialraum bench``).

.venv/bin/python scripts/bench.py [--sizes 500,2000,national] [--towns muehlacker]
                                  [--repeat N | --quick] [--json] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys

from sozialraum.bench.cli import add_arguments, cmd_bench
from sozialraum.paths import resolve_data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--data-dir", default=None, help="data directory of the demo towns")
    args = parser.parse_args(argv)
    args.data_dir = resolve_data_dir(args.data_dir)
    return cmd_bench(args)


if __name__ == "__main__":
    sys.exit(main())
