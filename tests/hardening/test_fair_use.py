"""Fair use (review MED-6): one account sending 150 messages at once made ten other people wait
~17 s. In-process with the real dispatcher and database: while one person floods, ten others
each get their answer within a second; the flooder's first messages are handled, then they get
exactly one polite "slow down" in their language and the rest is dropped until the window frees.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.dispatcher import Delivery
from bot.outgoing import OutText
from bot.settings import Settings
from conversations.events import TextIn
from conversations.text import _
from tests.fakes import Clock, FakeChat

SLOW_DOWN = "You are sending messages faster than I can read them."
SLOW_MSG = _(
    "You are sending messages faster than I can read them. I skipped the last ones: "
    "please wait a few seconds, then send them again."
)


@pytest.fixture
async def limited(settings_factory, clock: Clock) -> AsyncIterator[App]:  # type: ignore[no-untyped-def]
    settings: Settings = settings_factory(rate_events=20, rate_window="10s")  # the defaults
    opened = await App.open(settings, clock=clock)
    yield opened
    await opened.close()


async def registered(app: App, user: str, language: str) -> FakeChat:
    chat = FakeChat(app, user, display_name=f"Person {user}")
    await chat.command("start")
    await chat.tap(f"lang:{language}")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    return chat


def said(delivery: Delivery) -> str:
    return "\n".join(m.text for m in delivery.messages if isinstance(m, OutText))


async def test_a_flood_from_one_account_does_not_make_others_wait(limited: App) -> None:
    assert limited.settings.rate_events == 20
    flooder = await registered(limited, "6000", "nl")
    await asyncio.sleep(0)
    others = [await registered(limited, str(6001 + i), "en") for i in range(10)]
    limited.dispatcher.limiter._handled.clear()  # sign-up taps do not count against the flood

    async def timed(chat: FakeChat) -> tuple[float, Delivery]:
        started = time.monotonic()
        delivery = await limited.dispatcher.handle(chat.sender, TextIn(text="/help"))
        return time.monotonic() - started, delivery

    flood = [
        limited.dispatcher.handle(flooder.sender, TextIn(text=f"message {n}")) for n in range(150)
    ]
    results = await asyncio.gather(*flood, *(timed(chat) for chat in others))
    floods: list[Delivery] = results[:150]  # type: ignore[assignment]
    waits = [(seconds, d) for seconds, d in results[150:]]  # type: ignore[misc]

    print(f"others waited at most {max(s for s, _d in waits):.3f} s")
    for seconds, delivery in waits:
        assert delivery.messages and not delivery.dropped
        assert seconds < 1.0, f"another person waited {seconds:.2f} s"
    handled = [d for d in floods if not d.dropped]
    in_dutch = flooder.tr(SLOW_MSG, "nl")
    assert in_dutch != SLOW_MSG.msgid
    slowed = [d for d in floods if in_dutch in said(d)]
    assert len(handled) == 20 and all(d.messages for d in handled)
    assert floods[:20] == handled  # the earliest ones were the ones handled
    assert len(slowed) == 1  # exactly one polite message, in Dutch
    assert sum(1 for d in floods if d.dropped and not d.messages) == 129


async def test_the_window_frees_again(limited: App, clock: Clock) -> None:
    chat = await registered(limited, "6100", "en")
    now = [1000.0]
    limited.dispatcher.limiter.clock = lambda: now[0]
    limited.dispatcher.limiter._handled.clear()  # sign-up taps do not count
    for _n in range(20):
        assert not (await chat.say("x")).dropped
    assert SLOW_DOWN in said(await chat.say("too fast"))
    assert (await chat.say("still too fast")).messages == []
    now[0] += 10.5
    answered = await chat.say("calm again")
    assert not answered.dropped and answered.messages
