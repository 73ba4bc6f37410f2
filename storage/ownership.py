"""Whose data is in each table: the ownership map that GDPR access (`/mydata`, `wegwijzer
people export`) is generated from, and that a test holds against the schema.

Every table says how its rows relate to a person, and through which path of foreign keys:

- *subject*: the row is about them (their answers, their plan, their agenda);
- *author*: they wrote it (a reflection, a meeting note, an invite they made);
- *party*: they take part, so they may see that the row exists, its dates and place and their
  own role in it, but not the content others wrote (the switcher's agenda in a version a coach
  saved, the names inside a notice addressed to a coordinator);
- no path at all: the table holds nobody's data (`meta`).

It also names, per table, the string and JSON columns: `content` is personal content (free text,
answers, payloads) that only a subject or author receives; `plain` holds codes, places and
other values a party may see. A column that is neither an id, a status nor a timestamp must be
in one of the two, so a new free-text column cannot slip into an export unnoticed.

The map lives in its own module beside `storage/schema.py` rather than in each `Table(info=…)`:
it reads as one table a data protection officer can review, it keeps `schema.py` (DDL only,
mirrored by the migrations) small, and `problems()` checks the two against each other — any
table or column the map does not cover is reported, which `tests/storage/test_ownership.py`
turns into a failing test.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import JSON, MetaData, String, Table, Text
from sqlalchemy.sql.schema import Column


class Relation(StrEnum):
    SUBJECT = "subject"
    AUTHOR = "author"
    PARTY = "party"


@dataclass(frozen=True)
class Path:
    """From a row to a person: follow the foreign keys in `via` (each a column of the table
    reached so far), then `person` is the column of the last table that holds the person's id."""

    relation: Relation
    person: str
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    paths: tuple[Path, ...]
    content: frozenset[str] = frozenset()
    plain: frozenset[str] = frozenset()
    #: "column.key": a key of a JSON column left out for everyone, the subject too — a copy of
    #: what the bot showed, which may quote other people (the question on screen).
    redact: frozenset[str] = frozenset()
    #: Why, in one line: for the reader of this map (and the README's privacy section).
    why: str = ""


S, A, P = Relation.SUBJECT, Relation.AUTHOR, Relation.PARTY


def _p(*paths: Path, content: str = "", plain: str = "", redact: str = "", why: str = "") -> Policy:
    return Policy(
        paths, frozenset(content.split()), frozenset(plain.split()), frozenset(redact.split()), why
    )


_EXCHANGE = ("exchange_id",)
_REQUEST = ("request_id",)

