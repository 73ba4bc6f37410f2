"""Learning places (draaiboek 5.4): a department, job or team of a host organisation where a
switcher can come to learn, with its learning coach, dates, capacity and limits.

A place belongs to one programme: a coordinator sees and matches only their programme's places.
Exchanges point at the place they were made from (`exchanges.learning_place_id`), so what is
left of a place's capacity is counted, never typed in twice. A switcher may order a top 3 of
the places offered to them (`place_choices`), which the coordinator sees while matching.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text

from storage.schema import metadata
from storage.schema_indexes import declare as declare_indexes
from storage.types import UTCDateTime

#: A place's status: only open places are matched; retired ones are kept for the record.
PLACE_STATUSES = ("open", "paused", "retired")

learning_places = Table(
    "learning_places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"),
           nullable=False),
    Column("topic", String(200), nullable=False),  # the job, team or department
    Column("host_org", String(120), nullable=False),
    Column("sector", String(40), nullable=True),  # a key of conversations/matching/sectors.py
    Column("site", String(300), nullable=False),  # the address
    Column("municipality", String(120), nullable=False),
    Column("region", String(120), nullable=True),  # e.g. the province or "Brussels"
    Column("public_transport", Boolean, nullable=True),
    Column("dates", JSON, nullable=False),  # [[first ISO date, last ISO date], ...]
    Column("capacity", Integer, nullable=False),
    Column("coach_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("host_contact_id", Integer, ForeignKey("users.id", ondelete="SET NULL"),
           nullable=True),
    Column("safety", Text, nullable=True),
    Column("exclusions", Text, nullable=True),  # what cannot be shown: privacy, finances, ...
    Column("excluded_orgs", JSON, nullable=False),  # competitors whose people may not come
    Column("status", String(16), nullable=False),
    # A new learning coach named by the host (issue 17 item 2): their name and the invite code
    # made for them, until they sign up and confirm the conditions (then `coach_id`).
    Column("coach_name", String(120), nullable=True),
    Column("coach_invite", String(64), nullable=True),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)  # fmt: skip

#: A switcher's top 3 among the places offered to them (draaiboek 805), in order (rank 1-3).
place_choices = Table(
    "place_choices",
    metadata,
    Column("switcher_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("place_id", Integer, ForeignKey("learning_places.id", ondelete="CASCADE"),
           nullable=False),
    Column("chosen_at", UTCDateTime(), nullable=False),
)  # fmt: skip

declare_indexes(metadata)
