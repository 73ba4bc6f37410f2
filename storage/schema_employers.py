"""Employers in the programme (draaiboek 5.2-5.4): an organisation's intake (its fiche, its
learning needs, what it expects, 574-640 and 738-752) and the engagement declaration its contact
confirmed (600-601). Both are kept per programme and organisation (the label of the contact's
invite), and go with the contact who gave them when that person is erased.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint

from storage.schema import metadata
from storage.schema_indexes import declare as declare_indexes
from storage.types import UTCDateTime

#: The latest intake of each organisation of a programme (answers of the employer_intake form).
organisation_intakes = Table(
    "organisation_intakes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"),
           nullable=False),
    Column("organisation", String(120), nullable=False),
    Column("filled_by", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("answers", JSON, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("programme_id", "organisation", name="uq_organisation_intakes_org"),
)  # fmt: skip

#: Engagement declarations: who confirmed for their organisation, with name and date.
engagements = Table(
    "engagements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"),
           nullable=False),
    Column("organisation", String(120), nullable=True),
    Column("signer_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("signed_name", String(120), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("signed_at", UTCDateTime(), nullable=False),
)  # fmt: skip

declare_indexes(metadata)
