"""Walkthrough findings 17 and 18 on the step plan: place names that are no proper names are
translated; the English-jobs step only for people who speak English; "find a mentor" ticks
itself once a mentor accepted; the plan is not shown twice (text and buttons)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.app import App
from bot.content import load_library
from bot.outgoing import parse_choice_token
from conversations.newcomer.plan import build_plan
from conversations.newcomer.plan_texts import details
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, tap_delivered
from tests.fakes import Clock
from tests.newcomers.test_matching import ask_for_mentor
from tests.newcomers.world import ENGINEER, NURSE, newcomer, supporter

PLAN = load_library().plan
assert PLAN is not None


def test_descriptions_of_places_are_translated_proper_names_are_not(app: App) -> None:
    """Walkthrough 17: "• Your municipality (service for foreigners)" in Arabic and Dutch."""
    step = next(s for s in PLAN.all_steps() if s.id == "asylum_right_to_work")
    zone = ZoneInfo("Europe/Brussels")
    for locale in ("nl", "ar", "ti"):
        text = app.translator.render(details(step), locale, zone)
        assert "Your municipality" not in text, locale
        assert "Fedasil" in text  # a proper name stays as written


def test_the_english_jobs_step_is_only_for_people_who_speak_english() -> None:
    """Walkthrough 18: Dina and Tesfay, who did not tick English, were told to look for
    employers who work in English."""
    no_english = {**ENGINEER, "languages": ["fa"]}
    assert "eng_english_jobs" not in [s.id for s in build_plan(PLAN, no_english)]
    assert "eng_english_jobs" in [s.id for s in build_plan(PLAN, ENGINEER)]


async def test_the_plan_is_shown_once_and_find_a_mentor_ticks_itself(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 18: the overview listed every step twice (text, then buttons), and "find a
    mentor who knows your field" stayed ⬜ after a mentor accepted."""
    amal, _amal_id = await newcomer(app, clock, "861", "Amal", "en", NURSE)
    await amal.command("plan")
    title = "Find a mentor who knows your field"
    said = [t for t in amal.texts() if title in t]
    buttons = [str(o.label) for o in amal.question().options if title in str(o.label)]
    assert len(buttons) == 1 and len(said) == 0  # once, as a button
    assert buttons[0].startswith("⬜")

    fatima, _ = await supporter(app, clock, "862", "Fatima", languages=("ar", "nl"))
    await ask_for_mentor(amal)
    await walk(app, clock, clock.now)
    offer = outbox.last_question(fatima)
    await tap_delivered(fatima, offer, parse_choice_token(offer.options[0].token).choice_id)
    await walk(app, clock, clock.now)
    await amal.command("plan")
    [label] = [str(o.label) for o in amal.question().options if title in str(o.label)]
    assert label.startswith("✅")


async def test_the_mentors_introduction_says_which_step_help_is_asked_for(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 18: match_requests.step_id (dutch_course) was never shown to the mentor."""
    amal, _amal_id = await newcomer(app, clock, "871", "Amal", "en", NURSE)
    fatima, _ = await supporter(app, clock, "872", "Fatima", languages=("ar", "nl"))
    await amal.command("plan")
    await amal.tap("s:dutch_course")
    await amal.tap("st:help")
    await amal.say("amal@example.org")
    await amal.tap("yes")
    await walk(app, clock, clock.now)
    offer = outbox.last_question(fatima)
    await tap_delivered(fatima, offer, parse_choice_token(offer.options[0].token).choice_id)
    await walk(app, clock, clock.now)
    intro = next(t for t in reversed(outbox.texts(fatima)) if "introduction to" in t)
    assert "They ask for help with: Take a Dutch course at the right level" in intro


async def test_looking_and_nobody_available_do_not_contradict(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 18: "I am looking now, you will hear from me as soon as someone says yes" was
    followed straight by "at the moment no mentor is available"."""
    vic, _vic_id = await newcomer(app, clock, "881", "Vic", "en", NURSE)
    await ask_for_mentor(vic)
    said = vic.all_text()
    assert "or if nobody is available at the moment" in said
    await walk(app, clock, clock.now)
    assert any("no mentor is available" in t for t in outbox.texts(vic))
