"""Workshop tables: workshop, contribution, field of action, goal, measure, history.

Revision ID: 0001_workshop
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_workshop"
down_revision = None
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old", _json(), nullable=True),
        sa.Column("new", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
    )
    op.create_index("ix_history_entity", "history", ["entity", "entity_id"])

    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("participants", _json(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
    )
    op.create_index(op.f("ix_workshop_town_id"), "workshop", ["town_id"])

    op.create_table(
        "field_of_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_field_of_action_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_of_action")),
    )
    op.create_index(op.f("ix_field_of_action_workshop_id"), "field_of_action", ["workshop_id"])

    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_label", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("district_id", sa.String(length=100), nullable=True),
        sa.Column("geometry_wkt", sa.Text(), nullable=True),
        sa.Column("indicator_ids", _json(), nullable=False),
        sa.Column("years", _json(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["field_of_action.id"],
            name=op.f("fk_contribution_field_id_field_of_action"),
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_contribution_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
    )
    op.create_index(op.f("ix_contribution_district_id"), "contribution", ["district_id"])
    op.create_index(op.f("ix_contribution_field_id"), "contribution", ["field_id"])
    op.create_index(op.f("ix_contribution_workshop_id"), "contribution", ["workshop_id"])

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["field_id"], ["field_of_action.id"], name=op.f("fk_goal_field_id_field_of_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_index(op.f("ix_goal_field_id"), "goal", ["field_id"])

    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("responsible", sa.String(length=300), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("district_ids", _json(), nullable=False),
        sa.Column("indicator_targets", _json(), nullable=False),
        sa.Column("contribution_ids", _json(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_measure_goal_id_goal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure")),
    )
    op.create_index(op.f("ix_measure_goal_id"), "measure", ["goal_id"])


def downgrade() -> None:
    for table in ("measure", "goal", "contribution", "field_of_action", "workshop", "history"):
        op.drop_table(table)
