"""Replies at the speed of the platform (production-core issue item 3).

PTB's AIORateLimiter queued every request naming a chat behind one 30/s budget, so a person's
reply waited for everybody else's. Now replies go out at once and a 429 `RetryAfter` pauses only
the chat it names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot

StartBot = Callable[[], Awaitable[RunningBot]]


async def test_a_flood_wait_for_one_chat_does_not_hold_up_another(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    await telegram_bot()
    botapi.fail_next("sendMessage", error_code=429, retry_after=2)
    botapi.push_text(9201, "/start", first_name="Ana")
    await botapi.wait_for_call("sendMessage", lambda c: c.error is not None)
    botapi.push_text(9202, "/start", first_name="Bo")
    await botapi.wait_for_messages(9202, 1, timeout=10)
    await botapi.wait_for_messages(9201, 1, timeout=10)

    def first_ok(chat: int) -> float:
        return min(
            c.at for c in botapi.calls_of("sendMessage")
            if c.error is None and str(c.params.get("chat_id")) == str(chat)
        )  # fmt: skip

    failed_at = next(c.at for c in botapi.calls_of("sendMessage") if c.error)
    assert first_ok(9202) < first_ok(9201)  # Bo was answered while Ana's chat waited
    assert first_ok(9201) - failed_at >= 2.0  # Ana's retry honoured retry_after
    assert len(botapi.messages(9201)) == 1  # and came once


async def test_many_people_at_once_are_all_answered(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    await telegram_bot()
    people = range(9300, 9340)
    for uid in people:
        botapi.push_text(uid, "/start", first_name=f"P{uid}")
    for uid in people:
        await botapi.wait_for_messages(uid, 1, timeout=30)
    assert all(len(botapi.messages(uid)) == 1 for uid in people)
