"""Bad input in the newcomer and supporter flows gets a clear answer in the person's language
and loses nothing: stickers, text where a button is expected, impossible numbers and dates,
huge messages, forged buttons, commands of another role."""

from __future__ import annotations

from bot.app import App
from conversations.events import ChoiceIn
from conversations.text import _
from storage.newcomers import Newcomers
from tests.exchanges.world import join
from tests.fakes import Clock
from tests.newcomers.world import NURSE, newcomer


async def test_the_plan_answers_stickers_text_and_forged_steps(app: App, clock: Clock) -> None:
    amal, amal_id = await newcomer(app, clock, "500", "Amal", "ar", NURSE)
    await amal.command("plan")
    await amal.sticker()
    assert amal.tr(_("Nice sticker! I can't use stickers here, though."), "ar") in amal.all_text()
    await amal.say("the second one please")
    hint = _("Please choose one of the options: tap a button or send its number.")
    assert amal.tr(hint, "ar") in amal.all_text()
    seq = int(amal.question().options[0].token.split(":", 1)[0])
    await amal.send(ChoiceIn(choice_id="s:not_a_step", seq=seq))  # forged
    await amal.send(ChoiceIn(choice_id="s:eng_skills", seq=seq))  # another track's step
    async with app.db.transaction() as conn:
        assert await Newcomers(conn).progress(amal_id) == {}
    await amal.say("2")  # typed number: the second step
    assert "st:done" in amal.choice_ids()


async def test_support_and_supporter_flows_refuse_what_they_cannot_use(
    app: App, clock: Clock
) -> None:
    amal, _amal_id = await newcomer(app, clock, "510", "Amal", "en", NURSE)
    await amal.command("support")
    await amal.tap("k:mentor")
    await amal.say("x" * 500)
    assert "at most 200 characters" in amal.all_text()
    await amal.photo()
    assert "I can't use a file here" in amal.all_text()
    await amal.command("supporter")  # a supporter's command
    assert "This is for mentors and career coaches." in amal.all_text()

    marie, _ = await join(app, clock, "511", "mentor", "Marie", "en")
    await marie.command("supporter")
    await marie.tap("done")  # nothing ticked yet
    assert "Tick at least one" in marie.all_text()
    await marie.tap("t:mentor")
    await marie.tap("done")
    await marie.tap("t:healthcare")
    await marie.tap("done")
    await marie.tap("t:nl")
    await marie.tap("done")
    await marie.tap("r:online")
    await marie.say("twelve")
    await marie.say("99")
    assert marie.all_text().count("from 0 to 20") >= 1
    await marie.say("4")
    await marie.say("+32 9 123 45 67")
    assert "Saved" in marie.all_text()
    await marie.command("plan")  # a newcomer's command
    assert "for newcomers" in marie.all_text()
    await marie.command("mentees")
    assert "No newcomer is matched to you yet" in marie.all_text()


async def test_typing_a_menu_number_opens_the_flow_with_its_facts(app: App, clock: Clock) -> None:
    """Terminal and Matrix users type numbers: the facts a flow reads must be there too."""
    amal, _amal_id = await newcomer(app, clock, "520", "Amal", "en", NURSE)
    await amal.command("reset")
    await amal.say(str(amal.choice_ids().index("menu:plan") + 1))
    assert "Your step plan towards work" in amal.all_text()
    await amal.command("reset")
    await amal.say("Find a mentor or career coach")  # the label, typed
    assert "Who would help you most?" in amal.all_text()

    marie, _ = await join(app, clock, "521", "mentor", "Marie", "en")
    await marie.command("reset")
    await marie.say(str(marie.choice_ids().index("menu:mentees") + 1))
    assert "No newcomer is matched to you yet" in marie.all_text()
