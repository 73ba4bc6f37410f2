"""Programmes: a coordinating organisation's people kept together (and apart from others').

A person belongs to a programme once per role they were invited into it with; a coordinator's
programmes are those they are a member of *as coordinator*. Every coordinator view filters by
this table in SQL (`programme_members` is indexed both ways), never in Python.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table

from storage.schema import metadata
from storage.schema_indexes import declare as declare_indexes
from storage.types import UTCDateTime

#: The programme people join when no invite names one (created by migration 0012).
DEFAULT_PROGRAMME = 1
DEFAULT_NAME = "default"

programmes = Table(
    "programmes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

programme_members = Table(
    "programme_members",
    metadata,
    Column(
        "programme_id",
        Integer,
        ForeignKey("programmes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "user_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("role", String(32), primary_key=True),
    Column("joined_at", UTCDateTime(), nullable=False),
)

# Indexes on foreign keys and filtered columns (see storage/schema_indexes.py).
declare_indexes(metadata)
