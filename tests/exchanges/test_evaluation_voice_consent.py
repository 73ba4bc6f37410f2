"""Walkthrough 27: the evaluation kept Samir's voice note without asking, while reflections and
the consultation ask for explicit consent first. Now a voice answer is kept only after "yes"."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from conversations.events import MediaIn, MediaInfo
from storage.exchanges import NewExchange
from storage.responses import Responses
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, tap_delivered
from tests.fakes import Clock

VOICE = b"OggS" + b"\0" * 3996


async def evaluation_open(app: App, clock: Clock, outbox: Outbox, user: str):  # type: ignore[no-untyped-def]
    samir, samir_id = await join(app, clock, user, "switcher", "Samir", "en")
    _jan, jan_id = await join(app, clock, user + "9", "learning_coach", "Jan", "en")

    async def fetch(ref: str) -> bytes:
        return VOICE

    app.dispatcher.fetchers["fake"] = fetch
    from bot.reminders.service import create_exchange

    start = clock.now + timedelta(days=3)
    new = NewExchange(samir_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),))
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=22))
    await tap_delivered(samir, outbox.last_question(samir), f"x:eval:{ex}")
    await samir.tap("opt:4")  # preparation
    return samir, samir_id


async def test_without_a_yes_a_voice_answer_is_refused_and_nothing_is_kept(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    samir, samir_id = await evaluation_open(app, clock, outbox, "1801")
    assert "Do you agree that we keep your voice messages" in samir.all_text()
    await samir.tap("opt:no")
    assert "send a voice message" not in samir.all_text()  # no longer offered
    await samir.send(MediaIn(media_kind="voice", media=MediaInfo(ref="v1", size=4000)))
    assert "without your “yes” we keep no voice messages" in samir.all_text()
    await samir.say("How a bakery plans its week")
    async with app.db.transaction() as conn:
        (response,) = await Responses(conn).of_user(samir_id, "evaluation_switcher")
    assert response.answers["learned"] == "How a bakery plans its week"
    assert not list((app.settings.data_dir / "media").glob("*/*"))


async def test_after_a_yes_a_voice_answer_is_kept(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    samir, samir_id = await evaluation_open(app, clock, outbox, "1802")
    await samir.tap("opt:yes")
    assert "send a voice message if you prefer to speak" in samir.all_text()
    await samir.send(MediaIn(media_kind="voice", media=MediaInfo(ref="v1", size=4000)))
    async with app.db.transaction() as conn:
        (response,) = await Responses(conn).of_user(samir_id, "evaluation_switcher")
    assert isinstance(response.answers["learned"], dict)  # the recording, kept
