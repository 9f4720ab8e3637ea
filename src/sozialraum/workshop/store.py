"""Reading and writing workshops: every change checked first, logged in the same transaction.

Each mutating method takes ``who`` (a free label such as "Moderation" or a name) and writes a
history row — entity, id, action, who, when, old and new values as JSON — in the transaction
that makes the change, so the log and the data cannot disagree. Deleting is soft: the row gets
``deleted_at`` and :meth:`WorkshopStore.restore` brings it back. Invalid input raises
:class:`~sozialraum.workshop.model.WorkshopError` (with German and English messages) and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from sozialraum.db import get_engine, is_sqlite, upgrade, writer
from sozialraum.errors import Problem
from sozialraum.workshop.model import (
    ENTITY_LABELS,
    MAX_LABEL,
    MAX_TEXT,
    MAX_TITLE,
    Checker,
    Contribution,
    ContributionKind,
    DistrictCounts,
    FieldOfAction,
    Goal,
    HistoryEntry,
    IndicatorTarget,
    Measure,
    MeasureStatus,
    TargetDirection,
    Workshop,
)
from sozialraum.workshop.models import (
    ContributionRow,
    FieldRow,
    GoalRow,
    HistoryRow,
    MeasureRow,
    WorkshopRow,
)

Row = WorkshopRow | ContributionRow | FieldRow | GoalRow | MeasureRow


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite keeps no time zone; everything is written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _created(row: Row) -> dt.datetime:
    created = _utc(row.created_at)
    assert created is not None
    return created


def _workshop(row: WorkshopRow) -> Workshop:
    return Workshop(
        id=row.id,
        town_id=row.town_id,
        title=row.title,
        date=row.date,
        place=row.place,
        participants=dict(row.participants or {}),
        created_at=_created(row),
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def _contribution(row: ContributionRow) -> Contribution:
    return Contribution(
        id=row.id,
        workshop_id=row.workshop_id,
        text=row.text,
        author_label=row.author_label,
        kind=ContributionKind(row.kind),
        district_id=row.district_id,
        geometry_wkt=row.geometry_wkt,
        indicator_ids=tuple(row.indicator_ids or ()),
        years=tuple(row.years or ()),
        field_id=row.field_id,
        created_at=_created(row),
        edited_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def _field(row: FieldRow) -> FieldOfAction:
    return FieldOfAction(
        id=row.id,
        workshop_id=row.workshop_id,
        title=row.title,
        description=row.description,
        position=row.position,
        created_at=_created(row),
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def _goal(row: GoalRow) -> Goal:
    return Goal(
        id=row.id,
        field_id=row.field_id,
        title=row.title,
        description=row.description,
        created_at=_created(row),
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


def _measure(row: MeasureRow) -> Measure:
    targets = tuple(
        IndicatorTarget(str(t[0]), TargetDirection(t[1]), None if t[2] is None else float(t[2]))
        for t in row.indicator_targets or ()
    )
    return Measure(
        id=row.id,
        goal_id=row.goal_id,
        title=row.title,
        description=row.description,
        status=MeasureStatus(row.status),
        responsible=row.responsible,
        start=row.start,
        end=row.end,
        district_ids=tuple(row.district_ids or ()),
        indicator_targets=targets,
        contribution_ids=tuple(row.contribution_ids or ()),
        created_at=_created(row),
        updated_at=_utc(row.updated_at),
        deleted=row.deleted_at is not None,
    )


# --------------------------------------------------------------------------- normalising


def _norm_workshop(c: Checker, v: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "town_id": c.text(v["town_id"], "town_id", limit=64),
        "title": c.text(v["title"], "title", limit=MAX_TITLE),
        "date": c.date(v["date"], "date"),
        "place": c.text(v["place"], "place", limit=MAX_TITLE, required=False),
        "participants": c.participants(v["participants"], "participants"),
    }


def _norm_contribution(c: Checker, v: Mapping[str, Any]) -> dict[str, Any]:
    kind = c.enum(v["kind"], ContributionKind, "kind")
    district = v["district_id"]
    field_id = v["field_id"]
    if field_id is not None and (isinstance(field_id, bool) or not isinstance(field_id, int)):
        c.problems.add("ws_bad_count", column="field_id", value=field_id)
    return {
        "text": c.text(v["text"], "text", limit=MAX_TEXT),
        "author_label": c.optional_text(v["author_label"], "author_label", limit=MAX_LABEL),
        "kind": kind.value if kind else None,
        "district_id": c.district_ids([district], "district_id")[0]
        if district not in (None, "")
        else None,
        "geometry_wkt": c.geometry(v["geometry_wkt"], "geometry_wkt"),
        "indicator_ids": list(c.indicator_ids(v["indicator_ids"] or (), "indicator_ids")),
        "years": list(c.years(v["years"] or (), "years")),
        "field_id": field_id,
    }


def _norm_field(c: Checker, v: Mapping[str, Any]) -> dict[str, Any]:
    position = v["position"]
    if isinstance(position, bool) or not isinstance(position, int):
        c.problems.add("ws_bad_count", column="position", value=position)
    return {
        "title": c.text(v["title"], "title", limit=MAX_TITLE),
        "description": c.text(v["description"], "description", limit=MAX_TEXT, required=False),
        "position": position,
    }


def _norm_goal(c: Checker, v: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": c.text(v["title"], "title", limit=MAX_TITLE),
        "description": c.text(v["description"], "description", limit=MAX_TEXT, required=False),
    }


def _norm_measure(c: Checker, v: Mapping[str, Any]) -> dict[str, Any]:
    status = c.enum(v["status"], MeasureStatus, "status")
    start = c.date(v["start"], "start")
    end = c.date(v["end"], "end")
    if start and end and end < start:
        c.problems.add("ws_end_before_start", column="end", start=start, end=end)
    targets: list[list[Any]] = []
    seen: set[str] = set()
    for raw in v["indicator_targets"] or ():
        target = c.target(raw, "indicator_targets")
        if target is None:
            continue
        if target.indicator_id in seen:
            c.problems.add("ws_duplicate", column="indicator_targets", value=target.indicator_id)
        seen.add(target.indicator_id)
        targets.append([target.indicator_id, target.direction.value, target.target_value])
    return {
        "title": c.text(v["title"], "title", limit=MAX_TITLE),
        "description": c.text(v["description"], "description", limit=MAX_TEXT, required=False),
        "status": status.value if status else None,
        "responsible": c.text(v["responsible"], "responsible", limit=MAX_TITLE, required=False),
        "start": start,
        "end": end,
        "district_ids": list(c.district_ids(v["district_ids"] or (), "district_ids")),
        "indicator_targets": targets,
        "contribution_ids": list(c.ids(v["contribution_ids"] or (), "contribution_ids")),
    }


@dataclass(frozen=True)
class _Spec:
    row: type[Any]
    value: Callable[[Any], Any]
    defaults: Mapping[str, Any]  # every editable field with its default
    normalise: Callable[[Checker, Mapping[str, Any]], dict[str, Any]]
    parent: str | None  # the column linking to the parent entity
    parent_entity: str | None


_SPECS: dict[str, _Spec] = {
    "workshop": _Spec(
        WorkshopRow,
        _workshop,
        {"town_id": None, "title": None, "date": None, "place": "", "participants": None},
        _norm_workshop,
        None,
        None,
    ),
    "contribution": _Spec(
        ContributionRow,
        _contribution,
        {
            "text": None,
            "author_label": None,
            "kind": ContributionKind.OBSERVATION,
            "district_id": None,
            "geometry_wkt": None,
            "indicator_ids": (),
            "years": (),
            "field_id": None,
        },
        _norm_contribution,
        "workshop_id",
        "workshop",
    ),
    "field": _Spec(
        FieldRow,
        _field,
        {"title": None, "description": "", "position": 0},
        _norm_field,
        "workshop_id",
        "workshop",
    ),
    "goal": _Spec(
        GoalRow, _goal, {"title": None, "description": ""}, _norm_goal, "field_id", "field"
    ),
    "measure": _Spec(
        MeasureRow,
        _measure,
        {
            "title": None,
            "description": "",
            "status": MeasureStatus.IDEA,
            "responsible": "",
            "start": None,
            "end": None,
            "district_ids": (),
            "indicator_targets": (),
            "contribution_ids": (),
        },
        _norm_measure,
        "goal_id",
        "goal",
    ),
}
ENTITIES = tuple(_SPECS)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _snapshot(row: Any) -> dict[str, Any]:
    return {col.key: _json_value(getattr(row, col.key)) for col in row.__table__.columns}


def _refuse(c: Checker, code: str, entity: str, entity_id: object, column: str) -> None:
    """Add a problem about an entity, named in both languages."""
    de, en = ENTITY_LABELS[entity]
    c.problems.add(code, column=column, entity_de=de, entity_en=en, value=entity_id)


class _FifoLock:
    """A lock handed to waiting threads in arrival order (``threading.Lock`` is not fair:
    a thread that releases and at once re-acquires it usually wins, so others starve)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def __enter__(self) -> None:
        with self._guard:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the previous holder: the lock passes on directly

    def __exit__(self, *_exc: object) -> None:
        with self._guard:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._held = False