#: Table name → policy. Tables in storage/schema.py, storage/schema_newcomers.py, then
#: storage/schema_programmes.py, storage/schema_retention.py, storage/schema_desk.py,
#: storage/schema_places.py.
POLICIES: dict[str, Policy] = {
    "users": _p(Path(S, "id"), content="name locale timezone", why="the person"),
    "identities": _p(
        Path(S, "user_id"), content="external_id chat_id", plain="platform",
        why="their chat accounts",
    ),
    "user_roles": _p(Path(S, "user_id"), plain="role invite_code", why="their roles"),
    "invites": _p(
        Path(A, "created_by"), content="label", plain="code role form_id",
        why="invites a coordinator made",
    ),
    "conversations": _p(
        Path(S, "user_id"), content="state", redact="state.pending",
        why="where they are in a chat; the open question as shown may name others",
    ),
    "consents": _p(Path(S, "user_id"), plain="purpose notice_version", why="what they agreed to"),
    "meta": _p(plain="key value", why="settings of the installation, nobody's data"),
    "matrix_events": _p(plain="event_id", why="which Matrix events were handled, nobody's data"),
    "send_pace": _p(plain="name", why="the bot's shared sending pace, nobody's data"),
    "responses": _p(Path(S, "user_id"), content="scores", plain="form_id", why="forms they filled"),
    "answers": _p(
        Path(S, "user_id", ("response_id",)), content="value", plain="question_id",
        why="their answers, through responses",
    ),
    "media": _p(
        Path(S, "user_id"), content="file_name", plain="kind path sha256 mime_type",
        why="files they sent",
    ),
    "exchanges": _p(
        Path(S, "switcher_id"), Path(A, "coordinator_id"), Path(P, "coach_id"),
        Path(P, "sending_contact_id"), Path(P, "host_contact_id"),
        content="notes", plain="sending_org host_org place",
        why="the switcher's exchange; coach and contacts take part",
    ),
    "exchange_days": _p(
        Path(S, "switcher_id", _EXCHANGE), Path(A, "coordinator_id", _EXCHANGE),
        Path(P, "coach_id", _EXCHANGE), Path(P, "sending_contact_id", _EXCHANGE),
        Path(P, "host_contact_id", _EXCHANGE), why="the days of an exchange",
    ),
    "reminders": _p(
        Path(P, "person_id"), content="payload", plain="kind note claimed_by",
        why="messages to them; a notice's text names others, so only kind, date and status",
    ),
    "attendance": _p(Path(S, "person_id"), content="reason", why="whether they come, and why not"),
    "checklist_ticks": _p(Path(S, "person_id"), plain="item_id", why="their checklist"),
    "agenda_versions": _p(
        Path(S, "switcher_id"), Path(P, "author_id"), content="content",
        why="the switcher's agenda; a coach who saved a version sees only that they did",
    ),
    "agenda_drafts": _p(Path(S, "switcher_id"), content="content", why="an unsaved agenda"),
    "reflections": _p(
        Path(A, "author_id"), plain="part kind started visibility", why="their reflections",
    ),
    "reflection_items": _p(
        Path(A, "author_id", ("reflection_id",)), content="text", plain="kind",
        why="what a reflection says, through reflections",
    ),
    "follow_up_actions": _p(
        Path(A, "person_id"), content="text note", plain="part", why="actions they named",
    ),
    "return_sessions": _p(Path(A, "coordinator_id"), plain="place", why="sessions planned"),
    "return_invitations": _p(
        Path(S, "person_id"), Path(P, "coordinator_id", ("session_id",)),
        why="who is invited to a return session",
    ),
    "plan_progress": _p(Path(S, "person_id"), plain="step_id", why="their step plan"),
    "newcomers": _p(Path(S, "person_id"), why="when they were last active"),
    "supporters": _p(
        Path(S, "person_id"), content="kinds sectors languages region contact",
        why="their supporter profile",
    ),
    "match_requests": _p(
        Path(S, "newcomer_id"), content="contact", plain="kind step_id", why="help they asked",
    ),
    "match_offers": _p(
        Path(S, "newcomer_id", _REQUEST), Path(P, "supporter_id"),
        why="a request offered to a supporter",
    ),
    "support_meetings": _p(
        Path(S, "newcomer_id", _REQUEST), Path(A, "supporter_id"), content="note",
        why="meetings with their supporter",
    ),
    "support_ratings": _p(
        Path(A, "newcomer_id", _REQUEST), content="comment", why="how they rated the support",
    ),
    "programmes": _p(plain="name", why="a coordinating organisation's programme, nobody's data"),
    "retention": _p(Path(S, "person_id"), why="when they were warned before deletion, or kept"),
    "programme_members": _p(
        Path(S, "user_id"), plain="role", why="the programmes they belong to, with which role",
    ),
    "desk_links": _p(
        Path(S, "person_id"), plain="token_hash", why="one-time links to the coordinator's desk",
    ),
    "desk_sessions": _p(
        Path(S, "person_id"), plain="token_hash csrf", why="their logins to the desk",
    ),
    "audit_log": _p(
        Path(A, "actor_id"), Path(P, "subject_id"), plain="action target",
        why="who downloaded an export or viewed a person's content, and when",
    ),
    "learning_places": _p(
        Path(P, "coach_id"), Path(P, "host_contact_id"), Path(A, "created_by"),
        content="coach_name",
        plain="topic host_org sector site municipality region dates safety exclusions "
        "excluded_orgs coach_invite",
        why="an organisation's learning place; its coach and contact take part",
    ),
    "place_choices": _p(Path(S, "switcher_id"), why="the learning places a switcher prefers"),
    "organisation_intakes": _p(
        Path(A, "filled_by"), content="answers", plain="organisation",
        why="an employer's intake for their organisation: fiche, learning needs, expectations",
    ),
    "engagements": _p(
        Path(S, "signer_id"), content="signed_name", plain="organisation",
        why="the engagement declaration they confirmed for their organisation, name and date",
    ),
}  # fmt: skip


def person_table(metadata: MetaData) -> Table:
    return metadata.tables["users"]


def parent_of(table: Table, column: str) -> tuple[Column[object], Table, Column[object]]:
    """The foreign key of `table.column`: (this column, the parent table, its referenced key)."""
    col = table.c[column]
    [fk] = list(col.foreign_keys)
    return col, fk.column.table, fk.column


def _exempt(column: Column[object]) -> bool:
    """Ids, statuses and non-text columns carry no free content."""
    name = column.name
    if name == "id" or name.endswith("_id") or name == "status" or column.foreign_keys:
        return True
    return not isinstance(column.type, String | Text | JSON)


def problems(metadata: MetaData, policies: dict[str, Policy] | None = None) -> list[str]:
    """Everything the map fails to cover, one line each; empty when schema and map agree."""
    policies = POLICIES if policies is None else policies
    users = person_table(metadata)
    found: list[str] = []
    for name in sorted(set(policies) - set(metadata.tables)):
        found.append(f"{name}: has a policy but is no table")
    for table in metadata.sorted_tables:
        policy = policies.get(table.name)
        if policy is None:
            found.append(f"{table.name}: no ownership policy (storage/ownership.py)")
            continue
        declared = policy.content | policy.plain
        for column in table.columns:
            if column.name in declared:
                continue
            if not _exempt(column):
                found.append(f"{table.name}.{column.name}: personal content or plain? not declared")
        for name in sorted(declared - set(table.c.keys())):
            found.append(f"{table.name}.{name}: declared but no column")
        for name in sorted(policy.redact):
            json = table.c.get(name.split(".")[0])
            if json is None or not isinstance(json.type, JSON):
                found.append(f"{table.name}.{name}: redacts a key of no JSON column")
        reached: set[str] = set()
        for path in policy.paths:
            try:
                last = table
                for hop in path.via:
                    _col, last, _key = parent_of(last, hop)
                target = [fk.column.table for fk in last.c[path.person].foreign_keys]
            except (KeyError, ValueError) as error:
                found.append(f"{table.name}: path {path} is broken ({error})")
                continue
            if not (last is users and path.person == "id") and target != [users]:
                found.append(f"{table.name}: path {path} does not end at users.id")
            if not path.via:
                reached.add(path.person)
        for column in table.columns:
            points_at_person = any(fk.column.table is users for fk in column.foreign_keys)
            if points_at_person and column.name not in reached:
                found.append(f"{table.name}.{column.name}: points at a person but has no path")
    return found
