"""Telegram's flood limits without a queue in front of people's replies.

PTB's `AIORateLimiter` put every request that names a chat — a person's reply to their own tap
included — behind one 30 requests/s budget, so fifty people tapping waited seconds per step
while the CPU idled. Telegram's ~30 messages/s is about broadcasts; proactive sends (reminders,
notices) are paced by our own `Pacer` before they reach PTB. Here a reply goes out at once, in
its chat's order (the transport's lanes keep that), and a 429 `RetryAfter` pauses only the chat
it names: later requests for that chat wait out the same pause; other chats go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


def _seconds(exc: RetryAfter) -> float:
    value: object = exc._retry_after  # a timedelta in PTB 22 (the property warns)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)  # type: ignore[arg-type]


class PerChatRetry(BaseRateLimiter[None]):
    def __init__(self, max_retries: int = 5) -> None:
        self.max_retries = max_retries
        self._paused: dict[str, float] = {}  # chat id -> loop time until which it waits

    async def initialize(self) -> None:
        self._paused.clear()

    async def shutdown(self) -> None:
        self._paused.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        chat = str(data.get("chat_id", ""))
        loop = asyncio.get_running_loop()
        for attempt in range(self.max_retries + 1):
            wait = self._paused.get(chat, 0.0) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                pause = _seconds(exc) + 0.1
                until = loop.time() + pause
                self._paused[chat] = max(self._paused.get(chat, 0.0), until)
                log.info("Telegram asks to wait %.1f s for one chat (%s)", pause, endpoint)
            finally:
                with contextlib.suppress(KeyError):
                    if self._paused[chat] <= loop.time():
                        del self._paused[chat]
        raise AssertionError("unreachable")  # pragma: no cover
