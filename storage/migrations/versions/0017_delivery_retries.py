"""Delivery that survives outages: a reminder or notice that could not be sent for a passing
reason (a 5xx, a dropped connection, a rate limit) is tried again with backoff until it stops
being useful; `attempts` counts the tries and `retry_until` is when to give up.

Revision ID: 0017
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("retry_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("retry_until")
        batch.drop_column("attempts")
