"""A reply that never arrived does not leave the person in silence (security review HIGH-4,
production-core issue item 6).

The answer is saved, then the reply is sent; when that send fails (a 500, a crash), the
person still sees the old question and taps it again. That tap used to count as a double tap
and got no answer at all (29 of 38 people after a kill -9). Now a repeat of the same button
after a moment shows where the person is; a real double tap (within seconds) stays silent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson

StartBot = Callable[[], Awaitable[RunningBot]]


async def test_tapping_again_after_a_lost_reply_shows_the_current_question(
    botapi: BotApiServer, telegram_bot: StartBot, clock: Clock
) -> None:
    await telegram_bot()
    ana = TelegramPerson(botapi, 9101, "en", "Ana")
    await ana.say("/start")
    language = ana.question()
    [(_label, data)] = [b for b in botapi.buttons(language) if b[1].endswith(":lang:en")]

    botapi.fail_next("sendMessage", error_code=500, description="Internal Server Error")
    await ana.tap_data(language["message_id"], data)  # saved; the next question is lost
    failed = [c for c in botapi.calls_of("sendMessage") if c.error]
    assert len(failed) == 1
    lost = failed[0].params["text"]

    clock.advance(timedelta(seconds=30))
    seen = len(botapi.messages(9101))
    again = await ana.tap_data(language["message_id"], data, forged=True)  # the old keyboard
    assert again, "silence after a lost reply"
    texts = [m.get("text", "") for m in botapi.messages(9101)[seen:]]
    assert lost in texts  # the question that never arrived, asked now
    assert ana.question().get("reply_markup")


async def test_a_real_double_tap_is_still_answered_once(
    botapi: BotApiServer, telegram_bot: StartBot, clock: Clock
) -> None:
    await telegram_bot()
    bo = TelegramPerson(botapi, 9102, "en", "Bo")
    await bo.say("/start")
    language = bo.question()
    [(_label, data)] = [b for b in botapi.buttons(language) if b[1].endswith(":lang:en")]
    await bo.tap_data(language["message_id"], data)
    seen = len(botapi.messages(9102))
    clock.advance(timedelta(seconds=1))
    await bo.tap_data(language["message_id"], data, forged=True)
    assert len(botapi.messages(9102)) == seen
