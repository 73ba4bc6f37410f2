"""Everything stored about one person. Export follows the ownership map
(`storage/ownership.py`: subject, author or party, through any path of foreign keys); erasure
follows every column that points at `users.id` (`links`), so a table added by a later
migration is covered without anyone remembering to add it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Select, Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import erasure
from storage.ownership import POLICIES, Path, Policy, Relation, parent_of
from storage.schema import agenda_versions, media, metadata, users


@dataclass(frozen=True)
class Link:
    table: str
    column: Column[Any]
    ondelete: str  # CASCADE, SET NULL or RESTRICT


def links() -> list[Link]:
    found = []
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is users:
                found.append(Link(table.name, fk.parent, (fk.ondelete or "RESTRICT").upper()))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _select(table: Table, path: Path, person_id: int) -> Select[Any]:
    """The rows of `table` that reach the person along `path`, in one query (joins per hop)."""
    stmt = select(table)
    last = table
    for hop in path.via:
        column, parent, key = parent_of(last, hop)
        stmt = stmt.join(parent, column == key)
        last = parent
    return stmt.where(last.c[path.person] == person_id)


@dataclass
class _Found:
    row: dict[str, Any]
    relations: set[Relation]
    roles: set[str]


async def export_rows(conn: AsyncConnection, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Table name → the rows that concern this person, generated from the ownership map.

    A row where they are subject or author comes whole. A row where they are only a party comes
    without its personal content columns (named in `_withheld`): the exchange they coach, but
    not the coordinator's notes; a notice sent to them, but not the names in it. Each row says
    how it concerns them (`_relation`) and through which column (`_as`: coach_id, author_id…).
    One query per table and path, however many rows.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    if (await conn.execute(select(users.c.id).where(users.c.id == user_id))).first() is None:
        return out
    for table in metadata.sorted_tables:
        policy = POLICIES[table.name]
        keys = [c.name for c in table.primary_key.columns]
        found: dict[tuple[Any, ...], _Found] = {}
        for path in policy.paths:
            for r in await conn.execute(_select(table, path, user_id)):
                row = {k: _plain(v) for k, v in r._mapping.items()}
                entry = found.setdefault(tuple(row[k] for k in keys), _Found(row, set(), set()))
                entry.relations.add(path.relation)
                entry.roles.add(path.person)
        if table is agenda_versions:
            await _agenda_additions(conn, list(found.values()))
        if found:
            out[table.name] = [_shown(e, policy) for e in found.values()]
    return {"users": out.pop("users"), **out}


NOTE_PARTS = ("programme", "comments", "day2_questions")


def _notes(content: Any) -> list[dict[str, Any]]:
    """The additions in an agenda (day programme, comments, day-2 questions), each tagged."""
    if not isinstance(content, dict):
        return []
    found: list[dict[str, Any]] = []
    for part in NOTE_PARTS:
        value = content.get(part)
        notes = value if isinstance(value, list) else [value] if value else []
        found += [{"part": part, **note} for note in notes if isinstance(note, dict)]
    return found


async def _agenda_additions(conn: AsyncConnection, found: list[_Found]) -> None:
    """A coach who saved a version of someone's agenda gets what they added in it (their own
    programme or comment: new in that version), not the rest of the agenda. One query for all
    the versions they saved."""
    party = [f for f in found if f.relations == {Relation.PARTY}]
    if not party:
        return
    switchers = {f.row["switcher_id"] for f in party}
    rows = await conn.execute(
        select(
            agenda_versions.c.switcher_id, agenda_versions.c.version, agenda_versions.c.content
        ).where(agenda_versions.c.switcher_id.in_(switchers))
    )
    contents = {(r.switcher_id, r.version): r.content for r in rows}
    for f in party:
        before = _notes(contents.get((f.row["switcher_id"], f.row["version"] - 1)))
        f.row["added_by_you"] = [n for n in _notes(f.row["content"]) if n not in before]


def _shown(found: _Found, policy: Policy) -> dict[str, Any]:
    own = found.relations & {Relation.SUBJECT, Relation.AUTHOR}
    relation = next(r for r in Relation if r in found.relations)  # subject, author, party
    row = dict(found.row)
    withheld = sorted(policy.content & row.keys()) if not own else []
    for name in withheld:
        del row[name]
    for name in sorted(policy.redact):
        column, key = name.split(".", 1)
        value = row.get(column)
        if isinstance(value, dict) and key in value:
            row[column] = {k: v for k, v in value.items() if k != key}
            withheld.append(name)
    row["_relation"] = str(relation)
    row["_as"] = sorted(found.roles)
    if withheld:
        row["_withheld"] = withheld
    return row


async def media_paths(conn: AsyncConnection, user_id: int) -> list[str]:
    rows = await conn.execute(select(media.c.path).where(media.c.user_id == user_id))
    return [str(r[0]) for r in rows]


async def erase(conn: AsyncConnection, user_id: int) -> bool:
    """Delete what is about this person. Rows that others need to keep a record (an exchange
    that took place, with them as switcher or coach) keep a nameless stand-in id. Returns
    True when the person row itself could go too.

    First, what others keep that names or quotes them (notices, notes in someone else's
    agenda) is made anonymous (`storage.erasure`)."""
    person = (await conn.execute(select(users.c.name).where(users.c.id == user_id))).first()
    name = person.name if person else None
    related = await erasure.related_people(conn, user_id)
    await erasure.forget_in_notices(conn, user_id, name, related)
    await erasure.forget_in_agendas(conn, user_id, name, related)
    await erasure.forget_in_conversations(conn, user_id, name, related)
    await _blank_what_they_wrote_on_shared_rows(conn, user_id)
    restricted = False
    for link in links():
        table = link.column.table
        if link.ondelete == "CASCADE":
            await conn.execute(delete(table).where(link.column == user_id))
        elif link.ondelete == "SET NULL":
            await conn.execute(
                update(table).where(link.column == user_id).values({link.column.name: None})
            )
        else:
            found = await conn.execute(select(link.column).where(link.column == user_id))
            restricted = restricted or found.first() is not None
    if restricted:
        await conn.execute(
            update(users).where(users.c.id == user_id).values(name=None, locale=None, timezone=None)
        )
        return False
    await conn.execute(delete(users).where(users.c.id == user_id))
    return True


async def _blank_what_they_wrote_on_shared_rows(conn: AsyncConnection, user_id: int) -> None:
    """Rows that stay for others after the erasure (their author column is set to NULL, e.g.
    the notes a coordinator wrote on an exchange) lose the content the person wrote: the
    ownership map names it (author path, `content` columns)."""
    for table_name, policy in POLICIES.items():
        table = metadata.tables[table_name]
        for path in policy.paths:
            if path.relation is not Relation.AUTHOR or path.via:
                continue
            column = table.c[path.person]
            [fk] = list(column.foreign_keys)
            if (fk.ondelete or "").upper() == "CASCADE":
                continue  # the row goes with them
            blank = {c: None for c in sorted(policy.content) if table.c[c].nullable}
            if blank:
                await conn.execute(update(table).where(column == user_id).values(blank))