_SQLITE_LOCKS: dict[str, _FifoLock] = {}
_SQLITE_LOCKS_GUARD = threading.Lock()


def _sqlite_write_lock(engine: Engine) -> AbstractContextManager[object]:
    """Threads of one process (the app's sessions) take turns, in order, at SQLite's single
    write lock.

    SQLite's busy handler polls with growing sleeps, so under contention one writer can
    wait far longer than the others; queueing the threads of one process first leaves the
    busy handler only the contention between processes.
    """
    if not is_sqlite(engine):
        return nullcontext()
    key = str(engine.url)
    with _SQLITE_LOCKS_GUARD:
        return _SQLITE_LOCKS.setdefault(key, _FifoLock())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class WorkshopStore:
    """All reads and writes of workshop data on one engine (SQLite or PostgreSQL).

    The schema must be current (:func:`sozialraum.db.upgrade`, or use :func:`open_store`).
    Safe to share between threads; several processes may use the same database.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._write_lock = _sqlite_write_lock(engine)

    # ------------------------------------------------------------------ sessions

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with (
            self._write_lock,
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @staticmethod
    def _who(checker: Checker, who: str) -> str:
        return checker.text(who, "who", limit=MAX_LABEL)

    def _log(
        self,
        session: Session,
        entity: str,
        entity_id: int,
        action: str,
        who: str,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
    ) -> None:
        session.add(
            HistoryRow(
                entity=entity,
                entity_id=entity_id,
                action=action,
                who=who,
                at=_now(),
                old=old,
                new=new,
            )
        )

    def _row(self, session: Session, entity: str, entity_id: object, checker: Checker) -> Any:
        spec = _SPECS[entity]
        row = (
            session.get(spec.row, entity_id)
            if isinstance(entity_id, int) and not isinstance(entity_id, bool)
            else None
        )
        if row is None:
            _refuse(checker, "ws_not_found", entity, entity_id, "id")
            checker.raise_if_errors()
        return row

    def _live(
        self, session: Session, entity: str, entity_id: object, checker: Checker, column: str
    ) -> Any:
        row = self._row(session, entity, entity_id, checker)
        if row.deleted_at is not None:
            _refuse(checker, "ws_is_deleted", entity, entity_id, column)
            checker.raise_if_errors()
        return row

    def _workshop_of(self, session: Session, entity: str, row: Any) -> int:
        """The workshop a row belongs to (following goal → field → workshop)."""
        if entity == "workshop":
            return int(row.id)
        if entity in ("contribution", "field"):
            return int(row.workshop_id)
        if entity == "goal":
            return int(session.get(FieldRow, row.field_id).workshop_id)  # type: ignore[union-attr]
        goal = session.get(GoalRow, row.goal_id)
        return self._workshop_of(session, "goal", goal)

    def _check_links(
        self,
        session: Session,
        entity: str,
        parent_id: int | None,
        clean: dict[str, Any],
        c: Checker,
    ) -> None:
        """References must exist, be live and lie in the same workshop."""
        spec = _SPECS[entity]
        if spec.parent_entity is None or parent_id is None:
            return
        parent = self._live(session, spec.parent_entity, parent_id, c, spec.parent or "")
        workshop_id = self._workshop_of(session, spec.parent_entity, parent)
        links: list[tuple[str, str, object]] = []
        if entity == "contribution" and clean["field_id"] is not None:
            links.append(("field", "field_id", clean["field_id"]))
        if entity == "measure":
            links.extend(("contribution", "contribution_ids", i) for i in clean["contribution_ids"])
        for linked_entity, column, linked_id in links:
            linked = self._live(session, linked_entity, linked_id, c, column)
            if self._workshop_of(session, linked_entity, linked) != workshop_id:
                _refuse(c, "ws_other_workshop", linked_entity, linked_id, column)
        c.raise_if_errors()

    # ------------------------------------------------------------------ generic operations

    def _create(self, entity: str, who: str, parent_id: int | None, values: dict[str, Any]) -> Any:
        spec = _SPECS[entity]
        c = Checker()
        who = self._who(c, who)
        self._reject_unknown(c, spec, values)
        clean = spec.normalise(c, {**spec.defaults, **values})
        c.raise_if_errors()
        with self._write() as session:
            self._check_links(session, entity, parent_id, clean, c)
            parent = {spec.parent: parent_id} if spec.parent else {}
            row = spec.row(**parent, **clean, created_at=_now())
            session.add(row)
            session.flush()
            self._log(session, entity, row.id, "create", who, None, _snapshot(row))
            return spec.value(row)

    @staticmethod
    def _reject_unknown(c: Checker, spec: _Spec, values: Mapping[str, Any]) -> None:
        for name in values:
            if name not in spec.defaults:
                c.problems.add("ws_unknown_field", column=name, allowed=", ".join(spec.defaults))

    def _update(
        self, entity: str, entity_id: int, who: str, changes: dict[str, Any], action: str = "update"
    ) -> Any:
        spec = _SPECS[entity]
        c = Checker()
        who = self._who(c, who)
        self._reject_unknown(c, spec, changes)
        c.raise_if_errors()
        with self._write() as session:
            row = self._live(session, entity, entity_id, c, "id")
            current = {name: getattr(row, name) for name in spec.defaults}
            clean = spec.normalise(c, {**current, **changes})
            c.raise_if_errors()
            parent_id = getattr(row, spec.parent) if spec.parent else None
            self._check_links(session, entity, parent_id, clean, c)
            old = _snapshot(row)
            if all(_json_value(clean[k]) == old[k] for k in clean):
                return spec.value(row)  # nothing changed: no history row
            for name, value in clean.items():
                setattr(row, name, value)
            row.updated_at = _now()
            session.flush()
            self._log(session, entity, row.id, action, who, old, _snapshot(row))
            return spec.value(row)

    def _set_deleted(self, entity: str, entity_id: int, who: str, deleted: bool) -> Any:
        spec = _SPECS[entity]
        c = Checker()
        who = self._who(c, who)
        c.raise_if_errors()
        with self._write() as session:
            row = self._row(session, entity, entity_id, c)
            if (row.deleted_at is not None) == deleted:
                return spec.value(row)
            if not deleted and spec.parent_entity:
                # A note cannot come back into a deleted workshop: restore the parent first.
                self._live(
                    session,
                    spec.parent_entity,
                    getattr(row, spec.parent or ""),
                    c,
                    spec.parent or "",
                )
            old = _snapshot(row)
            row.deleted_at = _now() if deleted else None
            session.flush()
            action = "delete" if deleted else "restore"
            self._log(session, entity, row.id, action, who, old, _snapshot(row))
            return spec.value(row)

    def _get(self, entity: str, entity_id: int) -> Any:
        c = Checker()
        with self._read() as session:
            return _SPECS[entity].value(self._row(session, entity, entity_id, c))

    def delete(self, entity: str, entity_id: int, who: str) -> Any:
        """Soft-delete any entity ("workshop", "contribution", "field", "goal", "measure")."""
        return self._set_deleted(entity, entity_id, who, True)

    def restore(self, entity: str, entity_id: int, who: str) -> Any:
        return self._set_deleted(entity, entity_id, who, False)

    # ------------------------------------------------------------------ workshops

    def create_workshop(
        self,
        who: str,
        *,
        town_id: str,
        title: str,
        date: dt.date | str | None = None,
        place: str = "",
        participants: Mapping[str, int] | None = None,
    ) -> Workshop:
        values = {
            "town_id": town_id,
            "title": title,
            "date": date,
            "place": place,
            "participants": dict(participants or {}),
        }
        result: Workshop = self._create("workshop", who, None, values)
        return result

    def update_workshop(self, workshop_id: int, who: str, **changes: Any) -> Workshop:
        """Change any of: town_id, title, date, place, participants."""
        result: Workshop = self._update("workshop", workshop_id, who, changes)
        return result

    def get_workshop(self, workshop_id: int) -> Workshop:
        result: Workshop = self._get("workshop", workshop_id)
        return result

    def list_workshops(
        self, town_id: str | None = None, *, include_deleted: bool = False
    ) -> list[Workshop]:
        query = select(WorkshopRow).order_by(WorkshopRow.date.desc(), WorkshopRow.id.desc())
        if town_id is not None:
            query = query.where(WorkshopRow.town_id == town_id)
        if not include_deleted:
            query = query.where(WorkshopRow.deleted_at.is_(None))
        with self._read() as session:
            return [_workshop(r) for r in session.scalars(query)]

    def delete_workshop(self, workshop_id: int, who: str) -> Workshop:
        result: Workshop = self.delete("workshop", workshop_id, who)
        return result

    def restore_workshop(self, workshop_id: int, who: str) -> Workshop:
        result: Workshop = self.restore("workshop", workshop_id, who)
        return result

    # ------------------------------------------------------------------ contributions

    def create_contribution(
        self,
        who: str,
        *,
        workshop_id: int,
        text: str,
        kind: ContributionKind | str = ContributionKind.OBSERVATION,
        author_label: str | None = None,
        district_id: str | None = None,
        geometry_wkt: str | None = None,
        indicator_ids: tuple[str, ...] | list[str] = (),
        years: tuple[int, ...] | list[int] = (),
        field_id: int | None = None,
    ) -> Contribution:
        values = {
            "text": text,
            "kind": kind,
            "author_label": author_label,
            "district_id": district_id,
            "geometry_wkt": geometry_wkt,
            "indicator_ids": indicator_ids,
            "years": years,
            "field_id": field_id,
        }
        result: Contribution = self._create("contribution", who, workshop_id, values)
        return result

    def create_contributions(
        self, who: str, workshop_id: int, notes: list[dict[str, Any]]
    ) -> list[Contribution]:
        """Several notes in one transaction (an import): all are written, or none."""
        spec = _SPECS["contribution"]
        c = Checker()
        who = self._who(c, who)
        cleaned = []
        for values in notes:
            self._reject_unknown(c, spec, values)
            cleaned.append(spec.normalise(c, {**spec.defaults, **values}))
        c.raise_if_errors()
        out = []
        with self._write() as session:
            for clean in cleaned:
                self._check_links(session, "contribution", workshop_id, clean, c)
                row = ContributionRow(workshop_id=workshop_id, **clean, created_at=_now())
                session.add(row)
                session.flush()
                self._log(session, "contribution", row.id, "create", who, None, _snapshot(row))
                out.append(_contribution(row))
        return out

    @staticmethod
    def check_contribution(values: Mapping[str, Any]) -> list[Problem]:
        """The problems of a note's values, without writing (links are checked on write)."""
        spec = _SPECS["contribution"]
        c = Checker()
        WorkshopStore._reject_unknown(c, spec, values)
        spec.normalise(c, {**spec.defaults, **values})
        return c.problems.problems

    def update_contribution(self, contribution_id: int, who: str, **changes: Any) -> Contribution:
        """Change any of: text, author_label, kind, district_id, geometry_wkt, indicator_ids,
        years, field_id."""
        result: Contribution = self._update("contribution", contribution_id, who, changes)
        return result

    def assign_contribution(
        self, contribution_id: int, field_id: int | None, who: str
    ) -> Contribution:
        """Put a note into a field of action (None: take it out again)."""
        result: Contribution = self._update(
            "contribution", contribution_id, who, {"field_id": field_id}, action="assign"
        )
        return result

    def get_contribution(self, contribution_id: int) -> Contribution:
        result: Contribution = self._get("contribution", contribution_id)
        return result

    def list_contributions(
        self,
        workshop_id: int,
        *,
        district_id: str | None = None,
        kind: ContributionKind | str | None = None,
        field_id: int | None = None,
        unassigned: bool = False,
        indicator_id: str | None = None,
        include_deleted: bool = False,
    ) -> list[Contribution]:
        """The workshop's notes in the order they were written, optionally filtered."""
        query = (
            select(ContributionRow)
            .where(ContributionRow.workshop_id == workshop_id)
            .order_by(ContributionRow.id)
        )
        if district_id is not None:
            query = query.where(ContributionRow.district_id == district_id)
        if kind is not None:
            query = query.where(ContributionRow.kind == ContributionKind(kind).value)
        if field_id is not None:
            query = query.where(ContributionRow.field_id == field_id)
        if unassigned:
            query = query.where(ContributionRow.field_id.is_(None))
        if not include_deleted:
            query = query.where(ContributionRow.deleted_at.is_(None))
        with self._read() as session:
            notes = [_contribution(r) for r in session.scalars(query)]
        if indicator_id is not None:
            notes = [n for n in notes if indicator_id in n.indicator_ids]
        return notes

    def count_contributions(
        self, workshop_id: int | None = None, *, include_deleted: bool = False
    ) -> int:
        query = select(func.count()).select_from(ContributionRow)
        if workshop_id is not None:
            query = query.where(ContributionRow.workshop_id == workshop_id)
        if not include_deleted:
            query = query.where(ContributionRow.deleted_at.is_(None))
        with self._read() as session:
            return int(session.scalar(query) or 0)

    def delete_contribution(self, contribution_id: int, who: str) -> Contribution:
        result: Contribution = self.delete("contribution", contribution_id, who)
        return result

    def restore_contribution(self, contribution_id: int, who: str) -> Contribution:
        result: Contribution = self.restore("contribution", contribution_id, who)
        return result

    # ------------------------------------------------------------------ fields of action

    def create_field(
        self, who: str, *, workshop_id: int, title: str, description: str = "", position: int = 0
    ) -> FieldOfAction:
        values = {"title": title, "description": description, "position": position}
        result: FieldOfAction = self._create("field", who, workshop_id, values)
        return result

    def update_field(self, field_id: int, who: str, **changes: Any) -> FieldOfAction:
        """Change any of: title, description, position."""
        result: FieldOfAction = self._update("field", field_id, who, changes)
        return result

    def get_field(self, field_id: int) -> FieldOfAction:
        result: FieldOfAction = self._get("field", field_id)
        return result

    def list_fields(
        self, workshop_id: int, *, include_deleted: bool = False
    ) -> list[FieldOfAction]:
        query = (
            select(FieldRow)
            .where(FieldRow.workshop_id == workshop_id)
            .order_by(FieldRow.position, FieldRow.id)
        )
        if not include_deleted:
            query = query.where(FieldRow.deleted_at.is_(None))
        with self._read() as session:
            return [_field(r) for r in session.scalars(query)]

    def delete_field(self, field_id: int, who: str) -> FieldOfAction:
        result: FieldOfAction = self.delete("field", field_id, who)
        return result

    def restore_field(self, field_id: int, who: str) -> FieldOfAction:
        result: FieldOfAction = self.restore("field", field_id, who)
        return result

    # ------------------------------------------------------------------ goals

    def create_goal(self, who: str, *, field_id: int, title: str, description: str = "") -> Goal:
        result: Goal = self._create(
            "goal", who, field_id, {"title": title, "description": description}
        )
        return result

    def update_goal(self, goal_id: int, who: str, **changes: Any) -> Goal:
        """Change any of: title, description."""
        result: Goal = self._update("goal", goal_id, who, changes)
        return result

    def get_goal(self, goal_id: int) -> Goal:
        result: Goal = self._get("goal", goal_id)
        return result

    def list_goals(
        self,
        field_id: int | None = None,
        *,
        workshop_id: int | None = None,
        include_deleted: bool = False,
    ) -> list[Goal]:
        query = select(GoalRow).order_by(GoalRow.id)
        if field_id is not None:
            query = query.where(GoalRow.field_id == field_id)
        if workshop_id is not None:
            query = query.join(FieldRow, GoalRow.field_id == FieldRow.id).where(
                FieldRow.workshop_id == workshop_id
            )
        if not include_deleted:
            query = query.where(GoalRow.deleted_at.is_(None))
        with self._read() as session:
            return [_goal(r) for r in session.scalars(query)]

    def delete_goal(self, goal_id: int, who: str) -> Goal:
        result: Goal = self.delete("goal", goal_id, who)
        return result

    def restore_goal(self, goal_id: int, who: str) -> Goal:
        result: Goal = self.restore("goal", goal_id, who)
        return result

    # ------------------------------------------------------------------ measures

    def create_measure(
        self,
        who: str,
        *,
        goal_id: int,
        title: str,
        description: str = "",
        status: MeasureStatus | str = MeasureStatus.IDEA,
        responsible: str = "",
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        district_ids: tuple[str, ...] | list[str] = (),
        indicator_targets: tuple[IndicatorTarget | tuple[Any, ...], ...]
        | list[IndicatorTarget | tuple[Any, ...]] = (),
        contribution_ids: tuple[int, ...] | list[int] = (),
    ) -> Measure:
        values = {
            "title": title,
            "description": description,
            "status": status,
            "responsible": responsible,
            "start": start,
            "end": end,
            "district_ids": district_ids,
            "indicator_targets": indicator_targets,
            "contribution_ids": contribution_ids,
        }
        result: Measure = self._create("measure", who, goal_id, values)
        return result

    def update_measure(self, measure_id: int, who: str, **changes: Any) -> Measure:
        """Change any of: title, description, status, responsible, start, end, district_ids,
        indicator_targets, contribution_ids."""
        result: Measure = self._update("measure", measure_id, who, changes)
        return result

    def get_measure(self, measure_id: int) -> Measure:
        result: Measure = self._get("measure", measure_id)
        return result

    def list_measures(
        self,
        goal_id: int | None = None,
        *,
        workshop_id: int | None = None,
        include_deleted: bool = False,
    ) -> list[Measure]:
        query = select(MeasureRow).order_by(MeasureRow.id)
        if goal_id is not None:
            query = query.where(MeasureRow.goal_id == goal_id)
        if workshop_id is not None:
            query = (
                query.join(GoalRow, MeasureRow.goal_id == GoalRow.id)
                .join(FieldRow, GoalRow.field_id == FieldRow.id)
                .where(FieldRow.workshop_id == workshop_id)
            )
        if not include_deleted:
            query = query.where(MeasureRow.deleted_at.is_(None))
        with self._read() as session:
            return [_measure(r) for r in session.scalars(query)]

    def delete_measure(self, measure_id: int, who: str) -> Measure:
        result: Measure = self.delete("measure", measure_id, who)
        return result

    def restore_measure(self, measure_id: int, who: str) -> Measure:
        result: Measure = self.restore("measure", measure_id, who)
        return result

    # ------------------------------------------------------------------ summaries

    def counts_by_district(
        self, workshop_id: int | None, town_id: str
    ) -> dict[str, DistrictCounts]:
        """Live notes and measures per district, for one workshop or all of a town's.

        A note counts for the district it is pinned to; a measure for each district it names.
        Anything under a deleted workshop, field or goal does not count.
        """
        live_workshops = select(WorkshopRow.id).where(
            WorkshopRow.town_id == town_id, WorkshopRow.deleted_at.is_(None)
        )
        if workshop_id is not None:
            live_workshops = live_workshops.where(WorkshopRow.id == workshop_id)
        notes_query = (
            select(ContributionRow.district_id, func.count())
            .where(
                ContributionRow.workshop_id.in_(live_workshops),
                ContributionRow.deleted_at.is_(None),
                ContributionRow.district_id.is_not(None),
            )
            .group_by(ContributionRow.district_id)
        )
        measures_query = (
            select(MeasureRow.district_ids)
            .join(GoalRow, MeasureRow.goal_id == GoalRow.id)
            .join(FieldRow, GoalRow.field_id == FieldRow.id)
            .where(
                FieldRow.workshop_id.in_(live_workshops),
                MeasureRow.deleted_at.is_(None),
                GoalRow.deleted_at.is_(None),
                FieldRow.deleted_at.is_(None),
            )
        )
        with self._read() as session:
            notes = {str(d): int(n) for d, n in session.execute(notes_query)}
            measures = Counter(d for ids in session.scalars(measures_query) for d in ids or ())
        return {
            d: DistrictCounts(notes.get(d, 0), measures.get(d, 0))
            for d in sorted(set(notes) | set(measures))
        }

    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """Every change of one entity, oldest first."""
        if entity not in _SPECS:
            raise ValueError(f"unknown entity {entity!r}; one of {', '.join(_SPECS)}")
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


_UPGRADED: set[str] = set()
_UPGRADE_LOCK = threading.Lock()


def open_store(data_dir: Path) -> WorkshopStore:
    """The store for ``data_dir`` (or ``SOZIALRAUM_DB_URL``), its schema brought up to date
    once per process."""
    engine = get_engine(data_dir)
    key = str(engine.url)
    with _UPGRADE_LOCK:
        if key not in _UPGRADED:
            upgrade(engine)
            _UPGRADED.add(key)
    return WorkshopStore(engine)
