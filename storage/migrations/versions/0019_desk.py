"""The coordinator's desk: one-time login links, sessions (both stored as token hashes) and
the audit log of downloads and views of a person's content.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _person(name: str, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "desk_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _person("person_id"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "desk_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _person("person_id"),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _person("actor_id", True, "SET NULL"),
        _person("subject_id", True, "SET NULL"),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_desk_links_person_id", "desk_links", ["person_id"])
    op.create_index("ix_desk_sessions_person_id", "desk_sessions", ["person_id"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    op.create_index("ix_audit_log_subject_id", "audit_log", ["subject_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("desk_sessions")
    op.drop_table("desk_links")
