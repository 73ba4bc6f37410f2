"""Forms end to end on Telegram: a full consultation with voice and photo, and the quiz."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from storage.invites import Invites
from storage.people import People
from storage.responses import Responses
from tests.flows.test_media import png
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson

StartBot = Callable[[], Awaitable[RunningBot]]
VOICE = b"OggS\x00\x02" + bytes(range(256)) * 64


async def test_a_consultation_with_voice_and_photo_and_a_restart(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        invite = await Invites(conn).create(
            "participant",
            10,
            bot.clock.now + timedelta(days=3),
            bot.clock.now,
            form_id="desk_reset",
        )
    eli = TelegramPerson(botapi, 8001, "en", "Eli")
    await eli.say(f"/start {invite.code}")
    await eli.tap("lang:en")
    await eli.tap("consent:yes")
    await eli.tap("name:platform")
    await eli.tap("opt:no")  # not anonymous
    await eli.tap("opt:job_search")
    await eli.tap("nav:done")

    await bot.stop()  # down in the middle of the consultation
    bot = await telegram_bot()
    assert bot.app is not None

    await eli.tap("opt:everyone")
    await eli.tap("opt:5")
    botapi.push_voice(8001, VOICE, duration=6, first_name="Eli", language_code="en")
    await eli.settle()  # "what went well?" is a text question: a voice note is not taken
    assert "I can't use a file here" in eli.text(botapi.messages(8001)[-2:])
    await eli.say("Clear advice")
    await eli.tap("nav:skip")
    await eli.tap("opt:yes")  # consent to keep a recording
    botapi.push_voice(8001, VOICE, duration=6, first_name="Eli", language_code="en")
    await eli.settle()
    new = await eli.tap("opt:no")  # no summary of the results
    assert "Thank you for your contribution!" in eli.text(new)

    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", "8001")
        assert identity is not None
        (response,) = await Responses(conn).of_user(identity.user_id, "desk_reset")
    voice = response.answers["contribution"]
    assert (bot.settings.data_dir / voice["path"]).read_bytes() == VOICE
    assert voice["mime_type"] == "audio/ogg" and voice["duration"] == 6
    assert response.answers["went_well"] == "Clear advice"
    assert response.completed_at is not None


async def test_a_photo_answer_on_telegram_is_stored_byte_for_byte(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        invite = await Invites(conn).create(
            "participant",
            10,
            bot.clock.now + timedelta(days=3),
            bot.clock.now,
            form_id="desk_reset",
        )
    fay = TelegramPerson(botapi, 8002, "ar", "Fay")
    await fay.say(f"/start {invite.code}")
    await fay.tap("lang:ar")
    await fay.tap("consent:yes")
    await fay.tap("name:platform")
    for choice in ("opt:yes", "opt:language", "nav:done", "opt:everyone", "opt:3", "nav:skip",
                   "nav:skip", "opt:yes"):  # fmt: skip
        await fay.tap(choice)
    botapi.push_sticker(8002, first_name="Fay", language_code="ar")
    await fay.settle()
    picture = png(320, 200)
    botapi.push_photo(8002, picture, first_name="Fay", language_code="ar")
    await fay.settle()
    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", "8002")
        assert identity is not None
        (response,) = await Responses(conn).of_user(identity.user_id, "desk_reset")
    photo = response.answers["contribution"]
    assert (bot.settings.data_dir / photo["path"]).read_bytes() == picture
    assert (photo["width"], photo["height"]) == (320, 200)
    assert response.answers["anonymous"] == "yes"


async def test_the_quiz_on_telegram_ends_with_a_chart_photo_in_arabic(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    await telegram_bot()
    gus = TelegramPerson(botapi, 8003, "ar", "Gus")
    await gus.say("/start")
    await gus.tap("lang:ar")
    await gus.tap("consent:yes")
    await gus.tap("name:platform")
    await gus.say("/quiz")
    for choice in ("opt:trust", "opt:close", "opt:some", "opt:effort", "opt:effort", "opt:very",
                   "opt:minority", "nav:skip", "opt:yes", "opt:no", "opt:yes"):  # fmt: skip
        await gus.tap(choice)
    call = await botapi.wait_for_call("sendPhoto")
    (name, data), *_ = call.files.values()
    assert data.startswith(b"\xff\xd8\xff") and len(data) > 20_000  # a JPEG photo
    assert name.endswith(".jpg")
    await botapi.wait_idle()  # the advice follows the chart
    texts = "\n".join(m.get("text") or "" for m in botapi.messages(8003))
    assert "من أين تبدأ" in texts  # "where to start", in Arabic


async def test_ticking_options_edits_the_question_in_place(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    """Issue 15 (multi-choice) and issue 14 item 3 (fewer requests per step): a ✓ toggled on a
    multiple-choice question edits that question's keyboard instead of sending a new copy."""
    bot = await telegram_bot()
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        invite = await Invites(conn).create(
            "participant", 10, bot.clock.now + timedelta(days=3), bot.clock.now,
            form_id="desk_reset",
        )  # fmt: skip
    hal = TelegramPerson(botapi, 8004, "en", "Hal")
    await hal.say(f"/start {invite.code}")
    await hal.tap("lang:en")
    await hal.tap("consent:yes")
    await hal.tap("name:platform")
    await hal.tap("opt:no")
    question = hal.question()
    sent_before = len(botapi.calls_of("sendMessage"))
    await hal.tap("opt:job_search", question)
    await hal.tap("opt:training", hal.question())
    await hal.tap("opt:job_search", hal.question())  # and off again

    assert len(botapi.calls_of("sendMessage")) == sent_before  # no new copies
    assert hal.question()["message_id"] == question["message_id"]  # the same message
    labels = [label for label, _data in botapi.buttons(hal.question())]
    assert "✓ Advice on training or studies" in labels
    assert "✓ Help with looking for work" not in labels
    await hal.tap("nav:done")
    assert "who do you think can come" in hal.question()["text"]


async def test_a_quiz_step_is_one_message_and_the_results_come_in_two(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    """Issue 14 item 3 (fewer requests per step): the quiz's title and introduction are part of
    its first question, not messages of their own; each answer brings exactly one new message;
    the results are the chart (its caption says what it shows) and one message with the advice
    and the menu — instead of ten messages in a row, each a request against the 30/s budget."""
    await telegram_bot()
    ida = TelegramPerson(botapi, 8005, "en", "Ida")
    await ida.say("/start")
    await ida.tap("lang:en")
    await ida.tap("consent:yes")
    await ida.tap("name:platform")
    (first,) = await ida.say("/quiz")
    assert first["text"].startswith("Ready to start switching?")  # the title…
    assert "11 short questions" in first["text"]  # …the introduction…
    assert first["text"].endswith("know each other?")  # …and the question, in one message
    assert first.get("reply_markup")
    for choice in ("opt:trust", "opt:close", "opt:some", "opt:effort", "opt:effort", "opt:very",
                   "opt:minority", "nav:skip", "opt:yes", "opt:no"):  # fmt: skip
        assert len(await ida.tap(choice)) == 1
    photo, advice = await ida.tap("opt:yes")
    assert photo["caption"].startswith("Thank you!") and "photo" in photo
    assert "Where to start" in advice["text"] and advice.get("reply_markup")  # with the menu
    assert advice["text"].count("\n\n") >= 6  # every point's advice, as paragraphs
