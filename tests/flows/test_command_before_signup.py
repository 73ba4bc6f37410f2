"""Walkthrough ("a command sent before signing up is remembered"): /quiz, /agenda or /intake
sent by someone who has not finished signing up ran nothing and, after sign-up, dropped them in
the menu. Now it is remembered and runs right after sign-up."""

from __future__ import annotations

from bot.app import App
from tests.fakes import Clock, FakeChat
from tests.flows.test_onboarding import make_invite


async def test_quiz_sent_before_signing_up_opens_right_after(app: App, clock: Clock) -> None:
    kim = FakeChat(app, "1701", language_code="en")
    await kim.command("start", await make_invite(app, clock, "coordinator"))
    await kim.command("quiz")  # before choosing a language
    assert "I will open /quiz once you have signed up." in kim.all_text()
    await kim.tap("lang:en")
    await kim.tap("consent:yes")
    await kim.say("Kim")
    text = kim.all_text()
    assert "How well do the members or clients of your network know each other?" in text
    assert "Main menu" not in text


async def test_agenda_sent_first_thing_by_a_switcher_opens_after_sign_up(
    app: App, clock: Clock
) -> None:
    anna = FakeChat(app, "1702", language_code="en")
    await anna.command("start", await make_invite(app, clock, "switcher"))
    await anna.tap("lang:en")
    await anna.command("agenda")  # during sign-up
    await anna.tap("consent:yes")
    await anna.say("Anna")
    assert "Let's make your learning agenda" in anna.all_text()
    await anna.command("reset")  # remembered once, not for ever
    await anna.command("start")
    assert "Let's make your learning agenda" not in anna.all_text()
