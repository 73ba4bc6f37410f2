"""The current schema, used by the repositories to build queries.

Changes go through a new numbered migration in `storage/migrations/versions`; a test checks
that the migrated database and this metadata agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=True),
    Column("locale", String(16), nullable=True),
    Column("timezone", String(64), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

identities = Table(
    "identities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("platform", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("chat_id", String(255), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("platform", "external_id", name="uq_identities_platform_external_id"),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("granted_at", UTCDateTime(), nullable=False),
    Column("invite_code", String(64), nullable=True),
)

invites = Table(
    "invites",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("max_uses", Integer, nullable=False),
    Column("uses", Integer, nullable=False),
    Column("expires_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("form_id", String(32), nullable=True),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("label", String(120), nullable=True),  # e.g. the organisation it was made for
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="SET NULL")),
)

conversations = Table(
    "conversations",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("purpose", String(32), nullable=False),
    Column("given", Boolean, nullable=False),
    Column("notice_version", String(16), nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Matrix events already taken in by a worker (issue 18 item 3): the sync leader that takes
#: over after another died may be given events again; each is handled once.
matrix_events = Table(
    "matrix_events",
    metadata,
    Column("event_id", String(255), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False, index=True),
)

#: The next free sending slot of a pace shared by every worker (seconds since the epoch on the
#: database's clock): Telegram's limit is per bot, whatever the number of workers.
send_pace = Table(
    "send_pace",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("next_slot", Float, nullable=False),
)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("form_id", String(32), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("completed_at", UTCDateTime(), nullable=True),
    Column("scores", JSON, nullable=True),
    UniqueConstraint("user_id", "form_id", "started_at", name="uq_responses_user_id"),
)

answers = Table(
    "answers",
    metadata,
    Column(
        "response_id", Integer, ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("question_id", String(32), primary_key=True),
    Column("value", JSON, nullable=True),
    Column("answered_at", UTCDateTime(), nullable=False),
)

media = Table(
    "media",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("kind", String(16), nullable=False),
    Column("path", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("mime_type", String(100), nullable=False),
    Column("duration", Float, nullable=True),
    Column("width", Integer, nullable=True),
    Column("height", Integer, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    # The name it was sent with, sanitised (migration 0021, walkthrough 20); None if unnamed.
    Column("file_name", String(120), nullable=True),
)

exchanges = Table(
    "exchanges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("switcher_id", Integer, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("coach_id", Integer, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("coordinator_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("sending_org", String(120), nullable=True),
    Column("host_org", String(120), nullable=True),
    Column("place", String(300), nullable=False),
    Column("notes", Text, nullable=True),
    Column("status", String(16), nullable=False),  # planned, confirmed, done, cancelled
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column(
        "sending_contact_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
    Column("host_contact_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("intro_call_at", UTCDateTime(), nullable=True),
    Column("certificate_at", UTCDateTime(), nullable=True),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="SET NULL"), index=True),
    # The learning place it was matched to (migration 0020), None when typed in by hand.
    Column(
        "learning_place_id",
        Integer,
        ForeignKey("learning_places.id", ondelete="SET NULL"),
        nullable=True,
    ),
)

exchange_days = Table(
    "exchange_days",
    metadata,
    Column(
        "exchange_id", Integer, ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("day_no", Integer, primary_key=True),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
)

reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exchange_id", Integer, ForeignKey("exchanges.id", ondelete="CASCADE"), nullable=True),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),  # before_exchange, reflection_prompt, …
    Column("due_at", UTCDateTime(), nullable=False, index=True),
    Column("event_at", UTCDateTime(), nullable=True),  # what it reminds of; too late after it
    # pending → sending (claimed, in the same transaction as the attempt) → sent;
    # or skipped / cancelled. A row found "sending" after a crash is never sent again.
    Column("status", String(16), nullable=False, index=True),
    Column("claimed_at", UTCDateTime(), nullable=True),
    Column("sent_at", UTCDateTime(), nullable=True),
    Column("note", String(200), nullable=True),  # why it was skipped, shifted, …
    Column("payload", JSON, nullable=True),  # a notice's message, for kind "notice"
    # Sends that failed for a passing reason are tried again (pending again, later due_at)
    # until retry_until; attempts counts the tries.
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("retry_until", UTCDateTime(), nullable=True),
    # PostgreSQL with several workers: who claimed the row (a worker's name, no person) and
    # until when; once the lease has run out another worker may take it over.
    Column("claimed_by", String(64), nullable=True),
    Column("lease_until", UTCDateTime(), nullable=True),
)

attendance = Table(
    "attendance",
    metadata,
    Column(
        "exchange_id", Integer, ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("attending", Boolean, nullable=False),
    Column("answered_at", UTCDateTime(), nullable=False),
    # Why they cannot come, as they told their coordinator (migration 0021); None if not said.
    Column("reason", String(500), nullable=True),
)

checklist_ticks = Table(
    "checklist_ticks",
    metadata,
    Column(
        "exchange_id", Integer, ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", String(40), primary_key=True),
    Column("done_at", UTCDateTime(), nullable=False),
)

agenda_versions = Table(
    "agenda_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("switcher_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content", JSON, nullable=False),
    Column("author_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("switcher_id", "version", name="uq_agenda_versions_switcher_id"),
)

agenda_drafts = Table(
    "agenda_drafts",
    metadata,
    Column("switcher_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("content", JSON, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exchange_id", Integer, ForeignKey("exchanges.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("part", String(24), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("started", String(40), nullable=False),
    Column("visibility", String(32), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("shared_at", UTCDateTime(), nullable=True),
    UniqueConstraint("author_id", "started", name="uq_reflections_author_id"),
)

reflection_items = Table(
    "reflection_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "reflection_id", Integer, ForeignKey("reflections.id", ondelete="CASCADE"), nullable=False
    ),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=True),
    Column("media_id", Integer, ForeignKey("media.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

follow_up_actions = Table(
    "follow_up_actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "exchange_id",
        Integer,
        ForeignKey("exchanges.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("part", String(24), nullable=False),
    Column("text", String(500), nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", String(1000), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("checked_at", UTCDateTime(), nullable=True),
)

return_sessions = Table(
    "return_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("coordinator_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("place", String(300), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

return_invitations = Table(
    "return_invitations",
    metadata,
    Column(
        "session_id",
        Integer,
        ForeignKey("return_sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("person_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("coming", Boolean, nullable=True),
    Column("answered_at", UTCDateTime(), nullable=True),
)


# Newcomer tables live in their own module on the same metadata; importing it completes the
# schema (repositories import those tables from there).
from storage import schema_desk as _desk  # noqa: E402, F401
from storage import schema_employers as _employers  # noqa: E402, F401
from storage import schema_newcomers as _newcomers  # noqa: E402, F401
from storage import schema_places as _places  # noqa: E402, F401
from storage import schema_programmes as _programmes  # noqa: E402, F401
from storage import schema_retention as _retention  # noqa: E402, F401
from storage.schema_indexes import declare as _declare_indexes  # noqa: E402

_declare_indexes(metadata)
