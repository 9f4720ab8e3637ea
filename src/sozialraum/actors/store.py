"""Reading and writing actors and relations, in the workshop's database.

Same rules as the workshop store: every change is checked first (all problems at once, in
German and English), written with a history row in the same transaction, and deleting is
soft (``deleted_at``; :meth:`ActorStore.restore_actor` brings it back). A relation whose
actor is deleted disappears from the network with it and comes back on restore.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sozialraum.actors.model import (
    MAX_ADDRESS,
    MAX_NAME,
    Actor,
    ActorChecker,
    ActorKind,
    Relation,
    RelationType,
)
from sozialraum.actors.models import ActorRow, RelationRow
from sozialraum.workshop.model import MAX_LABEL, MAX_TEXT, HistoryEntry, Sector
from sozialraum.workshop.models import FieldRow, HistoryRow, WorkshopRow
from sozialraum.workshop.store import WorkshopStore, _now, _snapshot, _utc, open_store

ACTOR_FIELDS = (
    "name",
    "sector",
    "kind",
    "district_ids",
    "point_wkt",
    "field_ids",
    "notes",
    "address",
)
RELATION_FIELDS = ("source_id", "target_id", "type", "strength", "since_year")
ENTITIES = ("actor", "relation")


def _actor(row: ActorRow) -> Actor:
    return Actor(
        id=row.id,
        town_id=row.town_id,
        name=row.name,
        sector=Sector(row.sector),
        kind=ActorKind(row.kind),
        district_ids=tuple(row.district_ids or ()),
        point_wkt=row.point_wkt,
        field_ids=tuple(row.field_ids or ()),
        notes=row.notes,
        address=row.address,
        created_at=_utc(row.created_at) or row.created_at,
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def _relation(row: RelationRow) -> Relation:
    return Relation(
        id=row.id,
        town_id=row.town_id,
        source_id=row.source_id,
        target_id=row.target_id,
        type=RelationType(row.type),
        strength=row.strength,
        since_year=row.since_year,
        created_at=_utc(row.created_at) or row.created_at,
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def normalise_actor(c: ActorChecker, v: Mapping[str, Any]) -> dict[str, Any]:
    """Check and clean an actor's fields (all of :data:`ACTOR_FIELDS`)."""
    kind = c.enum(v["kind"], ActorKind, "kind")
    address = c.text(v["address"], "address", limit=MAX_ADDRESS, required=False)
    if address and kind == ActorKind.ROLE:
        # A role stands for a person: a stored address would be personal contact data.
        c.problems.add("actor_role_address", column="address")
    fields = c.ids(v["field_ids"], "field_ids")
    return {
        "name": c.text(v["name"], "name", limit=MAX_NAME),
        "sector": (c.enum(v["sector"], Sector, "sector") or Sector.OTHER).value,
        "kind": (kind or ActorKind.ORGANISATION).value,
        "district_ids": list(c.district_ids(v["district_ids"], "district_ids")),
        "point_wkt": c.point(v["point_wkt"], "point_wkt"),
        "field_ids": list(fields),
        "notes": c.text(v["notes"], "notes", limit=MAX_TEXT, required=False),
        "address": address,
    }


def normalise_relation(c: ActorChecker, v: Mapping[str, Any]) -> dict[str, Any]:
    rel_type = c.enum(v["type"], RelationType, "type")
    return {
        "source_id": v["source_id"],
        "target_id": v["target_id"],
        "type": (rel_type or RelationType.COOPERATION).value,
        "strength": c.strength(v["strength"], "strength"),
        "since_year": c.since_year(v["since_year"], "since_year"),
    }


_ACTOR_DEFAULTS: dict[str, Any] = {
    "district_ids": (),
    "point_wkt": None,
    "field_ids": (),
    "notes": "",
    "address": "",
}
_RELATION_DEFAULTS: dict[str, Any] = {"strength": 1, "since_year": None}


@dataclass(frozen=True)
class _Kind:
    """What differs between writing an actor and writing a relation."""

    entity: str
    table: type[ActorRow] | type[RelationRow]
    fields: tuple[str, ...]
    required: tuple[str, ...]
    defaults: Mapping[str, Any]
    normalise: Callable[[ActorChecker, Mapping[str, Any]], dict[str, Any]]


_ACTOR = _Kind(
    "actor", ActorRow, ACTOR_FIELDS, ("name", "sector", "kind"), _ACTOR_DEFAULTS, normalise_actor
)
_RELATION = _Kind(
    "relation",
    RelationRow,
    RELATION_FIELDS,
    ("source_id", "target_id", "type"),
    _RELATION_DEFAULTS,
    normalise_relation,
)


