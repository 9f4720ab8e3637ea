"""The ``sozialraum`` command line.

Each sub-command is a small function taking the parsed arguments and returning an exit code:
0 success, 1 invalid data (with a report on stderr), 2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sozialraum.errors import DataError, Problem
from sozialraum.i18n import text
from sozialraum.importers.cli_zensus import register as register_zensus
from sozialraum.paths import ENV_VAR, resolve_data_dir

Command = Callable[[argparse.Namespace], int]


def _print_problems(problems: Sequence[Problem], lang: str) -> None:
    for problem in problems:
        print(problem.format(lang), file=sys.stderr)


def cmd_towns(args: argparse.Namespace) -> int:
    from sozialraum.loaders import load_town
    from sozialraum.towns import load_towns

    rows = []
    for town in load_towns(args.data_dir):
        data = load_town(args.data_dir, town.id)
        rows.append(
            {
                "id": town.id,
                "name": town.name,
                "ags": town.ags,
                "state": town.state,
                "districts": len(data.districts),
                "first_year": data.years[0] if data.years else None,
                "last_year": data.years[-1] if data.years else None,
                "data_kind": town.data_kind,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(
                f"{r['id']:<16} {r['name']:<20} AGS {r['ags'] or '-':<9} "
                f"{r['districts']:>4} Bezirke  {r['first_year']}–{r['last_year']}  {r['data_kind']}"
            )
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from sozialraum.catalog import load_catalog_for

    catalog = load_catalog_for(args.data_dir)
    if args.json:
        records = catalog.to_frame().to_dict("records")
        for rec in records:  # JSON has no infinity
            for key in ("value_min", "value_max"):
                if rec[key] in (float("inf"), float("-inf")):
                    rec[key] = None
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for ind in catalog.values():
            print(f"{ind.id:<28} {ind.topic:<15} {ind.label(args.lang)} [{ind.unit(args.lang)}]")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sozialraum.validation import validate_data_dir

    problems = validate_data_dir(args.data_dir)
    errors = [p for p in problems if p.severity == "error"]
    _print_problems(problems, args.lang)
    if errors:
        print(
            text("cli_errors_in", args.lang, count=len(errors), where=args.data_dir),
            file=sys.stderr,
        )
        return 1
    print(f"OK: {args.data_dir}")
    return 0


def _refuse(german: str, english: str, lang: str) -> int:
    """Print why an export cannot be made (in ``lang``) and return the exit code 1."""
    print(german if lang == "de" else english, file=sys.stderr)
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    from sozialraum.export import LONG_FORMATS, export_town
    from sozialraum.loaders import load_town

    data = load_town(args.data_dir, args.town)
    if args.years == "all":
        if args.format not in LONG_FORMATS:
            allowed = ", ".join(LONG_FORMATS)
            return _refuse(
                f"--years all gibt es nur als {allowed} (Langformat)",
                f"--years all is available as {allowed} only (long format)",
                args.lang,
            )
        out = export_town(data, None, args.format, args.out, args.dialect)
        span = f"{data.years[0]}–{data.years[-1]}" if data.years else "-"
        print(f"{out} ({out.stat().st_size} bytes, {len(data.districts)} districts, {span})")
        return 0
    if args.years is not None and args.year is not None:
        return _refuse(
            "--year oder --years, nicht beides", "--year or --years, not both", args.lang
        )
    wanted = args.year if args.years is None else _year_or_none(args.years)
    year = wanted if wanted is not None else data.years[-1]
    if year not in data.years or (args.years is not None and wanted is None):
        years = ", ".join(str(y) for y in data.years)
        given = args.years if args.years is not None else year
        return _refuse(
            f"Jahr {given} nicht vorhanden; vorhanden: {years} oder all",
            f"year {given} not available; available: {years} or all",
            args.lang,
        )
    out = export_town(data, year, args.format, args.out, args.dialect)
    print(f"{out} ({out.stat().st_size} bytes, {len(data.districts)} districts, {year})")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from sozialraum.atomic import write_bytes
    from sozialraum.loaders import load_town
    from sozialraum.mapimage import EXPORT_FORMATS, export_indicator_map

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        print(text("cli_map_bad_out", args.lang, out=args.out), file=sys.stderr)
        return 2
    data = load_town(args.data_dir, args.town)
    if args.indicator not in data.catalog:
        print(text("cli_unknown_indicator", args.lang, id=args.indicator), file=sys.stderr)
        return 1
    years = data.years_of(args.indicator)
    year = args.year if args.year is not None else years[-1]
    if year not in years:
        listed = ", ".join(str(y) for y in years)
        print(text("cli_year_missing", args.lang, year=year, years=listed), file=sys.stderr)
        return 1
    page = export_indicator_map(
        data,
        args.indicator,
        year,
        scheme=args.scheme,
        k=args.k,
        fmt=fmt,
        paper=args.paper,
        names=not args.no_names,
        lang=args.lang,
    )
    write_bytes(args.out, page.data)
    print(f"{args.out} ({len(page.data)} bytes, {args.paper}, {data.town.name}, {year})")
    return 0


def _year_or_none(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=None,
        help=f"data directory (default: ${ENV_VAR}, else data/ of a source checkout, "
        "else a per-user folder seeded with the demo data)",
    )
    parser.add_argument("--lang", choices=("de", "en"), default="de", help="message language")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sozialraum", description="Sozialraum-Monitor: district indicators for towns."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("towns", help="list towns")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_towns)

    p = sub.add_parser("indicators", help="list the indicator catalog")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("validate", help="check a data directory")
    p.set_defaults(func=cmd_validate)

    from sozialraum.export import DIALECTS, FORMATS

    p = sub.add_parser("export", help="export a town's districts with all indicator values")
    p.add_argument("--town", required=True)
    p.add_argument("--year", type=int, default=None, help="one year (default: the latest)")
    p.add_argument(
        "--years",
        default=None,
        metavar="all|YEAR",
        help="'all': every year in long format (a row per district, indicator and year)",
    )
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument(
        "--dialect",
        choices=DIALECTS,
        default="plain",
        help="CSV dialect: plain (comma) or excel-de (semicolon, decimal comma, UTF-8 BOM)",
    )
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "map", help="a print-ready map page (PNG or PDF, A4 landscape or 16:9 slide)"
    )
    p.add_argument("--town", required=True)
    p.add_argument("--indicator", required=True)
    p.add_argument("--year", type=int, default=None, help="default: the latest year")
    p.add_argument("--out", type=Path, required=True, help="map.pdf or map.png")
    p.add_argument("--format", dest="paper", choices=("a4", "slide"), default="a4")
    from sozialraum.classify import SCHEMES

    p.add_argument("--scheme", choices=[s for s in SCHEMES if s != "custom"], default="quantiles")
    p.add_argument("--k", type=int, default=5, help="number of classes")
    p.add_argument("--no-names", action="store_true", help="without district names")
    p.set_defaults(func=cmd_map)

    for extension in _EXTENSIONS:
        extension(sub)
    for name, command in sub.choices.items():
        if name != "actors":  # its sub-commands carry the common options themselves
            _add_common(command)
    return parser


# Further sub-commands (import, benchmark, …) register here: each adds its parser to `sub`.
_EXTENSIONS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = [
    register_zensus,
    __import__("sozialraum.importers.cli_import", fromlist=["register"]).register,
    __import__("sozialraum.bench.cli", fromlist=["register"]).register,
    __import__("sozialraum.workshop.cli", fromlist=["register"]).register,
    __import__("sozialraum.serve", fromlist=["register"]).register,
    __import__("sozialraum.actors.cli", fromlist=["register"]).register,
    __import__("sozialraum.regions.cli", fromlist=["register"]).register,
]


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def failure_line(exc: BaseException, lang: str) -> str:
    """One readable line for an unexpected failure (no traceback for users)."""
    de = lang == "de"
    if isinstance(exc, OSError):
        where = f": {_one_line(str(exc.filename), 160)}" if exc.filename else ""
        reason = exc.strerror or type(exc).__name__
        return f"{'Fehler' if de else 'Error'}: {reason}{where}"
    if isinstance(exc, RecursionError):
        return (
            "Fehler: Die Eingabe ist zu tief verschachtelt."
            if de
            else "Error: the input is nested too deeply."
        )
    if isinstance(exc, MemoryError):
        return "Fehler: Zu wenig Arbeitsspeicher." if de else "Error: out of memory."
    detail = _one_line(str(exc)) or type(exc).__name__
    return f"{'Unerwarteter Fehler' if de else 'Unexpected error'} ({type(exc).__name__}): {detail}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure ends as a message on stderr and a non-zero exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.data_dir = resolve_data_dir(args.data_dir)
        return int(args.func(args))
    except DataError as exc:
        _print_problems(exc.problems, args.lang)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(failure_line(exc, args.lang), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
