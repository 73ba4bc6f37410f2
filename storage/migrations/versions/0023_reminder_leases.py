"""Several workers on one PostgreSQL database (issue 18 item 3): a reminder or notice is claimed
by one worker for a while (`claimed_by`, `lease_until`) with `SELECT … FOR UPDATE SKIP LOCKED`,
so any worker may deliver it and a dead worker's claims run out and are taken over; and the
Matrix events already handled (`matrix_events`), so a new sync leader never answers one twice.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", UTCDateTime(), nullable=True))
    op.create_table(
        "matrix_events",
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_matrix_events_seen_at", "matrix_events", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_matrix_events_seen_at", table_name="matrix_events")
    op.drop_table("matrix_events")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("claimed_by")
