"""Indexes on every foreign key and on the columns queries filter on, so that an event's cost
depends on the person's own data and not on the size of the programme
(see storage/schema_indexes.py).

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

INDEXED = (
    ("agenda_versions", "author_id"),
    ("exchanges", "switcher_id"),
    ("exchanges", "coach_id"),
    ("exchanges", "coordinator_id"),
    ("exchanges", "sending_contact_id"),
    ("exchanges", "host_contact_id"),
    ("invites", "created_by"),
    ("invites", "programme_id"),
    ("return_sessions", "coordinator_id"),
    ("attendance", "person_id"),
    ("checklist_ticks", "person_id"),
    ("follow_up_actions", "person_id"),
    ("match_offers", "supporter_id"),
    ("reflections", "exchange_id"),
    ("reminders", "exchange_id"),
    ("reminders", "person_id"),
    ("return_invitations", "person_id"),
    ("support_meetings", "request_id"),
    ("support_meetings", "supporter_id"),
    ("reflection_items", "reflection_id"),
    ("reflection_items", "media_id"),
    ("user_roles", "role"),
    ("programme_members", "role"),
)


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