class ActorStore:
    """All reads and writes of actors and relations on one engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Sessions (SQLite's write lock up front) and the history log are the workshop
        # store's: both stores write the same database and the same history table.
        shared = WorkshopStore(engine)
        self._read = shared._read
        self._write = shared._write
        self._log = shared._log

    # ------------------------------------------------------------------ checks in a session

    @staticmethod
    def _get_row(
        session: Session,
        table: type[ActorRow] | type[RelationRow],
        entity_id: object,
        c: ActorChecker,
    ) -> Any:
        row = (
            session.get(table, entity_id)
            if isinstance(entity_id, int) and not isinstance(entity_id, bool)
            else None
        )
        if row is None:
            entity = "actor" if table is ActorRow else "relation"
            c.problems.add(f"{entity}_not_found", column="id", value=entity_id)
            c.raise_if_errors()
        return row

    def _check_actor(
        self,
        session: Session,
        town_id: str,
        clean: dict[str, Any],
        c: ActorChecker,
        own_id: int | None,
    ) -> None:
        """Names are unique among a town's live actors (Kumu and Gephi files link by name);
        fields of action must be live fields of a workshop of the same town."""
        same_name = session.scalars(
            select(ActorRow.id).where(
                ActorRow.town_id == town_id,
                ActorRow.name == clean["name"],
                ActorRow.deleted_at.is_(None),
            )
        ).all()
        if any(i != own_id for i in same_name):
            c.problems.add("actor_duplicate_name", column="name", value=clean["name"])
        if clean["field_ids"]:
            live = set(
                session.scalars(
                    select(FieldRow.id)
                    .join(WorkshopRow, FieldRow.workshop_id == WorkshopRow.id)
                    .where(
                        FieldRow.id.in_(clean["field_ids"]),
                        FieldRow.deleted_at.is_(None),
                        WorkshopRow.deleted_at.is_(None),
                        WorkshopRow.town_id == town_id,
                    )
                )
            )
            for field_id in clean["field_ids"]:
                if field_id not in live:
                    c.problems.add("actor_bad_field", column="field_ids", value=field_id)
        c.raise_if_errors()

    def _check_relation(
        self,
        session: Session,
        town_id: str,
        clean: dict[str, Any],
        c: ActorChecker,
        own_id: int | None,
    ) -> None:
        for column in ("source_id", "target_id"):
            row = self._get_row(session, ActorRow, clean[column], c)
            if row.deleted_at is not None:
                c.problems.add("actor_is_deleted", column=column, value=row.id)
            elif row.town_id != town_id:
                c.problems.add("actor_other_town", column=column, value=row.id)
        if clean["source_id"] == clean["target_id"]:
            c.problems.add("relation_self", column="target_id", value=clean["target_id"])
        duplicate = session.scalars(
            select(RelationRow.id).where(
                RelationRow.source_id == clean["source_id"],
                RelationRow.target_id == clean["target_id"],
                RelationRow.type == clean["type"],
                RelationRow.deleted_at.is_(None),
            )
        ).all()
        if any(i != own_id for i in duplicate):
            c.problems.add("relation_duplicate", column="type", value=clean["type"])
        c.raise_if_errors()

    # ------------------------------------------------------------------ generic writes

    def _check(
        self,
        spec: _Kind,
        session: Session,
        town_id: str,
        clean: dict[str, Any],
        c: ActorChecker,
        own_id: int | None,
    ) -> None:
        if spec.entity == "actor":
            self._check_actor(session, town_id, clean, c, own_id)
        else:
            self._check_relation(session, town_id, clean, c, own_id)

    def _create_many(
        self, spec: _Kind, who: str, town_id: str, items: Iterable[Mapping[str, Any]]
    ) -> list[Any]:
        c = ActorChecker()
        who = c.text(who, "who", limit=MAX_LABEL)
        town_id = c.text(town_id, "town_id", limit=64)
        cleaned = []
        for values in items:
            for name in values:
                if name not in spec.fields:
                    c.problems.add("ws_unknown_field", column=name, allowed=", ".join(spec.fields))
            missing = [f for f in spec.required if f not in values]
            for name in missing:
                c.problems.add("ws_empty", column=name)
            if not missing:
                cleaned.append(spec.normalise(c, {**spec.defaults, **values}))
        c.raise_if_errors()
        rows = []
        with self._write() as session:
            for clean in cleaned:
                self._check(spec, session, town_id, clean, c, None)
                row = spec.table(town_id=town_id, **clean, created_at=_now())
                session.add(row)
                session.flush()
                self._log(session, spec.entity, row.id, "create", who, None, _snapshot(row))
                rows.append(row)
        return rows

    def _update(self, spec: _Kind, entity_id: int, who: str, changes: Mapping[str, Any]) -> Any:
        c = ActorChecker()
        who = c.text(who, "who", limit=MAX_LABEL)
        for name in changes:
            if name not in spec.fields:
                c.problems.add("ws_unknown_field", column=name, allowed=", ".join(spec.fields))
        c.raise_if_errors()
        with self._write() as session:
            row = self._get_row(session, spec.table, entity_id, c)
            if row.deleted_at is not None:
                c.problems.add(f"{spec.entity}_is_deleted", column="id", value=entity_id)
                c.raise_if_errors()
            current = {name: getattr(row, name) for name in spec.fields}
            clean = spec.normalise(c, {**current, **changes})
            c.raise_if_errors()
            self._check(spec, session, row.town_id, clean, c, row.id)
            if all(clean[k] == current[k] for k in clean):
                return row  # nothing changed: no history row
            old = _snapshot(row)
            for name, value in clean.items():
                setattr(row, name, value)
            row.updated_at = _now()
            session.flush()
            self._log(session, spec.entity, row.id, "update", who, old, _snapshot(row))
            return row

    # ------------------------------------------------------------------ actors

    def create_actor(self, who: str, *, town_id: str, **values: Any) -> Actor:
        """A new actor; ``values`` are the fields of :data:`ACTOR_FIELDS` (name, sector and
        kind required)."""
        return self.create_actors(who, town_id=town_id, actors=[values])[0]

    def create_actors(
        self, who: str, *, town_id: str, actors: Iterable[Mapping[str, Any]]
    ) -> list[Actor]:
        """Several actors in one transaction: all or none."""
        rows = self._create_many(_ACTOR, who, town_id, actors)
        return [_actor(r) for r in rows]

    def update_actor(self, actor_id: int, who: str, **changes: Any) -> Actor:
        return _actor(self._update(_ACTOR, actor_id, who, changes))

    def _set_deleted(
        self, table: type[ActorRow] | type[RelationRow], entity_id: int, who: str, deleted: bool
    ) -> Any:
        c = ActorChecker()
        who = c.text(who, "who", limit=MAX_LABEL)
        c.raise_if_errors()
        entity = "actor" if table is ActorRow else "relation"
        with self._write() as session:
            row = self._get_row(session, table, entity_id, c)
            if (row.deleted_at is not None) != deleted:
                if not deleted and table is ActorRow:
                    clean = {name: getattr(row, name) for name in ACTOR_FIELDS}
                    self._check_actor(session, row.town_id, clean, c, row.id)
                if not deleted and table is RelationRow:
                    clean = {name: getattr(row, name) for name in RELATION_FIELDS}
                    self._check_relation(session, row.town_id, clean, c, row.id)
                old = _snapshot(row)
                row.deleted_at = _now() if deleted else None
                session.flush()
                action = "delete" if deleted else "restore"
                self._log(session, entity, row.id, action, who, old, _snapshot(row))
            return _actor(row) if table is ActorRow else _relation(row)

    def delete_actor(self, actor_id: int, who: str) -> Actor:
        result: Actor = self._set_deleted(ActorRow, actor_id, who, True)
        return result

    def restore_actor(self, actor_id: int, who: str) -> Actor:
        result: Actor = self._set_deleted(ActorRow, actor_id, who, False)
        return result

    def get_actor(self, actor_id: int) -> Actor:
        with self._read() as session:
            return _actor(self._get_row(session, ActorRow, actor_id, ActorChecker()))

    def list_actors(self, town_id: str, *, include_deleted: bool = False) -> list[Actor]:
        query = select(ActorRow).where(ActorRow.town_id == town_id).order_by(ActorRow.name)
        if not include_deleted:
            query = query.where(ActorRow.deleted_at.is_(None))
        with self._read() as session:
            return [_actor(r) for r in session.scalars(query)]

    # ------------------------------------------------------------------ relations

    def create_relation(self, who: str, *, town_id: str, **values: Any) -> Relation:
        """A new relation: ``source_id``, ``target_id``, ``type`` and optionally
        ``strength`` (1–3, default 1) and ``since_year``."""
        return self.create_relations(who, town_id=town_id, relations=[values])[0]

    def create_relations(
        self, who: str, *, town_id: str, relations: Iterable[Mapping[str, Any]]
    ) -> list[Relation]:
        rows = self._create_many(_RELATION, who, town_id, relations)
        return [_relation(r) for r in rows]

    def update_relation(self, relation_id: int, who: str, **changes: Any) -> Relation:
        return _relation(self._update(_RELATION, relation_id, who, changes))

    def delete_relation(self, relation_id: int, who: str) -> Relation:
        result: Relation = self._set_deleted(RelationRow, relation_id, who, True)
        return result

    def restore_relation(self, relation_id: int, who: str) -> Relation:
        result: Relation = self._set_deleted(RelationRow, relation_id, who, False)
        return result

    def list_relations(self, town_id: str, *, include_deleted: bool = False) -> list[Relation]:
        """The town's relations; without ``include_deleted`` only those between live actors."""
        query = select(RelationRow).where(RelationRow.town_id == town_id).order_by(RelationRow.id)
        with self._read() as session:
            rows = list(session.scalars(query))
            if include_deleted:
                return [_relation(r) for r in rows]
            live = set(
                session.scalars(
                    select(ActorRow.id).where(
                        ActorRow.town_id == town_id, ActorRow.deleted_at.is_(None)
                    )
                )
            )
        return [
            _relation(r)
            for r in rows
            if r.deleted_at is None and r.source_id in live and r.target_id in live
        ]

    def merge_network(
        self,
        who: str,
        *,
        town_id: str,
        actors: Sequence[Mapping[str, Any]],
        relations: Sequence[Mapping[str, Any]],
    ) -> tuple[int, int, int]:
        """Import actors (by name: update the live actor of that name, else create) and
        relations (``source`` and ``target`` are names; an existing relation of the same
        pair and type is updated) in one transaction: all or nothing.

        Returns (actors created, actors updated, relations written).
        """
        c = ActorChecker()
        who = c.text(who, "who", limit=MAX_LABEL)
        cleaned = [normalise_actor(c, {**_ACTOR_DEFAULTS, **a}) for a in actors]
        c.raise_if_errors()
        created = updated = written = 0
        with self._write() as session:
            by_name = {
                row.name: row
                for row in session.scalars(
                    select(ActorRow).where(
                        ActorRow.town_id == town_id, ActorRow.deleted_at.is_(None)
                    )
                )
            }
            for clean in cleaned:
                row = by_name.get(clean["name"])
                self._check_actor(session, town_id, clean, c, row.id if row else None)
                if row is None:
                    row = ActorRow(town_id=town_id, **clean, created_at=_now())
                    session.add(row)
                    session.flush()
                    self._log(session, "actor", row.id, "create", who, None, _snapshot(row))
                    by_name[row.name] = row
                    created += 1
                elif any(getattr(row, k) != v for k, v in clean.items()):
                    old = _snapshot(row)
                    for name, value in clean.items():
                        setattr(row, name, value)
                    row.updated_at = _now()
                    session.flush()
                    self._log(session, "actor", row.id, "update", who, old, _snapshot(row))
                    updated += 1
            for rel in relations:
                values = {
                    **_RELATION_DEFAULTS,
                    "type": rel["type"],
                    "strength": rel.get("strength", 1),
                    "since_year": rel.get("since_year"),
                    "source_id": by_name[rel["source"]].id,
                    "target_id": by_name[rel["target"]].id,
                }
                clean = normalise_relation(c, values)
                c.raise_if_errors()
                existing = session.scalars(
                    select(RelationRow).where(
                        RelationRow.source_id == clean["source_id"],
                        RelationRow.target_id == clean["target_id"],
                        RelationRow.type == clean["type"],
                        RelationRow.deleted_at.is_(None),
                    )
                ).first()
                if existing is None:
                    self._check_relation(session, town_id, clean, c, None)
                    row_rel = RelationRow(town_id=town_id, **clean, created_at=_now())
                    session.add(row_rel)
                    session.flush()
                    self._log(
                        session, "relation", row_rel.id, "create", who, None, _snapshot(row_rel)
                    )
                    written += 1
                elif (existing.strength, existing.since_year) != (
                    clean["strength"],
                    clean["since_year"],
                ):
                    old = _snapshot(existing)
                    existing.strength = clean["strength"]
                    existing.since_year = clean["since_year"]
                    existing.updated_at = _now()
                    session.flush()
                    self._log(
                        session, "relation", existing.id, "update", who, old, _snapshot(existing)
                    )
                    written += 1
        return created, updated, written

    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """Every change of one actor or relation, oldest first."""
        if entity not in ENTITIES:
            raise ValueError(f"unknown entity {entity!r}; one of {', '.join(ENTITIES)}")
        query = (
            select(HistoryRow)
            .where(HistoryRow.entity == entity, HistoryRow.entity_id == entity_id)
            .order_by(HistoryRow.id)
        )
        with self._read() as session:
            return [
                HistoryEntry(
                    id=r.id,
                    entity=r.entity,
                    entity_id=r.entity_id,
                    action=r.action,
                    who=r.who,
                    at=_utc(r.at) or r.at,
                    old=r.old,
                    new=r.new,
                )
                for r in session.scalars(query)
            ]


def open_actor_store(data_dir: Path) -> ActorStore:
    """The store for ``data_dir`` (or ``SOZIALRAUM_DB_URL``); the workshop's
    :func:`~sozialraum.workshop.store.open_store` brings the shared schema (workshop and actor
    tables) up to date once per process."""
    return ActorStore(open_store(data_dir).engine)
