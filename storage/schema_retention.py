"""Retention bookkeeping: per person, the last warning before programme data is deleted, the
choice to keep it, and when it was deleted. Holds dates only, no content."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, Table

from storage.schema import metadata
from storage.types import UTCDateTime

retention = Table(
    "retention",
    metadata,
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    #: When the last warning was queued, and the deletion date it announced.
    Column("warned_at", UTCDateTime(), nullable=True),
    Column("deletes_at", UTCDateTime(), nullable=True),
    #: The person chose "keep": the period starts again from this moment.
    Column("kept_at", UTCDateTime(), nullable=True),
    Column("keeps", Integer, nullable=False),
    #: Their programme data was deleted then; anything newer gets a full period again.
    Column("purged_at", UTCDateTime(), nullable=True),
)
