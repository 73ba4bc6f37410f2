"""Issue 17 item 5 (draaiboek 5.1–5.2): /about explains how it works per role, honest about the
timing (about six months before the first participants, 002:551), and gives coordinators the
short text per audience to share with an invitation."""

from __future__ import annotations

from bot.app import App
from bot.outgoing import OutImage
from conversations.about import ROLES, how_it_works, invite_text, recruitment
from storage.invites import Invites
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat


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


async def test_a_coordinator_makes_an_invitation_in_chat_with_text_and_qr(
    app: App, clock: Clock
) -> None:
    """Issue 17 item 5: the invite material in chat, right after making the invitation."""
    kim, kim_id = await join(app, clock, "803", "coordinator", "Kim", "nl")
    await kim.tap("menu:invite")
    await kim.tap("role:employer")
    await kim.say("Bakkerij Janssens")
    await kim.tap("uses:5")
    said = kim.all_text()
    shared = invite_text("employer")
    assert shared is not None and kim.tr(shared, "nl") in said
    images = [m for m in kim.received if isinstance(m, OutImage)]
    assert images and images[-1].data.startswith(b"\x89PNG")
    code = images[-1].file_name.removeprefix("invite-").removesuffix(".png")
    assert code in said
    async with app.db.transaction() as conn:
        made = await Invites(conn).get(code)
    assert made is not None and made.created_by == kim_id
    assert (made.role, made.label, made.max_uses) == ("employer", "Bakkerij Janssens", 5)
    tom = FakeChat(app, "805", display_name="Tom")
    await tom.command("start", code)  # the chat-made invitation works
    assert tom.choice_ids()
