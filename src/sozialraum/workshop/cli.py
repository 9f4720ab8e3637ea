"""``sozialraum workshop …`` and ``sozialraum db …``: the workshop from the command line.

The database is the one the app uses: ``SOZIALRAUM_DB_URL`` if set, else the SQLite file in
the data directory. Every command brings the schema up to date first.
"""

from __future__ import annotations

import argparse
import getpass
import json
from pathlib import Path


def _who(args: argparse.Namespace) -> str:
    if args.who:
        return str(args.who)
    try:
        return f"CLI ({getpass.getuser()})"
    except (KeyError, OSError):
        return "CLI"


def _participants(text: str) -> dict[str, int]:
    """``"Verwaltung=3, Bewohnerschaft=9"`` → ``{"Verwaltung": 3, "Bewohnerschaft": 9}``."""
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        name, sep, count = part.partition("=")
        if not sep or not count.strip().isdigit():
            raise argparse.ArgumentTypeError(f"expected SECTOR=NUMBER, got {part!r}")
        out[name.strip()] = int(count)
    return out


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from sozialraum.db import current_revision, get_engine, upgrade

    engine = get_engine(args.data_dir)
    upgrade(engine)
    print(f"{engine.url.render_as_string(hide_password=True)}: {current_revision(engine)}")
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    from sozialraum.db import current_revision, get_engine, head_revision

    engine = get_engine(args.data_dir)
    current, head = current_revision(engine), head_revision()
    print(f"{engine.url.render_as_string(hide_password=True)}: {current or '-'} (head {head})")
    return 0 if current == head else 1


def cmd_list(args: argparse.Namespace) -> int:
    from sozialraum.workshop.store import open_store

    store = open_store(args.data_dir)
    workshops = store.list_workshops(args.town, include_deleted=args.deleted)
    rows = []
    for w in workshops:
        rows.append(
            {
                "id": w.id,
                "town_id": w.town_id,
                "title": w.title,
                "date": w.date.isoformat() if w.date else None,
                "place": w.place,
                "participants": w.participants,
                "notes": store.count_contributions(w.id),
                "deleted": w.deleted,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            gone = "  [gelöscht]" if r["deleted"] else ""
            print(
                f"{r['id']:>4}  {r['town_id']:<16} {r['date'] or '-':<10}  "
                f"{r['notes']:>4} Beiträge  {r['title']}{gone}"
            )
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    from sozialraum.towns import get_town
    from sozialraum.workshop.store import open_store

    get_town(args.data_dir, args.town)  # an unknown town is a DataError with its message
    workshop = open_store(args.data_dir).create_workshop(
        _who(args),
        town_id=args.town,
        title=args.title,
        date=args.date,
        place=args.place,
        participants=args.participants,
    )
    print(workshop.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sozialraum.workshop.protocol import export_workshop
    from sozialraum.workshop.store import open_store

    store = open_store(args.data_dir)
    written = export_workshop(store, args.id, args.data_dir, args.format, args.out, lang=args.lang)
    for path in written:
        print(f"{path} ({path.stat().st_size} bytes)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from sozialraum.importers.notes import import_notes
    from sozialraum.loaders import load_town
    from sozialraum.workshop.store import open_store

    store = open_store(args.data_dir)
    workshop = store.get_workshop(args.id)
    data = load_town(args.data_dir, workshop.town_id)
    result = import_notes(store, args.id, args.file, data, _who(args), dry_run=args.dry_run)
    count = len(result) if isinstance(result, list) else len(result.rows)
    if args.dry_run:
        print(
            f"OK: {count} Beiträge geprüft, nichts geschrieben (--dry-run)"
            if args.lang == "de"
            else f"OK: {count} notes checked, nothing written (--dry-run)"
        )
    else:
        print(
            f"{count} Beiträge in Werkstatt {args.id} übernommen"
            if args.lang == "de"
            else f"{count} notes added to workshop {args.id}"
        )
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: options given before the sub-command are not reset by its defaults.
    parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory")
    parser.add_argument("--lang", choices=("de", "en"), default=argparse.SUPPRESS)
    parser.add_argument("--who", default=argparse.SUPPRESS, help="label in the history")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from sozialraum.workshop.protocol import FORMATS

    db = sub.add_parser("db", help="database schema (migrations)")
    db.set_defaults(who=None)
    db_sub = db.add_subparsers(dest="db_command", required=True)
    p = db_sub.add_parser("upgrade", help="bring the schema up to date")
    _common(p)
    p.set_defaults(func=cmd_db_upgrade)
    p = db_sub.add_parser("current", help="show the schema revision (exit 1 when behind)")
    _common(p)
    p.set_defaults(func=cmd_db_current)

    ws = sub.add_parser("workshop", help="workshops: list, create, export, import notes")
    ws.add_argument("--who", default=None, help="label in the history (default: CLI (user))")
    ws_sub = ws.add_subparsers(dest="workshop_command", required=True)

    p = ws_sub.add_parser("list", help="list workshops")
    p.add_argument("--town", default=None)
    p.add_argument("--deleted", action="store_true", help="include deleted workshops")
    p.add_argument("--json", action="store_true")
    _common(p)
    p.set_defaults(func=cmd_list)

    p = ws_sub.add_parser("create", help="create a workshop; prints its id")
    p.add_argument("--town", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--date", default=None, help="YYYY-MM-DD or DD.MM.YYYY")
    p.add_argument("--place", default="")
    p.add_argument(
        "--participants",
        type=_participants,
        default={},
        help='participants by sector, e.g. "Verwaltung=3,Bewohnerschaft=9"',
    )
    _common(p)
    p.set_defaults(func=cmd_create)

    p = ws_sub.add_parser("export", help="protocol (docx, md) or notes (csv, xlsx, geojson)")
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True)
    _common(p)
    p.set_defaults(func=cmd_export)

    p = ws_sub.add_parser("import", help="add notes from a CSV/XLSX of paper cards")
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--file", type=Path, required=True)
    p.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    _common(p)
    p.set_defaults(func=cmd_import)
