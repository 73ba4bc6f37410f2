"""Walkthrough 29: "😀" was accepted as a name ("Welkom, 😀!"); the name question told everyone
"your coach and coordinator see this name", also newcomers and mentors who have neither; the
mentor's sector list offered "Another sector, or I don't know yet"."""

from __future__ import annotations

from bot.app import App
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat


async def test_an_emoji_is_no_name_and_the_question_fits_everyone(app: App) -> None:
    vic = FakeChat(app, "2901", language_code="en", display_name=None)
    await vic.command("start")
    await vic.tap("lang:en")
    await vic.tap("consent:yes")
    assert "your coach and coordinator" not in vic.all_text().lower()
    assert "The people in your journey will see it." in vic.all_text()
    await vic.say("😀")
    assert "Please send a name with letters" in vic.all_text()
    await vic.say("Vic")
    assert "Vic" in vic.all_text()


async def test_a_mentor_is_not_offered_i_dont_know_yet(app: App, clock: Clock) -> None:
    peter, _p = await join(app, clock, "2902", "mentor", "Peter", "en")
    await peter.command("supporter")
    await peter.tap("t:mentor")
    await peter.tap("done")
    labels = [str(o.label) for o in peter.question().options]
    assert "⬜ Another sector" in labels
    assert not any("don't know yet" in label for label in labels)
