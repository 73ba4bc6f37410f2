"""Pacing outgoing reminders under Telegram's limits: about 30 messages a second overall and
one a second per chat. Slots are reserved in order, so nothing is dropped, only delayed.

One process keeps the pace in memory (`Pacer`). Several workers on PostgreSQL share it through
the database (`SharedPacer`): the limit is the bot's, so each send takes the next slot of one
row, and N workers together keep to `WEGWIJZER_SEND_RATE` whatever N is."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.database import Database


class Pacer:
    def __init__(
        self,
        per_second: float = 29.0,
        per_chat_interval: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.spacing = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.clock, self.sleep = clock, sleep
        self._next_any = 0.0
        self._next_chat: dict[str, float] = {}

    def _chat_slot(self, chat: str, earliest: float) -> float:
        """The chat's next moment at or after `earliest`; taken."""
        slot = max(earliest, self._next_chat.get(chat, 0.0))
        self._next_chat[chat] = slot + self.per_chat_interval
        if len(self._next_chat) > 10_000:  # forget chats whose slot has long passed
            now = self.clock()
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}
        return slot

    def reserve(self, chat: str) -> float:
        """The moment this chat may get its next message; the slot is taken."""
        slot = max(self.clock(), self._next_any, self._next_chat.get(chat, 0.0))
        self._next_any = slot + self.spacing
        return self._chat_slot(chat, slot)

    async def wait(self, chat: str) -> None:
        delay = self.reserve(chat) - self.clock()
        if delay > 0:
            await self.sleep(delay)


class SharedPacer(Pacer):
    """The bot's pace kept in the database, for several workers. The one-a-second per chat stays
    each worker's own: a person's notices rarely leave two workers within the same second."""

    def __init__(self, db: Database, per_second: float = 29.0, *, name: str = "reminders",
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:  # fmt: skip
        super().__init__(per_second, sleep=sleep)
        self.db, self.name = db, name

    async def wait(self, chat: str) -> None:
        from storage.send_pace import reserve

        chat_at = self._chat_slot(chat, self.clock())
        async with self.db.transaction() as conn:
            slot, now = await reserve(conn, self.name, self.spacing)
        delay = max(slot - now, chat_at - self.clock())
        if delay > 0:
            await self.sleep(delay)
