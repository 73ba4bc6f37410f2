"""The newcomer journey end to end on Telegram (real PTB against the Bot API on 127.0.0.1), in
Arabic and in Ukrainian: sign-up without an invite, the intake with buttons and typed answers,
the step plan, marking steps, asking for a mentor, the mentor accepting, and both receiving
their introduction — every text in the reader's own language."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conversations.newcomer.plan_texts import details
from conversations.text import Msg, _
from storage.invites import Invites
from storage.newcomers import Newcomers
from storage.people import People
from tests.newcomers.world import NURSE
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson

StartBot = Callable[[], Awaitable[RunningBot]]
UTC = ZoneInfo("UTC")


async def delivered(botapi: BotApiServer, chat: int, prefix: str) -> dict[str, Any]:
    """The newest message in `chat` with a button whose id starts with `prefix`."""
    for _attempt in range(100):
        for message in reversed(botapi.messages(chat)):
            if any(d.split(":", 1)[1].startswith(prefix) for _l, d in botapi.buttons(message)):
                return message
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message with a {prefix} button in chat {chat}")


async def text_arrives(botapi: BotApiServer, chat: int, wanted: str) -> str:
    for _attempt in range(100):
        for message in botapi.messages(chat):
            if wanted in (message.get("text") or ""):
                return str(message["text"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"{wanted!r} never reached chat {chat}")


@pytest.mark.parametrize(("newcomer_language", "mentor_language"), [("ar", "uk"), ("uk", "ar")])
async def test_intake_plan_steps_mentor_and_introductions(
    botapi: BotApiServer, telegram_bot: StartBot, newcomer_language: str, mentor_language: str
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    app = bot.app

    def tr(msg: Msg, locale: str) -> str:
        return app.translator.render(msg, locale, ZoneInfo(app.settings.timezone))

    # The mentor signs up with an invite and fills in their profile.
    async with app.db.transaction() as conn:
        code = (await Invites(conn).create("mentor", 1, bot.clock.now + timedelta(days=3),
                                           bot.clock.now)).code  # fmt: skip
    mentor = TelegramPerson(botapi, 7001, mentor_language, "Olena")
    await mentor.say(f"/start {code}")
    await mentor.tap(f"lang:{mentor_language}")
    await mentor.tap("consent:yes")
    await mentor.tap("name:platform")
    await mentor.say("/supporter")
    for choice in ("t:mentor", "done", "t:healthcare", "done", "t:ar", "t:uk", "done",
                   "r:online", "c:3"):  # fmt: skip
        await mentor.tap(choice)
    await mentor.say("olena@example.org")

    # A newcomer starts without an invite: the open role is "newcomer".
    amal = TelegramPerson(botapi, 7002, newcomer_language, "Amal")
    await amal.say("/start")
    await amal.tap(f"lang:{newcomer_language}")
    await amal.tap("consent:yes")
    await amal.tap("name:platform")
    await amal.say("/plan")
    intro = tr(_("First a few questions, so the plan fits you."), newcomer_language)
    assert intro in amal.text(botapi.messages(7002))
    form = app.library.forms["newcomer_intake"]
    answers = {**NURSE, "languages": [newcomer_language]}
    for question in form.questions:
        if question.show_if and answers.get(question.show_if.question) not in (
            question.show_if.any_of
        ):
            continue
        value = answers.get(question.id)
        if question.id == "aim":
            await amal.say("Verpleegkundige in een ziekenhuis")
        elif value is None:
            await amal.tap("nav:skip")
        elif question.type == "multi":
            for option in value:
                await amal.tap(f"opt:{option}")
            await amal.tap("nav:done")
        else:
            await amal.tap(f"opt:{value}")

    # The plan, in the newcomer's language.
    plan = app.library.plan
    assert plan is not None
    dutch_course = next(s for s in plan.steps if s.id == "dutch_course")
    title = tr(Msg(msgid=dutch_course.title), newcomer_language)
    assert title != dutch_course.title
    # the steps are the overview's buttons (walkthrough 18: no second copy as text)
    assert any(title in label for label, _data in botapi.buttons(amal.question()))
    new = await amal.tap("s:dutch_course")
    assert tr(details(dutch_course), newcomer_language) in amal.text(new)
    await amal.tap("st:done")
    await amal.tap("s:vdab_register")
    await amal.tap("st:not_for_me")
    await amal.tap("s:hc_dutch_care")
    await amal.tap("st:help")  # "I need help" on a healthcare step: a mentor
    await amal.say("+32 470 55 66 77")
    await amal.tap("yes")

    # The mentor gets the offer in their language, without the newcomer's contact details.
    offer = await delivered(botapi, 7001, "x:match:yes:")
    assert "+32 470 55 66 77" not in offer["text"] and "Amal" in offer["text"]
    assert tr(_("Healthcare"), mentor_language) in offer["text"]
    await mentor.settle()
    yes = next(d.split(":", 1)[1] for _l, d in botapi.buttons(offer) if ":x:match:yes:" in d)
    await mentor.tap(yes, offer)

    to_mentor = await text_arrives(botapi, 7001, "+32 470 55 66 77")
    assert "Amal" in to_mentor and "Verpleegkundige in een ziekenhuis" in to_mentor
    to_amal = await text_arrives(botapi, 7002, "olena@example.org")
    assert "Olena" in to_amal
    assert "Good news" not in to_amal  # it reads in Arabic or Ukrainian, not in English

    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", "7002")
        assert identity is not None
        progress = await Newcomers(conn).progress(identity.user_id)
    assert progress == {
        "dutch_course": "done",
        "vdab_register": "not_for_me",
        "hc_dutch_care": "help",
    }
