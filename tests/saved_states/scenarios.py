"""People left in the middle of each flow, built the same way by the release that saved the
fixtures (`capture.py`, run on that release's code) and by today's tests, which then load the
saved conversation and check that it resumes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.app import App
from tests.exchanges.world import exchange, join
from tests.fakes import Clock, FakeChat

Scenario = Callable[[App, Clock], Awaitable[FakeChat]]


async def onboarding_consent(app: App, clock: Clock) -> FakeChat:
    chat = FakeChat(app, "700", display_name="Lina")
    await chat.command("start")
    await chat.tap("lang:en")
    return chat


async def language_menu(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "701", "switcher", "Sam", "en")
    await chat.command("language")
    return chat


async def quiz_midway(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "702", "coordinator", "Kim", "en")
    await chat.command("quiz")
    for _ in range(2):
        await chat.tap(chat.choice_ids()[0])
    return chat


async def intake_midway(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "703", "newcomer", "Amal", "en")
    await chat.command("intake")
    await chat.tap(chat.choice_ids()[0])
    return chat


async def agenda_midway(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "704", "switcher", "Anna", "en")
    await chat.command("agenda")
    await chat.say("I want to see how a hospital kitchen plans its meals for patients.")
    return chat


async def new_exchange_midway(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "705", "coordinator", "Kim", "en")
    await join(app, clock, "706", "switcher", "Anna", "en")
    await join(app, clock, "707", "learning_coach", "Ben", "en")
    await chat.tap("menu:new_exchange")
    await chat.say("1")
    return chat


async def reflection_midway(app: App, clock: Clock) -> FakeChat:
    chat, s_id = await join(app, clock, "708", "switcher", "Anna", "en")
    _coach, c_id = await join(app, clock, "709", "learning_coach", "Ben", "en")
    await exchange(app, clock, s_id, c_id, None, clock.now + timedelta(days=1))
    clock.advance(timedelta(days=2))
    await chat.command("reflect")
    await chat.say("I learned how the team shares the work at the start of the day.")
    return chat


async def forget_confirmation(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "710", "newcomer", "Reza", "en")
    await chat.command("forget")
    return chat


async def supporter_midway(app: App, clock: Clock) -> FakeChat:
    chat, _ = await join(app, clock, "711", "mentor", "Mira", "en")
    await chat.command("supporter")
    await chat.tap(chat.choice_ids()[0])
    return chat


SCENARIOS: dict[str, Scenario] = {
    "onboarding_consent": onboarding_consent,
    "language_menu": language_menu,
    "quiz_midway": quiz_midway,
    "intake_midway": intake_midway,
    "agenda_midway": agenda_midway,
    "new_exchange_midway": new_exchange_midway,
    "reflection_midway": reflection_midway,
    "forget_confirmation": forget_confirmation,
    "supporter_midway": supporter_midway,
}
