"""Actors and their relations: vocabulary, the values the store returns, input checks.

An actor is an organisation, a body (Gremium, e.g. a Stadtteilbeirat) or a *role* held by a
person (e.g. "Quartiersmanagerin Horeb") — never a private person with contact data: the
model has no fields for names of people, phone numbers or e-mail addresses. Only an
organisation or a body may have its public address stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sozialraum.workshop.model import Checker, Sector, WorkshopError

MAX_NAME = 200
MAX_ADDRESS = 300
MIN_STRENGTH, MAX_STRENGTH = 1, 3
EARLIEST_SINCE = 1900


class ActorError(WorkshopError):
    """An actor change or import was refused; nothing was written."""


class ActorKind(StrEnum):
    ROLE = "role"  # a person's role (Funktion), not the person
    ORGANISATION = "organisation"
    BODY = "body"  # Gremium: council, board, round table

    def label(self, lang: str = "de") -> str:
        de, en = KIND_LABELS[self.value]
        return de if lang == "de" else en


class RelationType(StrEnum):
    COOPERATION = "cooperation"
    FUNDING = "funding"
    INFORMATION = "information"
    MEMBERSHIP = "membership"
    CONFLICT = "conflict"

    def label(self, lang: str = "de") -> str:
        de, en = RELATION_LABELS[self.value]
        return de if lang == "de" else en

    @property
    def directed(self) -> bool:
        """Funding and membership point from one actor to the other; the rest are mutual."""
        return self in (RelationType.FUNDING, RelationType.MEMBERSHIP)


KIND_LABELS: dict[str, tuple[str, str]] = {
    "role": ("Funktion (Personenrolle)", "Role (person's function)"),
    "organisation": ("Organisation", "Organisation"),
    "body": ("Gremium", "Body"),
}
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "cooperation": ("Kooperation", "Cooperation"),
    "funding": ("Förderung", "Funding"),
    "information": ("Information", "Information"),
    "membership": ("Mitgliedschaft", "Membership"),
    "conflict": ("Konflikt", "Conflict"),
}
# Sectors whose absence from a field of action is a gap hint (civil society's own voice).
CIVIL_SECTORS = (Sector.CIVIL_SOCIETY, Sector.MIGRANT_ORGANISATION)


@dataclass(frozen=True)
class Actor:
    id: int
    town_id: str
    name: str
    sector: Sector
    kind: ActorKind
    district_ids: tuple[str, ...]
    point_wkt: str | None  # POINT (lon lat), EPSG:4326, where no district fits
    field_ids: tuple[int, ...]  # fields of action (workshop module) the actor works in
    notes: str
    address: str  # an organisation's or body's public address; empty for roles
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool


@dataclass(frozen=True)
class Relation:
    id: int
    town_id: str
    source_id: int
    target_id: int
    type: RelationType
    strength: int  # 1 weak … 3 strong
    since_year: int | None
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted: bool


class ActorChecker(Checker):
    """The workshop's field checks, raising :class:`ActorError`."""

    def raise_if_errors(self) -> None:
        if self.problems.has_errors:
            raise ActorError(self.problems.problems)

    def point(self, value: object, column: str) -> str | None:
        wkt = self.geometry(value, column)
        if wkt is not None and not wkt.startswith("POINT"):
            self.problems.add("ws_bad_geometry", column=column, detail="POINT erwartet/expected")
            return None
        return wkt

    def strength(self, value: object, column: str) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not MIN_STRENGTH <= number <= MAX_STRENGTH:
            self.problems.add("actor_bad_strength", column=column, value=value)
        return number

    def since_year(self, value: object, column: str) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            year = int(float(str(value).strip()))
        except ValueError:
            year = 0
        latest = dt.datetime.now(dt.UTC).year
        if not EARLIEST_SINCE <= year <= latest:
            self.problems.add(
                "actor_bad_since", column=column, value=value, low=EARLIEST_SINCE, high=latest
            )
        return year
