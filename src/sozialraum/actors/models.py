"""The actor tables (SQLAlchemy ORM); only :mod:`sozialraum.actors.store` touches them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sozialraum.db import Base
from sozialraum.workshop.models import Json, Timestamp


class _Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class ActorRow(_Timestamps, Base):
    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    town_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    district_ids: Mapped[list[str]] = mapped_column(Json, default=list)
    point_wkt: Mapped[str | None] = mapped_column(Text)
    field_ids: Mapped[list[int]] = mapped_column(Json, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300), default="")


class RelationRow(_Timestamps, Base):
    __tablename__ = "actor_relation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    town_id: Mapped[str] = mapped_column(String(64), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    strength: Mapped[int] = mapped_column(Integer)
    since_year: Mapped[int | None] = mapped_column(Integer)
