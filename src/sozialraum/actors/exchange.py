"""Network files: Kumu (CSV pair or its XLSX workbook) and Gephi CSV, read and written.

* **Kumu** — elements ``Label, Type, Tags`` (+ ``Description, Kind, Districts, Point,
  Address``) and connections ``From, To, Type, Strength`` (+ ``Direction, Since``); comma
  separated. The XLSX export is Kumu's own workbook layout: sheets ``Elements`` and
  ``Connections`` with the same columns. ``Type`` of an element is its sector, ``Tags`` its
  fields of action (``|``-separated, as Kumu separates multiple values).
* **Gephi** — nodes ``Id;Label`` (+ ``Sector;Kind;Districts;Fields;Point;Address;Notes``)
  and edges ``Source;Target;Type;Weight`` (+ ``Relation;Since``); semicolon separated.
  Gephi's ``Type`` is ``Directed``/``Undirected``, so the relation type goes to ``Relation``
  (a relation type in ``Type`` is understood as well); ``Weight`` is the strength.

Readers check everything and raise one :class:`~sozialraum.actors.model.ActorError` listing
every problem with file, row and column; nothing is written unless all is valid. Fields of
action travel by title and districts by id (a district name is accepted on import).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sozialraum.actors.model import (
    KIND_LABELS,
    RELATION_LABELS,
    Actor,
    ActorError,
    ActorKind,
    Relation,
    RelationType,
)
from sozialraum.errors import ProblemCollector
from sozialraum.workshop.model import _LABELS as _WORKSHOP_LABELS
from sozialraum.workshop.model import FieldOfAction, Sector

FORMATS = ("kumu", "gephi", "xlsx")
SEP = "|"
KUMU_ELEMENTS = ("Label", "Type", "Tags", "Description", "Kind", "Districts", "Point", "Address")
KUMU_CONNECTIONS = ("From", "To", "Type", "Strength", "Direction", "Since")
GEPHI_NODES = ("Id", "Label", "Sector", "Kind", "Districts", "Fields", "Point", "Address", "Notes")
GEPHI_EDGES = ("Source", "Target", "Type", "Weight", "Relation", "Since")
SHEETS = ("Elements", "Connections")


@dataclass
class NetworkRecords:
    """A network as plain records, ready for :meth:`ActorStore.merge_network`."""

    actors: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)


# --------------------------------------------------------------------------- vocabularies


def _lookup(values: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Accept the stored value and both labels, case-insensitively."""
    out: dict[str, str] = {}
    for value, (de, en) in values.items():
        for key in (value, de, en):
            out[key.strip().casefold()] = value
    return out


_SECTOR = _lookup(_WORKSHOP_LABELS["Sector"])
_KIND = _lookup(KIND_LABELS)
_RELATION = _lookup(RELATION_LABELS)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(SEP) if part.strip()]


# --------------------------------------------------------------------------- writing


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[object]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _field_titles(actor: Actor, fields: Mapping[int, FieldOfAction]) -> str:
    return SEP.join(fields[i].title for i in actor.field_ids if i in fields)


def _actor_cells(actor: Actor, fields: Mapping[int, FieldOfAction]) -> dict[str, object]:
    """An actor's cells by column name (Kumu's and Gephi's names for the same thing)."""
    titles = _field_titles(actor, fields)
    return {
        "Label": actor.name,
        "Type": actor.sector.value,
        "Sector": actor.sector.value,
        "Tags": titles,
        "Fields": titles,
        "Description": actor.notes,
        "Notes": actor.notes,
        "Kind": actor.kind.value,
        "Districts": SEP.join(actor.district_ids),
        "Point": actor.point_wkt or "",
        "Address": actor.address,
    }


def _relation_cells(rel: Relation, source: object, target: object) -> dict[str, object]:
    return {
        "From": source,
        "To": target,
        "Source": source,
        "Target": target,
        "Strength": rel.strength,
        "Weight": rel.strength,
        "Relation": rel.type.value,
        "Direction": "directed" if rel.type.directed else "mutual",
        "Since": "" if rel.since_year is None else rel.since_year,
    }


