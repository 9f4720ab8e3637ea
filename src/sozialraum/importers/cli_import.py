"""``sozialraum import`` and ``sozialraum remove-town`` (registered in :mod:`sozialraum.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sozialraum.i18n import text
from sozialraum.importers.indicators import NewIndicator
from sozialraum.importers.pipeline import ImportOptions, run_import


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise argparse.ArgumentTypeError(f"--map expects COLUMN=INDICATOR_ID, got {pair!r}")
        mapping[column.strip()] = target.strip()
    return mapping


def _new_indicator(text: str) -> NewIndicator:
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise TypeError("expected a JSON object")
        return NewIndicator.from_mapping(raw)
    except (ValueError, TypeError) as exc:
        raise argparse.ArgumentTypeError(f"--new-indicator: {exc}") from exc


def cmd_import(args: argparse.Namespace) -> int:
    options = ImportOptions(
        district_id_column=args.district_id_column,
        district_name_column=args.district_name_column,
        layer=args.layer,
        sheet=args.sheet,
        table_district_column=args.table_district_column,
        year=args.year,
        indicator=args.indicator,
        indicator_mapping=_mapping(args.map),
        new_indicators=tuple(args.new_indicator),
        state=args.state,
        county=args.county,
        ags=args.ags,
    )
    result = run_import(
        args.data_dir,
        town_id=args.town_id,
        name=args.name,
        boundaries=args.boundaries,
        indicators=args.indicators,
        options=options,
        dry_run=args.dry_run,
    )
    report = result.report
    if not result.ok:
        print(report.format(args.lang), file=sys.stderr)
        return 1
    print(report.format(args.lang))
    assert result.summary is not None
    print(result.summary.format(args.lang, warnings=len(report.warnings)))
    if args.dry_run:
        print(text("cli_checked_only", args.lang))
    else:
        print(f"→ {result.town_folder}")
    return 0


def cmd_remove_town(args: argparse.Namespace) -> int:
    from sozialraum.importers.store import remove_town

    folder = remove_town(args.data_dir, args.town_id)
    print(f"{'Entfernt' if args.lang == 'de' else 'Removed'}: {folder}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the sub-commands; ``--data-dir`` and ``--lang`` are added by the main parser."""
    p = sub.add_parser("import", help="import a town's own boundaries and indicator table")
    p.add_argument("--town-id", required=True, help="new town id, e.g. winzeln")
    p.add_argument("--name", required=True, help="display name, e.g. 'Winzeln (Pfalz)'")
    p.add_argument(
        "--boundaries", type=Path, required=True, help=".geojson, .gpkg or zipped Shapefile"
    )
    p.add_argument("--indicators", type=Path, required=True, help=".csv or .xlsx")
    p.add_argument("--district-id-column", default=None, help="id column in the boundaries")
    p.add_argument("--district-name-column", default=None, help="name column in the boundaries")
    p.add_argument("--layer", default=None, help="layer of a GeoPackage or zip")
    p.add_argument("--sheet", default=None, help="sheet of an XLSX workbook")
    p.add_argument("--table-district-column", default=None, help="district column in the table")
    p.add_argument("--year", type=int, default=None, help="year of a table that names none")
    p.add_argument("--indicator", default=None, help="indicator of a one-indicator table")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=ID",
        help="map a column to an indicator",
    )
    p.add_argument(
        "--new-indicator",
        action="append",
        type=_new_indicator,
        default=[],
        metavar="JSON",
        help='define an indicator, e.g. \'{"label": "Spielplätze", "kind": "count"}\'',
    )
    p.add_argument("--state", default="", help="Bundesland")
    p.add_argument("--county", default="", help="Landkreis")
    p.add_argument("--ags", default="", help="8-digit Amtlicher Gemeindeschlüssel")
    p.add_argument("--dry-run", action="store_true", help="check only, store nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("remove-town", help="remove an imported town")
    p.add_argument("--town-id", required=True)
    p.set_defaults(func=cmd_remove_town)
