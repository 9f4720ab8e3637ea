"""The workshop's vocabulary (enums), the values the store returns, and input checks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from sozialraum.catalog import INDICATOR_ID_PATTERN
from sozialraum.errors import DataError, ProblemCollector

MAX_TEXT = 5_000
MAX_TITLE = 300
MAX_LABEL = 200
MAX_DISTRICT_ID = 100
YEAR_RANGE = (1900, 2100)
_E = TypeVar("_E", bound=StrEnum)


class _Labelled(StrEnum):
    """An enum whose members have a German and an English label."""

    def label(self, lang: str = "de") -> str:
        de, en = _LABELS[type(self).__name__][self.value]
        return de if lang == "de" else en


class ContributionKind(_Labelled):
    OBSERVATION = "observation"
    QUESTION = "question"
    IDEA = "idea"
    CONCERN = "concern"


class MeasureStatus(_Labelled):
    IDEA = "idea"
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    DROPPED = "dropped"


class TargetDirection(_Labelled):
    INCREASE = "increase"
    DECREASE = "decrease"
    HOLD = "hold"


class Sector(_Labelled):
    """Where a participant comes from (participants are counted by sector)."""

    ADMINISTRATION = "Verwaltung"
    POLITICS = "Politik"
    BUSINESS = "Wirtschaft"
    CIVIL_SOCIETY = "Zivilgesellschaft"
    MIGRANT_ORGANISATION = "Migrantenorganisation"
    EDUCATION = "Bildung"
    SOCIAL = "Soziales"
    HOUSING = "Wohnungswirtschaft"
    RELIGION = "Religion"
    RESIDENTS = "Bewohnerschaft"
    OTHER = "other"


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "ContributionKind": {
        "observation": ("Beobachtung", "Observation"),
        "question": ("Frage", "Question"),
        "idea": ("Idee", "Idea"),
        "concern": ("Bedenken", "Concern"),
    },
    "MeasureStatus": {
        "idea": ("Idee", "Idea"),
        "planned": ("geplant", "planned"),
        "running": ("läuft", "running"),
        "done": ("abgeschlossen", "done"),
        "dropped": ("verworfen", "dropped"),
    },
    "TargetDirection": {
        "increase": ("steigern", "increase"),
        "decrease": ("senken", "decrease"),
        "hold": ("halten", "hold"),
    },
    "Sector": {
        "Verwaltung": ("Verwaltung", "Administration"),
        "Politik": ("Politik", "Politics"),
        "Wirtschaft": ("Wirtschaft", "Business"),
        "Zivilgesellschaft": ("Zivilgesellschaft", "Civil society"),
        "Migrantenorganisation": ("Migrantenorganisation", "Migrant organisation"),
        "Bildung": ("Bildung", "Education"),
        "Soziales": ("Soziales", "Social services"),
        "Wohnungswirtschaft": ("Wohnungswirtschaft", "Housing companies"),
        "Religion": ("Religion", "Religious communities"),
        "Bewohnerschaft": ("Bewohnerschaft", "Residents"),
        "other": ("Sonstige", "Other"),
    },
}

# Entity names as they appear in history rows and messages.
ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "workshop": ("Werkstatt", "workshop"),
    "contribution": ("Beitrag", "contribution"),
    "field": ("Handlungsfeld", "field of action"),
    "goal": ("Ziel", "goal"),
    "measure": ("Maßnahme", "measure"),
}


class WorkshopError(DataError):
    """A workshop change was refused; nothing was written. ``report(lang)`` says why."""


@dataclass(frozen=True)
class Workshop:
    id: int
    town_id: str
    title: str
    date: dt.date | None
    place: str
    participants: dict[str, int]
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool

    @property
    def participant_total(self) -> int:
        return sum(self.participants.values())


@dataclass(frozen=True)
class Contribution:
    """A note from the room: pinned to a district, a point or polygon (WKT, EPSG:4326), or
    the whole town (both None); linked to indicators and years."""

    id: int
    workshop_id: int
    text: str
    author_label: str | None
    kind: ContributionKind
    district_id: str | None
    geometry_wkt: str | None
    indicator_ids: tuple[str, ...]
    years: tuple[int, ...]
    field_id: int | None
    created_at: dt.datetime
    edited_at: dt.datetime | None
    deleted: bool


@dataclass(frozen=True)
class FieldOfAction:
    id: int
    workshop_id: int
    title: str
    description: str
    position: int
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool


@dataclass(frozen=True)
class Goal:
    id: int
    field_id: int
    title: str
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool


class IndicatorTarget(NamedTuple):
    indicator_id: str
    direction: TargetDirection
    target_value: float | None = None


@dataclass(frozen=True)
class Measure:
    id: int
    goal_id: int
    title: str
    description: str
    status: MeasureStatus
    responsible: str
    start: dt.date | None
    end: dt.date | None
    district_ids: tuple[str, ...]
    indicator_targets: tuple[IndicatorTarget, ...]
    contribution_ids: tuple[int, ...]
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool


class DistrictCounts(NamedTuple):
    notes: int
    measures: int


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    entity: str
    entity_id: int
    action: str
    who: str
    at: dt.datetime
    old: dict[str, Any] | None = field(default=None)
    new: dict[str, Any] | None = field(default=None)


# --------------------------------------------------------------------------- input checks


class Checker:
    """Normalises input values field by field, collecting every problem before raising."""

    def __init__(self) -> None:
        self.problems = ProblemCollector()

    def raise_if_errors(self) -> None:
        if self.problems.has_errors:
            raise WorkshopError(self.problems.problems)

    def text(self, value: object, column: str, *, limit: int, required: bool = True) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.add("ws_not_text", column=column)
            return ""
        text = value.strip()
        if required and not text:
            self.problems.add("ws_empty", column=column)
        if len(text) > limit:
            self.problems.add("ws_too_long", column=column, length=len(text), limit=limit)
        return text

    def optional_text(self, value: object, column: str, *, limit: int) -> str | None:
        text = self.text(value, column, limit=limit, required=False)
        return text or None

    def enum(self, value: object, enum: type[_E], column: str) -> _E | None:
        try:
            return enum(str(value))
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.problems.add("bad_enum", column=column, value=value, allowed=allowed)
            return None

    def date(self, value: object, column: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.problems.add("ws_bad_date", column=column, value=text)
        return None

    def years(self, values: Iterable[object], column: str) -> tuple[int, ...]:
        out: list[int] = []
        for value in values:
            try:
                year = int(str(value).strip())
            except ValueError:
                year = 0
            if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                self.problems.add("ws_bad_year", column=column, value=value)
            elif year not in out:
                out.append(year)
        return tuple(sorted(out))

    def indicator_id(self, value: object, column: str) -> str:
        text = str(value).strip() if value is not None else ""
        if not INDICATOR_ID_PATTERN.match(text):
            self.problems.add("bad_indicator_id", column=column, value=text)
        return text

    def indicator_ids(self, values: Iterable[object], column: str) -> tuple[str, ...]:
        out: list[str] = []
        for value in values:
            ind = self.indicator_id(value, column)
            if ind not in out:
                out.append(ind)
        return tuple(out)

    def district_ids(self, values: Iterable[object], column: str) -> tuple[str, ...]:
        out: list[str] = []
        for value in values:
            text = self.text(value, column, limit=MAX_DISTRICT_ID)
            if text and text not in out:
                out.append(text)
        return tuple(out)

    def ids(self, values: Iterable[object], column: str) -> tuple[int, ...]:
        out: list[int] = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int):
                self.problems.add("ws_bad_count", column=column, value=value)
            elif value in out:
                self.problems.add("ws_duplicate", column=column, value=value)
            else:
                out.append(value)
        return tuple(out)

    def participants(self, value: Mapping[str, object] | None, column: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, count in (value or {}).items():
            sector = self.enum(key, Sector, column)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                self.problems.add("ws_bad_count", column=column, value=count)
                continue
            if sector is not None and count:
                out[sector.value] = count
        return out

    def geometry(self, value: object, column: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        import shapely
        from shapely import wkt
        from shapely.errors import ShapelyError

        try:
            geom = wkt.loads(str(value))
        except ShapelyError as exc:
            self.problems.add("ws_bad_geometry", column=column, detail=str(exc).split("\n")[0])
            return None
        detail = None
        if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
            detail = geom.geom_type
        elif geom.is_empty:
            detail = "leer/empty"
        elif not geom.is_valid:
            detail = shapely.is_valid_reason(geom)
        else:
            minx, miny, maxx, maxy = geom.bounds
            if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
                detail = "outside -180..180 / -90..90"
        if detail:
            self.problems.add("ws_bad_geometry", column=column, detail=detail)
            return None
        return str(geom.wkt)

    def target(self, value: object, column: str) -> IndicatorTarget | None:
        """``(indicator_id, direction)`` or ``(indicator_id, direction, target_value)``."""
        if isinstance(value, str) or not isinstance(value, Sequence) or len(value) not in (2, 3):
            self.problems.add("ws_bad_target", column=column, value=value)
            return None
        ind = self.indicator_id(value[0], column)
        direction = self.enum(value[1], TargetDirection, column)
        raw = value[2] if len(value) == 3 else None
        target_value: float | None = None
        if raw is not None and raw != "":
            try:
                target_value = float(str(raw).replace(",", "."))
            except ValueError:
                target_value = math.nan
            if not math.isfinite(target_value):
                self.problems.add("ws_bad_number", column=column, value=raw)
                return None
        if direction is None:
            return None
        return IndicatorTarget(ind, direction, target_value)
