"""Ordered lanes: work for the same chat runs in arrival order, different chats in parallel.

Transports process updates concurrently so one slow person does not hold up everyone, but a
person's own messages must be handled — and answered — in the order they were sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class Lanes:
    def __init__(self) -> None:
        self._tails: dict[str, asyncio.Future[None]] = {}

    async def run(self, key: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` after everything queued earlier under `key` has finished."""
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                with contextlib.suppress(Exception):
                    await asyncio.shield(previous)
            return await work()
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    def busy(self) -> int:
        return len(self._tails)
