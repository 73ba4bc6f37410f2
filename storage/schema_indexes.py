"""Indexes on every foreign key and on the columns queries filter on (migration 0018).

An event must cost what the person's own data costs, never what the programme's size costs:
without these, "the exchanges of person X", "the reminders of exchange Y" or "who holds role
Z" scan whole tables. `tests/scale/test_indexes.py` fails for a foreign key without an index
whose first column it is (a primary key or unique constraint counts).
"""

from __future__ import annotations

from sqlalchemy import Index, MetaData

#: (table, column): each gets `ix_<table>_<column>`.
INDEXED: tuple[tuple[str, str], ...] = (
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
    ("user_roles", "role"),  # "every coordinator", "who may be picked"
    ("programme_members", "role"),
    ("desk_links", "person_id"),
    ("desk_sessions", "person_id"),
    ("audit_log", "actor_id"),
    ("audit_log", "subject_id"),
    ("exchanges", "learning_place_id"),  # a place's remaining capacity
    ("learning_places", "programme_id"),  # a coordinator's places
    ("learning_places", "status"),  # the open ones, for matching
    ("learning_places", "coach_id"),
    ("learning_places", "host_contact_id"),
    ("learning_places", "created_by"),
    ("place_choices", "place_id"),
    ("learning_places", "coach_invite"),  # the coach who signs up with it
    ("organisation_intakes", "filled_by"),
    ("engagements", "programme_id"),
    ("engagements", "signer_id"),
)


def declare(metadata: MetaData) -> None:
    """Add the indexes of the tables defined so far (each schema module calls this at its
    end, whichever of them is imported first); an index is added once."""
    for table, column in INDEXED:
        found = metadata.tables.get(table)
        name = f"ix_{table}_{column}"
        if found is not None and name not in {ix.name for ix in found.indexes}:
            Index(name, found.c[column])
