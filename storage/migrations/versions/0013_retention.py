"""Retention: per person the last warning before programme data is deleted, "keep" choices
and when it was deleted.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("warned_at", UTCDateTime(), nullable=True),
        sa.Column("deletes_at", UTCDateTime(), nullable=True),
        sa.Column("kept_at", UTCDateTime(), nullable=True),
        sa.Column("keeps", sa.Integer, nullable=False),
        sa.Column("purged_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("retention")
