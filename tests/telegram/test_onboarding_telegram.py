"""Onboarding end to end on Telegram: real python-telegram-bot, Bot API server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.telegram.transport import TelegramTransport
from conversations.onboarding import welcome
from conversations.text import Msg, _
from locales import LOCALES
from storage.people import People
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson

StartBot = Callable[[], Awaitable[RunningBot]]
TZ = ZoneInfo("Europe/Brussels")
CONSENT_Q = _("Do you agree that Wegwijzer keeps your data for this purpose?")


def tr(msg: Msg, locale: str) -> str:
    return Translator().render(msg, locale, TZ)


async def test_start_up_talks_to_the_configured_bot_api(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    await telegram_bot()
    await botapi.wait_for_call("getUpdates")
    methods = [call.method for call in botapi.calls]
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("getUpdates")
    # a command menu per language, in that language
    for locale in LOCALES:
        commands = {c["command"]: c["description"] for c in botapi.commands[("default", locale)]}
        assert set(commands) == {
            "start", "help", "language", "privacy", "reset", "cancel", "mydata", "forget"
        }  # fmt: skip
        assert commands["language"] == tr(Msg(msgid="Choose your language"), locale)
    assert botapi.commands[("default", None)]  # the fallback menu for other languages


async def test_onboarding_in_dutch_with_a_restart_in_the_middle(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    anna = TelegramPerson(botapi, 7001, "nl", "Anna")
    await anna.say("/start")
    assert [label for label, _ in botapi.buttons(anna.question())][:2] == ["Nederlands", "Français"]
    language_question = anna.question()
    await anna.tap("lang:nl")
    edited = next(
        m for m in botapi.messages(7001) if m["message_id"] == language_question["message_id"]
    )
    assert not edited.get("reply_markup") and edited["text"].endswith("→ Nederlands")
    assert tr(CONSENT_Q, "nl") in anna.question()["text"]
    assert botapi.calls_of("answerCallbackQuery")

    await bot.stop()  # the bot goes down with the consent question open
    await telegram_bot()

    await anna.tap("consent:yes")
    assert anna.choice_ids() == ["name:platform"]
    new = await anna.say("Anna Peeters")
    assert tr(welcome("Anna Peeters"), "nl") in anna.text(new)
    assert "menu:help" in anna.choice_ids()


async def test_onboarding_in_arabic_with_an_invite(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        from storage.invites import Invites

        invite = await Invites(conn).create(
            "switcher", 1, bot.clock.now.replace(year=2027), bot.clock.now
        )
    layla = TelegramPerson(botapi, 7002, "ar", "ليلى")
    await layla.say(f"/start {invite.code}")
    await layla.tap("lang:ar")
    assert tr(CONSENT_Q, "ar") in layla.question()["text"]
    new = await layla.tap("consent:yes")
    assert layla.text(new).count(tr(_("switcher"), "ar")) >= 1
    assert layla.choice_ids() == ["name:platform"]
    await layla.tap("name:platform")
    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", "7002")
        assert identity is not None
        person = await People(conn).get(identity.user_id)
    assert person is not None
    assert (person.name, person.locale, person.roles) == ("ليلى", "ar", frozenset({"switcher"}))


async def test_bad_input_on_telegram_gets_an_answer_and_the_flow_continues(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    await telegram_bot()
    bo = TelegramPerson(botapi, 7003, "en", "Bo")
    await bo.say("/start")
    await bo.tap("lang:en")
    consent = bo.question()

    new = await bo.say("yes please")  # text where a button is expected
    assert (
        "Please choose one of the options" in bo.text(new) and bo.choice_ids()[0] == "consent:yes"
    )
    botapi.push_sticker(7003, first_name="Bo", language_code="en")
    new = await bo.settle()
    assert "stickers" in bo.text(new) and bo.choice_ids()[0] == "consent:yes"
    new = await bo.say("x" * 20_000)
    assert "Please choose one of the options" in bo.text(new)
    new = await bo.tap_data(consent["message_id"], "forged-data", forged=True)
    assert "no longer valid" in bo.text(new) and bo.choice_ids()[0] == "consent:yes"
    new = await bo.say("/teleport now")
    assert "/teleport" in bo.text(new)
    await bo.tap("consent:yes")
    await bo.say("Bo")
    assert "menu:help" in bo.choice_ids()


async def test_a_double_tap_is_answered_once(botapi: BotApiServer, telegram_bot: StartBot) -> None:
    await telegram_bot()
    cy = TelegramPerson(botapi, 7004, "en", "Cy")
    await cy.say("/start")
    question = cy.question()
    data = next(d for _l, d in botapi.buttons(question) if d.endswith("lang:en"))
    botapi.push_callback(7004, question["message_id"], data, first_name="Cy", language_code="en")
    botapi.push_callback(7004, question["message_id"], data, first_name="Cy", language_code="en")
    new = await cy.settle()
    assert sum(1 for m in new if m.get("reply_markup")) == 1  # one consent question, not two
    assert len(botapi.calls_of("answerCallbackQuery")) == 2  # both spinners stopped


async def test_media_are_fetched_through_getfile(
    botapi: BotApiServer, telegram_bot: StartBot
) -> None:
    bot = await telegram_bot()
    assert isinstance(bot.transport, TelegramTransport)
    dee = TelegramPerson(botapi, 7005, "en", "Dee")
    await dee.say("/start")
    voice = b"OggS" + bytes(range(256)) * 40
    botapi.push_voice(7005, voice, duration=4, first_name="Dee", language_code="en")
    new = await dee.settle()
    assert "I can't use a file here" in dee.text(new)  # no flow wants media yet
    file_id = next(fid for fid, data in botapi.files.items() if data == voice)
    assert await bot.transport.fetch_media(file_id) == voice
    assert botapi.calls_of("getFile")


async def test_the_token_never_reaches_the_logs(
    botapi: BotApiServer, telegram_bot: StartBot, capfd
) -> None:  # type: ignore[no-untyped-def]
    import logging

    from bot.logs import configure

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure("INFO", [botapi.token])
    try:
        await _onboard_eve(botapi, telegram_bot)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    err = capfd.readouterr().err
    assert "Telegram transport polling" in err  # logging is on
    assert botapi.token not in err and botapi.token.split(":")[1] not in err
    assert "Secretname" not in err


async def _onboard_eve(botapi: BotApiServer, telegram_bot: StartBot) -> None:
    await telegram_bot()
    eve = TelegramPerson(botapi, 7006, "en", "Eve")
    await eve.say("/start")
    await eve.tap("lang:en")
    await eve.tap("consent:yes")
    await eve.say("Eve Secretname")
