"""Issue 17 item 5 (draaiboek 5.1–5.2): /about explains how it works per role, honest about the
timing (about six months before the first participants, 002:551), and gives coordinators the
short text per audience to share with an invitation."""

from __future__ import annotations

from bot.app import App
from conversations.about import ROLES, how_it_works, invite_text, recruitment
from tests.exchanges.world import join
from tests.fakes import Clock


def test_every_role_and_audience_has_a_text() -> None:
    assert set(recruitment().how_it_works) == set(ROLES)
    assert set(recruitment().invite_texts) == {"employer", "employee", "newcomer"}
    assert "six months" in how_it_works("coordinator").msgid
    assert "six months" in how_it_works("employer").msgid
    employer = invite_text("employer")
    assert employer is not None and "QR code" in employer.msgid
    assert invite_text("mentor") is None


async def test_about_per_role_in_the_readers_language(app: App, clock: Clock) -> None:
    anna, _anna = await join(app, clock, "801", "switcher", "Anna", "fr")
    await anna.command("about")
    said = anna.all_text()
    assert anna.tr(how_it_works("switcher"), "fr") in said
    assert anna.tr(how_it_works("switcher"), "fr") != how_it_works("switcher").msgid
    assert "share:employer" not in anna.choice_ids()
    await anna.tap("role:coordinator")
    assert anna.tr(how_it_works("coordinator"), "fr") in anna.all_text()
    await anna.tap("done")


async def test_a_coordinator_gets_the_texts_to_share(app: App, clock: Clock) -> None:
    kim, _kim = await join(app, clock, "802", "coordinator", "Kim", "nl")
    await kim.command("about")
    assert kim.tr(how_it_works("coordinator"), "nl") in kim.all_text()
    await kim.tap("share:employee")
    shared = invite_text("switcher")
    assert shared is not None and kim.tr(shared, "nl") in kim.all_text()
