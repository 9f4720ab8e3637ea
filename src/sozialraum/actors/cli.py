"""``sozialraum actors import|export``: the town's actor network as Kumu, Gephi or XLSX files."""

from __future__ import annotations

import argparse
from pathlib import Path

from sozialraum.actors.exchange import (
    FORMATS,
    import_records,
    read_network,
    write_gephi,
    write_kumu,
    write_xlsx,
)
from sozialraum.actors.store import ActorStore, open_actor_store
from sozialraum.errors import ProblemCollector
from sozialraum.towns import get_town
from sozialraum.workshop.model import FieldOfAction
from sozialraum.workshop.store import WorkshopStore


def town_fields(store: ActorStore, town_id: str) -> list[FieldOfAction]:
    """The live fields of action of all live workshops of the town."""
    workshops = WorkshopStore(store.engine)
    return [f for w in workshops.list_workshops(town_id) for f in workshops.list_fields(w.id)]


def town_districts(data_dir: Path, town_id: str) -> dict[str, str]:
    from sozialraum.loaders import load_town

    districts = load_town(data_dir, town_id).districts
    return {str(i): str(n) for i, n in zip(districts.index, districts["name"], strict=True)}


def cmd_import(args: argparse.Namespace) -> int:
    get_town(args.data_dir, args.town)  # unknown town: a DataError with the choices
    files: list[Path] = args.files
    expected = 1 if args.format == "xlsx" else 2
    if len(files) not in (1, 2) or (args.format == "xlsx" and len(files) != 1):
        problems = ProblemCollector()
        problems.add("net_file_count", format=args.format, count=expected)
        problems.raise_if_errors()
    for path in files:
        if not path.exists():
            problems = ProblemCollector(str(path))
            problems.add("file_missing")
            problems.raise_if_errors()
    store = open_actor_store(args.data_dir)
    fields = town_fields(store, args.town)
    districts = town_districts(args.data_dir, args.town)
    second = (str(files[1]), files[1].read_bytes()) if len(files) == 2 else None
    records = read_network(
        args.format,
        (str(files[0]), files[0].read_bytes()),
        second,
        fields=fields,
        districts=districts,
    )
    created, updated, relations = import_records(store, args.town, records, args.who)
    print(
        f"{args.town}: {created} actors created, {updated} updated, {relations} relations written"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    get_town(args.data_dir, args.town)
    store = open_actor_store(args.data_dir)
    actors = store.list_actors(args.town)
    relations = store.list_relations(args.town)
    fields = town_fields(store, args.town)
    out: Path = args.out
    if args.format == "kumu":
        written = write_kumu(out, actors, relations, fields)
    elif args.format == "gephi":
        written = write_gephi(out, actors, relations, fields)
    else:
        target = out if out.suffix == ".xlsx" else out / f"{args.town}-network.xlsx"
        written = write_xlsx(target, actors, relations, fields)
    for path in written:
        print(path)
    print(f"{len(actors)} actors, {len(relations)} relations")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("actors", help="import or export a town's actor network")
    actions = parser.add_subparsers(dest="actors_command", required=True)
    p = actions.add_parser(
        "import", help="read Kumu (elements, connections), Gephi (nodes, edges) or XLSX"
    )
    p.add_argument("--town", required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--who", default="CLI", help="who made the change (for the history)")
    p.add_argument("files", type=Path, nargs="+", help="node file [edge file] or workbook")
    p.set_defaults(func=cmd_import)
    p = actions.add_parser("export", help="write Kumu CSVs, Gephi CSVs or an XLSX workbook")
    p.add_argument("--town", required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True, help="folder (or .xlsx file)")
    p.set_defaults(func=cmd_export)
    from sozialraum.cli import _add_common

    for command in actions.choices.values():
        _add_common(command)
