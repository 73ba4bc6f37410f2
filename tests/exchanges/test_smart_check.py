"""Walkthrough 12: the SMART check was a word count — a real four-word Tigrinya learning question
was called vague while a seven-word Dutch one passed, "dat weet ik niet" was a goal, and the
goal typed into "by when" was stored there. Now the check asks about content, alike in every
script: one follow-up for every learning question, "how will you notice it?", and an answer
that only repeats the goal is not taken as when or how."""

from __future__ import annotations

from bot.app import App
from conversations.text import _
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock

FOLLOW_UP_START = "Can you make it more concrete?"


async def test_every_script_gets_the_same_follow_up_and_no_word_count(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    tesfay, _t = await join(app, clock, "1901", "switcher", "Tesfay", "en")
    anna, _a = await join(app, clock, "1902", "switcher", "Anna", "en")
    for chat, question in (
        (tesfay, "ከመይ ጌርና ዲጂታላዊ መዝገብ ንጥቀም"),
        (anna, "klantvriendelijker omgaan met klanten aan de toonbank"),
    ):
        await chat.command("agenda")
        await chat.say("trigger")
        await chat.say(question)
        assert FOLLOW_UP_START in chat.all_text()  # the same for both
        await chat.tap("keep")
        await chat.say("ዲጂታላዊ መዝገብ")  # a two-word goal: no word count
        assert "How will you (or your coach) notice" in chat.all_text()


async def test_the_goal_typed_again_is_not_taken_as_how_or_when(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, _a = await join(app, clock, "1903", "switcher", "Anna", "nl")
    await anna.command("agenda")
    await anna.say("trigger")
    await anna.say("Hoe plannen jullie de week?")
    await anna.tap("keep")
    goal = "Een weekplanning maken met mijn team"
    await anna.say(goal)
    await anna.say(goal)  # typed into "how will you notice it?"
    itself = _("That is the goal itself. What will you or your coach see, hear or get in hand?")
    assert anna.tr(itself, "nl") in anna.all_text()
    await anna.say("Het bord hangt in de gang")
    await anna.say("het bord hangt in de gang")  # typed into "by when?"
    assert anna.tr(_("That looks like your goal, not a moment. By when?"), "nl") in (
        anna.all_text()
    )
    await anna.tap("when:quarter")  # a moment by button, in any language
    await anna.tap("more:no")
    for _step in range(3):
        await anna.tap("skip")
    await anna.say("Gent")
    await anna.tap("travel:30")
    await anna.tap("skip")
    assert anna.tr(_("Within three months"), "nl") in anna.all_text()  # shown in Dutch
