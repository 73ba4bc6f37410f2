"""Walkthrough 30 on the follow-up screens: "Klaar" meant both the status "done" and "finish
this list" on /actions; the return session line had no end time and read "in https://…"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from conversations.follow_up.model import ACTION_STATUS_LABELS
from storage.actions import Actions
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat


async def plan_session(kim: FakeChat, when: str, place: str) -> None:
    """As tests/follow_up/test_follow_up.plan_session, in any language."""
    await kim.command("reset")
    await kim.tap("menu:return_sessions")
    await kim.tap("new")
    await kim.say(when)
    await kim.say(place)


def label(chat: FakeChat, choice_id: str) -> str:
    [found] = [o.label for o in chat.question().options if o.token and choice_id in o.token]
    return found


@pytest.mark.parametrize("locale", ["nl", "fr", "en"])
async def test_the_finish_button_and_the_status_done_are_different_words(
    app: App, clock: Clock, outbox: Outbox, locale: str
) -> None:
    """Walkthrough 30: on /actions the status "done" and the button that closes the list read
    differently (nl had "Klaar" for both)."""
    anna, anna_id = await join(app, clock, "3001", "switcher", "Anna", locale)
    _jan, jan_id = await join(app, clock, "3002", "learning_coach", "Jan", locale)
    start = clock.now + timedelta(days=2)
    await exchange(app, clock, anna_id, jan_id, None, start)
    await walk(app, clock, start + timedelta(hours=8))
    await anna.command("actions")
    await anna.say("Share the planning board with my team")
    finish_while_writing = label(anna, "done")
    await anna.tap("done")
    async with app.db.transaction() as conn:
        [action] = await Actions(conn).of_person(anna_id)
    await anna.command("actions")
    await anna.tap(f"a:{action.id}")
    status_button = label(anna, "st:done")
    await anna.tap("st:done")
    await anna.tap("skip")
    review = anna.question()
    finish = label(anna, "done")
    status_word = anna.tr(ACTION_STATUS_LABELS["done"], locale)
    assert f"({status_word})" in review.text  # the status is shown on the list …
    words = {status_word.casefold(), status_button.casefold()}
    assert finish.casefold() not in words  # … and the button that closes it says otherwise
    assert finish_while_writing == finish


async def test_the_return_session_shows_its_end_and_an_online_link_as_online(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 30: "Terugkommoment op do 21 jan 2027, 13:30 in https://meet…" – the line
    shows start–end (the date once) and an online meeting as "online: <link>"."""
    anna, anna_id = await join(app, clock, "3011", "switcher", "Anna", "fr")
    _jan, jan_id = await join(app, clock, "3012", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "3013", "coordinator", "Kim", "nl")
    start = clock.now + timedelta(days=2)
    await exchange(app, clock, anna_id, jan_id, kim_id, start)
    await walk(app, clock, start + timedelta(days=1))
    link = "https://meet.example.org/terug-2027"
    await plan_session(kim, "2027-01-21 13:30-16:00", link)
    await kim.tap("invite")
    confirm = kim.all_text()
    assert "do 21 jan 2027, 13:30–16:00, online: " in confirm
    assert f"in {link}" not in confirm and f"bij {link}" not in confirm
    await kim.tap("send")
    await walk(app, clock, clock.now)
    invitation = outbox.last_question(anna).text
    assert "13:30–16:00" in invitation and f"en ligne : {link}" in invitation
    assert f"à {link}" not in invitation


async def test_a_physical_place_reads_with_the_locales_at(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 30: an address keeps the locale's "at" ("bij" in Dutch, "à" in French),
    and the end time is there too."""
    anna, anna_id = await join(app, clock, "3021", "switcher", "Anna", "fr")
    jan, jan_id = await join(app, clock, "3022", "learning_coach", "Jan", "nl")
    kim, kim_id = await join(app, clock, "3023", "coordinator", "Kim", "en")
    start = clock.now + timedelta(days=2)
    await exchange(app, clock, anna_id, jan_id, kim_id, start)
    await walk(app, clock, start + timedelta(days=1))
    await plan_session(kim, "2027-01-21 13:30-16:00", "VBJK, Gent")
    await kim.tap("invite")
    assert "Thu, Jan 21, 2027, 1:30\u202fPM–4:00\u202fPM, at VBJK, Gent" in kim.all_text()
    await kim.tap("send")
    await walk(app, clock, clock.now)
    assert "13:30–16:00, bij VBJK, Gent" in outbox.last_question(jan).text
    assert "13:30–16:00, à VBJK, Gent" in outbox.last_question(anna).text
