"""Newcomers: progress on their step plan, nudge preferences, supporters (mentors and career
coaches) with their profile, match requests and offers, meetings and ratings.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _person(name: str = "person_id", *, primary: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary,
    )


def upgrade() -> None:
    op.create_table(
        "plan_progress",
        _person(primary=True),
        sa.Column("step_id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),  # done, not_for_me, help
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "newcomers",
        _person(primary=True),
        sa.Column("last_active_at", UTCDateTime(), nullable=True),
        sa.Column("nudges_stopped_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "supporters",
        _person(primary=True),
        sa.Column("kinds", sa.JSON, nullable=False),  # mentor, career_coach
        sa.Column("sectors", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "match_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _person("newcomer_id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("step_id", sa.String(32), nullable=True),
        # searching → proposed → accepted; or unavailable / closed
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_match_requests_newcomer_id", "match_requests", ["newcomer_id"])
    op.create_table(
        "match_offers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("match_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _person("supporter_id"),
        sa.Column("status", sa.String(16), nullable=False),  # pending, accepted, declined, expired
        sa.Column("offered_at", UTCDateTime(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_match_offers_request_id", "match_offers", ["request_id"])
    op.create_table(
        "support_meetings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("match_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _person("supporter_id"),
        sa.Column("met_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "support_ratings",
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("match_requests.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "support_ratings",
        "support_meetings",
        "match_offers",
        "match_requests",
        "supporters",
        "newcomers",
        "plan_progress",
    ):
        op.drop_table(table)
