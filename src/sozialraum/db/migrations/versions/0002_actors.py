"""Actor tables: actor, actor_relation (history rows go to the shared history table).

Revision ID: 0002_actors
Revises: 0001_workshop
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_actors"
down_revision = "0001_workshop"
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
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("district_ids", _json(), nullable=False),
        sa.Column("point_wkt", sa.Text(), nullable=True),
        sa.Column("field_ids", _json(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
    )
    op.create_index(op.f("ix_actor_town_id"), "actor", ["town_id"])

    op.create_table(
        "actor_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.Column("since_year", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["source_id"], ["actor.id"], name=op.f("fk_actor_relation_source_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["actor.id"], name=op.f("fk_actor_relation_target_id_actor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_relation")),
    )
    op.create_index(op.f("ix_actor_relation_town_id"), "actor_relation", ["town_id"])
    op.create_index(op.f("ix_actor_relation_source_id"), "actor_relation", ["source_id"])
    op.create_index(op.f("ix_actor_relation_target_id"), "actor_relation", ["target_id"])


def downgrade() -> None:
    op.drop_table("actor_relation")
    op.drop_table("actor")
