"""Telegram's ~30 messages a second is the bot's, not a worker's (issue 18): the next free sending
slot is kept in the database, so several workers on PostgreSQL share one pace instead of each
being given a fraction of it.

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "send_pace",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("next_slot", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("send_pace")
