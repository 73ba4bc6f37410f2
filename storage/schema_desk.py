"""The coordinator's desk: one-time login links, browser sessions and the audit log.

Links and sessions are stored as SHA-256 hashes of their tokens only: a copy of the database
lets nobody log in. The audit log says who downloaded an export or looked at a person's
content, and when; it holds no content itself.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table

from storage.schema import metadata
from storage.types import UTCDateTime

desk_links = Table(
    "desk_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    #: Set when the link was used: a link works once.
    Column("used_at", UTCDateTime(), nullable=True),
)

desk_sessions = Table(
    "desk_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    #: The form token of this session (double-submit is not needed: it is checked server-side).
    Column("csrf", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("seen_at", UTCDateTime(), nullable=False),
    Column("ended_at", UTCDateTime(), nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    #: Who did it (kept as "someone who has left" once they are erased).
    Column("actor_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    #: Whose content was viewed, when it was one person's.
    Column("subject_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    #: What: "download", "view_person", "view_exchange".
    Column("action", String(40), nullable=False),
    #: Which: a file name or an exchange number, never content.
    Column("target", String(200), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
)