def kumu_tables(
    actors: Sequence[Actor], relations: Sequence[Relation], fields: Sequence[FieldOfAction]
) -> tuple[list[list[object]], list[list[object]]]:
    """Rows (without header) of Kumu's elements and connections."""
    by_field = {f.id: f for f in fields}
    names = {a.id: a.name for a in actors}
    elements = [
        [_actor_cells(a, by_field)[c] for c in KUMU_ELEMENTS]
        for a in sorted(actors, key=lambda a: a.name)
    ]
    connections = []
    for r in relations:
        if r.source_id in names and r.target_id in names:
            cells = _relation_cells(r, names[r.source_id], names[r.target_id])
            cells["Type"] = r.type.value
            connections.append([cells[c] for c in KUMU_CONNECTIONS])
    connections.sort(key=lambda row: (str(row[0]), str(row[1]), str(row[2])))
    return elements, connections


def gephi_tables(
    actors: Sequence[Actor], relations: Sequence[Relation], fields: Sequence[FieldOfAction]
) -> tuple[list[list[object]], list[list[object]]]:
    """Rows (without header) of Gephi's node and edge tables; node ids 1… by name."""
    by_field = {f.id: f for f in fields}
    ordered = sorted(actors, key=lambda a: a.name)
    node_id = {a.id: n for n, a in enumerate(ordered, start=1)}
    nodes = [
        [node_id[a.id], *(_actor_cells(a, by_field)[c] for c in GEPHI_NODES[1:])] for a in ordered
    ]
    edges = []
    for r in relations:
        if r.source_id in node_id and r.target_id in node_id:
            cells = _relation_cells(r, node_id[r.source_id], node_id[r.target_id])
            cells["Type"] = "Directed" if r.type.directed else "Undirected"
            edges.append([cells[c] for c in GEPHI_EDGES])
    edges.sort(key=lambda row: (int(str(row[0])), int(str(row[1])), str(row[4])))
    return nodes, edges


def kumu_csv(
    actors: Sequence[Actor], relations: Sequence[Relation], fields: Sequence[FieldOfAction]
) -> tuple[str, str]:
    """Kumu's elements and connections as CSV text."""
    elements, connections = kumu_tables(actors, relations, fields)
    return _csv_text(KUMU_ELEMENTS, elements, ","), _csv_text(KUMU_CONNECTIONS, connections, ",")


def gephi_csv(
    actors: Sequence[Actor], relations: Sequence[Relation], fields: Sequence[FieldOfAction]
) -> tuple[str, str]:
    """Gephi's node and edge tables as semicolon-separated text."""
    nodes, edges = gephi_tables(actors, relations, fields)
    return _csv_text(GEPHI_NODES, nodes, ";"), _csv_text(GEPHI_EDGES, edges, ";")


