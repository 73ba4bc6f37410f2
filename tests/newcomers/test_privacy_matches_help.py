"""Walkthrough 16: the privacy notice said "what we do not keep: your phone number", and then
"I need help" asked for one, stored it and shared it; the contact field took "bel me maar", and
the sharing notice listed intake answers to someone who never did the intake."""

from __future__ import annotations

from bot.app import App
from conversations.onboarding import PRIVACY_LONG
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_the_notice_says_what_the_help_request_asks_and_nothing_else_is_taken(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    assert "not keep: your phone number" not in PRIVACY_LONG.msgid
    assert "phone number or e-mail address, shared only with the person who accepts" in (
        PRIVACY_LONG.msgid
    )
    vic, _vic_id = await join(app, clock, "1601", "newcomer", "Vic", "en")
    await vic.command("support")
    await vic.tap("k:mentor")
    assert "we keep it only for this and share it only with the person who accepts" in (
        vic.all_text()
    )  # said before it is asked
    await vic.say("call me anytime")  # neither a phone number nor an e-mail address
    assert "Please send a phone number or e-mail address" in vic.all_text()
    await vic.say("+32 470 12 34 56")
    shared = vic.all_text()
    assert "your languages" not in shared and "your Dutch level" not in shared  # no intake
    assert "your name and, if you gave them, your contact details" in shared
