"""Pacing outgoing reminders under Telegram's limits: about 30 messages a second overall and
one a second per chat. Slots are reserved in order, so nothing is dropped, only delayed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


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

    def reserve(self, chat: str) -> float:
        """The moment this chat may get its next message; the slot is taken."""
        now = self.clock()
        slot = max(now, self._next_any, self._next_chat.get(chat, 0.0))
        self._next_any = slot + self.spacing
        self._next_chat[chat] = slot + self.per_chat_interval
        if len(self._next_chat) > 10_000:  # forget chats whose slot has long passed
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}
        return slot

    async def wait(self, chat: str) -> None:
        delay = self.reserve(chat) - self.clock()
        if delay > 0:
            await self.sleep(delay)