def _write_pair(folder: Path, names: tuple[str, str], texts: tuple[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = [folder / names[0], folder / names[1]]
    for path, text in zip(out, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    return out


def write_kumu(
    folder: Path,
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    fields: Sequence[FieldOfAction],
) -> list[Path]:
    """``kumu-elements.csv`` and ``kumu-connections.csv`` in ``folder``."""
    texts = kumu_csv(actors, relations, fields)
    return _write_pair(folder, ("kumu-elements.csv", "kumu-connections.csv"), texts)


def write_gephi(
    folder: Path,
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    fields: Sequence[FieldOfAction],
) -> list[Path]:
    """``gephi-nodes.csv`` and ``gephi-edges.csv`` (semicolon separated) in ``folder``."""
    texts = gephi_csv(actors, relations, fields)
    return _write_pair(folder, ("gephi-nodes.csv", "gephi-edges.csv"), texts)


def xlsx_bytes(
    actors: Sequence[Actor], relations: Sequence[Relation], fields: Sequence[FieldOfAction]
) -> bytes:
    """Kumu's workbook: sheets ``Elements`` and ``Connections``."""
    from openpyxl import Workbook

    elements, connections = kumu_tables(actors, relations, fields)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEETS[0]
    sheet.append(list(KUMU_ELEMENTS))
    for element in elements:
        sheet.append(list(element))
    sheet = book.create_sheet(SHEETS[1])
    sheet.append(list(KUMU_CONNECTIONS))
    for connection in connections:
        sheet.append(list(connection))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(
    path: Path,
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    fields: Sequence[FieldOfAction],
) -> list[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(actors, relations, fields))
    return [path]


# --------------------------------------------------------------------------- reading


Table = list[dict[str, str]]


def _read_csv(data: bytes, name: str, problems: ProblemCollector) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    if not lines:
        problems.add("empty_file", file=name)
        return []
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    header = [h.strip() for h in rows[0]]
    return [
        {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        for row in rows[1:]
        if any(cell.strip() for cell in row)
    ]


def _read_sheet(data: bytes, name: str, sheet: str, problems: ProblemCollector) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for broken files
        problems.add("unreadable_table", file=name, detail=str(exc).splitlines()[0][:200])
        return []
    if sheet not in book.sheetnames:
        problems.add("net_no_sheet", file=name, value=sheet)
        return []
    rows = [
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in book[sheet].iter_rows(values_only=True)
    ]
    if not rows:
        return []
    header = rows[0]
    return [
        {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        for row in rows[1:]
        if any(row)
    ]


def _require(table: Table, name: str, columns: Sequence[str], problems: ProblemCollector) -> bool:
    present = set(table[0]) if table else set()
    missing = [c for c in columns if c not in present]
    for column in missing:
        problems.add("missing_column", file=name, column=column)
    return bool(table) and not missing


def _enum(
    value: str,
    lookup: Mapping[str, str],
    problems: ProblemCollector,
    where: tuple[str, int, str],
    default: str | None = None,
) -> str | None:
    if not value and default is not None:
        return default
    found = lookup.get(value.casefold())
    if found is None:
        file, row, column = where
        allowed = ", ".join(sorted(set(lookup.values())))
        problems.add(
            "net_bad_value", file=file, row=row, column=column, value=value, allowed=allowed
        )
    return found


def _actor_record(
    row: Mapping[str, str],
    where: tuple[str, int],
    columns: Mapping[str, str],
    problems: ProblemCollector,
    fields: Mapping[str, int],
    districts: Mapping[str, str],
) -> dict[str, Any] | None:
    """One actor from a row; ``columns`` maps our names to the file's column names."""
    file, line = where
    name = row.get(columns["name"], "").strip()
    if not name:
        problems.add("ws_empty", file=file, row=line, column=columns["name"])
        return None
    sector = _enum(
        row.get(columns["sector"], ""), _SECTOR, problems, (file, line, columns["sector"]), "other"
    )
    kind = _enum(
        row.get(columns["kind"], ""), _KIND, problems, (file, line, columns["kind"]), "organisation"
    )
    field_ids = []
    for title in _split(row.get(columns["fields"], "")):
        if title.casefold() in fields:
            field_ids.append(fields[title.casefold()])
        else:
            problems.add(
                "net_unknown_field_title",
                file=file,
                row=line,
                column=columns["fields"],
                value=title,
            )
    district_ids = []
    for text in _split(row.get(columns["districts"], "")):
        found = districts.get(text.casefold())
        if found is None:
            problems.add(
                "net_unknown_district", file=file, row=line, column=columns["districts"], value=text
            )
        else:
            district_ids.append(found)
    return {
        "_where": (file, line),
        "name": name,
        "sector": sector,
        "kind": kind,
        "field_ids": field_ids,
        "district_ids": district_ids,
        "point_wkt": row.get(columns["point"], "") or None,
        "address": row.get(columns["address"], ""),
        "notes": row.get(columns["notes"], ""),
    }


def _number(text: str, problems: ProblemCollector, where: tuple[str, int, str]) -> int | None:
    if not text:
        return None
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        file, row, column = where
        problems.add("not_a_number", file=file, row=row, column=column, value=text)
        return None


def _vocabulary(
    fields: Sequence[FieldOfAction], districts: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """Lookups of field titles and of district ids/names (both case-insensitive)."""
    by_title = {f.title.casefold(): f.id for f in fields}
    by_district: dict[str, str] = {}
    for district_id, name in districts.items():
        by_district[name.casefold()] = district_id
    for district_id in districts:
        by_district[district_id.casefold()] = district_id  # ids win over equal names
    return by_title, by_district


def _kumu_records(
    elements: Table,
    connections: Table,
    names: tuple[str, str],
    problems: ProblemCollector,
    fields: Sequence[FieldOfAction],
    districts: Mapping[str, str],
) -> NetworkRecords:
    records = NetworkRecords()
    by_title, by_district = _vocabulary(fields, districts)
    columns = {
        "name": "Label",
        "sector": "Type",
        "kind": "Kind",
        "fields": "Tags",
        "districts": "Districts",
        "point": "Point",
        "address": "Address",
        "notes": "Description",
    }
    if _require(elements, names[0], ("Label", "Type", "Tags"), problems):
        seen: set[str] = set()
        for line, row in enumerate(elements, start=2):
            record = _actor_record(row, (names[0], line), columns, problems, by_title, by_district)
            if record is None:
                continue
            if record["name"] in seen:
                problems.add(
                    "net_duplicate_actor",
                    file=names[0],
                    row=line,
                    column="Label",
                    value=record["name"],
                )
            seen.add(record["name"])
            records.actors.append(record)
    known = {a["name"] for a in records.actors}
    if connections and _require(
        connections, names[1], ("From", "To", "Type", "Strength"), problems
    ):
        for line, row in enumerate(connections, start=2):
            for column in ("From", "To"):
                if row[column] not in known:
                    problems.add(
                        "net_unknown_actor",
                        file=names[1],
                        row=line,
                        column=column,
                        value=row[column],
                    )
            rel_type = _enum(row["Type"], _RELATION, problems, (names[1], line, "Type"))
            records.relations.append(
                {
                    "_where": (names[1], line),
                    "source": row["From"],
                    "target": row["To"],
                    "type": rel_type,
                    "strength": _number(row["Strength"], problems, (names[1], line, "Strength"))
                    or 1,
                    "since_year": _number(
                        row.get("Since", ""), problems, (names[1], line, "Since")
                    ),
                }
            )
    return records


def read_kumu(
    elements: bytes,
    connections: bytes | None,
    *,
    names: tuple[str, str] = ("elements.csv", "connections.csv"),
    fields: Sequence[FieldOfAction] = (),
    districts: Mapping[str, str] | None = None,
) -> NetworkRecords:
    """Kumu CSV files (connections optional); raises ActorError listing every problem."""
    problems = ProblemCollector()
    element_table = _read_csv(elements, names[0], problems)
    connection_table = _read_csv(connections, names[1], problems) if connections else []
    records = _kumu_records(
        element_table, connection_table, names, problems, fields, districts or {}
    )
    if problems.has_errors:
        raise ActorError(problems.problems)
    return records


def read_xlsx(
    data: bytes,
    *,
    name: str = "network.xlsx",
    fields: Sequence[FieldOfAction] = (),
    districts: Mapping[str, str] | None = None,
) -> NetworkRecords:
    """Kumu's workbook (sheets Elements and Connections)."""
    problems = ProblemCollector()
    elements = _read_sheet(data, name, SHEETS[0], problems)
    connections = _read_sheet(data, name, SHEETS[1], problems) if not problems.has_errors else []
    sheet_names = (f"{name} [{SHEETS[0]}]", f"{name} [{SHEETS[1]}]")
    records = _kumu_records(elements, connections, sheet_names, problems, fields, districts or {})
    if problems.has_errors:
        raise ActorError(problems.problems)
    return records


def read_gephi(
    nodes: bytes,
    edges: bytes | None,
    *,
    names: tuple[str, str] = ("nodes.csv", "edges.csv"),
    fields: Sequence[FieldOfAction] = (),
    districts: Mapping[str, str] | None = None,
) -> NetworkRecords:
    """Gephi CSV node and edge tables; raises ActorError listing every problem."""
    problems = ProblemCollector()
    node_table = _read_csv(nodes, names[0], problems)
    edge_table = _read_csv(edges, names[1], problems) if edges else []
    records = NetworkRecords()
    by_title, by_district = _vocabulary(fields, districts or {})
    columns = {
        "name": "Label",
        "sector": "Sector",
        "kind": "Kind",
        "fields": "Fields",
        "districts": "Districts",
        "point": "Point",
        "address": "Address",
        "notes": "Notes",
    }
    label_of: dict[str, str] = {}
    if _require(node_table, names[0], ("Id", "Label"), problems):
        for line, row in enumerate(node_table, start=2):
            record = _actor_record(row, (names[0], line), columns, problems, by_title, by_district)
            if record is None:
                continue
            if row["Id"] in label_of or record["name"] in label_of.values():
                problems.add(
                    "net_duplicate_actor", file=names[0], row=line, column="Id", value=row["Id"]
                )
            label_of[row["Id"]] = record["name"]
            records.actors.append(record)
    if edge_table and _require(edge_table, names[1], ("Source", "Target"), problems):
        for line, row in enumerate(edge_table, start=2):
            for column in ("Source", "Target"):
                if row[column] not in label_of:
                    problems.add(
                        "net_unknown_actor",
                        file=names[1],
                        row=line,
                        column=column,
                        value=row[column],
                    )
            relation = row.get("Relation", "")
            column = "Relation"
            if not relation and row.get("Type", "").casefold() not in (
                "directed",
                "undirected",
                "",
            ):
                relation, column = row["Type"], "Type"
            rel_type = _enum(relation, _RELATION, problems, (names[1], line, column))
            records.relations.append(
                {
                    "_where": (names[1], line),
                    "source": label_of.get(row["Source"], row["Source"]),
                    "target": label_of.get(row["Target"], row["Target"]),
                    "type": rel_type,
                    "strength": _number(row.get("Weight", ""), problems, (names[1], line, "Weight"))
                    or 1,
                    "since_year": _number(
                        row.get("Since", ""), problems, (names[1], line, "Since")
                    ),
                }
            )
    if problems.has_errors:
        raise ActorError(problems.problems)
    return records


def read_network(
    fmt: str,
    first: tuple[str, bytes],
    second: tuple[str, bytes] | None = None,
    *,
    fields: Sequence[FieldOfAction] = (),
    districts: Mapping[str, str] | None = None,
) -> NetworkRecords:
    """Read a network in ``fmt`` ("kumu", "gephi", "xlsx") from (name, content) pairs: the
    node/element file (or the workbook) and the optional edge/connection file."""
    extra = second[1] if second is not None else None
    names = (first[0], second[0] if second is not None else "")
    if fmt == "kumu":
        return read_kumu(first[1], extra, names=names, fields=fields, districts=districts)
    if fmt == "gephi":
        return read_gephi(first[1], extra, names=names, fields=fields, districts=districts)
    if fmt == "xlsx":
        return read_xlsx(first[1], name=first[0], fields=fields, districts=districts)
    raise ValueError(f"unknown network format {fmt!r}; one of {', '.join(FORMATS)}")


def check_records(records: NetworkRecords) -> None:
    """Run the store's field checks on every record, reporting file and row (the store
    itself only knows the field)."""
    from sozialraum.actors.model import ActorChecker
    from sozialraum.actors.store import normalise_actor, normalise_relation

    problems = ProblemCollector()
    defaults = {"district_ids": (), "point_wkt": None, "field_ids": (), "notes": "", "address": ""}
    for record in records.actors:
        checker = ActorChecker()
        normalise_actor(checker, {**defaults, **{k: v for k, v in record.items() if k != "_where"}})
        file, line = record.get("_where", (None, None))
        problems.extend(replace(p, file=file, row=line) for p in checker.problems.problems)
    for relation in records.relations:
        checker = ActorChecker()
        normalise_relation(
            checker,
            {
                "source_id": 0,
                "target_id": 0,
                **{k: relation[k] for k in ("type", "strength", "since_year")},
            },
        )
        file, line = relation.get("_where", (None, None))
        problems.extend(
            replace(p, file=file, row=line)
            for p in checker.problems.problems
            if p.column != "type"  # an unknown type was reported by the reader
        )
    if problems.has_errors:
        raise ActorError(problems.problems)


def import_records(
    store: Any, town_id: str, records: NetworkRecords, who: str
) -> tuple[int, int, int]:
    """Check ``records`` completely, then merge them into the town's network in one
    transaction (see :meth:`ActorStore.merge_network`)."""
    check_records(records)
    strip = [{k: v for k, v in r.items() if k != "_where"} for r in records.actors]
    relations = [{k: v for k, v in r.items() if k != "_where"} for r in records.relations]
    result: tuple[int, int, int] = store.merge_network(
        who, town_id=town_id, actors=strip, relations=relations
    )
    return result


__all__ = [
    "FORMATS",
    "ActorKind",
    "NetworkRecords",
    "RelationType",
    "Sector",
    "gephi_csv",
    "gephi_tables",
    "kumu_csv",
    "kumu_tables",
    "read_gephi",
    "read_kumu",
    "read_network",
    "read_xlsx",
    "write_gephi",
    "write_kumu",
    "write_xlsx",
    "xlsx_bytes",
]
