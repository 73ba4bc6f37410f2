"""A small world for newcomer tests: newcomers who take the intake, supporters with a profile,
coordinators; everyone chats through the real dispatcher on the embedded database."""

from __future__ import annotations

from typing import Any

from bot.app import App
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat

NURSE: dict[str, Any] = {
    "residence": "refugee", "region": "east_flanders", "languages": ["ar"], "dutch_level": "a1",
    "diploma_level": "bachelor", "recognition": "not_started", "field": "healthcare",
    "sector": "healthcare", "vdab": "not_registered", "integration": "ongoing",
}  # fmt: skip
ENGINEER: dict[str, Any] = {
    "residence": "permit", "region": "antwerp", "languages": ["en", "fa"], "dutch_level": "b1",
    "diploma_level": "master", "recognition": "done", "field": "engineering_it",
    "sector": "engineering_it", "vdab": "registered", "integration": "done",
}  # fmt: skip


async def take_intake(chat: FakeChat, answers: dict[str, Any], aim: str = "Nurse") -> None:
    """Answer the intake as a person would: tap options, type text, skip what is not given."""
    form = chat.app.dispatcher.journey.forms["newcomer_intake"]
    await chat.command("intake")
    for question in form.questions:
        if question.show_if is not None:
            given = answers.get(question.show_if.question)
            if given not in question.show_if.any_of:
                continue
        value = answers.get(question.id)
        if question.id == "aim":
            await chat.say(aim)
        elif value is None:
            await chat.tap("nav:skip")
        elif question.type == "multi":
            for option in value:
                await chat.tap(f"opt:{option}")
            await chat.tap("nav:done")
        elif question.type in ("single",):
            await chat.tap(f"opt:{value}")
        else:
            await chat.say(str(value))


async def newcomer(
    app: App, clock: Clock, user: str, name: str, language: str, answers: dict[str, Any]
) -> tuple[FakeChat, int]:
    chat, person_id = await join(app, clock, user, "newcomer", name, language)
    await take_intake(chat, answers)
    return chat, person_id


async def supporter(
    app: App,
    clock: Clock,
    user: str,
    name: str,
    *,
    kinds: tuple[str, ...] = ("mentor",),
    sectors: tuple[str, ...] = ("healthcare",),
    languages: tuple[str, ...] = ("nl",),
    region: str = "online",
    capacity: int = 2,
    language: str = "en",
) -> tuple[FakeChat, int]:
    chat, person_id = await join(app, clock, user, "mentor", name, language)
    await chat.command("supporter")
    for values in (kinds, sectors, languages):
        for value in values:
            await chat.tap(f"t:{value}")
        await chat.tap("done")
    await chat.tap(f"r:{region}")
    await chat.tap(f"c:{capacity}")
    await chat.say(f"{name.lower()}@example.org")
    return chat, person_id
