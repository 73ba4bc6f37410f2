"""After the exchange: follow-up actions with their check-in, and return sessions
(terugkommomenten) with an invitation and RSVP per person.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up_actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "exchange_id",
            sa.Integer,
            sa.ForeignKey("exchanges.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("part", sa.String(24), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # open, in_progress, done, dropped
        sa.Column("note", sa.String(1000), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=True),  # last answer to "how did it go?"
    )
    op.create_index("ix_follow_up_actions_exchange_id", "follow_up_actions", ["exchange_id"])
    op.create_table(
        "return_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "coordinator_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "return_invitations",
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("return_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("coming", sa.Boolean, nullable=True),  # None: not answered yet
        sa.Column("answered_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("return_invitations")
    op.drop_table("return_sessions")
    op.drop_index("ix_follow_up_actions_exchange_id", "follow_up_actions")
    op.drop_table("follow_up_actions")
