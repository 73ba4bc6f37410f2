"""Reflections after an exchange day (and the coach's feedback): several items each — text,
voice, photo, video or file — with who may see them, chosen by the author.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "exchange_id",
            sa.Integer,
            sa.ForeignKey("exchanges.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "author_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("part", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),  # reflection, feedback
        sa.Column("started", sa.String(40), nullable=False),
        sa.Column("visibility", sa.String(32), nullable=True),  # None while a draft
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("shared_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("author_id", "started", name="uq_reflections_author_id"),
    )
    op.create_table(
        "reflection_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "reflection_id",
            sa.Integer,
            sa.ForeignKey("reflections.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),  # text, voice, audio, photo, …
        sa.Column("text", sa.Text, nullable=True),
        sa.Column(
            "media_id", sa.Integer, sa.ForeignKey("media.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reflection_items")
    op.drop_table("reflections")
