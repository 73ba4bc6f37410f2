"""Form responses: one row per attempt, one row per answer, written as answers come in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.programmes import people_of
from storage.schema import answers, responses


@dataclass(frozen=True)
class Response:
    id: int
    user_id: int
    form_id: str
    form_version: int
    started_at: datetime
    completed_at: datetime | None
    scores: dict[str, float] | None
    answers: dict[str, Any]


class Responses:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def _response_id(
        self, user_id: int, form_id: str, version: int, started: datetime
    ) -> int:
        key = (
            responses.c.user_id == user_id,
            responses.c.form_id == form_id,
            responses.c.started_at == started,
        )
        found = (await self.conn.execute(select(responses.c.id).where(*key))).scalar()
        if found is not None:
            return int(found)
        result = await self.conn.execute(
            insert(responses)
            .values(user_id=user_id, form_id=form_id, form_version=version, started_at=started)
            .returning(responses.c.id)
        )
        return int(result.scalar_one())

    async def save_answer(
        self,
        user_id: int,
        form_id: str,
        version: int,
        started: datetime,
        question_id: str,
        value: Any,
        now: datetime,
    ) -> None:
        """Insert or replace one answer (going back and answering again replaces it)."""
        response_id = await self._response_id(user_id, form_id, version, started)
        await self.conn.execute(
            delete(answers).where(
                answers.c.response_id == response_id, answers.c.question_id == question_id
            )
        )
        await self.conn.execute(
            insert(answers).values(
                response_id=response_id, question_id=question_id, value=value, answered_at=now
            )
        )

    async def finish(
        self,
        user_id: int,
        form_id: str,
        version: int,
        started: datetime,
        scores: dict[str, float],
        now: datetime,
    ) -> None:
        response_id = await self._response_id(user_id, form_id, version, started)
        await self.conn.execute(
            update(responses)
            .where(responses.c.id == response_id)
            .values(completed_at=now, scores=scores)
        )

    async def drop_answers(
        self, user_id: int, form_id: str, started: datetime, question_ids: tuple[str, ...]
    ) -> list[Any]:
        """Delete answers; returns their values so the caller can remove media files."""
        key = (
            responses.c.user_id == user_id,
            responses.c.form_id == form_id,
            responses.c.started_at == started,
        )
        response_id = (await self.conn.execute(select(responses.c.id).where(*key))).scalar()
        if response_id is None or not question_ids:
            return []
        which = (answers.c.response_id == response_id, answers.c.question_id.in_(question_ids))
        values = [
            row.value for row in await self.conn.execute(select(answers.c.value).where(*which))
        ]
        await self.conn.execute(delete(answers).where(*which))
        return values

    async def of_form(self, form_id: str, coordinator_id: int | None = None) -> list[Response]:
        """Every response to a form, in the order they were started; with a coordinator, only
        those of the people of the programmes they coordinate."""
        query = select(responses.c.user_id).where(responses.c.form_id == form_id)
        if coordinator_id is not None:
            query = query.where(responses.c.user_id.in_(people_of(coordinator_id)))
        rows = await self.conn.execute(query.distinct())
        found = [r for (user_id,) in rows for r in await self.of_user(user_id, form_id)]
        return sorted(found, key=lambda r: (r.started_at, r.id))

    async def of_user(self, user_id: int, form_id: str) -> list[Response]:
        """All attempts at a form, oldest first, with their answers."""
        rows = (
            await self.conn.execute(
                select(responses)
                .where(responses.c.user_id == user_id, responses.c.form_id == form_id)
                .order_by(responses.c.started_at)
            )
        ).all()
        result = []
        for row in rows:
            given = await self.conn.execute(
                select(answers.c.question_id, answers.c.value).where(
                    answers.c.response_id == row.id
                )
            )
            result.append(
                Response(
                    row.id,
                    row.user_id,
                    row.form_id,
                    row.form_version,
                    row.started_at,
                    row.completed_at,
                    row.scores,
                    {a.question_id: a.value for a in given},
                )
            )
        return result
