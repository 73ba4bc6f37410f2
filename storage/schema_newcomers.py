"""The newcomer part of the schema: step plan progress, nudges, supporters and matches."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text

from storage.schema import metadata
from storage.schema_indexes import declare as declare_indexes
from storage.types import UTCDateTime


def _person(name: str = "person_id", *, primary: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(
        name, Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
        primary_key=primary,
    )  # fmt: skip


plan_progress = Table(
    "plan_progress",
    metadata,
    _person(primary=True),
    Column("step_id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

newcomers = Table(
    "newcomers",
    metadata,
    _person(primary=True),
    Column("last_active_at", UTCDateTime(), nullable=True),
    Column("nudges_stopped_at", UTCDateTime(), nullable=True),
)

supporters = Table(
    "supporters",
    metadata,
    _person(primary=True),
    Column("kinds", JSON, nullable=False),
    Column("sectors", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("region", String(32), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("contact", String(200), nullable=True),
    Column("updated_at", UTCDateTime(), nullable=False),
)

match_requests = Table(
    "match_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "newcomer_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(16), nullable=False),
    Column("step_id", String(32), nullable=True),
    Column("status", String(16), nullable=False),
    Column("contact", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

match_offers = Table(
    "match_offers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "request_id",
        Integer,
        ForeignKey("match_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    _person("supporter_id"),
    Column("status", String(16), nullable=False),
    Column("offered_at", UTCDateTime(), nullable=False),
    Column("answered_at", UTCDateTime(), nullable=True),
)

support_meetings = Table(
    "support_meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "request_id", Integer, ForeignKey("match_requests.id", ondelete="CASCADE"), nullable=False
    ),
    _person("supporter_id"),
    Column("met_on", Date, nullable=False),
    Column("note", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

support_ratings = Table(
    "support_ratings",
    metadata,
    Column(
        "request_id",
        Integer,
        ForeignKey("match_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

# Indexes on foreign keys and filtered columns (see storage/schema_indexes.py).
declare_indexes(metadata)
