"""Notices caused by a supporter's profile go out at once (issue 14, item 8, finding: "the
`supporter_profile` effect is missing from the scheduler-wake list, so its notices wait up to
30 s"). A mentor who saves their profile while a newcomer is waiting is offered the request
within moments, not at the scheduler's next 30-second look."""

from __future__ import annotations

import asyncio

from bot.app import App
from tests.exchanges.conftest import FAST
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, newcomer, supporter


async def arrives(outbox: Outbox, chat: FakeChat, words: str, within: float) -> bool:
    """Whether a delivered message containing `words` reaches `chat` within `within` s."""
    for _ in range(int(within / 0.05)):
        if any(words in text for text in outbox.texts(chat)):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_saved_supporter_profile_is_offered_the_waiting_request_at_once(
    app: App, clock: Clock
) -> None:
    outbox = Outbox()
    app.transports["fake"] = outbox
    await app.start_scheduler(sync_every=30.0, pacer=FAST)  # the running bot's poll
    await join(app, clock, "360", "coordinator", "Kim", "en")
    amal, _a = await newcomer(app, clock, "361", "Amal Haddad", "en", NURSE)
    await amal.command("support")
    await amal.tap("k:mentor")
    await amal.say("amal@example.org")
    await amal.tap("yes")
    assert await arrives(outbox, amal, "no mentor is available", within=5)

    fatima, _f = await supporter(app, clock, "362", "Fatima", languages=("ar",))

    assert await arrives(outbox, fatima, "Amal is looking for a mentor", within=5)
