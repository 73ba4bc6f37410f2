"""The desk's login links, sessions and audit log.

Only SHA-256 hashes of tokens are stored. A link is redeemed by one conditional update (used
once, within its age); a session is found only while it is fresh, not ended, and its person
still holds the coordinator role, so taking the role away ends every session at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import user_roles
from storage.schema_desk import audit_log, desk_links, desk_sessions

COORDINATOR = "coordinator"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class DeskSession:
    person_id: int
    csrf: str


@dataclass(frozen=True)
class AuditRow:
    id: int
    actor_id: int | None
    subject_id: int | None
    action: str
    target: str
    at: datetime


def _holds_role() -> object:
    return select(user_roles.c.user_id).where(user_roles.c.role == COORDINATOR)


class DeskLinks:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def issue(self, person_id: int, now: datetime) -> str:
        """A new one-time token for this person; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        await self.conn.execute(
            insert(desk_links).values(
                token_hash=token_hash(token), person_id=person_id, created_at=now
            )
        )
        return token

    async def redeem(self, token: str, now: datetime, max_age: timedelta) -> int | None:
        """The person the link is for, once: None when unknown, used, too old, or when its
        person no longer holds the coordinator role."""
        hashed = token_hash(token)
        result = await self.conn.execute(
            update(desk_links)
            .where(
                desk_links.c.token_hash == hashed,
                desk_links.c.used_at.is_(None),
                desk_links.c.created_at > now - max_age,
                desk_links.c.person_id.in_(_holds_role()),  # type: ignore[arg-type]
            )
            .values(used_at=now)
        )
        if result.rowcount != 1:
            return None
        row = (
            await self.conn.execute(
                select(desk_links.c.person_id).where(desk_links.c.token_hash == hashed)
            )
        ).first()
        return int(row.person_id) if row else None


class DeskSessions:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def open(self, person_id: int, now: datetime) -> tuple[str, str]:
        """(session token for the cookie, CSRF token for the forms)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        await self.conn.execute(
            insert(desk_sessions).values(
                token_hash=token_hash(token),
                person_id=person_id,
                csrf=csrf,
                created_at=now,
                seen_at=now,
            )
        )
        return token, csrf

    async def find(self, token: str, now: datetime, idle: timedelta) -> DeskSession | None:
        """The live session of this token, its idle clock restarted; None when it ended, sat
        idle too long, or its person lost the coordinator role."""
        hashed = token_hash(token)
        row = (
            await self.conn.execute(
                select(desk_sessions.c.person_id, desk_sessions.c.csrf).where(
                    desk_sessions.c.token_hash == hashed,
                    desk_sessions.c.ended_at.is_(None),
                    desk_sessions.c.seen_at > now - idle,
                    desk_sessions.c.person_id.in_(_holds_role()),  # type: ignore[arg-type]
                )
            )
        ).first()
        if row is None:
            return None
        await self.conn.execute(
            update(desk_sessions).where(desk_sessions.c.token_hash == hashed).values(seen_at=now)
        )
        return DeskSession(int(row.person_id), str(row.csrf))

    async def end(self, token: str, now: datetime) -> None:
        await self.conn.execute(
            update(desk_sessions)
            .where(desk_sessions.c.token_hash == token_hash(token))
            .values(ended_at=now)
        )


class AuditLog:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(
        self, actor_id: int, action: str, target: str, now: datetime, subject_id: int | None = None
    ) -> None:
        await self.conn.execute(
            insert(audit_log).values(
                actor_id=actor_id, subject_id=subject_id, action=action, target=target[:200], at=now
            )
        )

    async def latest(self, limit: int = 200) -> list[AuditRow]:
        rows = await self.conn.execute(
            select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        )
        return [AuditRow(r.id, r.actor_id, r.subject_id, r.action, r.target, r.at) for r in rows]
