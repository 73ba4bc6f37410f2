"""The mentor's capacity buttons say what they mean (walkthrough finding 3, second half): bare
numbers "0 1 2 3" next to "type the number" were read as option positions."""

from __future__ import annotations

from bot.app import App
from conversations.text import _, _n
from storage.supporters import Supporters
from tests.exchanges.world import join
from tests.fakes import Clock


async def test_capacity_buttons_carry_labels_in_the_persons_language(
    app: App, clock: Clock
) -> None:
    chat, person = await join(app, clock, "781", "mentor", "Oksana", "uk")
    await chat.command("supporter")
    for value in ("mentor", "healthcare", "nl"):
        await chat.tap(f"t:{value}")
        await chat.tap("done")
    await chat.tap("r:online")
    labels = [o.label for o in chat.question().options]
    expected = [chat.tr(_("None for now (pause new requests)"), "uk")]
    expected += [chat.tr(_n("{count} newcomer", "{count} newcomers", n, count=n), "uk")
                 for n in range(1, 6)]  # fmt: skip
    assert labels == expected
    assert labels[1] != labels[2]  # Ukrainian has several plural forms: 1 vs 2
    await chat.tap("c:2")
    await chat.say("oksana@example.org")
    async with app.db.read() as conn:
        profile = await Supporters(conn).get(person)
    assert profile is not None and profile.capacity == 2
