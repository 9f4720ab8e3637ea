"""``sozialraum bench``: run the benchmark, print a table (or JSON) and write JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_OUT = Path("bench-results") / "bench.json"


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``bench``; ``--data-dir`` (the demo towns) and ``--lang`` come from the main CLI."""
    p = sub.add_parser(
        "bench",
        help="measure load, payload, rerun, first map and switch times on this machine",
        description="Measure the app from outside (HTTP, websocket, DOM) and print the figures.",
    )
    add_arguments(p)
    p.set_defaults(func=cmd_bench)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sizes",
        type=_csv,
        default=None,
        help="synthetic towns: district counts and/or 'national' (default: 500,2000,national;"
        " '' for none)",
    )
    p.add_argument("--towns", type=_csv, default=None, help="demo towns to measure (default: all)")
    p.add_argument("--repeat", type=int, default=None, help="measure every figure N times")
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")
    p.add_argument("--no-browser", action="store_true", help="skip the chromium figures")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON file ({DEFAULT_OUT})")
    p.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="built data, npm tarball cache, logs (default: <tmp>/sozialraum-bench)",
    )


def cmd_bench(args: argparse.Namespace) -> int:
    from sozialraum.bench import SIZES, format_table, run_benchmark

    try:
        result = run_benchmark(
            sizes=SIZES if args.sizes is None else args.sizes,
            towns=args.towns,
            repeat=args.repeat,
            quick=args.quick,
            data_dir=args.data_dir,
            work_dir=args.work_dir,
            browser=not args.no_browser,
        )
    except ValueError as exc:  # unknown town or size
        print(f"sozialraum bench: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(result, ensure_ascii=False, indent=2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text if args.json else format_table(result))
    return 0
