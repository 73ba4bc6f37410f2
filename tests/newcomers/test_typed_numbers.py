"""A typed number on a question that takes a number is the answer, not an option's position
(walkthrough finding 3). Typing "2" for two years of experience pressed the second button
(Back); typing "3" as a mentor's capacity picked the third button, labelled 2."""

from __future__ import annotations

from bot.app import App
from storage.responses import Responses
from storage.supporters import Supporters
from tests.exchanges.world import join
from tests.fakes import Clock
from tests.newcomers.world import NURSE, take_intake


async def test_typing_two_years_of_experience_is_two_years(app: App, clock: Clock) -> None:
    chat, person = await join(app, clock, "771", "newcomer", "Amal", "en")
    await take_intake(chat, {**NURSE, "experience": 2})
    async with app.db.transaction() as conn:
        [response] = await Responses(conn).of_user(person, "newcomer_intake")
    assert response.answers["experience"] == 2


async def test_typing_a_capacity_is_that_capacity(app: App, clock: Clock) -> None:
    chat, person = await join(app, clock, "772", "mentor", "Marc", "en")
    await chat.command("supporter")
    for value in ("mentor", "healthcare", "nl"):
        await chat.tap(f"t:{value}")
        await chat.tap("done")
    await chat.tap("r:online")
    await chat.say("3")
    await chat.say("marc@example.org")
    async with app.db.transaction() as conn:
        profile = await Supporters(conn).get(person)
    assert profile is not None and profile.capacity == 3
