"""Walkthrough ("a command sent before signing up is remembered"): /quiz, /agenda or /intake
sent by someone who has not finished signing up ran nothing and, after sign-up, dropped them in
the menu. Now it is remembered and runs right after sign-up."""

from __future__ import annotations

from bot.app import App
from bot.outgoing import OutChoices
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


async def test_a_command_that_only_says_something_leaves_one_menu(app: App, clock: Clock) -> None:
    """Fuzz (merge of seeds into main): /myreflections sent before signing up, which has nothing
    to show yet, ended sign-up with the main menu twice in one reply (two sets of buttons)."""
    zed = FakeChat(app, "1703", language_code="en")
    await zed.command("start", await make_invite(app, clock, "switcher"))
    await zed.command("myreflections")
    await zed.tap("lang:en")
    await zed.tap("consent:yes")
    await zed.say("Zed")
    assert zed.last is not None
    menus = [m for m in zed.last.messages if isinstance(m, OutChoices)]
    assert len(menus) == 1, [m.text for m in menus]
