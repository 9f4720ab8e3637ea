"""The workshop's tables (SQLAlchemy ORM). The store is the only code that touches them.

Lists (indicator ids, years, district ids, indicator targets, source notes) are JSON columns:
they are always read and written with their owner and never queried on their own. Deleting
sets ``deleted_at``; nothing is removed, so that every deletion can be undone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sozialraum.db import Base

Json = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)


class _Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class WorkshopRow(_Timestamps, Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    town_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    participants: Mapped[dict[str, int]] = mapped_column(Json, default=dict)


class FieldRow(_Timestamps, Base):
    __tablename__ = "field_of_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContributionRow(_Timestamps, Base):
    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_label: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    district_id: Mapped[str | None] = mapped_column(String(100), index=True)
    geometry_wkt: Mapped[str | None] = mapped_column(Text)
    indicator_ids: Mapped[list[str]] = mapped_column(Json, default=list)
    years: Mapped[list[int]] = mapped_column(Json, default=list)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field_of_action.id"), index=True)


class GoalRow(_Timestamps, Base):
    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("field_of_action.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")


class MeasureRow(_Timestamps, Base):
    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    responsible: Mapped[str] = mapped_column(String(300), default="")
    start: Mapped[dt.date | None]
    end: Mapped[dt.date | None]
    district_ids: Mapped[list[str]] = mapped_column(Json, default=list)
    # [[indicator_id, direction, target_value | null], …]
    indicator_targets: Mapped[list[list[Any]]] = mapped_column(Json, default=list)
    contribution_ids: Mapped[list[int]] = mapped_column(Json, default=list)


class HistoryRow(Base):
    """One change: which entity, what happened, who (a free label), when, before and after."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(Timestamp)
    old: Mapped[dict[str, Any] | None] = mapped_column(Json)
    new: Mapped[dict[str, Any] | None] = mapped_column(Json)
